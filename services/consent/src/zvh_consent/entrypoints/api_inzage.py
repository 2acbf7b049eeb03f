"""``/v1/inzage``: reports from the decision log — the FG's per person, the eigenaar's
"wie las onze informatie". The policy decides who may (``inzagerapport``, ``inzageoverzicht``).

A BSN or name is accepted only in a POST body, turned into the person's pseudonym in memory and
never stored, logged or echoed (validation errors carry no input values).
No ``from __future__ import annotations``: FastAPI must resolve the local ``Annotated`` aliases.
"""

import datetime as dt
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from zvh_contracts.base import PARTNER_CODE_PATTERN
from zvh_platform.auth import User, bearer_user
from zvh_platform.openapi import request_body
from zvh_platform.settings import ServiceSettings

from zvh_consent.application import inzage
from zvh_consent.application.ports import ConsentHandlers
from zvh_consent.domain.beslissingenlog import Schakel
from zvh_consent.domain.fouten import Fout
from zvh_consent.domain.inzage import MAX_NAAM, Persoonsvraag, Uitkomst
from zvh_consent.entrypoints.antwoorden import afgehandeld, read_body, redenen
from zvh_consent.entrypoints.api import handlers_from_state, requester_of

ONGELDIGE_VRAAG = "ongeldige inzagevraag"
#: The report is a read POSTed because its body is a BSN. It runs no unit of work, so the
#: idempotency middleware never stores a key, fingerprint or answer for it (a stored fingerprint
#: of a body with a 9-digit BSN could be reversed by trying them all); a test guards this.
PERSOON_PAD = "/v1/inzage/persoon"
GEWEIGERD_RAPPORT = (
    "geweigerd: alleen de functionaris gegevensbescherming stelt een inzagerapport op"
)
GEWEIGERD_OVERZICHT = "geweigerd: u mag niet zien wie deze informatie las"


class PersoonInvoer(BaseModel):
    """Whom the report is about: a BSN, or voornaam + achternaam + geboortedatum, or the
    pseudonym (``betrokkene``, as a previous report returned it)."""

    model_config = ConfigDict(extra="forbid")

    bsn: str | None = Field(default=None, max_length=20, description="9 digits, elfproef")
    voornaam: str | None = Field(default=None, max_length=MAX_NAAM)
    achternaam: str | None = Field(default=None, max_length=MAX_NAAM)
    geboortedatum: dt.date | None = None
    betrokkene: str | None = Field(
        default=None, max_length=64, description="The pseudonym (32 hex characters)"
    )

    def __repr__(self) -> str:  # never a BSN or a name in a log line or a traceback
        return "PersoonInvoer(…)"


class InzageRegel(BaseModel):
    """One logged decision: who did what with which item, when, on which basis (no content)."""

    seq: int
    decision_id: uuid.UUID
    tijd: dt.datetime
    user: str
    org: str
    action: str
    resource_type: str
    casus: str | None
    item: str | None
    eigenaar: str | None
    categorie: str | None
    doel: str
    allow: bool
    reasons: list[str]
    grondslag: str | None
    uiterlijk: dt.datetime | None


class InzagerapportUit(BaseModel):
    """The FG's report: every decision about one person (newest first, at most 1000)."""

    betrokkene: str
    regels: list[InzageRegel]


class InzageoverzichtUit(BaseModel):
    """Reads of the eigenaar's content by other organisations (newest first)."""

    eigenaar: str
    uitkomst: Uitkomst
    regels: list[InzageRegel]


def inzage_regel(s: Schakel) -> InzageRegel:
    b = s.beslissing
    return InzageRegel(
        seq=s.seq,
        decision_id=b.decision_id,
        tijd=b.tijd,
        user=b.user,
        org=b.org,
        action=b.action,
        resource_type=b.resource_type,
        casus=b.casus,
        item=b.item,
        eigenaar=b.eigenaar,
        categorie=b.categorie,
        doel=b.doel,
        allow=b.allow,
        reasons=list(b.reasons),
        grondslag=b.grondslag,
        uiterlijk=b.uiterlijk,
    )


def make_inzage_router(
    settings: ServiceSettings,
    *,
    get_handlers: Callable[[Request], Awaitable[ConsentHandlers]] = handlers_from_state,
) -> APIRouter:
    """``/v1/inzage`` routes; every route needs a valid bearer token."""
    router = APIRouter(prefix="/v1/inzage", tags=["inzage"])
    CurrentUser = Annotated[User, Depends(bearer_user(settings))]
    Handlers = Annotated[ConsentHandlers, Depends(get_handlers)]

    @router.post(
        "/persoon",  # PERSOON_PAD
        response_model=InzagerapportUit,
        responses={
            403: {"description": GEWEIGERD_RAPPORT},
            422: {"description": ONGELDIGE_VRAAG},
            503: {"description": "het inzagerapport is niet beschikbaar"},
        },
        openapi_extra=request_body(PersoonInvoer),
    )
    async def persoon(request: Request, caller: CurrentUser, h: Handlers) -> Any:
        """The FG's inzage report about one person (by BSN, name + birth date, or pseudonym)."""
        body = await read_body(request, PersoonInvoer, detail=ONGELDIGE_VRAAG)
        if isinstance(body, Response):
            return body
        if not h.pseudonym_key:
            return JSONResponse(
                status_code=503, content={"detail": "het inzagerapport is niet beschikbaar"}
            )
        rapport = await afgehandeld(
            inzage.rapport_persoon(
                decide=h.decide,
                decision_log=h.decision_log,
                requester=requester_of(caller),
                persoon=Persoonsvraag(**body.model_dump()),
                key=h.pseudonym_key,
            ),
            weigering=GEWEIGERD_RAPPORT,
            ongeldig_als=ONGELDIGE_VRAAG,
        )
        if isinstance(rapport, Response):
            return rapport
        return InzagerapportUit(
            betrokkene=rapport.betrokkene, regels=[inzage_regel(s) for s in rapport.regels]
        )

    @router.get(
        "/eigenaar",
        response_model=InzageoverzichtUit,
        responses={
            403: {"description": GEWEIGERD_OVERZICHT},
            422: {"description": ONGELDIGE_VRAAG},
        },
    )
    async def eigenaar(
        caller: CurrentUser,
        h: Handlers,
        uitkomst: Annotated[str, Query(max_length=20)] = Uitkomst.TOEGESTAAN.value,
        eigenaar: Annotated[str | None, Query(max_length=63)] = None,
        limit: Annotated[int, Query(ge=1, le=inzage.MAX_REGELS)] = 100,
    ) -> Any:
        """Who read our information: reads of the caller's organisation's items (or, for the
        FG, ``eigenaar``'s) by other organisations; ``uitkomst`` toegestaan (default),
        geweigerd or alle."""
        fouten: list[Fout] = []
        if uitkomst not in set(Uitkomst):
            fouten.append(Fout("uitkomst", "kies toegestaan, geweigerd of alle"))
        if eigenaar is not None and not (
            len(eigenaar) >= 2 and re.fullmatch(PARTNER_CODE_PATTERN, eigenaar)
        ):
            fouten.append(Fout("eigenaar", "is geen geldige organisatiecode"))
        if fouten:
            return redenen(fouten, detail=ONGELDIGE_VRAAG)
        gekozen = Uitkomst(uitkomst)
        requester = requester_of(caller)
        rows = await afgehandeld(
            inzage.wie_las(
                decide=h.decide,
                decision_log=h.decision_log,
                requester=requester,
                eigenaar=eigenaar,
                uitkomst=gekozen,
                limit=limit,
            ),
            weigering=GEWEIGERD_OVERZICHT,
        )
        if isinstance(rows, Response):
            return rows
        return InzageoverzichtUit(
            eigenaar=eigenaar or requester.org,
            uitkomst=gekozen,
            regels=[inzage_regel(s) for s in rows],
        )

    return router

"""``/v1/toestemmingen``: the client's toestemmingen (record, withdraw, find, read).

Who may is the policy's answer (resource type ``toestemming``: the procesregisseur and
casusregisseurs record and read, the FG reads). A betrokkene is a pseudonym (32 hex characters),
never a BSN or name. Bodies are validated here, with Dutch reasons per field.
No ``from __future__ import annotations``: FastAPI must resolve the local ``Annotated`` aliases.
"""

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from zvh_contracts.vocab import Categorie, ToestemmingStatus, ToestemmingWijze
from zvh_platform.auth import User, bearer_user
from zvh_platform.openapi import request_body
from zvh_platform.settings import ServiceSettings

from zvh_consent.application import toestemmingen
from zvh_consent.application.ports import RegisterContext
from zvh_consent.domain.toestemming import (
    Leeftijdsgroep,
    Toestemmer,
    Toestemming,
    Toestemmingswijziging,
)
from zvh_consent.entrypoints.antwoorden import afgehandeld, read_body, registers_from_state
from zvh_consent.entrypoints.api import requester_of

ONGELDIGE_TOESTEMMING = "ongeldige toestemming"
GEWEIGERD = "geweigerd: u mag de toestemmingen niet zo gebruiken"


class ToestemmingInvoer(BaseModel):
    """A toestemming as the professional records it (gegeven or geweigerd)."""

    model_config = ConfigDict(extra="forbid")

    betrokkene: str = Field(
        min_length=1,
        max_length=64,
        description="The betrokkene's pseudonym (32 hex characters): never a BSN or a name",
    )
    casus: uuid.UUID | None = Field(default=None, description="Limited to this casus")
    doel: str = Field(min_length=1, max_length=50, description="Purpose, e.g. casusoverleg")
    ontvanger: str | None = Field(
        default=None,
        min_length=1,
        max_length=63,
        description="An organisation code or a role; absent: every recipient",
    )
    categorie: Categorie | None = Field(default=None, description="Absent: every category")
    van: dt.date | None = Field(default=None, description="Absent: today")
    tot: dt.date | None = Field(default=None, description="Last day; absent: open-ended")
    status: ToestemmingStatus = Field(description="gegeven or geweigerd")
    wijze: ToestemmingWijze
    document_referentie: str | None = Field(default=None, min_length=1, max_length=100)
    leeftijdsgroep: Leeftijdsgroep
    toestemming_door: Toestemmer = Field(description="Who consented: client, gezagdrager, beide")


class WijzigingUit(BaseModel):
    status: ToestemmingStatus
    tijd: dt.datetime
    door: str
    door_org: str


class ToestemmingUit(BaseModel):
    """A toestemming with its current state (and, when read alone, its history)."""

    id: uuid.UUID
    betrokkene: str
    casus: str | None
    doel: str
    ontvanger: str | None
    categorie: str | None
    van: dt.date
    tot: dt.date | None
    status: ToestemmingStatus
    wijze: ToestemmingWijze
    document_referentie: str | None
    leeftijdsgroep: Leeftijdsgroep
    toestemming_door: Toestemmer
    vastgelegd_door: str
    vastgelegd_door_org: str
    vastgelegd_op: dt.datetime
    gewijzigd_op: dt.datetime
    gewijzigd_door: str
    historie: list[WijzigingUit] | None = None


def toestemming_uit(
    t: Toestemming, historie: list[Toestemmingswijziging] | None = None
) -> ToestemmingUit:
    return ToestemmingUit(
        id=t.id,
        betrokkene=t.betrokkene,
        casus=t.casus,
        doel=t.doel,
        ontvanger=t.ontvanger,
        categorie=t.categorie,
        van=t.van,
        tot=t.tot,
        status=t.status,
        wijze=t.wijze,
        document_referentie=t.document_referentie,
        leeftijdsgroep=t.leeftijdsgroep,
        toestemming_door=t.toestemming_door,
        vastgelegd_door=t.vastgelegd_door,
        vastgelegd_door_org=t.vastgelegd_door_org,
        vastgelegd_op=t.vastgelegd_op,
        gewijzigd_op=t.gewijzigd_op,
        gewijzigd_door=t.gewijzigd_door,
        historie=None
        if historie is None
        else [
            WijzigingUit(status=w.status, tijd=w.tijd, door=w.door, door_org=w.door_org)
            for w in historie
        ],
    )


def make_toestemmingen_router(
    settings: ServiceSettings,
    *,
    get_registers: Callable[[Request], Awaitable[RegisterContext]] = registers_from_state,
) -> APIRouter:
    """``/v1/toestemmingen`` routes; every route needs a valid bearer token."""
    router = APIRouter(prefix="/v1/toestemmingen", tags=["toestemmingen"])
    CurrentUser = Annotated[User, Depends(bearer_user(settings))]
    Registers = Annotated[RegisterContext, Depends(get_registers)]
    fouten: dict[int | str, dict[str, Any]] = {
        403: {"description": GEWEIGERD},
        404: {"description": "onbekende toestemming"},
        422: {"description": ONGELDIGE_TOESTEMMING},
    }

    @router.post(
        "",
        status_code=201,
        response_model=ToestemmingUit,
        responses=fouten,
        openapi_extra=request_body(ToestemmingInvoer),
    )
    async def vastleggen(request: Request, caller: CurrentUser, ctx: Registers) -> Any:
        """Record the client's toestemming (gegeven or geweigerd); published at once."""
        body = await read_body(request, ToestemmingInvoer, detail=ONGELDIGE_TOESTEMMING)
        if isinstance(body, Response):
            return body
        t = await afgehandeld(
            toestemmingen.vastleggen(
                ctx,
                requester=requester_of(caller),
                betrokkene=body.betrokkene,
                casus=body.casus,
                doel=body.doel,
                ontvanger=body.ontvanger,
                categorie=body.categorie.value if body.categorie else None,
                van=body.van,
                tot=body.tot,
                status=body.status,
                wijze=body.wijze,
                document_referentie=body.document_referentie,
                leeftijdsgroep=body.leeftijdsgroep,
                toestemming_door=body.toestemming_door,
            ),
            weigering=GEWEIGERD,
            ongeldig_als=ONGELDIGE_TOESTEMMING,
        )
        if isinstance(t, Response):
            return t
        return JSONResponse(status_code=201, content=toestemming_uit(t).model_dump(mode="json"))

    @router.get("", response_model=list[ToestemmingUit], responses=fouten)
    async def zoek(
        caller: CurrentUser,
        ctx: Registers,
        betrokkene: Annotated[str | None, Query(max_length=64)] = None,
        casus: uuid.UUID | None = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> Any:
        """The toestemmingen of a betrokkene (pseudonym) and/or a casus, newest first."""
        rows = await afgehandeld(
            toestemmingen.zoek(
                ctx, requester=requester_of(caller), betrokkene=betrokkene, casus=casus, limit=limit
            ),
            weigering=GEWEIGERD,
            ongeldig_als="ongeldige zoekvraag",
        )
        if isinstance(rows, Response):
            return rows
        return [toestemming_uit(t) for t in rows]

    @router.get("/{toestemming_id}", response_model=ToestemmingUit, responses=fouten)
    async def lees(toestemming_id: uuid.UUID, caller: CurrentUser, ctx: Registers) -> Any:
        """One toestemming with its history (who changed it, when)."""
        gelezen = await afgehandeld(
            toestemmingen.lees(ctx, requester=requester_of(caller), toestemming_id=toestemming_id),
            weigering=GEWEIGERD,
        )
        if isinstance(gelezen, Response):
            return gelezen
        return toestemming_uit(*gelezen)

    @router.post("/{toestemming_id}/intrekken", response_model=ToestemmingUit, responses=fouten)
    async def intrekken(toestemming_id: uuid.UUID, caller: CurrentUser, ctx: Registers) -> Any:
        """Withdraw a toestemming: a new state with who and when; the next decision uses it."""
        t = await afgehandeld(
            toestemmingen.intrekken(
                ctx, requester=requester_of(caller), toestemming_id=toestemming_id
            ),
            weigering=GEWEIGERD,
            ongeldig_als=ONGELDIGE_TOESTEMMING,
        )
        if isinstance(t, Response):
            return t
        return toestemming_uit(t)

    return router

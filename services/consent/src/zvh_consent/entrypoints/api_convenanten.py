"""``/v1/convenanten``: the convenant register (list, read, validity, record, audit).

Reads and changes are decided by the policy (resource type ``convenant``): every signed-in user
reads, a ``beheerder`` of the ZVH records. Bodies are validated here, with Dutch reasons per field.
No ``from __future__ import annotations``: FastAPI must resolve the local ``Annotated`` aliases.
"""

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator
from zvh_contracts.base import PartnerCode
from zvh_contracts.vocab import Categorie
from zvh_platform.auth import User, bearer_user
from zvh_platform.openapi import request_body
from zvh_platform.settings import ServiceSettings

from zvh_consent.application import convenanten
from zvh_consent.application.ports import RegisterContext
from zvh_consent.domain.convenant import MAX_BASIS, Convenant, Convenantwijziging
from zvh_consent.domain.tijd import vandaag
from zvh_consent.entrypoints.antwoorden import afgehandeld, read_body, registers_from_state
from zvh_consent.entrypoints.api import requester_of

ONGELDIG_CONVENANT = "ongeldig convenant"
GEWEIGERD = "geweigerd: u mag het convenantregister niet zo gebruiken"

OrgPad = Annotated[str, Path(min_length=2, max_length=63, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]


class CategorieBasis(BaseModel):
    """One category the organisation may receive, with the basis (grondslag) for it."""

    model_config = ConfigDict(extra="forbid")

    categorie: Categorie
    basis: str = Field(
        min_length=1,
        max_length=MAX_BASIS,
        description="The grondslag, e.g. 'wettelijke taak (Wet politiegegevens art. 19)'",
    )


class ConvenantInvoer(BaseModel):
    """A convenant as a beheerder records it (``PUT /v1/convenanten/{org}``)."""

    model_config = ConfigDict(extra="forbid")

    van: dt.date
    tot: dt.date | None = Field(default=None, description="Last valid day; absent: open-ended")
    herzien_op: dt.date = Field(description="When the convenant is due for review")
    categorieen: list[CategorieBasis] = Field(min_length=1, max_length=len(Categorie))

    @field_validator("categorieen")
    @classmethod
    def _eenmaal(cls, value: list[CategorieBasis]) -> list[CategorieBasis]:
        gezien = [c.categorie for c in value]
        if len(set(gezien)) != len(gezien):
            raise ValueError("noem elke categorie hoogstens één keer")
        return value


class NieuwConvenant(ConvenantInvoer):
    """A new convenant (``POST /v1/convenanten``): the organisation is in the body."""

    org: PartnerCode


class ConvenantUit(BaseModel):
    """A convenant as the register shows it, with its validity today."""

    org: str
    van: dt.date
    tot: dt.date | None
    herzien_op: dt.date
    geldig: bool
    herziening_verlopen: bool
    categorieen: list[CategorieBasis]


class GeldigheidUit(BaseModel):
    """May the organisation be invited today? ``reden`` says why in Dutch."""

    org: str
    geldig: bool
    reden: str
    categorieen: list[Categorie]


class WijzigingUit(BaseModel):
    """One audited change: who, when, what (field → [old, new])."""

    seq: int | None
    org: str
    tijd: dt.datetime
    door: str
    door_org: str
    actie: str
    wijzigingen: dict[str, Any]


def convenant_uit(convenant: Convenant, *, dag: dt.date) -> ConvenantUit:
    return ConvenantUit(
        org=convenant.org,
        van=convenant.van,
        tot=convenant.tot,
        herzien_op=convenant.herzien_op,
        geldig=convenant.geldig_op(dag),
        herziening_verlopen=convenant.herzien_op < dag,
        categorieen=[
            CategorieBasis(categorie=Categorie(c), basis=b)
            for c, b in sorted(convenant.categorieen.items())
        ],
    )


def wijziging_uit(w: Convenantwijziging) -> WijzigingUit:
    return WijzigingUit(
        seq=w.seq,
        org=w.org,
        tijd=w.tijd,
        door=w.door,
        door_org=w.door_org,
        actie=w.actie,
        wijzigingen=dict(w.wijzigingen),
    )


def make_convenanten_router(
    settings: ServiceSettings,
    *,
    get_registers: Callable[[Request], Awaitable[RegisterContext]] = registers_from_state,
) -> APIRouter:
    """``/v1/convenanten`` routes; every route needs a valid bearer token."""
    router = APIRouter(prefix="/v1/convenanten", tags=["convenanten"])
    CurrentUser = Annotated[User, Depends(bearer_user(settings))]
    Registers = Annotated[RegisterContext, Depends(get_registers)]
    fouten: dict[int | str, dict[str, Any]] = {
        403: {"description": GEWEIGERD},
        422: {"description": ONGELDIG_CONVENANT},
    }

    @router.get("", response_model=list[ConvenantUit], responses=fouten)
    async def lijst(caller: CurrentUser, ctx: Registers) -> Any:
        """Every convenant, with its validity today."""
        alle = await afgehandeld(
            convenanten.lijst(ctx, requester=requester_of(caller)), weigering=GEWEIGERD
        )
        if isinstance(alle, Response):
            return alle
        dag = vandaag(ctx.clock.now())
        return [convenant_uit(c, dag=dag) for c in alle]

    @router.post(
        "",
        status_code=201,
        response_model=ConvenantUit,
        responses={**fouten, 409: {"description": "heeft al een convenant"}},
        openapi_extra=request_body(NieuwConvenant),
    )
    async def nieuw(request: Request, caller: CurrentUser, ctx: Registers) -> Any:
        """Record a new convenant (409 when the organisation has one: change it with PUT)."""
        body = await read_body(request, NieuwConvenant, detail=ONGELDIG_CONVENANT)
        if isinstance(body, Response):
            return body
        return await _vastleggen(ctx, caller, body.org, body, alleen_nieuw=True)

    @router.get("/{org}", response_model=ConvenantUit, responses=fouten)
    async def lees(org: OrgPad, caller: CurrentUser, ctx: Registers) -> Any:
        """One organisation's convenant (404 when it has none)."""
        convenant = await afgehandeld(
            convenanten.lees(ctx, requester=requester_of(caller), org=org), weigering=GEWEIGERD
        )
        if isinstance(convenant, Response):
            return convenant
        return convenant_uit(convenant, dag=vandaag(ctx.clock.now()))

    @router.put(
        "/{org}",
        response_model=ConvenantUit,
        responses={**fouten, 201: {"model": ConvenantUit}},
        openapi_extra=request_body(ConvenantInvoer),
    )
    async def vastleggen(org: OrgPad, request: Request, caller: CurrentUser, ctx: Registers) -> Any:
        """Record or replace the organisation's convenant (201 when new); every change audited."""
        body = await read_body(request, ConvenantInvoer, detail=ONGELDIG_CONVENANT)
        if isinstance(body, Response):
            return body
        return await _vastleggen(ctx, caller, org, body, alleen_nieuw=False)

    @router.get("/{org}/geldig", response_model=GeldigheidUit, responses=fouten)
    async def geldig(org: OrgPad, caller: CurrentUser, ctx: Registers) -> Any:
        """May the organisation be invited today? (Asked by intake and overleg before inviting.)"""
        g = await afgehandeld(
            convenanten.geldigheid(ctx, requester=requester_of(caller), org=org),
            weigering=GEWEIGERD,
        )
        if isinstance(g, Response):
            return g
        cats = sorted(g.convenant.categorieen) if g.convenant and g.geldig else []
        return GeldigheidUit(
            org=org, geldig=g.geldig, reden=g.reden, categorieen=[Categorie(c) for c in cats]
        )

    @router.get("/{org}/historie", response_model=list[WijzigingUit], responses=fouten)
    async def historie(org: OrgPad, caller: CurrentUser, ctx: Registers) -> Any:
        """The audit of the organisation's convenant: who changed what, when (oldest first)."""
        rows = await afgehandeld(
            convenanten.historie(ctx, requester=requester_of(caller), org=org),
            weigering=GEWEIGERD,
        )
        if isinstance(rows, Response):
            return rows
        return [wijziging_uit(w) for w in rows]

    return router


async def _vastleggen(
    ctx: RegisterContext, caller: User, org: str, body: ConvenantInvoer, *, alleen_nieuw: bool
) -> Response:
    vastgelegd = await afgehandeld(
        convenanten.vastleggen(
            ctx,
            requester=requester_of(caller),
            org=org,
            van=body.van,
            tot=body.tot,
            herzien_op=body.herzien_op,
            categorieen={c.categorie.value: c.basis for c in body.categorieen},
            alleen_nieuw=alleen_nieuw,
        ),
        weigering=GEWEIGERD,
        ongeldig_als=ONGELDIG_CONVENANT,
    )
    if isinstance(vastgelegd, Response):
        return vastgelegd
    convenant, nieuw = vastgelegd
    uit = convenant_uit(convenant, dag=vandaag(ctx.clock.now()))
    return JSONResponse(status_code=201 if nieuw else 200, content=uit.model_dump(mode="json"))

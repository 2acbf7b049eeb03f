"""``/v1/doorbrekingen``: break the glass (any professional, the policy decides), the FG's list
and the FG's review (``POST /{id}/beoordeling``, once per doorbreking).

No ``from __future__ import annotations``: FastAPI must resolve the local ``Annotated`` aliases.
"""

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from zvh_contracts.vocab import DoorbrekingType
from zvh_platform.auth import User, bearer_user
from zvh_platform.openapi import request_body
from zvh_platform.settings import ServiceSettings

from zvh_consent.application import doorbrekingen
from zvh_consent.application.ports import RegisterContext
from zvh_consent.domain.beoordeling import AL_BEOORDEELD, MAX_TOELICHTING, Oordeel
from zvh_consent.domain.doorbreking import (
    GRONDSLAG,
    MAX_REDEN,
    MAX_UREN,
    MIN_REDEN,
    Doorbreking,
)
from zvh_consent.entrypoints.antwoorden import afgehandeld, read_body, registers_from_state
from zvh_consent.entrypoints.api import requester_of

ONGELDIGE_DOORBREKING = "ongeldige doorbreking"
GEWEIGERD = "geweigerd: u mag dit niet doorbreken of inzien"
ONGELDIGE_BEOORDELING = "ongeldige beoordeling"
GEWEIGERD_BEOORDELING = "geweigerd: alleen de functionaris gegevensbescherming beoordeelt"


class DoorbrekingInvoer(BaseModel):
    """Break the glass: on which ground, why, on what, for whose items, how long."""

    model_config = ConfigDict(extra="forbid")

    type: DoorbrekingType
    reden: str = Field(
        min_length=MIN_REDEN,
        max_length=MAX_REDEN,
        description="Why the information is needed now (typed, shown to the FG)",
    )
    casus: uuid.UUID | None = None
    item: str | None = Field(default=None, min_length=1, max_length=64)
    eigenaar: str = Field(min_length=2, max_length=63, description="Whose items are opened")
    duur_uren: int | None = Field(
        default=None, ge=1, le=MAX_UREN, description="Default 4 hours, at most 24"
    )


class BeoordelingInvoer(BaseModel):
    """The FG's judgement of a doorbreking, with an optional explanation."""

    model_config = ConfigDict(extra="forbid")

    oordeel: Oordeel
    toelichting: str = Field(default="", max_length=MAX_TOELICHTING)


class BeoordelingUit(BaseModel):
    oordeel: Oordeel
    toelichting: str
    door: str
    op: dt.datetime


class DoorbrekingUit(BaseModel):
    id: uuid.UUID
    type: DoorbrekingType
    grondslag: str
    reden: str
    casus: str | None
    item: str | None
    eigenaar: str
    user: str
    org: str
    van: dt.datetime
    tot: dt.datetime
    beoordeling: BeoordelingUit | None = Field(
        default=None, description="The FG's review; null while not reviewed"
    )


def doorbreking_uit(d: Doorbreking) -> DoorbrekingUit:
    return DoorbrekingUit(
        id=d.id,
        type=d.type,
        grondslag=GRONDSLAG[d.type],
        reden=d.reden,
        casus=d.casus,
        item=d.item,
        eigenaar=d.eigenaar,
        user=d.user,
        org=d.org,
        van=d.van,
        tot=d.tot,
        beoordeling=None
        if d.beoordeling is None
        else BeoordelingUit(
            oordeel=d.beoordeling.oordeel,
            toelichting=d.beoordeling.toelichting,
            door=d.beoordeling.door,
            op=d.beoordeling.op,
        ),
    )


def make_doorbrekingen_router(
    settings: ServiceSettings,
    *,
    get_registers: Callable[[Request], Awaitable[RegisterContext]] = registers_from_state,
) -> APIRouter:
    """``/v1/doorbrekingen`` routes; every route needs a valid bearer token."""
    router = APIRouter(prefix="/v1/doorbrekingen", tags=["doorbrekingen"])
    CurrentUser = Annotated[User, Depends(bearer_user(settings))]
    Registers = Annotated[RegisterContext, Depends(get_registers)]
    fouten: dict[int | str, dict[str, Any]] = {
        403: {"description": GEWEIGERD},
        422: {"description": ONGELDIGE_DOORBREKING},
    }

    @router.post(
        "",
        status_code=201,
        response_model=DoorbrekingUit,
        responses=fouten,
        openapi_extra=request_body(DoorbrekingInvoer),
    )
    async def melden(request: Request, caller: CurrentUser, ctx: Registers) -> Any:
        """Break the glass as the token's user: stored, the eigenaar told at once."""
        body = await read_body(request, DoorbrekingInvoer, detail=ONGELDIGE_DOORBREKING)
        if isinstance(body, Response):
            return body
        d = await afgehandeld(
            doorbrekingen.melden(
                ctx,
                requester=requester_of(caller),
                type=body.type,
                reden=body.reden,
                casus=body.casus,
                item=body.item,
                eigenaar=body.eigenaar,
                duur_uren=body.duur_uren,
            ),
            weigering=GEWEIGERD,
            ongeldig_als=ONGELDIGE_DOORBREKING,
        )
        if isinstance(d, Response):
            return d
        return JSONResponse(status_code=201, content=doorbreking_uit(d).model_dump(mode="json"))

    @router.get("", response_model=list[DoorbrekingUit], responses=fouten)
    async def lijst(
        caller: CurrentUser,
        ctx: Registers,
        casus: uuid.UUID | None = None,
        user: Annotated[str | None, Query(max_length=100)] = None,
        actief: bool = False,
        onbeoordeeld: bool = False,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> Any:
        """The FG's list of doorbrekingen with their reasons and reviews, newest first."""
        rows = await afgehandeld(
            doorbrekingen.lijst(
                ctx,
                requester=requester_of(caller),
                casus=casus,
                user=user,
                alleen_actief=actief,
                onbeoordeeld=onbeoordeeld,
                limit=limit,
            ),
            weigering=GEWEIGERD,
        )
        if isinstance(rows, Response):
            return rows
        return [doorbreking_uit(d) for d in rows]

    @router.post(
        "/{doorbreking_id}/beoordeling",
        status_code=201,
        response_model=DoorbrekingUit,
        responses={
            **fouten,
            403: {"description": GEWEIGERD_BEOORDELING},
            404: {"description": "doorbreking niet gevonden"},
            409: {"description": AL_BEOORDEELD},
            422: {"description": ONGELDIGE_BEOORDELING},
        },
        openapi_extra=request_body(BeoordelingInvoer),
    )
    async def beoordelen(
        doorbreking_id: uuid.UUID, request: Request, caller: CurrentUser, ctx: Registers
    ) -> Any:
        """The FG's review of a doorbreking (terecht, onterecht, onduidelijk); final."""
        body = await read_body(request, BeoordelingInvoer, detail=ONGELDIGE_BEOORDELING)
        if isinstance(body, Response):
            return body
        d = await afgehandeld(
            doorbrekingen.beoordelen(
                ctx,
                requester=requester_of(caller),
                doorbreking_id=doorbreking_id,
                oordeel=body.oordeel,
                toelichting=body.toelichting,
            ),
            weigering=GEWEIGERD_BEOORDELING,
            ongeldig_als=ONGELDIGE_BEOORDELING,
        )
        if isinstance(d, Response):
            return d
        return JSONResponse(status_code=201, content=doorbreking_uit(d).model_dump(mode="json"))

    return router

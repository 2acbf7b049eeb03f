"""The overleg API (JSON): plan an overleg, read it, finalise its verslag, add bouwschema entries.

The same application handlers as the staff UI, for scripts, the demo and the end-to-end tests.
Bearer token auth (`api.bearer_actor`); the handlers ask the PDP (with the caller's token) who may.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from fastapi import APIRouter, HTTPException, status
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, BaseModel, Field
from zvh_contracts.vocab import OverlegSoort
from zvh_platform.idempotency import IDEMPOTENCY_KEY

from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.overleg_queries import overleg_weergave
from zvh_overleg.application.overlegmodus import VoegItemToe, voeg_toe_aan_bouwschema
from zvh_overleg.application.planning import PlanOverleg, plan_overleg
from zvh_overleg.application.verslag import stel_verslag_vast
from zvh_overleg.domain.errors import (
    CasusNietGevonden,
    OverlegError,
    OverlegNietGevonden,
    VerslagNietMogelijk,
)
from zvh_overleg.entrypoints.api import Caller, Svc, forbidden, ongeldig
from zvh_overleg.entrypoints.tracing import mark

router = APIRouter(prefix="/v1", tags=["overleggen"])


class OverlegIn(BaseModel):
    soort: OverlegSoort = OverlegSoort.CASUSOVERLEG
    start: AwareDatetime
    eind: AwareDatetime
    locatie: str = Field(min_length=1, max_length=300)
    voorzitter: str = Field(min_length=1, max_length=100)
    agenda: list[uuid.UUID] = Field(min_length=1, max_length=50)


class OverlegCreated(BaseModel):
    overleg_id: uuid.UUID


class GenodigdeOut(BaseModel):
    partner: str
    casus_ids: list[uuid.UUID]
    antwoord: str = Field(description="komt | komt-niet | geen")
    aanwezig: bool | None


class OverlegOut(BaseModel):
    overleg_id: uuid.UUID
    soort: str
    start: datetime
    eind: datetime
    locatie: str
    voorzitter: str
    status: str
    sequence: int
    agenda: list[uuid.UUID]
    genodigden: list[GenodigdeOut]
    verslag_uiterlijk: date
    verslag_te_laat: bool


class VerslagOut(BaseModel):
    overleg_id: uuid.UUID
    vastgesteld_op: datetime


class ItemIn(BaseModel):
    overleg_id: uuid.UUID
    onderdeel: str
    eigenaar: str
    categorie: str
    tekst: str = Field(min_length=1, max_length=10_000)


class ItemCreated(BaseModel):
    item_id: uuid.UUID


@router.post(
    "/overleggen", status_code=201, response_model=OverlegCreated, dependencies=[IDEMPOTENCY_KEY]
)
async def plan(body: OverlegIn, caller: Caller, svc: Svc) -> OverlegCreated | JSONResponse:
    try:
        overleg_id = await plan_overleg(
            PlanOverleg(
                soort=body.soort,
                start=body.start,
                eind=body.eind,
                locatie=body.locatie,
                voorzitter=body.voorzitter,
                agenda=body.agenda,
            ),
            actor=caller,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
            voorzitters=svc.voorzitter_ids(),
        )
    except ToegangGeweigerd as exc:
        return forbidden(exc)
    except OverlegError as exc:
        raise ongeldig(exc) from exc
    mark(overleg_id=overleg_id)
    return OverlegCreated(overleg_id=overleg_id)


@router.get("/overleggen/{overleg_id}", response_model=OverlegOut)
async def lees(overleg_id: uuid.UUID, caller: Caller, svc: Svc) -> OverlegOut | JSONResponse:
    """One overleg as the caller may see it (partner users: only their own casussen)."""
    mark(overleg_id=overleg_id)
    try:
        w = await overleg_weergave(
            overleg_id, actor=caller, uow=svc.uow, pdp=svc.pdp, clock=svc.clock
        )
    except OverlegNietGevonden as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Overleg niet gevonden") from exc
    except ToegangGeweigerd as exc:
        return forbidden(exc)
    o = w.overleg
    return OverlegOut(
        overleg_id=o.overleg_id,
        soort=o.soort.value,
        start=o.start,
        eind=o.eind,
        locatie=o.locatie,
        voorzitter=o.voorzitter,
        status=o.status.value,
        sequence=o.sequence,
        agenda=w.agenda,
        genodigden=[
            GenodigdeOut(
                partner=g.partner, casus_ids=g.casus_ids, antwoord=g.status, aanwezig=g.aanwezig
            )
            for g in w.genodigden
        ],
        verslag_uiterlijk=w.uiterlijk,
        verslag_te_laat=w.te_laat,
    )


@router.post(
    "/overleggen/{overleg_id}/verslag", response_model=VerslagOut, dependencies=[IDEMPOTENCY_KEY]
)
async def verslag_vaststellen(
    overleg_id: uuid.UUID, caller: Caller, svc: Svc
) -> VerslagOut | JSONResponse:
    mark(overleg_id=overleg_id)
    try:
        verslag = await stel_verslag_vast(
            overleg_id,
            actor=caller,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
            voorzitters=svc.voorzitter_ids(),
        )
    except OverlegNietGevonden as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "Overleg niet gevonden") from exc
    except ToegangGeweigerd as exc:
        return forbidden(exc)
    except VerslagNietMogelijk as exc:
        raise HTTPException(status.HTTP_409_CONFLICT, str(exc)) from exc
    return VerslagOut(overleg_id=overleg_id, vastgesteld_op=verslag.vastgesteld_op)


@router.post(
    "/casussen/{casus_id}/bouwschema",
    status_code=201,
    response_model=ItemCreated,
    dependencies=[IDEMPOTENCY_KEY],
)
async def bouwschema_item(
    casus_id: uuid.UUID,
    body: ItemIn,
    caller: Caller,
    svc: Svc,
) -> ItemCreated | JSONResponse:
    """What a deelnemer said at the table, as its informatie-item (PDP `write` first)."""
    mark(casus_id=casus_id)
    try:
        item_id = await voeg_toe_aan_bouwschema(
            VoegItemToe(
                overleg_id=body.overleg_id,
                casus_id=casus_id,
                onderdeel=body.onderdeel,
                eigenaar=body.eigenaar,
                categorie=body.categorie,
                tekst=body.tekst,
            ),
            actor=caller,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
        )
    except (CasusNietGevonden, OverlegNietGevonden) as exc:
        raise HTTPException(status.HTTP_404_NOT_FOUND, str(exc)) from exc
    except ToegangGeweigerd as exc:
        return forbidden(exc)
    except OverlegError as exc:
        raise ongeldig(exc) from exc
    assert item_id is not None  # no verzoek id: never a repeat
    return ItemCreated(item_id=item_id)

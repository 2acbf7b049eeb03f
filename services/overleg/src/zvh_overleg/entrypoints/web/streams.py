"""Live pages over server-sent events: the casus' actielijst and the projectie in the room.

A stream asks the PDP when it opens and reuses that decision in memory for its re-renders
(``OnthoudendePdp``, at most 5 minutes), so an open page adds no decision-log entries while
idle. It re-renders when the ``WijzigingHub`` wakes it after a commit, and also compares a cheap
version every ``HERCONTROLE_S`` seconds, so changes from another replica still arrive.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import PlainTextResponse, Response
from sse_starlette import EventSourceResponse

from zvh_overleg.application.beslissingen import OnthoudendePdp
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.overlegmodus import (
    OverlegNietGevonden,
    casus_versie,
    projectie_beeld,
    projectie_onderwerpen,
)
from zvh_overleg.application.queries import casus_met_actielijst
from zvh_overleg.domain.errors import CasusNietGevonden
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.web.modusweergave import projectie_context
from zvh_overleg.entrypoints.web.session import SessieDep
from zvh_overleg.entrypoints.web.templating import render_fragment

router = APIRouter()
Svc = Annotated[Services, Depends(services)]

#: Fallback: compare the version this often even without a wake-up (seconds).
HERCONTROLE_S = 1.0
#: Keep-alive comment interval (seconds), for proxies.
PING_S = 15


@router.get("/casussen/{casus_id}/stream")
async def casus_stream(casus_id: uuid.UUID, sessie: SessieDep, svc: Svc) -> Response:
    """The actielijst fragment as event ``actielijst``, again after every change."""
    pdp = OnthoudendePdp(svc.pdp, clock=svc.clock)
    actor = sessie.actor
    try:
        casus = await casus_met_actielijst(casus_id, actor=actor, uow=svc.uow, pdp=pdp)
    except CasusNietGevonden:
        return PlainTextResponse("Deze casus bestaat niet.", status_code=404)
    except ToegangGeweigerd:
        return PlainTextResponse("U mag de actielijst van deze casus niet inzien.", 403)
    region = svc.settings.region()

    async def events() -> AsyncIterator[dict[str, str]]:
        nonlocal casus
        with svc.hub.abonneer({casus_id}) as abonnement:
            laatste: int | None = None
            while True:
                versie = await casus_versie(casus_id, uow=svc.uow)
                if versie != laatste:
                    if laatste is not None:
                        try:
                            casus = await casus_met_actielijst(
                                casus_id, actor=actor, uow=svc.uow, pdp=pdp
                            )
                        except (ToegangGeweigerd, CasusNietGevonden):
                            yield {"event": "geweigerd", "data": "geen toegang meer"}
                            return
                    laatste = versie
                    yield {
                        "event": "actielijst",
                        "data": render_fragment("_actielijst.html", casus=casus, region=region),
                    }
                await abonnement.wacht(HERCONTROLE_S)

    return EventSourceResponse(events(), ping=PING_S)


@router.get("/overleggen/{overleg_id}/projectie/stream")
async def projectie_stream(overleg_id: uuid.UUID, sessie: SessieDep, svc: Svc) -> Response:
    """The projectie fragment as event ``projectie``: follows the notulist's open casus."""
    pdp = OnthoudendePdp(svc.pdp, clock=svc.clock)
    actor = sessie.actor
    try:
        beeld = await projectie_beeld(overleg_id, actor=actor, uow=svc.uow, pdp=pdp)
    except OverlegNietGevonden:
        return PlainTextResponse("Dit overleg bestaat niet.", status_code=404)
    region = svc.settings.region()

    async def events() -> AsyncIterator[dict[str, str]]:
        nonlocal beeld
        with svc.hub.abonneer({overleg_id}) as abonnement:
            laatste: tuple[frozenset[uuid.UUID], int] | None = None
            while True:
                subjects, versie = await projectie_onderwerpen(overleg_id, uow=svc.uow)
                abonnement.volg(subjects)
                stand = (frozenset(subjects), versie)
                if stand != laatste:
                    if laatste is not None:
                        beeld = await projectie_beeld(overleg_id, actor=actor, uow=svc.uow, pdp=pdp)
                    laatste = stand
                    yield {
                        "event": "projectie",
                        "data": render_fragment(
                            "_projectie.html", **projectie_context(beeld, region=region)
                        ),
                    }
                await abonnement.wacht(HERCONTROLE_S)

    return EventSourceResponse(events(), ping=PING_S)

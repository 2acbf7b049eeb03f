"""Live pages over server-sent events: the casus' actielijst and the projectie in the room.

A stream asks the PDP when it opens and reuses that decision in memory for its re-renders
(``OnthoudendePdp``, at most 5 minutes), so an open page adds no decision-log entries while
idle. It re-renders when the ``WijzigingHub`` wakes it after a commit, and also compares a cheap
version every ``HERCONTROLE_S`` seconds, so changes from another replica still arrive.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import PlainTextResponse, Response
from sse_starlette import EventSourceResponse

from zvh_overleg.application.beslissingen import OnthoudendePdp
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.labels import labels_van
from zvh_overleg.application.overlegmodus import (
    OverlegNietGevonden,
    casus_versie,
    projectie_beeld,
    projectie_onderwerpen,
)
from zvh_overleg.application.ports import Actor
from zvh_overleg.application.queries import casus_met_actielijst
from zvh_overleg.application.veiligheidssignalen import signalen_voor
from zvh_overleg.domain.errors import CasusNietGevonden
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.web.modusweergave import projectie_context
from zvh_overleg.entrypoints.web.session import Sessie, SessieDep, vers_actor
from zvh_overleg.entrypoints.web.templating import render_fragment

router = APIRouter()
Svc = Annotated[Services, Depends(services)]

#: Fallback: compare the version this often even without a wake-up (seconds).
HERCONTROLE_S = 1.0
#: How often an idle stream checks that its sign-in session still runs (seconds).
SESSIE_CONTROLE_S = 30.0
#: Keep-alive comment interval (seconds), for proxies.
PING_S = 15


class SessieBewaking:
    """A stream's actor, renewed from its session before each re-render and twice a minute.

    ``actor`` is None once the session has ended (logout, idle timeout, absolute limit).
    """

    def __init__(self, svc: Services, sessie: Sessie, eerste: Actor) -> None:
        self._svc, self._sessie, self._actor = svc, sessie, eerste
        self._controle = time.monotonic() + SESSIE_CONTROLE_S

    async def actor(self, *, wijziging: bool) -> Actor | None:
        if wijziging or time.monotonic() >= self._controle:
            vers = await vers_actor(self._svc, self._sessie)
            if vers is None:
                return None
            self._actor = vers
            self._controle = time.monotonic() + SESSIE_CONTROLE_S
        return self._actor


@router.get("/casussen/{casus_id}/stream")
async def casus_stream(
    casus_id: uuid.UUID, sessie: SessieDep, svc: Svc, versie: int | None = None
) -> Response:
    """The actielijst fragment as event ``actielijst``, again after every change.

    ``versie`` is the version the page was rendered at: unchanged, nothing is sent at first (a
    screen reader does not hear the same list twice); otherwise the current state comes first.
    """
    pdp = OnthoudendePdp(svc.pdp, clock=svc.clock)
    eerste_actor = sessie.actor
    try:  # the one PDP question of this stream; re-renders reuse its answer
        await casus_met_actielijst(casus_id, actor=eerste_actor, uow=svc.uow, pdp=pdp)
    except CasusNietGevonden:
        return PlainTextResponse("Deze casus bestaat niet.", status_code=404)
    except ToegangGeweigerd:
        return PlainTextResponse("U mag de actielijst van deze casus niet inzien.", 403)
    region = svc.settings.region()

    async def events() -> AsyncIterator[dict[str, str]]:
        with svc.hub.abonneer({casus_id}) as abonnement:
            laatste = versie
            bewaking = SessieBewaking(svc, sessie, eerste_actor)
            while True:
                nu = await casus_versie(casus_id, uow=svc.uow)  # before reading: never stale
                actor = await bewaking.actor(wijziging=nu != laatste)
                if actor is None:
                    yield {"event": "geweigerd", "data": "sessie beëindigd"}
                    return
                if nu != laatste:
                    try:
                        casus = await casus_met_actielijst(
                            casus_id, actor=actor, uow=svc.uow, pdp=pdp
                        )
                    except (ToegangGeweigerd, CasusNietGevonden):
                        yield {"event": "geweigerd", "data": "geen toegang meer"}
                        return
                    laatste = nu
                    signalen = await signalen_voor(
                        casus, actor=actor, uow=svc.uow, pdp=pdp, clock=svc.clock
                    )
                    yield {
                        "event": "actielijst",
                        "data": render_fragment(
                            "_actielijst.html", casus=casus, region=region, signalen=signalen
                        ),
                    }
                await abonnement.wacht(HERCONTROLE_S)

    return EventSourceResponse(events(), ping=PING_S)


@router.get("/overleggen/{overleg_id}/projectie/stream")
async def projectie_stream(
    overleg_id: uuid.UUID, sessie: SessieDep, svc: Svc, stand: str | None = None
) -> Response:
    """The projectie fragment as event ``projectie``: follows the notulist's open casus.

    ``stand`` is what the page was rendered at (``projectie_onderwerpen``); unchanged, nothing
    is sent at first."""
    pdp = OnthoudendePdp(svc.pdp, clock=svc.clock)
    eerste_actor = sessie.actor
    try:
        await projectie_beeld(overleg_id, actor=eerste_actor, uow=svc.uow, pdp=pdp)
    except OverlegNietGevonden:
        return PlainTextResponse("Dit overleg bestaat niet.", status_code=404)
    region = svc.settings.region()
    labels: dict[str, str] = {}  # asked once per casus per stream: no intake decision per update

    async def events() -> AsyncIterator[dict[str, str]]:
        with svc.hub.abonneer({overleg_id}) as abonnement:
            laatste = stand
            bewaking = SessieBewaking(svc, sessie, eerste_actor)
            while True:
                subjects, nu = await projectie_onderwerpen(overleg_id, uow=svc.uow)
                abonnement.volg(subjects)
                actor = await bewaking.actor(wijziging=nu != laatste)
                if actor is None:
                    yield {"event": "geweigerd", "data": "sessie beëindigd"}
                    return
                if nu != laatste:
                    beeld = await projectie_beeld(overleg_id, actor=actor, uow=svc.uow, pdp=pdp)
                    laatste = nu
                    if beeld.casus is not None and str(beeld.casus.casus_id) not in labels:
                        labels.update(
                            await labels_van(
                                [beeld.casus], intake=svc.intake, token=actor.token or sessie.token
                            )
                        )
                    yield {
                        "event": "projectie",
                        "data": render_fragment(
                            "_projectie.html",
                            labels=labels,
                            **projectie_context(beeld, region=region),
                        ),
                    }
                await abonnement.wacht(HERCONTROLE_S)

    return EventSourceResponse(events(), ping=PING_S)

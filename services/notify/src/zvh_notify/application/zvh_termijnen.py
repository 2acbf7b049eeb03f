"""The ZVH's own termijnen: reminded to the ZVH itself (its e-mail address and the postvak).

Each starts with an internal event and ends with one; the lengths are the region's:

- triage (by urgentie): from intake's melding ontvangen (its ``triage_uiterlijk``) until the
  melding getrieerd;
- eerste contact and hulp gestart: from casus geopend until the termijn is geregistreerd;
- eerste hulp (coördinatie-plus, intensief): from hulp gestart geregistreerd until eerste hulp
  beëindigd;
- herbeoordeling cliënt geïnformeerd: its date, from casus geopend or cliënt-geïnformeerd
  gewijzigd, until the cliënt is informed;
- verslag: from the overleg's start (gepland, gewijzigd) until the verslag is vastgesteld or the
  overleg geannuleerd;
- nacontrole: from casus afgesloten until casus heropend (nothing records it yet).

A herinnering whose moment passed before the start is left out: the ZVH just did the thing
that started it. Closing a casus ends all its timers (``termijnen.bij_event``) before the
nacontrole is planned.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from zvh_contracts.base import Event
from zvh_contracts.intake import melding_v1 as intake
from zvh_contracts.overleg import casus_v1 as overleg
from zvh_contracts.overleg import overleg_v1 as planning
from zvh_contracts.triage import ZVH
from zvh_platform.kalender import Kalender
from zvh_platform.termijnen import Termijnen, deadline, triage_code

from zvh_notify.application.bericht import Omgeving
from zvh_notify.application.ports import TimerRepository
from zvh_notify.domain.termijnbewaking import (
    Onderwerp,
    casus_termijn,
    melding_termijn,
    overleg_termijn,
    plan,
)

EERSTE_CONTACT = "eerste-contact"
HULP_GESTART = "hulp-gestart"
EERSTE_HULP = "eerste-hulp"
HERBEOORDELING = "herbeoordeling-client-geinformeerd"
VERSLAG = "verslag"
NACONTROLE = "nacontrole"

BEWAAKT = (
    intake.MeldingOntvangen,
    intake.MeldingGetrieerd,
    overleg.CasusGeopend,
    overleg.TermijnGeregistreerd,
    overleg.ClientGeinformeerdGewijzigd,
    overleg.CasusAfgesloten,
    overleg.CasusHeropend,
    planning.OverlegGepland,
    planning.OverlegGewijzigd,
    planning.VerslagVastgesteld,
)
TYPES = frozenset(t.event_type for t in BEWAAKT)


class _Planner:
    def __init__(
        self, timers: TimerRepository, omgeving: Omgeving, kalender: Kalender, termijnen: Termijnen
    ) -> None:
        self.timers = timers
        self.nu = omgeving.nu
        self.kalender = kalender
        self.termijnen = termijnen

    async def plan(self, onderwerp: Onderwerp, uiterlijk: date) -> list[uuid.UUID]:
        timers = plan(
            onderwerp,
            ontvanger=ZVH,
            uiterlijk=uiterlijk,
            nu=self.nu,
            kalender=self.kalender,
            late_herinnering=False,
        )
        await self.timers.plan(timers)
        return [t.id for t in timers]

    async def vanaf(self, code: str, onderwerp: Onderwerp, start: datetime | date) -> None:
        if code in self.termijnen:
            await self.plan(onderwerp, deadline(self.termijnen[code], start, self.kalender))


async def bij_event(
    event: Event,
    *,
    timers: TimerRepository,
    omgeving: Omgeving,
    kalender: Kalender,
    termijnen: Termijnen,
) -> None:
    """Plan or end the ZVH's own timers this event concerns."""
    p = _Planner(timers, omgeving, kalender, termijnen)
    if isinstance(event, intake.MeldingOntvangen):
        code = triage_code(event.urgentie.value)
        await p.plan(melding_termijn(code, event.melding_id), event.triage_uiterlijk)
    elif isinstance(event, intake.MeldingGetrieerd):
        await timers.laat_vervallen(melding_id=event.melding_id)
    elif isinstance(event, overleg.CasusGeopend):
        for code in (EERSTE_CONTACT, HULP_GESTART):
            await p.vanaf(code, casus_termijn(code, event.casus_id), event.geopend_op)
        if event.herbeoordeling_op and not event.client_geinformeerd:
            await p.plan(casus_termijn(HERBEOORDELING, event.casus_id), event.herbeoordeling_op)
    elif isinstance(event, overleg.TermijnGeregistreerd):
        await _geregistreerd(event, p)
    elif isinstance(event, overleg.ClientGeinformeerdGewijzigd):
        onderwerp = casus_termijn(HERBEOORDELING, event.casus_id)
        nieuw: list[uuid.UUID] = []
        if event.herbeoordeling_op and not event.client_geinformeerd:
            nieuw = await p.plan(onderwerp, event.herbeoordeling_op)
        await timers.laat_vervallen(casus_id=event.casus_id, termijn=HERBEOORDELING, behalve=nieuw)
    elif isinstance(event, overleg.CasusAfgesloten):
        await p.vanaf(NACONTROLE, casus_termijn(NACONTROLE, event.casus_id), event.afgesloten_op)
    elif isinstance(event, overleg.CasusHeropend):
        await timers.laat_vervallen(casus_id=event.casus_id, termijn=NACONTROLE)
    elif isinstance(event, planning.OverlegGepland | planning.OverlegGewijzigd):
        nieuw = []
        if VERSLAG in termijnen:
            uiterlijk = deadline(termijnen[VERSLAG], event.start, kalender)
            nieuw = await p.plan(overleg_termijn(VERSLAG, event.overleg_id), uiterlijk)
        await timers.laat_vervallen(overleg_id=event.overleg_id, termijn=VERSLAG, behalve=nieuw)
    elif isinstance(event, planning.VerslagVastgesteld):
        await timers.laat_vervallen(overleg_id=event.overleg_id, termijn=VERSLAG)


async def _geregistreerd(event: overleg.TermijnGeregistreerd, p: _Planner) -> None:
    """The recorded event meets its termijnen; hulp gestart starts eerste hulp (if the model has
    it)."""
    for termijn in p.termijnen.values():
        if termijn.behaald_door == event.gebeurtenis:
            await p.timers.laat_vervallen(casus_id=event.casus_id, termijn=termijn.code)
    if (
        event.gebeurtenis == "hulp-gestart-geregistreerd"
        and EERSTE_HULP in p.termijnen
        and event.casemanagementmodel is not None
        and p.termijnen[EERSTE_HULP].geldt_voor(event.casemanagementmodel)
    ):
        onderwerp = casus_termijn(EERSTE_HULP, event.casus_id)
        nieuw = await p.plan(onderwerp, deadline(p.termijnen[EERSTE_HULP], event.op, p.kalender))
        await p.timers.laat_vervallen(casus_id=event.casus_id, termijn=EERSTE_HULP, behalve=nieuw)

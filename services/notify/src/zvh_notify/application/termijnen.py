"""Termijnbewaking: plan timers from the casus and overleg events, and fire the ones that are due.

Planning happens in the consumer's transaction (``handlers.handle_event``), so a replay plans
nothing twice. Firing (``vuur_af``, called by ``TermijnWorker``) claims each due timer and
creates its bezorgingen in one transaction: the partner event
``zvh.partner.termijn.herinnering.v1`` on the partner's from-zvh topic and an e-mail. The
timer's id is the bezorgingen' source, so their ids (and the event's ``ce_id``) are stable too.
The UI inbox reads the fired timers (``signalen``).
"""

from __future__ import annotations

from datetime import timedelta

from zvh_contracts.base import Event
from zvh_contracts.overleg import casus_v1 as overleg
from zvh_contracts.overleg import overleg_v1 as planning
from zvh_contracts.partner.termijn_v1 import TermijnHerinnering
from zvh_contracts.triage import ZVH
from zvh_contracts.vocab import Termijnsignaal, Terugkoppelstatus
from zvh_platform.kalender import NEDERLAND, Kalender
from zvh_platform.termijnen import Termijnen, deadline, nl_dag

from zvh_notify.application import vpt_nazorg, zvh_termijnen
from zvh_notify.application.bericht import Bericht, Omgeving, tekstmail
from zvh_notify.application.bezorgen import bezorg
from zvh_notify.application.ports import TimerRepository, UnitOfWorkFactory
from zvh_notify.domain import berichten
from zvh_notify.domain.termijnbewaking import (
    UITNODIGING,
    Timer,
    plan,
    plan_actie,
    uitnodiging,
)
from zvh_notify.domain.vpt_nazorg import is_vpt

#: The events that plan or end a termijn.
BEWAAKT = (
    overleg.ActieToegewezen,
    overleg.ActieGewijzigd,
    overleg.ActieTeruggekoppeld,
    overleg.CasusAfgesloten,
    planning.OverlegGepland,
    planning.OverlegBeantwoord,
    planning.OverlegGeannuleerd,
)
TYPES = frozenset(t.event_type for t in BEWAAKT) | zvh_termijnen.TYPES
#: A terugkoppeling with one of these ends the actie's termijn; ``loopt`` does not.
AFGEHANDELD = frozenset(
    {
        Terugkoppelstatus.AFGEROND,
        Terugkoppelstatus.NIET_MOGELIJK,
        Terugkoppelstatus.NIET_UITGEVOERD,
    }
)
#: How many due timers one round fires (the rest follow in the next round).
RONDE = 50


async def bij_event(
    event: Event,
    *,
    timers: TimerRepository,
    omgeving: Omgeving,
    kalender: Kalender = NEDERLAND,
    termijnen: Termijnen | None = None,
) -> None:
    """Plan, move or end the timers this event concerns (``termijnen``: the region's lengths):
    the partners' here, then the ZVH's own (``zvh_termijnen``)."""
    termijnen = termijnen or Termijnen()
    await _partners(event, timers=timers, omgeving=omgeving, kalender=kalender, termijnen=termijnen)
    await zvh_termijnen.bij_event(
        event, timers=timers, omgeving=omgeving, kalender=kalender, termijnen=termijnen
    )


async def _partners(
    event: Event,
    *,
    timers: TimerRepository,
    omgeving: Omgeving,
    kalender: Kalender,
    termijnen: Termijnen,
) -> None:
    if isinstance(event, planning.OverlegGepland | planning.OverlegBeantwoord):
        await _bij_uitnodiging(event, timers, omgeving, kalender, termijnen)
        return
    if isinstance(event, planning.OverlegGeannuleerd):
        await timers.laat_vervallen(overleg_id=event.overleg_id)
        return
    if isinstance(event, overleg.ActieToegewezen | overleg.ActieGewijzigd):
        if isinstance(event, overleg.ActieGewijzigd) and event.ingetrokken:
            await timers.laat_vervallen(actie_id=event.actie_id)
            return
        plan = plan_actie(
            actie_id=event.actie_id,
            casus_id=event.casus_id,
            wie=event.wie,
            wanneer=event.wanneer,
            nu=omgeving.nu,
            kalender=kalender,
        )
        await timers.laat_vervallen(actie_id=event.actie_id, behalve=[x.id for x in plan])
        await timers.plan(plan)
    elif isinstance(event, overleg.ActieTeruggekoppeld):
        if event.status in AFGEHANDELD:
            await timers.laat_vervallen(actie_id=event.actie_id)
    elif isinstance(event, overleg.CasusAfgesloten):
        await timers.laat_vervallen(casus_id=event.casus_id)


async def _bij_uitnodiging(
    event: planning.OverlegGepland | planning.OverlegBeantwoord,
    timers: TimerRepository,
    omgeving: Omgeving,
    kalender: Kalender,
    termijnen: Termijnen,
) -> None:
    """Every genodigde answers within the termijn: at the latest the day before the overleg,
    but never before the day of the invitation. An answer ends that partner's termijn."""
    if isinstance(event, planning.OverlegBeantwoord):
        await timers.laat_vervallen(overleg_id=event.overleg_id, ontvanger=event.partner)
        return
    vandaag = nl_dag(omgeving.nu)
    uiterlijk = deadline(termijnen[UITNODIGING], omgeving.nu, kalender)
    uiterlijk = max(vandaag, min(uiterlijk, nl_dag(event.start) - timedelta(days=1)))
    for genodigde in event.genodigden:
        await timers.plan(
            plan(
                uitnodiging(event.overleg_id),
                ontvanger=genodigde.partner,
                uiterlijk=uiterlijk,
                nu=omgeving.nu,
                kalender=kalender,
                late_herinnering=False,
            )
        )


def signaal(timer: Timer, omgeving: Omgeving) -> Bericht:
    """The message one fired timer is for its recipient."""
    event = TermijnHerinnering(
        soort=timer.soort,
        termijn=timer.termijn,
        casus_id=timer.casus_id,
        actie_id=timer.actie_id,
        overleg_id=timer.overleg_id,
        uiterlijk=timer.uiterlijk,
        gesignaleerd_op=omgeving.nu,
    )
    if is_vpt(timer.termijn):
        return vpt_nazorg.signaal(timer, omgeving)
    verlopen = timer.soort is Termijnsignaal.VERLOPEN
    if timer.ontvanger == ZVH:
        return _aan_zvh(timer, event, verlopen, omgeving)
    if timer.overleg_id is not None:
        overleg_id = timer.overleg_id
        mail = tekstmail(
            lambda organisatie: berichten.uitnodiging_termijn_mail(
                organisatie=organisatie,
                verlopen=verlopen,
                overleg_id=overleg_id,
                uiterlijk=timer.uiterlijk,
                link=f"{omgeving.ui_url}/overleggen/{overleg_id}",
            )
        )
        return Bericht(ontvanger=timer.ontvanger, event=event, mail=mail)
    mail = tekstmail(
        lambda organisatie: berichten.termijn_mail(
            organisatie=organisatie,
            verlopen=verlopen,
            casus_id=timer.casus_id,
            actie_id=timer.actie_id,
            uiterlijk=timer.uiterlijk,
            link=f"{omgeving.ui_url}/casussen/{timer.casus_id}",
        )
    )
    return Bericht(ontvanger=timer.ontvanger, event=event, mail=mail)


def _aan_zvh(timer: Timer, event: Event, verlopen: bool, omgeving: Omgeving) -> Bericht:
    """The ZVH's own termijn: an e-mail to the ZVH (and its postvak), no event on a topic."""
    if timer.melding_id is not None:
        waarover, pad = f"melding {str(timer.melding_id)[:8]}", f"/triage/{timer.melding_id}"
    elif timer.overleg_id is not None:
        waarover, pad = f"overleg {str(timer.overleg_id)[:8]}", f"/overleggen/{timer.overleg_id}"
    else:
        waarover, pad = f"casus {str(timer.casus_id)[:8]}", f"/casussen/{timer.casus_id}"
    standaard = Termijnen()
    naam = standaard[timer.termijn].naam if timer.termijn in standaard else timer.termijn
    mail = tekstmail(
        lambda organisatie: berichten.zvh_termijn_mail(
            organisatie=organisatie,
            verlopen=verlopen,
            termijn=naam,
            waarover=waarover,
            uiterlijk=timer.uiterlijk,
            link=f"{omgeving.ui_url}{pad}",
        )
    )
    return Bericht(ontvanger=timer.ontvanger, event=event, mail=mail, alleen_email=True)


async def vuur_af(*, uow_factory: UnitOfWorkFactory, omgeving: Omgeving, limit: int = RONDE) -> int:
    """Fire the due timers (at most ``limit``) in one transaction; returns how many fired."""
    gevuurd = 0
    async with uow_factory() as uow:
        for timer in await uow.timers.te_vuren(nu=omgeving.nu, limit=limit):
            if not await uow.timers.markeer_verstuurd(timer.id, op=omgeving.nu):
                continue  # another replica fired or a casus event ended it meanwhile
            bericht = signaal(timer, omgeving)
            await bezorg(
                uow=uow, bron=timer.id, event=bericht.event, bericht=bericht, omgeving=omgeving
            )
            gevuurd += 1
        await uow.commit()
    return gevuurd

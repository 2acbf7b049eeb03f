"""Use cases: plan, change and cancel overleggen (one-off and series), answer invitations,
record attendance.

Who may is the PDP's answer (resource type ``overleg``, see ``access``), asked with the user's
token before anything is loaded. Each runs in one unit of work: the overleg, its genodigden and
the outgoing event commit together. Event ids derive from the overleg and its sequence, so a
replay publishes nothing new.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from zvh_contracts import topics
from zvh_contracts.base import Event
from zvh_contracts.envelope import derived_id
from zvh_contracts.overleg import overleg_v1 as ev
from zvh_contracts.partner.overleg_v1 import OverlegBeantwoord as PartnerAntwoord
from zvh_contracts.vocab import OverlegAntwoord, OverlegSoort

from zvh_overleg.application.access import vereis
from zvh_overleg.application.ontvangst import Ontvangst, bevestig
from zvh_overleg.application.ports import (
    Actor,
    Clock,
    PolicyDecisionPoint,
    UnitOfWork,
    UnitOfWorkFactory,
)
from zvh_overleg.application.timeutil import NL, vandaag
from zvh_overleg.domain import overleg as regels
from zvh_overleg.domain.errors import AntwoordGeweigerd, OverlegNietGevonden
from zvh_overleg.domain.model import Casus
from zvh_overleg.domain.overleg import Overleg, Uitgenodigd
from zvh_overleg.domain.reeks import Reeks, controleer_reeks, eerste_dag, reeks_tijden
from zvh_overleg.domain.tijd import nl_datum
from zvh_overleg.domain.verslag import Aanwezigheid

log = logging.getLogger(__name__)

SOURCE = "zvh-overleg"


def is_open(casus: Casus) -> bool:
    """A casus that is not closed."""
    return not casus.afgesloten


async def casussen_van(tx: UnitOfWork, ids: Sequence[uuid.UUID]) -> list[Casus]:
    out = []
    for casus_id in dict.fromkeys(ids):
        casus = await tx.casussen.get(casus_id)
        if casus is not None:
            out.append(casus)
    return out


async def _genodigden(tx: UnitOfWork, agenda: Sequence[uuid.UUID]) -> list[Uitgenodigd]:
    casussen = await casussen_van(tx, agenda)
    return regels.genodigden_van(agenda, {c.casus_id: c.deelnemers for c in casussen})


def _planning_event(
    overleg: Overleg, genodigden: list[Uitgenodigd], *, afgemeld: list[str] | None = None
) -> Event:
    velden = {
        "overleg_id": overleg.overleg_id,
        "soort": overleg.soort,
        "start": overleg.start.astimezone(NL),
        "eind": overleg.eind.astimezone(NL),
        "locatie": overleg.locatie,
        "voorzitter": overleg.voorzitter,
        "agenda": list(overleg.agenda),
        "genodigden": [ev.Genodigde(partner=g.partner, casus_ids=g.casus_ids) for g in genodigden],
        "sequence": overleg.sequence,
    }
    if afgemeld is None:
        return ev.OverlegGepland(**velden)
    return ev.OverlegGewijzigd(**velden, afgemeld=afgemeld)


async def _kondig_aan(tx: UnitOfWork, overleg: Overleg) -> list[Uitgenodigd]:
    genodigden = await _genodigden(tx, overleg.agenda)
    await tx.planning.zet_genodigden(overleg.overleg_id, genodigden)
    await tx.publish(
        _planning_event(overleg, genodigden),
        topic=topics.OVERLEG_OVERLEG,
        event_id=derived_id(SOURCE, "overleg.gepland", overleg.overleg_id),
    )
    return genodigden


@dataclass(frozen=True)
class PlanOverleg:
    """Command: plan one overleg. ``start``/``eind`` are aware (entered in NL time)."""

    soort: OverlegSoort
    start: datetime
    eind: datetime
    locatie: str
    voorzitter: str
    agenda: list[uuid.UUID]


async def plan_overleg(
    cmd: PlanOverleg,
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
    voorzitters: Collection[str],
) -> uuid.UUID:
    """Plan an overleg and invite every deelnemer of its casussen (``OverlegGepland``)."""
    await vereis(actor, "plan", pdp=pdp)
    async with uow() as tx:
        casussen = await casussen_van(tx, cmd.agenda)
        overleg = regels.plan_overleg(
            overleg_id=uuid.uuid4(),
            soort=cmd.soort,
            start=cmd.start,
            eind=cmd.eind,
            locatie=cmd.locatie,
            voorzitter=cmd.voorzitter,
            voorzitters=voorzitters,
            agenda=cmd.agenda,
            open_casussen={c.casus_id for c in casussen if is_open(c)},
            nu=clock.now(),
            door=actor.user_id,
        )
        await tx.overleggen.add(overleg)
        await _kondig_aan(tx, overleg)
        await tx.commit()
    log.info("overleg gepland", extra={"overleg_id": str(overleg.overleg_id)})
    return overleg.overleg_id


@dataclass(frozen=True)
class PlanReeks:
    """Command: a recurring series; ``vanaf`` is the first day to look for the weekday."""

    soort: OverlegSoort
    weekdag: int
    begintijd: time
    duur_minuten: int
    interval_weken: int
    aantal_vooruit: int
    locatie: str
    voorzitter: str
    vanaf: date


def reeks_overleg_id(reeks_id: uuid.UUID, dag: date) -> uuid.UUID:
    """One meeting per series and day: topping up twice creates nothing new."""
    return derived_id(SOURCE, "reeks", reeks_id, dag.isoformat())


async def _vul_aan(
    tx: UnitOfWork, reeks: Reeks, *, nu: datetime, voorzitters: Collection[str]
) -> list[uuid.UUID]:
    """Create the series' meetings so ``aantal_vooruit`` lie ahead; empty agenda, no event."""
    bestaand = [
        o
        for o in await tx.overleggen.list(vanaf=nu)
        if o.reeks_id == reeks.reeks_id and o.status is not regels.OverlegStatus.GEANNULEERD
    ]
    nodig = reeks.aantal_vooruit - len(bestaand)
    if nodig <= 0:
        return []
    laatste = max((nl_datum(o.start) for o in bestaand), default=None)
    eerste = (
        laatste + timedelta(weeks=reeks.interval_weken)
        if laatste is not None
        else reeks.eerste_datum
    )
    while datetime.combine(eerste, reeks.begintijd, tzinfo=NL) < nu:
        eerste += timedelta(weeks=reeks.interval_weken)
    nieuw = []
    for start, eind in reeks_tijden(
        eerste=eerste,
        begintijd=reeks.begintijd,
        duur_minuten=reeks.duur_minuten,
        interval_weken=reeks.interval_weken,
        aantal=nodig,
        tz=NL,
    ):
        overleg_id = reeks_overleg_id(reeks.reeks_id, start.date())
        if await tx.overleggen.get(overleg_id) is not None:
            continue
        overleg = regels.plan_overleg(
            overleg_id=overleg_id,
            soort=reeks.soort,
            start=start.astimezone(nu.tzinfo),
            eind=eind.astimezone(nu.tzinfo),
            locatie=reeks.locatie,
            voorzitter=reeks.voorzitter,
            voorzitters=voorzitters,
            agenda=[],
            open_casussen=(),
            nu=nu,
            door=reeks.aangemaakt_door,
            reeks_id=reeks.reeks_id,
        )
        await tx.overleggen.add(overleg)
        nieuw.append(overleg_id)
    return nieuw


async def plan_reeks(
    cmd: PlanReeks,
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
    voorzitters: Collection[str],
) -> tuple[uuid.UUID, list[uuid.UUID]]:
    """Plan a series and create its first meetings (announced once casussen are added)."""
    await vereis(actor, "plan", pdp=pdp)
    controleer_reeks(
        weekdag=cmd.weekdag,
        duur_minuten=cmd.duur_minuten,
        interval_weken=cmd.interval_weken,
        aantal_vooruit=cmd.aantal_vooruit,
    )
    nu = clock.now()
    eerste = eerste_dag(max(cmd.vanaf, vandaag(nu)), cmd.weekdag)
    # the first meeting's own check (place, voorzitter, not in the past) names the fields
    start = datetime.combine(eerste, cmd.begintijd, tzinfo=NL)
    if start < nu:
        eerste += timedelta(weeks=1)
        start += timedelta(weeks=1)
    regels.plan_overleg(
        overleg_id=uuid.uuid4(),
        soort=cmd.soort,
        start=start,
        eind=start + timedelta(minutes=cmd.duur_minuten),
        locatie=cmd.locatie,
        voorzitter=cmd.voorzitter,
        voorzitters=voorzitters,
        agenda=[],
        open_casussen=(),
        nu=nu,
        door=actor.user_id,
        reeks_id=uuid.uuid4(),
    )
    reeks = Reeks(
        reeks_id=uuid.uuid4(),
        soort=cmd.soort,
        weekdag=cmd.weekdag,
        begintijd=cmd.begintijd,
        duur_minuten=cmd.duur_minuten,
        interval_weken=cmd.interval_weken,
        aantal_vooruit=cmd.aantal_vooruit,
        locatie=cmd.locatie.strip(),
        voorzitter=cmd.voorzitter,
        eerste_datum=eerste,
        aangemaakt_op=nu,
        aangemaakt_door=actor.user_id,
    )
    async with uow() as tx:
        await tx.planning.add_reeks(reeks)
        ids = await _vul_aan(tx, reeks, nu=nu, voorzitters=voorzitters)
        await tx.commit()
    return reeks.reeks_id, ids


async def vul_reeks_aan(
    tx: UnitOfWork, reeks_id: uuid.UUID, *, nu: datetime, voorzitters: Collection[str]
) -> list[uuid.UUID]:
    """Keep a series' meetings ahead (called when one of its verslagen is finalised)."""
    reeks = await tx.planning.get_reeks(reeks_id)
    if reeks is None:
        return []
    return await _vul_aan(tx, reeks, nu=nu, voorzitters={*voorzitters, reeks.voorzitter})


@dataclass(frozen=True)
class WijzigOverleg:
    """Command: new time, place, voorzitter or agenda for a planned overleg."""

    overleg_id: uuid.UUID
    start: datetime
    eind: datetime
    locatie: str
    voorzitter: str
    agenda: list[uuid.UUID]


async def laad_overleg(tx: UnitOfWork, overleg_id: uuid.UUID) -> Overleg:
    overleg = await tx.overleggen.get(overleg_id)
    if overleg is None:
        raise OverlegNietGevonden(f"overleg {overleg_id} bestaat niet")
    return overleg


async def wijzig_overleg(
    cmd: WijzigOverleg,
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
    voorzitters: Collection[str],
) -> None:
    """Change an overleg; announced ones publish ``OverlegGewijzigd`` (sequence + 1, afgemeld)."""
    await vereis(actor, "plan", pdp=pdp, overleg_id=cmd.overleg_id)
    async with uow() as tx:
        overleg = await laad_overleg(tx, cmd.overleg_id)
        was_aangekondigd = regels.is_aangekondigd(overleg)
        casussen = await casussen_van(tx, cmd.agenda)
        gewijzigd = regels.wijzig_overleg(
            overleg,
            start=cmd.start,
            eind=cmd.eind,
            locatie=cmd.locatie,
            voorzitter=cmd.voorzitter,
            voorzitters=voorzitters,
            agenda=cmd.agenda,
            open_casussen={c.casus_id for c in casussen if is_open(c)},
            nu=clock.now(),
        )
        if not gewijzigd:
            return
        await publiceer_wijziging(tx, overleg, was_aangekondigd=was_aangekondigd)
        await tx.commit()


async def publiceer_wijziging(tx: UnitOfWork, overleg: Overleg, *, was_aangekondigd: bool) -> None:
    """Save a changed overleg; invite (first agenda) or update (sequence, afgemeld) partners."""
    await tx.overleggen.save(overleg)
    if not was_aangekondigd:
        if regels.is_aangekondigd(overleg):
            await _kondig_aan(tx, overleg)
        return
    oud = (await tx.planning.genodigden([overleg.overleg_id])).get(overleg.overleg_id, [])
    nieuw = await _genodigden(tx, overleg.agenda)
    nieuwe_partners = {g.partner for g in nieuw}
    afgemeld = [g.partner for g in oud if g.partner not in nieuwe_partners]
    await tx.planning.zet_genodigden(overleg.overleg_id, nieuw)
    await tx.publish(
        _planning_event(overleg, nieuw, afgemeld=afgemeld),
        topic=topics.OVERLEG_OVERLEG,
        event_id=derived_id(SOURCE, "overleg.gewijzigd", overleg.overleg_id, overleg.sequence),
    )


async def annuleer_overleg(
    overleg_id: uuid.UUID,
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> None:
    """Cancel an overleg: ``OverlegGeannuleerd`` with sequence + 1 for every genodigde."""
    await vereis(actor, "plan", pdp=pdp, overleg_id=overleg_id)
    async with uow() as tx:
        overleg = await laad_overleg(tx, overleg_id)
        regels.annuleer_overleg(overleg)
        await tx.overleggen.save(overleg)
        genodigden = (await tx.planning.genodigden([overleg_id])).get(overleg_id, [])
        await tx.publish(
            ev.OverlegGeannuleerd(
                overleg_id=overleg_id,
                start=overleg.start.astimezone(NL),
                genodigden=[g.partner for g in genodigden],
                sequence=overleg.sequence,
                geannuleerd_op=clock.now(),
            ),
            topic=topics.OVERLEG_OVERLEG,
            event_id=derived_id(SOURCE, "overleg.geannuleerd", overleg_id),
        )
        await tx.commit()


async def _beantwoord(
    tx: UnitOfWork,
    *,
    overleg_id: uuid.UUID,
    partner: str,
    antwoord: OverlegAntwoord,
    reden: str | None,
    nu: datetime,
    door: str,
    event_id: uuid.UUID,
) -> None:
    overleg = await laad_overleg(tx, overleg_id)
    genodigden = (await tx.planning.genodigden([overleg_id])).get(overleg_id, [])
    gegeven = regels.beantwoord(
        overleg,
        partner=partner,
        antwoord=antwoord,
        reden=reden,
        genodigden={g.partner for g in genodigden},
        nu=nu,
        door=door,
    )
    await tx.overleggen.add_antwoord(overleg_id, gegeven)
    await tx.publish(
        ev.OverlegBeantwoord(
            overleg_id=overleg_id, partner=partner, antwoord=antwoord, beantwoord_op=nu
        ),
        topic=topics.OVERLEG_OVERLEG,
        event_id=event_id,
    )


async def beantwoord_uitnodiging(
    overleg_id: uuid.UUID,
    *,
    antwoord: OverlegAntwoord,
    reden: str | None,
    actor: Actor,
    uow: UnitOfWorkFactory,
    clock: Clock,
) -> None:
    """A partner user answers for its own organisation (the org comes from the token)."""
    nu = clock.now()
    async with uow() as tx:
        await _beantwoord(
            tx,
            overleg_id=overleg_id,
            partner=actor.org,
            antwoord=antwoord,
            reden=reden,
            nu=nu,
            door=actor.user_id,
            event_id=derived_id(
                SOURCE, "overleg.beantwoord", overleg_id, actor.org, nu.isoformat()
            ),
        )
        await tx.commit()


async def handle_partner_antwoord(
    *,
    event_id: uuid.UUID,
    topic: str,
    event: PartnerAntwoord,
    uow: UnitOfWorkFactory,
    clock: Clock,
    ontvangst: Ontvangst | None = None,
) -> bool:
    """A partner's adapter answers over Kafka. The partner is the topic's org, never the payload.

    An answer we cannot accept (unknown overleg, not invited, cancelled, no reason) is logged and
    dropped: retrying would not change it. With ``ontvangst`` it raises instead, so the caller
    answers with a rejection, and a receipt is queued with an accepted answer.
    """
    partner = topics.partner_of(topic)
    if partner is None:
        log.warning("antwoord op een topic zonder partner genegeerd")
        return False
    async with uow() as tx:
        if await tx.seen_before(event_id):
            return False
        try:
            await _beantwoord(
                tx,
                overleg_id=event.overleg_id,
                partner=partner,
                antwoord=event.antwoord,
                reden=event.reden,
                nu=clock.now(),
                door="kafka",
                event_id=derived_id(SOURCE, "overleg.beantwoord", event_id),
            )
        except (OverlegNietGevonden, AntwoordGeweigerd) as exc:
            if ontvangst is not None:
                raise
            log.warning(
                "antwoord genegeerd: %s",
                type(exc).__name__,
                extra={"overleg_id": str(event.overleg_id), "partner": partner},
            )
            await tx.commit()  # remember the event id, so a replay is a no-op too
            return False
        if ontvangst is not None:
            await bevestig(tx, ontvangst)
        await tx.commit()
    return True


async def leg_aanwezigheid_vast(
    overleg_id: uuid.UUID,
    *,
    aanwezigheid: Aanwezigheid,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
) -> None:
    """Per genodigde present yes/no; per casus whether the client came (Casus Plus only)."""
    await vereis(actor, "notuleren", pdp=pdp, overleg_id=overleg_id)
    async with uow() as tx:
        overleg = await laad_overleg(tx, overleg_id)
        regels.controleer_aanwezigheid(overleg, nu=clock.now())
        genodigden = {
            g.partner for g in (await tx.planning.genodigden([overleg_id])).get(overleg_id, [])
        }
        schoon = Aanwezigheid(
            partners={p: a for p, a in aanwezigheid.partners.items() if p in genodigden},
            client={
                c: a
                for c, a in aanwezigheid.client.items()
                if c in overleg.agenda and overleg.soort is OverlegSoort.CASUS_PLUS
            },
        )
        await tx.planning.zet_aanwezigheid(overleg_id, schoon)
        await tx.commit()

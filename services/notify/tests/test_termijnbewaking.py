"""Termijnbewaking: when the timers fire, how casus events move them, and that each fires once.

The moments are pure (``domain/termijnbewaking``); planning and firing run on the real SQL unit of
work (SQLite and PostgreSQL), including two schedulers racing for the same due timers.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from notify_fakes import (
    CASUS,
    OVERLEG,
    FakePartners,
    geannuleerd,
    genodigden,
    gepland,
    migrated_sessions,
    verslag,
)
from notify_fakes import (
    gewijzigd as overleg_gewijzigd,
)
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_contracts.intake import melding_v1 as intake_melding
from zvh_contracts.overleg import casus_v1 as overleg
from zvh_contracts.overleg import overleg_v1 as overleg_planning
from zvh_contracts.partner.termijn_v1 import TermijnHerinnering
from zvh_contracts.vocab import Afsluitreden, Termijnsignaal, Terugkoppelstatus
from zvh_notify.adapters.db.uow import uow_factory
from zvh_notify.application.bericht import Omgeving
from zvh_notify.application.handlers import handle_event
from zvh_notify.application.ports import UnitOfWorkFactory
from zvh_notify.application.termijnen import vuur_af
from zvh_notify.domain.model import Kanaal
from zvh_notify.domain.termijnbewaking import (
    Timerstatus,
    herinnering_moment,
    plan_actie,
    verlopen_moment,
)
from zvh_platform.db import outbox_table
from zvh_platform.kalender import NEDERLAND, werkdagkalender
from zvh_platform.termijnen import TIJDZONE

WIE = "politie-zwb"


def nl(dag: date, uur: int = 0) -> datetime:
    return datetime(dag.year, dag.month, dag.day, uur, tzinfo=TIJDZONE)


# --- when -------------------------------------------------------------------------------------


def test_herinnering_on_the_werkdag_before_at_eight():
    # Thursday 3 December 2026 → Wednesday 2 December, 08:00 Dutch time.
    assert herinnering_moment(date(2026, 12, 3), NEDERLAND) == nl(date(2026, 12, 2), 8)


def test_herinnering_skips_christmas_and_the_weekend():
    # Monday 28 December 2026: the Friday (25th) and the weekend are off → Thursday 24th.
    assert herinnering_moment(date(2026, 12, 28), NEDERLAND) == nl(date(2026, 12, 24), 8)


def test_herinnering_over_easter_follows_the_regions_goede_vrijdag():
    # Tuesday 30 March 2027: Easter Monday is off; Goede Vrijdag (26th) is a werkdag unless the
    # region says otherwise.
    assert herinnering_moment(date(2027, 3, 30), NEDERLAND) == nl(date(2027, 3, 26), 8)
    vrij = werkdagkalender(goede_vrijdag_vrij=True)
    assert herinnering_moment(date(2027, 3, 30), vrij) == nl(date(2027, 3, 25), 8)


def test_verlopen_at_midnight_after_the_last_day_also_in_summer_time():
    assert verlopen_moment(date(2026, 7, 10)) == datetime(2026, 7, 10, 22, 0, tzinfo=UTC)
    assert verlopen_moment(date(2026, 12, 10)) == datetime(2026, 12, 10, 23, 0, tzinfo=UTC)


def _plan(wanneer: date, nu: datetime, wie: str = WIE, actie_id: uuid.UUID | None = None):
    return plan_actie(
        actie_id=actie_id or uuid.uuid4(),
        casus_id=CASUS,
        wie=wie,
        wanneer=wanneer,
        nu=nu,
        kalender=NEDERLAND,
    )


def test_plan_in_time_gives_herinnering_and_verlopen():
    herinnering, verlopen = _plan(date(2026, 12, 10), nu=nl(date(2026, 12, 1), 10))
    assert (herinnering.soort, herinnering.vuur_op) == (
        Termijnsignaal.HERINNERING,
        nl(date(2026, 12, 9), 8),
    )
    assert (verlopen.soort, verlopen.vuur_op) == (Termijnsignaal.VERLOPEN, nl(date(2026, 12, 11)))


def test_a_late_herinnering_fires_at_once_and_a_passed_deadline_only_signals():
    nu = nl(date(2026, 12, 9), 15)  # after the 08:00 reminder moment, before the deadline passed
    herinnering, _ = _plan(date(2026, 12, 10), nu=nu)
    assert herinnering.vuur_op == nu
    [verlopen] = _plan(date(2026, 12, 8), nu=nu)
    assert verlopen.soort is Termijnsignaal.VERLOPEN


def test_history_is_not_news():
    """A replay of last year's events plans nothing (else every old actie would be 'verlopen')."""
    assert _plan(date(2025, 3, 14), nu=nl(date(2026, 12, 1))) == []


def test_same_termijn_same_ids_new_deadline_or_partner_new_ids():
    actie_id = uuid.uuid4()
    nu = nl(date(2026, 12, 1))
    een = _plan(date(2026, 12, 10), nu, actie_id=actie_id)
    assert [t.id for t in een] == [t.id for t in _plan(date(2026, 12, 10), nu, actie_id=actie_id)]
    later = _plan(date(2026, 12, 17), nu, actie_id=actie_id)
    ander = _plan(date(2026, 12, 10), nu, wie="ggz-wnb", actie_id=actie_id)
    assert not {t.id for t in een} & ({t.id for t in later} | {t.id for t in ander})


# --- planning and firing on SQL ---------------------------------------------------------------


@pytest.fixture(params=["sqlite", "postgres"])
async def sessions(request, tmp_path: Path) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    async with migrated_sessions(request.param, tmp_path) as sessions:
        yield sessions


class Klok:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


START = nl(date(2026, 12, 1), 10)
WANNEER = date(2026, 12, 10)
PARTNERS = FakePartners(WIE, "ggz-wnb")


def toegewezen(actie_id: uuid.UUID, wanneer: date = WANNEER, wie: str = WIE):
    return overleg.ActieToegewezen(
        casus_id=CASUS,
        actie_id=actie_id,
        wat="Huisbezoek afleggen",
        wie=wie,
        wanneer=wanneer,
        toegewezen_op=START,
    )


def gewijzigd(actie_id: uuid.UUID, *, wanneer: date = WANNEER, ingetrokken: bool = False):
    return overleg.ActieGewijzigd(
        casus_id=CASUS,
        actie_id=actie_id,
        wat="Huisbezoek afleggen",
        wie=WIE,
        wanneer=wanneer,
        ingetrokken=ingetrokken,
        gewijzigd_op=START,
    )


async def handle(uows: UnitOfWorkFactory, event, klok: Klok) -> None:  # type: ignore[no-untyped-def]
    await handle_event(
        event_id=uuid.uuid4(), event=event, uow=uows(), partners=PARTNERS, clock=klok
    )


async def fire(uows: UnitOfWorkFactory, at: datetime) -> int:
    return await vuur_af(
        uow_factory=uows, omgeving=Omgeving(partners=PARTNERS, nu=at, ui_url="http://ui.test")
    )


async def timers(uows: UnitOfWorkFactory, actie_id: uuid.UUID):  # type: ignore[no-untyped-def]
    async with uows() as uow:
        return await uow.timers.van_actie(actie_id)


async def signals(sessions: async_sessionmaker[AsyncSession]) -> list[dict]:
    async with sessions() as s:
        rows = (
            (await s.execute(select(outbox_table).order_by(outbox_table.c.created_at)))
            .mappings()
            .all()
        )
    return [
        json.loads(r["body"])
        for r in rows
        if r["event_type"] == "zvh.partner.termijn.herinnering.v1"
    ]


async def test_actie_gets_one_herinnering_and_one_verlopen_signal(sessions):
    uows = uow_factory(sessions)
    actie_id = uuid.uuid4()
    await handle(uows, toegewezen(actie_id), Klok(START))
    await handle(uows, toegewezen(actie_id), Klok(START))  # the same event again: no new timers
    assert len(await timers(uows, actie_id)) == 2

    assert await fire(uows, nl(date(2026, 12, 9), 7)) == 0  # not yet
    assert await fire(uows, nl(date(2026, 12, 9), 8)) == 1
    assert await fire(uows, nl(date(2026, 12, 9), 9)) == 0  # never twice
    assert await fire(uows, nl(date(2026, 12, 11), 0)) == 1
    assert await fire(uows, nl(date(2026, 12, 12), 0)) == 0

    sent = await signals(sessions)
    assert [s["soort"] for s in sent] == ["herinnering", "verlopen"]
    assert {s["actie_id"] for s in sent} == {str(actie_id)}
    assert {s["uiterlijk"] for s in sent} == {"2026-12-10"}
    async with uows() as uow:
        mails = await uow.bezorgingen.find(bron_event_id=None, ontvanger=WIE, limit=50)
    onderwerpen = sorted(
        b.email.onderwerp
        for b in mails
        if b.kanaal is Kanaal.EMAIL and b.email and b.event_type == TermijnHerinnering.event_type
    )
    assert onderwerpen == [
        "Herinnering: actie voor Organisatie politie-zwb uiterlijk 10-12-2026",
        f"Termijn verstreken: actie voor Organisatie politie-zwb (casus {str(CASUS)[:8]})",
    ]


async def test_afgerond_ingetrokken_or_closed_ends_the_termijn(sessions):
    uows = uow_factory(sessions)
    afgerond, ingetrokken, gesloten = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    for actie_id in (afgerond, ingetrokken, gesloten):
        await handle(uows, toegewezen(actie_id), Klok(START))
    loopt = overleg.ActieTeruggekoppeld(
        casus_id=CASUS,
        actie_id=afgerond,
        door=WIE,
        status=Terugkoppelstatus.LOOPT,
        teruggekoppeld_op=START,
    )
    await handle(uows, loopt, Klok(START))
    assert {t.status for t in await timers(uows, afgerond)} == {Timerstatus.GEPLAND}
    await handle(uows, loopt.model_copy(update={"status": "afgerond"}), Klok(START))
    await handle(uows, gewijzigd(ingetrokken, ingetrokken=True), Klok(START))
    assert {t.status for t in await timers(uows, afgerond)} == {Timerstatus.VERVALLEN}
    assert {t.status for t in await timers(uows, ingetrokken)} == {Timerstatus.VERVALLEN}

    afsluiting = overleg.CasusAfgesloten(
        casus_id=CASUS, reden=Afsluitreden.DOEL_BEREIKT, afgesloten_op=START
    )
    await handle(uows, afsluiting, Klok(START))
    assert {t.status for t in await timers(uows, gesloten)} == {Timerstatus.VERVALLEN}
    assert await fire(uows, nl(date(2026, 12, 20))) == 0


async def test_a_new_wanneer_replaces_what_was_not_sent(sessions):
    uows = uow_factory(sessions)
    actie_id = uuid.uuid4()
    await handle(uows, toegewezen(actie_id), Klok(START))
    assert await fire(uows, nl(date(2026, 12, 9), 9)) == 1  # herinnering for the 10th sent
    later = date(2026, 12, 17)
    await handle(uows, gewijzigd(actie_id, wanneer=later), Klok(nl(date(2026, 12, 9), 10)))

    by_status = {(t.uiterlijk, t.soort): t.status for t in await timers(uows, actie_id)}
    assert by_status == {
        (WANNEER, Termijnsignaal.HERINNERING): Timerstatus.VERSTUURD,
        (WANNEER, Termijnsignaal.VERLOPEN): Timerstatus.VERVALLEN,
        (later, Termijnsignaal.HERINNERING): Timerstatus.GEPLAND,
        (later, Termijnsignaal.VERLOPEN): Timerstatus.GEPLAND,
    }
    # Back to the first date: its verlopen signal is planned again, its herinnering stays sent.
    await handle(uows, gewijzigd(actie_id, wanneer=WANNEER), Klok(nl(date(2026, 12, 9), 11)))
    assert await fire(uows, nl(date(2026, 12, 11), 1)) == 1
    assert [s["soort"] for s in await signals(sessions)] == ["herinnering", "verlopen"]


async def test_two_schedulers_fire_each_timer_once(sessions):
    """Two replicas racing over the same due timers: every timer fires exactly once."""
    uows = uow_factory(sessions)
    acties = [uuid.uuid4() for _ in range(12)]
    for actie_id in acties:
        await handle(uows, toegewezen(actie_id), Klok(START))
    at = nl(date(2026, 12, 11), 1)  # both the herinnering and verlopen of every actie are due

    async def replica() -> int:
        total = 0
        while True:
            try:
                fired = await vuur_af(
                    uow_factory=uows,
                    omgeving=Omgeving(partners=PARTNERS, nu=at, ui_url="http://ui.test"),
                    limit=5,
                )
            except Exception as exc:  # SQLite: the loser of a write race is told so and retries
                if "locked" not in str(exc):
                    raise
                continue
            if fired == 0:
                return total
            total += fired

    a, b = await asyncio.gather(replica(), replica())
    assert a + b == 2 * len(acties)
    sent = await signals(sessions)
    assert len(sent) == 2 * len(acties)
    assert len({(s["actie_id"], s["soort"]) for s in sent}) == 2 * len(acties)


def test_timestamps_are_aware():
    [*_, verlopen] = _plan(WANNEER, START)
    assert verlopen.vuur_op.utcoffset() == timedelta(hours=1)


async def test_an_invitation_is_answered_within_the_termijn_or_signalled(sessions):
    """Each genodigde has two werkdagen to answer (never later than the day before the overleg);
    an answer ends its termijn, another partner's stays; a cancelled overleg ends them all."""
    uows = uow_factory(sessions)
    gepland_op = nl(date(2026, 12, 3), 10)  # Thursday → answer by Monday 7 December
    overleg_start = datetime(2026, 12, 15, 13, tzinfo=UTC)
    await handle(uows, gepland(start=overleg_start, eind=overleg_start), Klok(gepland_op))
    async with uows() as uow:
        due = await uow.timers.te_vuren(nu=nl(date(2026, 12, 31)), limit=50)
    due = [t for t in due if t.termijn == "uitnodiging-beantwoord"]  # not the ZVH's verslag
    assert {(t.ontvanger, t.soort, t.uiterlijk) for t in due} == {
        (p, s, date(2026, 12, 7))
        for p in ("politie-zwb", "ggz-wnb")
        for s in (Termijnsignaal.HERINNERING, Termijnsignaal.VERLOPEN)
    }
    antwoord = overleg_planning.OverlegBeantwoord(
        overleg_id=OVERLEG, partner="ggz-wnb", antwoord="komt", beantwoord_op=gepland_op
    )
    await handle(uows, antwoord, Klok(gepland_op))
    assert await fire(uows, nl(date(2026, 12, 8), 1)) == 2  # politie-zwb's herinnering + verlopen
    sent = await signals(sessions)
    assert {(s["overleg_id"], s["soort"]) for s in sent} == {
        (str(OVERLEG), "herinnering"),
        (str(OVERLEG), "verlopen"),
    }
    assert all(s["casus_id"] is None and s["termijn"] == "uitnodiging-beantwoord" for s in sent)
    async with uows() as uow:
        mails = await uow.bezorgingen.find(bron_event_id=None, ontvanger="politie-zwb", limit=50)
    assert any(
        b.email and b.email.onderwerp.startswith("Geen antwoord op de uitnodiging") for b in mails
    )


async def test_an_overleg_soon_shortens_the_termijn_and_cancelling_ends_it(sessions):
    uows = uow_factory(sessions)
    gepland_op = nl(date(2026, 12, 3), 10)
    morgen = datetime(2026, 12, 4, 13, tzinfo=UTC)  # the overleg is tomorrow: answer today
    await handle(uows, gepland(start=morgen, eind=morgen), Klok(gepland_op))
    async with uows() as uow:
        due = await uow.timers.te_vuren(nu=nl(date(2026, 12, 31)), limit=50)
    due = [t for t in due if t.termijn == "uitnodiging-beantwoord"]  # not the ZVH's verslag
    # no herinnering on top of the invitation itself: only the signal after today
    assert {(t.uiterlijk, t.soort) for t in due} == {(date(2026, 12, 3), Termijnsignaal.VERLOPEN)}

    # an overleg today: the invitation is not late from the start
    vandaag = datetime(2026, 12, 3, 15, tzinfo=UTC)
    await handle(uows, geannuleerd("politie-zwb", "ggz-wnb"), Klok(gepland_op))
    await handle(uows, gepland(start=vandaag, eind=vandaag), Klok(gepland_op))
    assert await fire(uows, nl(date(2026, 12, 3), 23)) == 0
    await handle(uows, geannuleerd("politie-zwb", "ggz-wnb"), Klok(gepland_op))
    assert await fire(uows, nl(date(2026, 12, 31))) == 0


async def test_the_zvh_is_reminded_of_first_contact_until_it_is_recorded(sessions):
    """A casus opened on Thursday 3 December: eerste contact by Monday 7th, hulp gestart by
    Tuesday 8th. Recording eerste contact ends its timers; the ZVH gets e-mail only (no event on
    a topic of its own) and its postvak lists what was sent."""
    uows = uow_factory(sessions)
    casus_id = uuid.uuid4()
    geopend_op = nl(date(2026, 12, 3), 10)
    opening = overleg.CasusGeopend(
        casus_id=casus_id,
        melding_id=uuid.uuid4(),
        melder="politie-zwb",
        deelnemers=["politie-zwb"],
        client_geinformeerd=True,
        geopend_op=geopend_op,
    )
    partners = FakePartners(WIE, "zvh")
    await handle_event(
        event_id=uuid.uuid4(), event=opening, uow=uows(), partners=partners, clock=Klok(geopend_op)
    )
    async with uows() as uow:
        gepland = await uow.timers.te_vuren(nu=nl(date(2026, 12, 31)), limit=50)
    assert {(t.termijn, t.soort, t.uiterlijk, t.ontvanger) for t in gepland} == {
        ("eerste-contact", Termijnsignaal.HERINNERING, date(2026, 12, 7), "zvh"),
        ("eerste-contact", Termijnsignaal.VERLOPEN, date(2026, 12, 7), "zvh"),
        ("hulp-gestart", Termijnsignaal.HERINNERING, date(2026, 12, 8), "zvh"),
        ("hulp-gestart", Termijnsignaal.VERLOPEN, date(2026, 12, 8), "zvh"),
    }
    geregistreerd = overleg.TermijnGeregistreerd(
        casus_id=casus_id,
        gebeurtenis="eerste-contact-geregistreerd",
        op=date(2026, 12, 4),
        geregistreerd_op=nl(date(2026, 12, 4), 9),
    )
    await handle_event(
        event_id=uuid.uuid4(),
        event=geregistreerd,
        uow=uows(),
        partners=partners,
        clock=Klok(nl(date(2026, 12, 4), 9)),
    )
    fired = await vuur_af(
        uow_factory=uows,
        omgeving=Omgeving(partners=partners, nu=nl(date(2026, 12, 9)), ui_url="http://ui.test"),
    )
    assert fired == 2  # hulp gestart's herinnering and verlopen; eerste contact is met
    assert await signals(sessions) == []  # no event for the ZVH itself
    async with uows() as uow:
        mails = await uow.bezorgingen.find(bron_event_id=None, ontvanger="zvh", limit=50)
        postvak = await uow.timers.verstuurd(ontvanger="zvh", limit=50)
    onderwerpen = sorted(b.email.onderwerp for b in mails if b.email)
    kort = str(casus_id)[:8]
    assert onderwerpen == [
        f"Herinnering: hulpverlening op gang gebracht uiterlijk 08-12-2026 (casus {kort})",
        f"Termijn verstreken: hulpverlening op gang gebracht (casus {kort})",
    ]
    assert {t.termijn for t in postvak} == {"hulp-gestart"}


async def _zvh_timers(uows: UnitOfWorkFactory, termijn: str):  # type: ignore[no-untyped-def]
    async with uows() as uow:
        due = await uow.timers.te_vuren(nu=nl(date(2030, 1, 1)), limit=500)
    return {(t.soort, t.uiterlijk) for t in due if t.termijn == termijn and t.ontvanger == "zvh"}


async def _handle_at(uows: UnitOfWorkFactory, event, at: datetime) -> None:  # type: ignore[no-untyped-def]
    await handle_event(
        event_id=uuid.uuid4(),
        event=event,
        uow=uows(),
        partners=FakePartners(WIE, "zvh"),
        clock=Klok(at),
    )


BEIDE = {Termijnsignaal.HERINNERING, Termijnsignaal.VERLOPEN}


async def test_the_triage_termijn_of_a_melding_until_it_is_triaged(sessions):
    uows = uow_factory(sessions)
    melding_id = uuid.uuid4()
    ontvangen_op = nl(date(2026, 12, 3), 10)
    ontvangen = intake_melding.MeldingOntvangen(
        melding_id=melding_id,
        melder="politie-zwb",
        melder_referentie="PZWB-1",
        urgentie="normaal",
        leefgebieden=[],
        betrokkene_pseudoniemen=[],
        ontvangen_op=ontvangen_op,
        triage_uiterlijk=date(2026, 12, 8),
    )
    await _handle_at(uows, ontvangen, ontvangen_op)
    assert await _zvh_timers(uows, "triage-normaal") == {(s, date(2026, 12, 8)) for s in BEIDE}
    async with uows() as uow:
        [timer, *_] = await uow.timers.te_vuren(nu=nl(date(2030, 1, 1)), limit=50)
    assert timer.melding_id == melding_id
    getrieerd = intake_melding.MeldingGetrieerd(
        melding_id=melding_id,
        melder="politie-zwb",
        melder_referentie="PZWB-1",
        uitkomst="advies",
        advies="Bespreek het met het wijkteam.",
        client_geinformeerd=True,
        getrieerd_door="pr.jansen",
        getrieerd_op=nl(date(2026, 12, 4), 9),
    )
    await _handle_at(uows, getrieerd, nl(date(2026, 12, 4), 9))
    assert await _zvh_timers(uows, "triage-normaal") == set()


async def test_verslag_follows_the_overlegs_start_and_ends_with_the_verslag(sessions):
    uows = uow_factory(sessions)
    start = datetime(2026, 12, 15, 13, tzinfo=UTC)  # Tuesday → verslag by Friday 18th
    eind = start + timedelta(hours=2)
    await _handle_at(uows, gepland(start=start, eind=eind), nl(date(2026, 12, 3), 10))
    assert await _zvh_timers(uows, "verslag") == {(s, date(2026, 12, 18)) for s in BEIDE}
    later = datetime(2026, 12, 22, 13, tzinfo=UTC)  # moved a week: by Monday 28th (Christmas)
    await _handle_at(
        uows,
        overleg_gewijzigd(
            uitgenodigd=genodigden(politie_zwb=[CASUS]),
            afgemeld=[],
            start=later,
            eind=later + timedelta(hours=2),
        ),
        nl(date(2026, 12, 4), 10),
    )
    assert await _zvh_timers(uows, "verslag") == {(s, date(2026, 12, 28)) for s in BEIDE}
    await _handle_at(uows, verslag(start=later), nl(date(2026, 12, 23), 10))
    assert await _zvh_timers(uows, "verslag") == set()


async def test_herbeoordeling_eerste_hulp_and_nacontrole(sessions):
    uows = uow_factory(sessions)
    casus_id = uuid.uuid4()
    geopend_op = nl(date(2026, 12, 3), 10)
    opening = overleg.CasusGeopend(
        casus_id=casus_id,
        melding_id=uuid.uuid4(),
        melder="politie-zwb",
        deelnemers=["politie-zwb"],
        client_geinformeerd=False,
        herbeoordeling_op=date(2026, 12, 17),
        casemanagementmodel="intensief",
        geopend_op=geopend_op,
    )
    await _handle_at(uows, opening, geopend_op)
    herbeoordeling = "herbeoordeling-client-geinformeerd"
    assert await _zvh_timers(uows, herbeoordeling) == {(s, date(2026, 12, 17)) for s in BEIDE}
    # the regie informs the cliënt: no more herbeoordeling reminders
    await _handle_at(
        uows,
        overleg.ClientGeinformeerdGewijzigd(
            casus_id=casus_id, client_geinformeerd=True, gewijzigd_op=geopend_op
        ),
        geopend_op,
    )
    assert await _zvh_timers(uows, herbeoordeling) == set()

    # hulp gestart on Friday 4 December starts eerste hulp: 3 months, to Thursday 4 March 2027
    await _handle_at(
        uows,
        overleg.TermijnGeregistreerd(
            casus_id=casus_id,
            gebeurtenis="hulp-gestart-geregistreerd",
            op=date(2026, 12, 4),
            geregistreerd_op=nl(date(2026, 12, 4), 12),
            casemanagementmodel="intensief",
        ),
        nl(date(2026, 12, 4), 12),
    )
    assert await _zvh_timers(uows, "hulp-gestart") == set()
    assert await _zvh_timers(uows, "eerste-hulp") == {(s, date(2027, 3, 4)) for s in BEIDE}

    # closing ends everything and starts the nacontrole: 6 months
    afsluiting = overleg.CasusAfgesloten(
        casus_id=casus_id, reden=Afsluitreden.DOEL_BEREIKT, afgesloten_op=nl(date(2027, 1, 5), 10)
    )
    await _handle_at(uows, afsluiting, nl(date(2027, 1, 5), 10))
    assert await _zvh_timers(uows, "eerste-hulp") == set()
    assert await _zvh_timers(uows, "nacontrole") == {(s, date(2027, 7, 5)) for s in BEIDE}
    heropend = overleg.CasusHeropend(
        casus_id=casus_id,
        melding_id=uuid.uuid4(),
        was_afgesloten=True,
        heropend_op=nl(date(2027, 2, 1), 10),
    )
    await _handle_at(uows, heropend, nl(date(2027, 2, 1), 10))
    assert await _zvh_timers(uows, "nacontrole") == set()


async def test_a_makelaar_casus_gets_no_eerste_hulp(sessions):
    uows = uow_factory(sessions)
    casus_id = uuid.uuid4()
    await _handle_at(
        uows,
        overleg.TermijnGeregistreerd(
            casus_id=casus_id,
            gebeurtenis="hulp-gestart-geregistreerd",
            op=date(2026, 12, 4),
            geregistreerd_op=nl(date(2026, 12, 4), 12),
            casemanagementmodel="makelaar",
        ),
        nl(date(2026, 12, 4), 12),
    )
    assert await _zvh_timers(uows, "eerste-hulp") == set()

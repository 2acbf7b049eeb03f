"""Overleg events on in-memory fakes: who gets what, only their own casussen, replays."""

from __future__ import annotations

import functools
import uuid
from datetime import UTC, date, datetime

from icalendar import Calendar
from notify_fakes import (
    CASUS,
    CASUS_B,
    CASUS_C,
    OVERLEG,
    Store,
    geannuleerd,
    genodigden,
    gepland,
    gewijzigd,
    verslag,
)
from notify_fakes import handle as handle_in_memory
from zvh_contracts import topics
from zvh_contracts.envelope import derived_id
from zvh_contracts.overleg import overleg_v1 as overleg
from zvh_contracts.partner import overleg_v1 as partner_overleg
from zvh_contracts.vocab import OverlegAntwoord
from zvh_notify.domain.model import Bezorging, Kanaal

UI = "https://zvh.example.nl"
handle = functools.partial(handle_in_memory, ui_url=UI)


def per_topic(store: Store) -> dict[str, list]:  # type: ignore[type-arg]
    out: dict[str, list] = {}  # type: ignore[type-arg]
    for o in store.outbox:
        out.setdefault(o.topic, []).append(o.event)
    return out


def mails(store: Store) -> dict[str, Bezorging]:
    found = [b for b in store.bezorgingen.values() if b.kanaal is Kanaal.EMAIL]
    assert len({b.ontvanger for b in found}) == len(found), "one e-mail per partner"
    return {b.ontvanger: b for b in found}


def ics(b: Bezorging) -> Calendar:
    assert b.email is not None
    [bijlage] = b.email.bijlagen
    return Calendar.from_ical(bijlage.inhoud)


async def test_gepland_invites_each_genodigde_with_only_its_casussen(store, partners, clock):
    ce_id = uuid.uuid4()
    await handle(gepland(sequence=2), store=store, partners=partners, clock=clock, event_id=ce_id)

    got = per_topic(store)
    assert set(got) == {topics.partner_from_zvh("politie-zwb"), topics.partner_from_zvh("ggz-wnb")}
    [politie] = got[topics.partner_from_zvh("politie-zwb")]
    [ggz] = got[topics.partner_from_zvh("ggz-wnb")]
    assert isinstance(politie, partner_overleg.OverlegUitgenodigd)
    assert politie.casus_ids == [CASUS, CASUS_B]
    assert ggz.casus_ids == [CASUS_C]
    assert politie.ical_uid == ggz.ical_uid == f"{OVERLEG}@zvh-keten"
    assert politie.sequence == 2
    out_ids = {o.event_id for o in store.outbox}
    codes = ("politie-zwb", "ggz-wnb")
    assert out_ids == {derived_id("notify", ce_id, "partner", p) for p in codes}

    m = mails(store)
    assert set(m) == {"politie-zwb", "ggz-wnb"}
    tekst = m["ggz-wnb"].email.tekst  # type: ignore[union-attr]
    assert str(CASUS_C) in tekst and str(CASUS) not in tekst and str(CASUS_B) not in tekst
    assert "Casussen van uw organisatie op de agenda: 1" in tekst
    assert "dinsdag 20-01-2026, 14:00–16:00 uur" in tekst
    assert f"{UI}/overleggen/{OVERLEG}" in tekst
    assert "zvh.partner.overleg.beantwoord.v1" in tekst
    cal = ics(m["ggz-wnb"])
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(cal.events[0]["ATTENDEE"]) == "mailto:ggz-wnb@partners.zvh.local"
    assert str(CASUS) not in m["ggz-wnb"].email.bijlagen[0].inhoud.decode()  # type: ignore[union-attr]


async def test_replay_of_an_overleg_event_is_a_no_op(store, partners, clock):
    ce_id = uuid.uuid4()
    await handle(gepland(), store=store, partners=partners, clock=clock, event_id=ce_id)
    before = (dict(store.bezorgingen), list(store.outbox))
    again = await handle(gepland(), store=store, partners=partners, clock=clock, event_id=ce_id)
    assert again == []
    assert (dict(store.bezorgingen), list(store.outbox)) == before


async def test_gewijzigd_updates_genodigden_and_cancels_afgemeld(store, partners, clock):
    ce_id = uuid.uuid4()
    event = gewijzigd(
        uitgenodigd=genodigden(politie_zwb=[CASUS]),
        afgemeld=["ggz-wnb", "politie-zwb"],  # politie is still invited: no cancel for it
        sequence=3,
    )
    await handle(event, store=store, partners=partners, clock=clock, event_id=ce_id)

    got = per_topic(store)
    [politie] = got[topics.partner_from_zvh("politie-zwb")]
    [ggz] = got[topics.partner_from_zvh("ggz-wnb")]
    assert isinstance(politie, partner_overleg.OverlegGewijzigd)
    assert politie.casus_ids == [CASUS] and politie.sequence == 3
    assert isinstance(ggz, partner_overleg.OverlegGeannuleerd)
    assert (ggz.ical_uid, ggz.sequence, ggz.start) == (f"{OVERLEG}@zvh-keten", 3, event.start)
    assert {o.event_id for o in store.outbox if o.topic.endswith("ggz-wnb.from-zvh.v1")} == {
        derived_id("notify", ce_id, "partner", "ggz-wnb", "afgemeld")
    }

    m = mails(store)
    assert m["politie-zwb"].email.bijlagen[0].bestandsnaam == "uitnodiging.ics"  # type: ignore[union-attr]
    assert str(ics(m["politie-zwb"])["METHOD"]) == "REQUEST"
    assert m["politie-zwb"].email.onderwerp.startswith("Gewijzigd:")  # type: ignore[union-attr]
    assert m["ggz-wnb"].email.bijlagen[0].bestandsnaam == "annulering.ics"  # type: ignore[union-attr]
    cancel = ics(m["ggz-wnb"])
    assert str(cancel["METHOD"]) == "CANCEL"
    assert str(cancel.events[0]["STATUS"]) == "CANCELLED"
    assert cancel.events[0].sequence == 3


async def test_geannuleerd_cancels_every_genodigde(store, partners, clock):
    await handle(
        geannuleerd("politie-zwb", "ggz-wnb", sequence=4),
        store=store,
        partners=partners,
        clock=clock,
    )
    got = per_topic(store)
    assert set(got) == {topics.partner_from_zvh("politie-zwb"), topics.partner_from_zvh("ggz-wnb")}
    for [e] in got.values():
        assert e == partner_overleg.OverlegGeannuleerd(
            overleg_id=OVERLEG,
            ical_uid=f"{OVERLEG}@zvh-keten",
            sequence=4,
            start=datetime(2026, 1, 20, 13, tzinfo=UTC),
        )
    for b in mails(store).values():
        assert b.email and b.email.onderwerp.startswith("Geannuleerd:")
        assert str(ics(b)["METHOD"]) == "CANCEL"


async def test_verslag_gives_each_deelnemer_only_its_casussen(store, partners, clock):
    # 23:30 UTC on 9 March is 00:30 on 10 March in Amsterdam: datum is the local date
    event = verslag(start=datetime(2026, 3, 9, 23, 30, tzinfo=UTC))
    await handle(event, store=store, partners=partners, clock=clock, ui_url=UI + "/")

    got = per_topic(store)
    assert set(got) == {
        topics.partner_from_zvh(p) for p in ("politie-zwb", "ggz-wnb", "gemeente-roosendaal")
    }  # never the ZVH itself
    [politie] = got[topics.partner_from_zvh("politie-zwb")]
    [ggz] = got[topics.partner_from_zvh("ggz-wnb")]
    [gemeente] = got[topics.partner_from_zvh("gemeente-roosendaal")]
    assert isinstance(ggz, partner_overleg.OverlegVerslag)
    assert [c.casus_id for c in politie.casussen] == [CASUS, CASUS_B]
    assert [c.casus_id for c in ggz.casussen] == [CASUS]
    assert [c.casus_id for c in gemeente.casussen] == [CASUS_B]
    assert ggz.datum == date(2026, 3, 10)
    assert ggz.aanwezig == ["zvh", "politie-zwb", "ggz-wnb"]
    assert ggz.verslag_url == f"{UI}/overleggen/{OVERLEG}/verslag"

    m = mails(store)
    assert "zvh" not in m
    tekst = m["gemeente-roosendaal"].email.tekst  # type: ignore[union-attr]
    assert "Schuldhulp aanvragen bij de gemeente" in tekst
    assert "Behandelplan afstemmen met huisarts" not in tekst  # casus A: not gemeente's
    assert str(CASUS) not in tekst
    assert "Afwezig:  gemeente-roosendaal" in tekst
    assert f"{UI}/overleggen/{OVERLEG}/verslag.pdf" in tekst
    assert "bouwschema" in tekst and "nooit per e-mail" in tekst
    ggz_tekst = m["ggz-wnb"].email.tekst  # type: ignore[union-attr]
    assert "Volgende bespreking: dinsdag 17-02-2026" in ggz_tekst
    assert "wie: politie-zwb; uiterlijk: 03-02-2026; status: open" in ggz_tekst
    assert m["ggz-wnb"].email.bijlagen == ()  # type: ignore[union-attr]


async def test_beantwoord_is_not_delivered(store, partners, clock):
    event = overleg.OverlegBeantwoord(
        overleg_id=OVERLEG,
        partner="politie-zwb",
        antwoord=OverlegAntwoord.KOMT,
        beantwoord_op=datetime(2026, 1, 12, tzinfo=UTC),
    )
    assert await handle(event, store=store, partners=partners, clock=clock) == []
    assert store.outbox == [] and store.bezorgingen == {}  # it only ends the partner's termijn

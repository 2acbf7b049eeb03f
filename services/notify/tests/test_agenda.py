"""The iCalendar attachment: parses back, right hour in winter and summer, one UID, SEQUENCE."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from notify_fakes import (
    CASUS,
    LOCATIE,
    OVERLEG,
    WINTER_EIND,
    WINTER_START,
    ZOMER_EIND,
    ZOMER_START,
    geannuleerd,
    genodigden,
    gepland,
    gewijzigd,
    handle,
)
from zvh_contracts.vocab import OverlegSoort
from zvh_notify.domain import agenda
from zvh_notify.domain.model import Bijlage, Kanaal

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
STAMP = datetime(2026, 1, 5, 8, 30, tzinfo=UTC)


def punt(*, start: datetime = WINTER_START, eind: datetime = WINTER_EIND, sequence: int = 0):  # type: ignore[no-untyped-def]
    return agenda.Agendapunt(
        overleg_id=OVERLEG,
        sequence=sequence,
        start=start,
        eind=eind,
        soort=OverlegSoort.CASUSOVERLEG,
        locatie=LOCATIE,
        organisator="zvh@partners.zvh.local",
        deelnemer_adres="politie-zwb@partners.zvh.local",
        deelnemer_naam="Politie Zeeland-West-Brabant",
        stamp=STAMP,
    )


def parse(ics: bytes):  # type: ignore[no-untyped-def]
    cal = Calendar.from_ical(ics)
    [event] = cal.events
    return cal, event


@pytest.mark.parametrize(
    ("start", "eind", "lokaal_uur", "offset_uur"),
    [(WINTER_START, WINTER_EIND, 14, 1), (ZOMER_START, ZOMER_EIND, 14, 2)],
    ids=["winter", "zomer"],
)
def test_request_has_local_time_with_tzid(start, eind, lokaal_uur, offset_uur):
    ics = agenda.uitnodiging_ics(punt(start=start, eind=eind, sequence=3))
    cal, event = parse(ics)

    assert str(cal["METHOD"]) == "REQUEST"
    assert event.start == start.astimezone(AMSTERDAM)
    assert event.start.hour == lokaal_uur
    assert event.start.utcoffset().total_seconds() == offset_uur * 3600
    assert str(event.start.tzinfo) == "Europe/Amsterdam"
    assert event.end == eind.astimezone(AMSTERDAM)
    raw = ics.decode()
    assert f"DTSTART;TZID=Europe/Amsterdam:{start.astimezone(AMSTERDAM):%Y%m%dT%H%M%S}" in raw
    assert [tz.tz_name for tz in cal.timezones] == ["Europe/Amsterdam"]
    assert event.uid == f"{OVERLEG}@zvh-keten"
    assert event.sequence == 3
    assert event.DTSTAMP == STAMP
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["LOCATION"]) == LOCATIE
    assert str(event["SUMMARY"]) == "Casusoverleg Zorg- en Veiligheidshuis"
    assert str(event["ORGANIZER"]) == "mailto:zvh@partners.zvh.local"
    assert str(event["ATTENDEE"]) == "mailto:politie-zwb@partners.zvh.local"


def test_cancel_has_method_and_status():
    cal, event = parse(agenda.annulering_ics(punt(sequence=4)))
    assert str(cal["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.uid == agenda.ical_uid(OVERLEG)
    assert event.sequence == 4
    assert event.start == WINTER_START.astimezone(AMSTERDAM)


def test_bijlagen_have_the_agreed_names_and_types():
    req = agenda.uitnodiging_bijlage(punt())
    cancel = agenda.annulering_bijlage(punt())
    assert (req.bestandsnaam, req.content_type) == (
        "uitnodiging.ics",
        "text/calendar; method=REQUEST; charset=utf-8",
    )
    assert (cancel.bestandsnaam, cancel.content_type) == (
        "annulering.ics",
        "text/calendar; method=CANCEL; charset=utf-8",
    )


def test_summary_names_the_soort_only():
    assert agenda.titel(OverlegSoort.CASUS_PLUS) == "Casus Plus-overleg Zorg- en Veiligheidshuis"
    assert agenda.titel(None) == "Overleg Zorg- en Veiligheidshuis"


async def _ics_for(event, store, partners, clock, ontvanger="politie-zwb") -> Bijlage:  # type: ignore[no-untyped-def]
    created = await handle(event, store=store, partners=partners, clock=clock)
    [mail] = [b for b in created if b.kanaal is Kanaal.EMAIL and b.ontvanger == ontvanger]
    assert mail.email is not None
    [bijlage] = mail.email.bijlagen
    return bijlage


async def test_uid_stable_and_sequence_from_event_across_the_lifecycle(store, partners, clock):
    uitnodiging = await _ics_for(gepland(sequence=0), store, partners, clock)
    wijziging = await _ics_for(
        gewijzigd(uitgenodigd=genodigden(politie_zwb=[CASUS]), afgemeld=[], sequence=5),
        store,
        partners,
        clock,
    )
    annulering = await _ics_for(geannuleerd("politie-zwb", sequence=7), store, partners, clock)

    parsed = [parse(b.inhoud) for b in (uitnodiging, wijziging, annulering)]
    assert {e.uid for _, e in parsed} == {f"{OVERLEG}@zvh-keten"}
    assert [e.sequence for _, e in parsed] == [0, 5, 7]
    assert [str(c["METHOD"]) for c, _ in parsed] == ["REQUEST", "REQUEST", "CANCEL"]
    assert [b.bestandsnaam for b in (uitnodiging, wijziging, annulering)] == [
        "uitnodiging.ics",
        "uitnodiging.ics",
        "annulering.ics",
    ]
    assert str(parsed[0][1]["ORGANIZER"]) == "mailto:zvh@partners.zvh.local"

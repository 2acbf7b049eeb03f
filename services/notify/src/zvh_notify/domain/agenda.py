"""The iCalendar (RFC 5545 / iTIP RFC 5546) invitation attached to overleg e-mails.

One overleg keeps one UID for every update (``ical_uid``); the SEQUENCE comes from overleg and
rises with every change, so calendar clients replace the earlier version. Times are written in
Europe/Amsterdam with a TZID and a VTIMEZONE, so the meeting lands on the right hour in winter and
summer alike. The invitation carries logistics only (soort, time, place): never case content.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar, vCalAddress
from icalendar import Event as VEvent
from zvh_contracts.vocab import OverlegSoort

from zvh_notify.domain.model import Bijlage

TIJDZONE = ZoneInfo("Europe/Amsterdam")
UID_DOMEIN = "zvh-keten"
PRODID = "-//Zorg- en Veiligheidshuis//ZVH keten notify//NL"

UITNODIGING_BESTAND = "uitnodiging.ics"
ANNULERING_BESTAND = "annulering.ics"
REQUEST = "REQUEST"
CANCEL = "CANCEL"

SOORT_LABEL = {
    OverlegSoort.CASUSOVERLEG: "Casusoverleg",
    OverlegSoort.CASUS_PLUS: "Casus Plus-overleg",
    OverlegSoort.ZORGOVERLEG: "Zorgoverleg",
}
ZVH_NAAM = "Zorg- en Veiligheidshuis"
SOORT_IN_ZIN = {
    OverlegSoort.CASUSOVERLEG: "casusoverleg",
    OverlegSoort.CASUS_PLUS: "Casus Plus-overleg",
    OverlegSoort.ZORGOVERLEG: "zorgoverleg",
}


def ical_uid(overleg_id: uuid.UUID) -> str:
    """The iCalendar UID of an overleg: the same in the invitation, every change and the cancel."""
    return f"{overleg_id}@{UID_DOMEIN}"


def titel(soort: OverlegSoort | None) -> str:
    """SUMMARY of the calendar item: the kind of overleg only, never case content."""
    label = SOORT_LABEL.get(soort, "Overleg") if soort is not None else "Overleg"
    return f"{label} {ZVH_NAAM}"


def soort_in_zin(soort: OverlegSoort | None) -> str:
    """The kind of overleg as written inside a Dutch sentence ("het casusoverleg")."""
    return SOORT_IN_ZIN.get(soort, "overleg") if soort is not None else "overleg"


def lokaal(moment: datetime) -> datetime:
    """The moment in Europe/Amsterdam (an aware datetime with any offset in, local time out)."""
    return moment.astimezone(TIJDZONE)


@dataclass(frozen=True)
class Agendapunt:
    """What goes into one VEVENT; ``eind``/``locatie``/``soort`` may be unknown on a cancel."""

    overleg_id: uuid.UUID
    sequence: int
    start: datetime
    eind: datetime | None
    soort: OverlegSoort | None
    locatie: str | None
    #: The ZVH's address (ORGANIZER); ``None`` leaves ORGANIZER out.
    organisator: str | None
    deelnemer_adres: str
    deelnemer_naam: str
    #: DTSTAMP: when this iCalendar object was created.
    stamp: datetime
    url: str | None = None


def uitnodiging_ics(punt: Agendapunt) -> bytes:
    """METHOD:REQUEST — a new or changed invitation for one partner."""
    return _kalender(punt, method=REQUEST, status="CONFIRMED")


def annulering_ics(punt: Agendapunt) -> bytes:
    """METHOD:CANCEL, STATUS:CANCELLED — the overleg is off (for this partner)."""
    return _kalender(punt, method=CANCEL, status="CANCELLED")


def uitnodiging_bijlage(punt: Agendapunt) -> Bijlage:
    return Bijlage(
        bestandsnaam=UITNODIGING_BESTAND,
        content_type="text/calendar; method=REQUEST; charset=utf-8",
        inhoud=uitnodiging_ics(punt),
    )


def annulering_bijlage(punt: Agendapunt) -> Bijlage:
    return Bijlage(
        bestandsnaam=ANNULERING_BESTAND,
        content_type="text/calendar; method=CANCEL; charset=utf-8",
        inhoud=annulering_ics(punt),
    )


def _kalender(punt: Agendapunt, *, method: str, status: str) -> bytes:
    attendee = vCalAddress(f"mailto:{punt.deelnemer_adres}")
    attendee.params["CN"] = punt.deelnemer_naam
    attendee.params["CUTYPE"] = "GROUP"
    attendee.params["ROLE"] = "REQ-PARTICIPANT"
    if method == REQUEST:
        attendee.params["PARTSTAT"] = "NEEDS-ACTION"
    # Answers go through the ZVH's UI or the partner's Kafka topic, not by iMIP reply.
    attendee.params["RSVP"] = "FALSE"
    organizer: vCalAddress | None = None
    if punt.organisator:
        organizer = vCalAddress(f"mailto:{punt.organisator}")
        organizer.params["CN"] = ZVH_NAAM
    vevent = VEvent.new(
        uid=ical_uid(punt.overleg_id),
        sequence=punt.sequence,
        stamp=punt.stamp.astimezone(UTC),
        start=lokaal(punt.start),
        end=lokaal(punt.eind) if punt.eind is not None else None,
        summary=titel(punt.soort),
        location=punt.locatie,
        organizer=organizer,
        attendees=[attendee],
        status=status,  # type: ignore[arg-type]
        url=punt.url,
    )
    cal = Calendar.new(method=method, prodid=PRODID, subcomponents=[vevent])
    cal.pop("UID", None)  # the RFC 7986 calendar UID would be random; the VEVENT UID is what counts
    jaar = lokaal(punt.start).year
    cal.add_missing_timezones(first_date=date(jaar - 1, 1, 1), last_date=date(jaar + 2, 1, 1))
    return bytes(cal.to_ical())

"""Calendar days as staff count them: in the Netherlands, whatever the server's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _nl() -> tzinfo:
    try:
        return ZoneInfo("Europe/Amsterdam")
    except ZoneInfoNotFoundError:  # no tz database on this machine: UTC is close enough
        return UTC


NL = _nl()


def nl_datum(moment: datetime) -> date:
    """The Dutch calendar day of an aware moment."""
    return moment.astimezone(NL).date()

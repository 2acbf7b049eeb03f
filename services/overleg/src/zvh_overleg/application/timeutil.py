"""Dates as staff see them: the calendar day in the Netherlands."""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _nl() -> tzinfo:
    try:
        return ZoneInfo("Europe/Amsterdam")
    except ZoneInfoNotFoundError:  # no tz database on this machine: UTC is close enough
        return UTC


NL = _nl()


def vandaag(nu: datetime) -> date:
    """Today's date in the Netherlands for an aware ``nu``."""
    return nu.astimezone(NL).date()

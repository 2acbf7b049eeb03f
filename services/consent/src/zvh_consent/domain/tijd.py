"""Dates in the register are local dates of the ZVH (Europe/Amsterdam); times are UTC."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

TIJDZONE = ZoneInfo("Europe/Amsterdam")


def vandaag(nu: dt.datetime) -> dt.date:
    """The ZVH's calendar day at ``nu`` (a convenant or toestemming is valid per whole day)."""
    return nu.astimezone(TIJDZONE).date()


def utc_tekst(moment: dt.datetime) -> str:
    """A fixed-width UTC timestamp (``2026-11-24T04:08:20.000000Z``): the policy compares these
    as strings, so every one must have the same form."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

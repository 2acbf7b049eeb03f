"""Dates as staff see them: the calendar day in the Netherlands (the rule lives in the domain)."""

from __future__ import annotations

from datetime import date, datetime

from zvh_overleg.domain.tijd import NL, nl_datum

__all__ = ["NL", "vandaag"]


def vandaag(nu: datetime) -> date:
    """Today's date in the Netherlands for an aware ``nu``."""
    return nl_datum(nu)

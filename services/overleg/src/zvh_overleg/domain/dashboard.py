"""The procesregisseur's monitoring rules: an actie's red/amber/green, and response-time figures.

Pure: no I/O, no clock (today is passed in), the region's working-day calendar as a parameter.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from zvh_platform.kalender import NEDERLAND, Kalender

#: An open actie turns amber this many werkdagen before its wanneer (issue 9, part 5).
ORANJE_WERKDAGEN = 2


class Rag(enum.StrEnum):
    """Red/amber/green of an open actie, in the Dutch the page and its tests use."""

    ROOD = "rood"
    ORANJE = "oranje"
    GROEN = "groen"


def oranje_tot(vandaag: date, kalender: Kalender = NEDERLAND) -> date:
    """The last wanneer that is still amber today: ``ORANJE_WERKDAGEN`` werkdagen ahead.

    The repository counts with this date, so the SQL and :func:`rag` draw the same line.
    """
    return kalender.plus_werkdagen(vandaag, ORANJE_WERKDAGEN)


def rag(wanneer: date, *, vandaag: date, kalender: Kalender = NEDERLAND) -> Rag:
    """Red once the wanneer has passed (before today), amber when it falls within the next two
    werkdagen (today included; weekends and holidays do not count), green otherwise."""
    if wanneer < vandaag:
        return Rag.ROOD
    if wanneer <= oranje_tot(vandaag, kalender):
        return Rag.ORANJE
    return Rag.GROEN


@dataclass(frozen=True)
class Verdeling:
    """How long something took: median and 90th percentile over ``aantal`` cases, in days."""

    aantal: int
    mediaan: float | None
    p90: float | None


def percentiel(histogram: Mapping[int, int], p: float) -> float | None:
    """The ``p``-th percentile (0–100, nearest rank) of a histogram {value: count}."""
    totaal = sum(n for n in histogram.values() if n > 0)
    if totaal == 0:
        return None
    rang = max(1, math.ceil(p / 100 * totaal))
    gezien = 0
    for waarde in sorted(histogram):
        gezien += max(histogram[waarde], 0)
        if gezien >= rang:
            return float(waarde)
    return float(max(histogram))  # pragma: no cover - rang ≤ totaal always stops the loop


def verdeling(histogram: Mapping[int, int]) -> Verdeling:
    """Median and p90 of a histogram {days: count} (the database counts, this ranks)."""
    return Verdeling(
        aantal=sum(n for n in histogram.values() if n > 0),
        mediaan=percentiel(histogram, 50),
        p90=percentiel(histogram, 90),
    )


def week_van(vandaag: date) -> tuple[date, date]:
    """Monday and Sunday of the week ``vandaag`` is in ("due this week")."""
    maandag = date.fromordinal(vandaag.toordinal() - vandaag.weekday())
    return maandag, date.fromordinal(maandag.toordinal() + 6)

"""The procesregisseur's monitoring rules: an actie's red/amber/green, and response-time figures.

Pure: no I/O, no clock (today is passed in), the region's working-day calendar as a parameter.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

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


class OnthoudendeKalender:
    """The region's calendar with each day's answer remembered, for counting the deadlines of
    every open casus in one request (thousands of questions about a few hundred days).

    Counts exactly as ``zvh_platform.kalender.Werkdagkalender`` does, on its ``is_werkdag``.
    """

    def __init__(self, kalender: Kalender) -> None:
        self._kalender = kalender
        self._werkdag: dict[date, bool] = {}

    def is_werkdag(self, dag: date) -> bool:
        antwoord = self._werkdag.get(dag)
        if antwoord is None:
            antwoord = self._werkdag[dag] = self._kalender.is_werkdag(dag)
        return antwoord

    def plus_werkdagen(self, dag: date, aantal: int) -> date:
        stap = timedelta(days=1 if aantal >= 0 else -1)
        over = abs(aantal)
        while over > 0:
            dag += stap
            if self.is_werkdag(dag):
                over -= 1
        return dag

    def werkdagen_tussen(self, van: date, tot: date) -> int:
        return self._kalender.werkdagen_tussen(van, tot)

    def eerstvolgende_werkdag(self, dag: date) -> date:
        """``dag`` itself when it is a werkdag, else the next one (weeks and months end so)."""
        while not self.is_werkdag(dag):
            dag += timedelta(days=1)
        return dag

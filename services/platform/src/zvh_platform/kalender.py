"""The working-day calendar (werkdagen) every termijn is counted in: Dutch public holidays.

It lives in the platform, not in a service, so intake, overleg and notify count werkdagen the same
way without importing each other; it is pure (no I/O, no frameworks), so a service's domain may use
it. The holidays come from the ``holidays`` package (``NL``, category ``public``), with two
decisions of our own, applied whatever the package version says:

- **Goede Vrijdag is a werkdag.** It is not in the Algemene termijnenwet and not a national day off
  (the package lists it as public); a region whose staff have it off sets
  ``kalender.goede_vrijdag_vrij`` in its region file.
- **Bevrijdingsdag (5 May) is a day off in lustrum years only** (2025, 2030, …), the Dutch
  convention most collective agreements follow (the package does the same for ``public``). A region
  may choose ``elk-jaar`` or ``nooit`` instead (``kalender.bevrijdingsdag``).

A region may add its own days off (``kalender.extra_vrije_dagen``). Everything else (Nieuwjaarsdag,
Tweede paasdag, Koningsdag — on Saturday when 27 April is a Sunday —, Hemelvaartsdag, Tweede
pinksterdag, both Kerstdagen) is the package's. Weekends are never werkdagen.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

import holidays

__all__ = [
    "NEDERLAND",
    "Bevrijdingsdag",
    "Kalender",
    "Werkdagkalender",
    "is_werkdag",
    "paaszondag",
    "plus_werkdagen",
    "werkdagen_tussen",
    "werkdagkalender",
]


class Bevrijdingsdag(enum.StrEnum):
    """When 5 May is a day off."""

    LUSTRUM = "lustrum"
    ELK_JAAR = "elk-jaar"
    NOOIT = "nooit"


class Kalender(Protocol):
    """What a termijn needs of a calendar (``Werkdagkalender`` fits; tests may pass a fake)."""

    def is_werkdag(self, dag: date) -> bool: ...

    def plus_werkdagen(self, dag: date, aantal: int) -> date: ...

    def werkdagen_tussen(self, van: date, tot: date) -> int: ...

    def eerstvolgende_werkdag(self, dag: date) -> date: ...


def paaszondag(jaar: int) -> date:
    """Easter Sunday (Gregorian; the anonymous "Meeus/Jones/Butcher" algorithm)."""
    a = jaar % 19
    b, c = divmod(jaar, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    maand, dag = divmod(h + m - 7 * n + 114, 31)
    return date(jaar, maand, dag + 1)


@functools.cache
def _pakket_feestdagen(jaar: int) -> dict[date, str]:
    """The package's Dutch public holidays of one year, built once per year."""
    return dict(holidays.country_holidays("NL", years=jaar, language="nl"))


@dataclass(frozen=True)
class Werkdagkalender:
    """Monday to Friday, except the region's days off (see the module docstring)."""

    goede_vrijdag_vrij: bool = False
    bevrijdingsdag: Bevrijdingsdag = Bevrijdingsdag.LUSTRUM
    extra_vrije_dagen: frozenset[date] = field(default_factory=frozenset)

    def feestdagen(self, jaar: int) -> dict[date, str]:
        """The days off of ``jaar`` (weekdays or not) with their Dutch names, in date order."""
        return dict(_feestdagen(self, jaar))

    def is_werkdag(self, dag: date) -> bool:
        return dag.weekday() < 5 and dag not in _feestdagen(self, dag.year)

    def plus_werkdagen(self, dag: date, aantal: int) -> date:
        """The werkdag ``aantal`` werkdagen after ``dag`` (``dag`` itself does not count).

        ``0`` is ``dag`` itself, even in a weekend or on a holiday (acuut does not wait);
        a negative ``aantal`` counts back (the werkdag that many werkdagen before ``dag``).
        """
        stap = timedelta(days=1 if aantal >= 0 else -1)
        over = abs(aantal)
        while over > 0:
            dag += stap
            if self.is_werkdag(dag):
                over -= 1
        return dag

    def werkdagen_tussen(self, van: date, tot: date) -> int:
        """How many werkdagen lie after ``van`` up to and including ``tot`` (negative if before).

        So ``werkdagen_tussen(d, plus_werkdagen(d, n)) == n`` for every ``n >= 0``, and the same
        day gives 0.
        """
        if tot < van:
            return -self.werkdagen_tussen(tot, van)
        return sum(1 for i in range(1, (tot - van).days + 1) if self.is_werkdag(van + timedelta(i)))

    def eerstvolgende_werkdag(self, dag: date) -> date:
        """``dag`` itself when it is a werkdag, else the next werkdag (Algemene termijnenwet)."""
        while not self.is_werkdag(dag):
            dag += timedelta(days=1)
        return dag


@functools.cache
def _feestdagen(kalender: Werkdagkalender, jaar: int) -> dict[date, str]:
    dagen = dict(_pakket_feestdagen(jaar))
    goede_vrijdag = paaszondag(jaar) - timedelta(days=2)
    if kalender.goede_vrijdag_vrij:
        dagen[goede_vrijdag] = "Goede vrijdag"
    else:
        dagen.pop(goede_vrijdag, None)
    vijf_mei = date(jaar, 5, 5)
    dagen.pop(vijf_mei, None)
    if kalender.bevrijdingsdag is Bevrijdingsdag.ELK_JAAR or (
        kalender.bevrijdingsdag is Bevrijdingsdag.LUSTRUM and jaar % 5 == 0
    ):
        dagen[vijf_mei] = "Bevrijdingsdag"
    for extra in kalender.extra_vrije_dagen:
        if extra.year == jaar:
            dagen.setdefault(extra, "Vrije dag van de regio")
    return dict(sorted(dagen.items()))


def werkdagkalender(
    *,
    goede_vrijdag_vrij: bool = False,
    bevrijdingsdag: Bevrijdingsdag | str = Bevrijdingsdag.LUSTRUM,
    extra_vrije_dagen: Iterable[date] = (),
) -> Werkdagkalender:
    """A calendar with the region's choices (the region file's ``kalender`` block)."""
    return Werkdagkalender(
        goede_vrijdag_vrij=goede_vrijdag_vrij,
        bevrijdingsdag=Bevrijdingsdag(bevrijdingsdag),
        extra_vrije_dagen=frozenset(extra_vrije_dagen),
    )


#: The national calendar: what a region gets when its file has no ``kalender`` block.
NEDERLAND = Werkdagkalender()


def is_werkdag(dag: date) -> bool:
    """Whether ``dag`` is a werkdag on the national calendar."""
    return NEDERLAND.is_werkdag(dag)


def plus_werkdagen(dag: date, aantal: int) -> date:
    """``Werkdagkalender.plus_werkdagen`` on the national calendar."""
    return NEDERLAND.plus_werkdagen(dag, aantal)


def werkdagen_tussen(van: date, tot: date) -> int:
    """``Werkdagkalender.werkdagen_tussen`` on the national calendar."""
    return NEDERLAND.werkdagen_tussen(van, tot)

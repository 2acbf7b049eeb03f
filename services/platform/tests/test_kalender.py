"""The working-day calendar: Dutch public holidays, Goede Vrijdag, Bevrijdingsdag, counting."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from zvh_platform.kalender import (
    NEDERLAND,
    Bevrijdingsdag,
    is_werkdag,
    paaszondag,
    plus_werkdagen,
    werkdagen_tussen,
    werkdagkalender,
)


@pytest.mark.parametrize("jaar", range(1966, 2101))
def test_paaszondag_matches_the_holidays_package(jaar: int) -> None:
    tweede_paasdag = [
        d
        for d, naam in holidays.country_holidays("NL", years=jaar, language="nl").items()
        if "Tweede paasdag" in naam
    ]
    assert tweede_paasdag == [paaszondag(jaar) + timedelta(days=1)]


def test_the_national_days_off_of_2027() -> None:
    assert list(NEDERLAND.feestdagen(2027)) == [
        date(2027, 1, 1),  # Nieuwjaarsdag
        date(2027, 3, 28),  # Eerste paasdag
        date(2027, 3, 29),  # Tweede paasdag
        date(2027, 4, 27),  # Koningsdag
        date(2027, 5, 6),  # Hemelvaartsdag
        date(2027, 5, 16),  # Eerste pinksterdag
        date(2027, 5, 17),  # Tweede pinksterdag
        date(2027, 12, 25),  # Eerste kerstdag
        date(2027, 12, 26),  # Tweede kerstdag
    ]


def test_goede_vrijdag_is_a_werkdag_unless_the_region_has_it_off() -> None:
    goede_vrijdag = date(2027, 3, 26)
    assert "Goede vrijdag" in holidays.country_holidays("NL", years=2027, language="nl").values()
    assert is_werkdag(goede_vrijdag)
    vrij = werkdagkalender(goede_vrijdag_vrij=True)
    assert not vrij.is_werkdag(goede_vrijdag)
    assert vrij.feestdagen(2027)[goede_vrijdag] == "Goede vrijdag"


@pytest.mark.parametrize(
    ("jaar", "vrij"), [(2025, True), (2026, False), (2027, False), (2029, False), (2030, True)]
)
def test_bevrijdingsdag_only_in_lustrum_years(jaar: int, vrij: bool) -> None:
    vijf_mei = date(jaar, 5, 5)
    assert (vijf_mei in NEDERLAND.feestdagen(jaar)) is vrij


def test_bevrijdingsdag_every_year_or_never() -> None:
    dinsdag = date(2026, 5, 5)
    assert is_werkdag(dinsdag)
    assert not werkdagkalender(bevrijdingsdag="elk-jaar").is_werkdag(dinsdag)
    maandag = date(2025, 5, 5)
    assert not is_werkdag(maandag)
    assert werkdagkalender(bevrijdingsdag=Bevrijdingsdag.NOOIT).is_werkdag(maandag)


def test_koningsdag_on_a_sunday_moves_to_saturday() -> None:
    assert date(2025, 4, 26) in NEDERLAND.feestdagen(2025)  # 27 April 2025 was a Sunday
    assert is_werkdag(date(2025, 4, 28))


def test_extra_days_off_of_the_region() -> None:
    dag = date(2026, 11, 27)  # a Friday
    kalender = werkdagkalender(extra_vrije_dagen=[dag])
    assert is_werkdag(dag) and not kalender.is_werkdag(dag)
    assert kalender.plus_werkdagen(date(2026, 11, 26), 1) == date(2026, 11, 30)


def test_weekends_are_never_werkdagen() -> None:
    assert not is_werkdag(date(2026, 11, 28)) and not is_werkdag(date(2026, 11, 29))
    assert is_werkdag(date(2026, 11, 27)) and is_werkdag(date(2026, 11, 30))


def test_plus_werkdagen_over_christmas_and_new_year() -> None:
    kerstavond = date(2026, 12, 24)  # Thursday; 25 Fri and 26 Sat are Kerstdagen
    assert plus_werkdagen(kerstavond, 1) == date(2026, 12, 28)
    assert plus_werkdagen(kerstavond, 3) == date(2026, 12, 30)
    assert plus_werkdagen(kerstavond, 5) == date(2027, 1, 4)  # 31 Dec, then past Nieuwjaarsdag
    assert plus_werkdagen(kerstavond, 0) == kerstavond
    assert plus_werkdagen(date(2026, 12, 26), 0) == date(2026, 12, 26)  # 0: the day itself


def test_plus_werkdagen_over_easter_2027() -> None:
    goede_vrijdag = date(2027, 3, 26)
    assert plus_werkdagen(goede_vrijdag, 1) == date(2027, 3, 30)  # Tweede paasdag is off
    assert plus_werkdagen(date(2027, 3, 25), 1) == goede_vrijdag
    assert werkdagkalender(goede_vrijdag_vrij=True).plus_werkdagen(date(2027, 3, 25), 1) == date(
        2027, 3, 30
    )


def test_plus_werkdagen_backwards() -> None:
    assert plus_werkdagen(date(2026, 12, 28), -1) == date(2026, 12, 24)
    assert plus_werkdagen(date(2027, 1, 4), -5) == date(2026, 12, 24)


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5, 10, 30])
@pytest.mark.parametrize(
    "start", [date(2026, 12, 24), date(2027, 3, 26), date(2027, 3, 27), date(2030, 5, 3)]
)
def test_werkdagen_tussen_inverts_plus_werkdagen(start: date, n: int) -> None:
    eind = plus_werkdagen(start, n)
    assert werkdagen_tussen(start, eind) == n
    assert werkdagen_tussen(eind, start) == -n


def test_werkdagen_tussen_counts_after_the_first_day_up_to_the_last() -> None:
    assert werkdagen_tussen(date(2026, 12, 24), date(2026, 12, 24)) == 0
    assert werkdagen_tussen(date(2026, 12, 24), date(2026, 12, 27)) == 0  # Fri 25, Sat, Sun
    assert werkdagen_tussen(date(2026, 12, 23), date(2026, 12, 31)) == 5  # 24, 28, 29, 30, 31
    assert werkdagen_tussen(date(2026, 12, 21), date(2026, 12, 31)) == 7


def test_eerstvolgende_werkdag() -> None:
    assert NEDERLAND.eerstvolgende_werkdag(date(2026, 12, 25)) == date(2026, 12, 28)
    assert NEDERLAND.eerstvolgende_werkdag(date(2026, 12, 28)) == date(2026, 12, 28)

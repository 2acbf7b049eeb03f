"""The dashboard's rules: red/amber/green over weekends and holidays, percentiles, the week."""

from __future__ import annotations

from datetime import date

import pytest
from zvh_overleg.domain.dashboard import (
    OnthoudendeKalender,
    Rag,
    Verdeling,
    oranje_tot,
    percentiel,
    rag,
    verdeling,
    week_van,
)
from zvh_platform.kalender import NEDERLAND, Werkdagkalender


@pytest.mark.parametrize(
    ("wanneer", "verwacht"),
    [
        (date(2030, 3, 1), Rag.ROOD),  # last Friday: passed
        (date(2030, 3, 3), Rag.ROOD),  # yesterday (Sunday)
        (date(2030, 3, 4), Rag.ORANJE),  # today
        (date(2030, 3, 6), Rag.ORANJE),  # 2 werkdagen ahead
        (date(2030, 3, 7), Rag.GROEN),  # 3 werkdagen ahead
    ],
)
def test_rag_on_an_ordinary_monday(wanneer: date, verwacht: Rag) -> None:
    assert rag(wanneer, vandaag=date(2030, 3, 4)) is verwacht


def test_amber_reaches_over_the_weekend_on_a_friday() -> None:
    vrijdag = date(2030, 3, 8)
    assert oranje_tot(vrijdag) == date(2030, 3, 12)  # Mon 11 and Tue 12
    assert rag(date(2030, 3, 12), vandaag=vrijdag) is Rag.ORANJE
    assert rag(date(2030, 3, 13), vandaag=vrijdag) is Rag.GROEN


def test_easter_monday_does_not_count_so_amber_reaches_tuesday() -> None:
    """Thursday 25 March 2027: Goede Vrijdag is a werkdag (1), Tweede paasdag is not, so the
    second werkdag is Tuesday 30 March; without the holiday it would have been Monday."""
    donderdag = date(2027, 3, 25)
    assert oranje_tot(donderdag) == date(2027, 3, 30)
    assert rag(date(2027, 3, 30), vandaag=donderdag) is Rag.ORANJE
    assert rag(date(2027, 3, 31), vandaag=donderdag) is Rag.GROEN


def test_christmas_days_do_not_count() -> None:
    woensdag = date(2026, 12, 23)  # Thu 24 counts; 25, 26 (and the weekend) do not
    assert rag(date(2026, 12, 28), vandaag=woensdag) is Rag.ORANJE
    assert rag(date(2026, 12, 29), vandaag=woensdag) is Rag.GROEN
    assert rag(date(2026, 12, 22), vandaag=woensdag) is Rag.ROOD


def test_the_regions_own_day_off_counts_too() -> None:
    kalender = Werkdagkalender(extra_vrije_dagen=frozenset({date(2030, 3, 5)}))
    assert oranje_tot(date(2030, 3, 4), kalender) == date(2030, 3, 7)
    assert rag(date(2030, 3, 7), vandaag=date(2030, 3, 4), kalender=kalender) is Rag.ORANJE
    assert rag(date(2030, 3, 7), vandaag=date(2030, 3, 4), kalender=NEDERLAND) is Rag.GROEN


def test_percentiles_of_a_histogram() -> None:
    # 1,1,1,2,2,3,5,8,13,21 days
    h = {1: 3, 2: 2, 3: 1, 5: 1, 8: 1, 13: 1, 21: 1}
    assert percentiel(h, 50) == 2.0
    assert percentiel(h, 90) == 13.0
    assert percentiel(h, 100) == 21.0
    assert verdeling(h) == Verdeling(aantal=10, mediaan=2.0, p90=13.0)
    assert verdeling({}) == Verdeling(aantal=0, mediaan=None, p90=None)
    assert percentiel({4: 1}, 90) == 4.0


def test_week_runs_monday_to_sunday() -> None:
    assert week_van(date(2030, 3, 4)) == (date(2030, 3, 4), date(2030, 3, 10))
    assert week_van(date(2030, 3, 10)) == (date(2030, 3, 4), date(2030, 3, 10))


def test_the_remembering_calendar_counts_as_the_regions() -> None:
    regio = Werkdagkalender(
        goede_vrijdag_vrij=True, extra_vrije_dagen=frozenset({date(2027, 4, 1)})
    )
    snel = OnthoudendeKalender(regio)
    start = date(2026, 12, 1)
    for i in range(0, 200, 3):
        dag = date.fromordinal(start.toordinal() + i)
        for n in (-3, 0, 1, 2, 3, 10):
            assert snel.plus_werkdagen(dag, n) == regio.plus_werkdagen(dag, n), (dag, n)
        assert snel.is_werkdag(dag) == regio.is_werkdag(dag)
        assert snel.eerstvolgende_werkdag(dag) == regio.eerstvolgende_werkdag(dag)
    assert snel.werkdagen_tussen(date(2027, 3, 25), date(2027, 4, 6)) == regio.werkdagen_tussen(
        date(2027, 3, 25), date(2027, 4, 6)
    )

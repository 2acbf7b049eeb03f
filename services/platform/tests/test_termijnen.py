"""Termijnen: every default over a holiday, months over month ends, and a region's overrides."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from zvh_platform.kalender import NEDERLAND, werkdagkalender
from zvh_platform.region import RegionInvalid, load_region
from zvh_platform.settings import ServiceSettings
from zvh_platform.termijnen import (
    STANDAARD,
    Betreft,
    Casemanagementmodel,
    Eenheid,
    Termijn,
    Termijnen,
    deadline,
)

GOEDE_VRIJDAG_2027 = date(2027, 3, 26)  # Tweede paasdag is Monday 29 March
KERSTAVOND_2026 = date(2026, 12, 24)  # Thursday; Kerstdagen Fri 25 and Sat 26, Nieuwjaar Fri 1

#: Every default termijn's deadline from a start on Goede Vrijdag 2027 and on 24 December 2026.
VERWACHT: dict[str, tuple[date, date]] = {
    "triage-acuut": (date(2027, 3, 26), date(2026, 12, 24)),  # the same day
    "triage-hoog": (date(2027, 3, 30), date(2026, 12, 28)),
    "triage-normaal": (date(2027, 4, 1), date(2026, 12, 30)),
    "triage-laag": (date(2027, 4, 5), date(2027, 1, 4)),
    "eerste-contact": (date(2027, 3, 31), date(2026, 12, 29)),
    "hulp-gestart": (date(2027, 4, 1), date(2026, 12, 30)),
    # 26 June 2027 is a Saturday: the next werkdag
    "eerste-hulp": (date(2027, 6, 28), date(2027, 3, 24)),
    "verslag": (date(2027, 4, 1), date(2026, 12, 30)),
    "herbeoordeling-client-geinformeerd": (date(2027, 3, 26), date(2026, 12, 24)),
    "actie": (date(2027, 3, 26), date(2026, 12, 24)),
    # 26 September 2027 is a Sunday: the next werkdag
    "nacontrole": (date(2027, 9, 27), date(2027, 6, 24)),
    "uitnodiging-beantwoord": (date(2027, 3, 31), date(2026, 12, 29)),
}


def test_every_default_termijn_has_an_expectation() -> None:
    assert list(VERWACHT) == [t.code for t in STANDAARD]
    assert list(Termijnen()) == [t.code for t in STANDAARD]


@pytest.mark.parametrize("termijn", STANDAARD, ids=lambda t: t.code)
def test_every_default_termijn_over_easter(termijn: Termijn) -> None:
    assert deadline(termijn, GOEDE_VRIJDAG_2027, NEDERLAND) == VERWACHT[termijn.code][0]


@pytest.mark.parametrize("termijn", STANDAARD, ids=lambda t: t.code)
def test_every_default_termijn_over_christmas(termijn: Termijn) -> None:
    assert deadline(termijn, KERSTAVOND_2026, NEDERLAND) == VERWACHT[termijn.code][1]


def test_a_region_with_goede_vrijdag_off_counts_from_it_differently() -> None:
    vrij = werkdagkalender(goede_vrijdag_vrij=True)
    termijnen = Termijnen()
    donderdag = date(2027, 3, 25)
    assert deadline(termijnen["triage-hoog"], donderdag, NEDERLAND) == GOEDE_VRIJDAG_2027
    assert deadline(termijnen["triage-hoog"], donderdag, vrij) == date(2027, 3, 30)


def test_the_start_moment_counts_on_its_dutch_day() -> None:
    hoog = Termijnen().triage("hoog")
    # 23:30 UTC on Thursday 25 March 2027 is 00:30 on Goede Vrijdag in Amsterdam (CET)
    nacht = datetime(2027, 3, 25, 23, 30, tzinfo=UTC)
    assert deadline(hoog, nacht) == date(2027, 3, 30)
    # 22:30 UTC on 23 December is still 23:30 on the 23rd in Amsterdam
    assert deadline(hoog, datetime(2026, 12, 23, 22, 30, tzinfo=UTC)) == KERSTAVOND_2026


def test_a_naive_start_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        deadline(Termijnen()["verslag"], datetime(2027, 3, 26, 12, 0))


def _maanden(n: int) -> Termijn:
    return Termijnen().met_lengte("nacontrole", lengte=n)["nacontrole"]


@pytest.mark.parametrize(
    ("start", "n", "verwacht"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # a Friday
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year, a Tuesday
        (date(2027, 1, 31), 1, date(2027, 3, 1)),  # 28 February 2027 is a Sunday
        (date(2026, 8, 31), 6, date(2027, 3, 1)),  # over the year end, to 28 February
        (date(2026, 10, 31), 6, date(2027, 4, 30)),  # 30 April: the month has no 31st
        (date(2027, 1, 27), 3, date(2027, 4, 28)),  # 27 April 2027 is Koningsdag
        (date(2026, 12, 31), 0, date(2026, 12, 31)),
    ],
)
def test_months_over_month_ends(start: date, n: int, verwacht: date) -> None:
    assert deadline(_maanden(n), start) == verwacht


def test_weeks_move_off_a_holiday() -> None:
    week = Termijnen().met_lengte("hulp-gestart", lengte=1, eenheid=Eenheid.WEKEN)["hulp-gestart"]
    assert deadline(week, date(2026, 12, 18)) == date(2026, 12, 28)  # Fri 25 Dec → Mon 28
    assert deadline(week, GOEDE_VRIJDAG_2027) == date(2027, 4, 2)


def test_an_explicit_date_stays_even_on_a_sunday() -> None:
    zondag = date(2027, 3, 28)
    assert deadline(Termijnen()["actie"], zondag) == zondag


def test_eerste_hulp_only_for_coordinatie_plus_and_intensief() -> None:
    termijnen = Termijnen()
    eerste_hulp = termijnen["eerste-hulp"]
    assert not eerste_hulp.geldt_voor(Casemanagementmodel.MAKELAAR)
    assert eerste_hulp.geldt_voor(Casemanagementmodel.COORDINATIE_PLUS)
    assert eerste_hulp.geldt_voor(Casemanagementmodel.INTENSIEF)
    makelaar = [t.code for t in termijnen.voor_model(Casemanagementmodel.MAKELAAR)]
    assert "eerste-hulp" not in makelaar and len(makelaar) == len(STANDAARD) - 1
    for model in Casemanagementmodel:
        assert len(termijnen.voor_model(model)) >= len(STANDAARD) - 1


def test_every_default_names_start_meeting_event_whom_and_source() -> None:
    for t in STANDAARD:
        assert t.start and t.behaald_door and t.naam and t.bron, t.code
        assert isinstance(t.betreft, Betreft)
    assert Termijnen()["actie"].betreft is Betreft.ACTIEHOUDER
    assert Termijnen()["uitnodiging-beantwoord"].betreft is Betreft.GENODIGDE


# --- the region file ---------------------------------------------------------------------------


def _regio(tmp_path: Path, **blokken: Any) -> Path:
    path = tmp_path / "regio.json"
    path.write_text(
        json.dumps(
            {
                "naam": "ZVH Test",
                "partners": [{"code": "zvh", "naam": "ZVH", "email": "zvh@example.org"}],
                **blokken,
            }
        )
    )
    return path


def test_a_region_without_blocks_has_the_defaults_and_the_national_calendar(
    tmp_path: Path,
) -> None:
    region = load_region(_regio(tmp_path))
    assert region.werkdagkalender() == NEDERLAND
    termijnen = region.termijnen_van_regio()
    assert [termijnen[c] for c in termijnen] == list(STANDAARD)


def test_the_demo_region_has_the_defaults() -> None:
    region = ServiceSettings(service="intake", env="test").region()
    assert list(region.termijnen_van_regio().values()) == list(STANDAARD)
    assert region.werkdagkalender() == NEDERLAND


def test_a_region_overrides_lengths_and_its_calendar(tmp_path: Path) -> None:
    region = load_region(
        _regio(
            tmp_path,
            kalender={"goede_vrijdag_vrij": True, "extra_vrije_dagen": ["2027-04-01"]},
            termijnen={
                "eerste-contact": {"lengte": 5},
                "hulp-gestart": {"lengte": 1, "eenheid": "weken"},
                "triage-hoog": {"lengte": 2},
            },
        )
    )
    termijnen = region.termijnen_van_regio()
    kalender = region.werkdagkalender()
    assert termijnen["eerste-contact"].lengte == 5
    assert termijnen["eerste-contact"].eenheid is Eenheid.WERKDAGEN
    assert termijnen["verslag"] == Termijnen()["verslag"]  # untouched
    donderdag = date(2027, 3, 25)
    # Goede Vrijdag, Tweede paasdag and 1 April off: 30, 31 March, 2, 5, 6 April
    assert deadline(termijnen["eerste-contact"], donderdag, kalender) == date(2027, 4, 6)
    assert deadline(termijnen["triage-hoog"], donderdag, kalender) == date(2027, 3, 31)
    # one week: Thursday 1 April is the region's day off → Friday 2 April
    assert deadline(termijnen["hulp-gestart"], donderdag, kalender) == date(2027, 4, 2)


@pytest.mark.parametrize(
    ("blokken", "reden"),
    [
        ({"termijnen": {"eerste-kontakt": {"lengte": 2}}}, "unknown termijn code 'eerste-kontakt'"),
        ({"termijnen": {"verslag": {"lengte": -1}}}, "between 0 and 260 werkdagen"),
        ({"termijnen": {"nacontrole": {"lengte": 300}}}, "between 0 and 36 maanden"),
        ({"termijnen": {"verslag": {"lengte": 3, "eenheid": "jaar"}}}, "termijnen.verslag.eenheid"),
        ({"termijnen": {"verslag": {"lengte": "3"}}}, "termijnen.verslag.lengte"),
        ({"termijnen": {"verslag": {"lengte": True}}}, "termijnen.verslag.lengte"),
        ({"termijnen": {"verslag": {"lengte": 3, "wie": "x"}}}, "termijnen.verslag.wie"),
        ({"termijnen": {"actie": {"lengte": 2}}}, "its length cannot be configured"),
        ({"kalender": {"bevrijdingsdag": "soms"}}, "kalender.bevrijdingsdag"),
        ({"kalender": {"goede_vrijdag": True}}, "kalender.goede_vrijdag"),
    ],
)
def test_a_bad_override_refuses_start_up(
    tmp_path: Path, blokken: dict[str, Any], reden: str
) -> None:
    path = _regio(tmp_path, **blokken)
    with pytest.raises(RegionInvalid) as fout:
        ServiceSettings(service="intake", env="test", region_file=path).region()
    assert reden in str(fout.value)
    assert str(path.resolve()) in str(fout.value)


def test_docs_list_every_default_with_its_length() -> None:
    docs = Path(__file__).resolve().parents[3] / "docs" / "termijnen.md"
    sectie = docs.read_text("utf-8").split("## The defaults")[1].split("\n## ")[0]
    rijen = {
        regel.split("|")[1].strip().strip("`"): regel
        for regel in sectie.splitlines()
        if regel.startswith("| `")
    }
    assert set(rijen) == {t.code for t in STANDAARD}
    enkelvoud = {"werkdagen": "werkdag", "dagen": "dag", "weken": "week", "maanden": "maand"}
    for t in STANDAARD:
        rij = rijen[t.code]
        assert f"`{t.start}`" in rij and f"`{t.behaald_door}`" in rij, t.code
        if t.eenheid is Eenheid.DAGEN:
            assert f"on its date ({t.lengte} dagen)" in rij, t.code
        else:
            eenheid = enkelvoud[t.eenheid] if t.lengte == 1 else t.eenheid.value
            assert f"| {t.lengte} {eenheid}" in rij, t.code

"""The VPT evaluation, its maatregelen and the yearly overview's suppression (pure domain)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from zvh_overleg.domain.rapportage import AFGESCHERMD, ONDERDRUKT
from zvh_overleg.domain.vpt_evaluatie import (
    MAX_TEKST,
    Evaluatie,
    EvaluatieOngeldig,
    Maatregel,
    MaatregelStatus,
    MaatregelTelling,
    tel_maatregelen,
)
from zvh_overleg.domain.vpt_overzicht import IncidentTelling, maak_overzicht

NU = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
DOSSIER = uuid.uuid4()


def _evaluatie(**kw: object) -> Evaluatie:
    args: dict[str, object] = {
        "dossier_id": DOSSIER,
        "organisatie": "gemeente-bergen-op-zoom",
        "gemeld_jaar": 2026,
        "wat_gebeurde": "Cliënt schold en dreigde aan de balie.",
        "wat_ging_goed": "Collega kwam direct bij.",
        "wat_moet_anders": "Alarmknop werkt niet; laten repareren.",
        "met_team": False,
        "deelnemers": None,
        "door": "vpt.dewit",
        "nu": NU,
    }
    args.update(kw)
    return Evaluatie.stel_vast(**args)  # type: ignore[arg-type]


def _maatregel(evaluatie: Evaluatie | None = None, **kw: Any) -> Maatregel:
    args: dict[str, object] = {
        "evaluatie": evaluatie if evaluatie is not None else _evaluatie(),
        "wat": "Alarmknop repareren",
        "eigenaar": "Facilitair, gemeente",
        "wanneer": date(2026, 12, 15),
        "door": "vpt.dewit",
        "nu": NU,
    }
    args.update(kw)
    return Maatregel.nieuw(**args)  # type: ignore[arg-type]


def test_an_evaluation_keeps_the_three_answers_trimmed_and_who_and_when() -> None:
    e = _evaluatie(wat_gebeurde="  Schelden aan de balie.  ", met_team=True, deelnemers=6)
    assert e.wat_gebeurde == "Schelden aan de balie."
    assert (e.door, e.vastgesteld_op, e.met_team, e.deelnemers) == ("vpt.dewit", NU, True, 6)
    assert (e.organisatie, e.gemeld_jaar) == ("gemeente-bergen-op-zoom", 2026)


@pytest.mark.parametrize(
    ("veld", "tekst"),
    [
        ("wat_gebeurde", "wat er gebeurde"),
        ("wat_ging_goed", "wat er goed ging"),
        ("wat_moet_anders", "wat er anders moet"),
    ],
)
def test_each_question_is_required_with_a_dutch_message_on_its_field(veld: str, tekst: str) -> None:
    with pytest.raises(EvaluatieOngeldig) as exc:
        _evaluatie(**{veld: "   "})
    assert exc.value.veld == veld
    assert str(exc.value) == f"Vul in: {tekst}."


def test_an_answer_longer_than_the_limit_is_refused() -> None:
    _evaluatie(wat_gebeurde="a" * MAX_TEKST)
    with pytest.raises(EvaluatieOngeldig, match="te lang: ten hoogste 2000 tekens") as exc:
        _evaluatie(wat_gebeurde="a" * (MAX_TEKST + 1))
    assert exc.value.veld == "wat_gebeurde"


def test_with_the_team_needs_a_count_and_without_it_drops_one() -> None:
    with pytest.raises(EvaluatieOngeldig) as exc:
        _evaluatie(met_team=True, deelnemers=None)
    assert exc.value.veld == "deelnemers"
    with pytest.raises(EvaluatieOngeldig, match="1 tot en met 100"):
        _evaluatie(met_team=True, deelnemers=0)
    assert _evaluatie(met_team=False, deelnemers=4).deelnemers is None


def test_a_maatregel_needs_the_evaluation_first() -> None:
    with pytest.raises(EvaluatieOngeldig, match="Leg eerst de evaluatie vast"):
        Maatregel.nieuw(
            evaluatie=None, wat="x", eigenaar="y", wanneer=date(2026, 12, 1), door="d", nu=NU
        )


def test_a_maatregel_copies_the_organisation_and_year_and_starts_open() -> None:
    m = _maatregel()
    assert (m.dossier_id, m.organisatie, m.gemeld_jaar) == (
        DOSSIER,
        "gemeente-bergen-op-zoom",
        2026,
    )
    assert m.status is MaatregelStatus.OPEN and m.afgerond_op is None


@pytest.mark.parametrize(
    ("kw", "veld"),
    [
        ({"wat": ""}, "wat"),
        ({"eigenaar": " "}, "eigenaar"),
        ({"wanneer": None}, "wanneer"),
        ({"wanneer": date(2026, 11, 23)}, "wanneer"),
        ({"wat": "a" * 501}, "wat"),
    ],
)
def test_a_maatregel_refuses_missing_or_wrong_fields(kw: dict[str, Any], veld: str) -> None:
    with pytest.raises(EvaluatieOngeldig) as exc:
        _maatregel(**kw)
    assert exc.value.veld == veld


def test_status_gedaan_sets_afgerond_op_and_open_again_clears_it() -> None:
    m = _maatregel()
    later = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    m.zet_status("gedaan", nu=later)
    assert (m.status, m.afgerond_op) == (MaatregelStatus.GEDAAN, later)
    m.zet_status("open", nu=later)
    assert (m.status, m.afgerond_op) == (MaatregelStatus.OPEN, None)
    with pytest.raises(EvaluatieOngeldig, match="open, gedaan of vervallen"):
        m.zet_status("klaar", nu=later)


def test_overdue_is_open_after_wanneer_only() -> None:
    m = _maatregel(wanneer=date(2026, 12, 15))
    assert not m.te_laat(vandaag=date(2026, 12, 15))
    assert m.te_laat(vandaag=date(2026, 12, 16))
    m.zet_status("gedaan", nu=NU)
    assert not m.te_laat(vandaag=date(2026, 12, 16))


def test_counting_maatregelen_splits_open_overdue_done_and_lapsed() -> None:
    ms = [_maatregel(wanneer=date(2026, 12, d)) for d in (1, 2, 20, 21, 22)]
    ms[2].zet_status("gedaan", nu=NU)
    ms[3].zet_status("vervallen", nu=NU)
    t = tel_maatregelen(ms, vandaag=date(2026, 12, 10))
    assert t == MaatregelTelling(open=1, te_laat=2, gedaan=1, vervallen=1)
    assert t.totaal == 5


def _weergave(overzicht, sleutel):  # type: ignore[no-untyped-def]
    [tabel] = [t for t in overzicht.tabellen if t.sleutel == sleutel]
    return {c.onderdeel: c.weergave for c in (*tabel.cijfers, tabel.totaal) if c is not None}


def test_the_overview_shows_large_counts_and_the_evaluated_share() -> None:
    o = maak_overzicht(
        jaar=2026,
        organisatie="gemeente-bergen-op-zoom",
        organisatie_naam="Gemeente Bergen op Zoom",
        incidenten=IncidentTelling(
            totaal=40,
            soorten={
                "verbaal": 30,
                "bedreiging": 12,
                "fysiek": 6,
                "intimidatie-online": 0,
                "schade-aan-eigendom": 9,
            },
            politie_ter_plaatse=7,
            urgent=0,
        ),
        geevalueerd=10,
        maatregelen=MaatregelTelling(open=6, te_laat=5, gedaan=9, vervallen=0),
    )
    ev = _weergave(o, "evaluatie")
    assert ev == {
        "Geëvalueerd": "10",
        "Nog niet geëvalueerd": "30",
        "Aandeel geëvalueerd": "25%",
        "Gemelde incidenten": "40",
    }
    assert o.aandeel_geevalueerd.waarde == 25
    assert _weergave(o, "soorten")["Verbale agressie"] == "30"
    assert _weergave(o, "omstandigheden") == {"Politie ter plaatse": "7", "Urgent gemeld": "0"}
    assert _weergave(o, "maatregelen")["Te laat (open na de afgesproken datum)"] == "5"
    assert ("Gemeld en geëvalueerd", "Geëvalueerd", 10, "10") in o.regels()


def test_the_overview_suppresses_small_counts_like_the_quarterly_report() -> None:
    o = maak_overzicht(
        jaar=2026,
        organisatie="gemeente-bergen-op-zoom",
        organisatie_naam="Gemeente Bergen op Zoom",
        incidenten=IncidentTelling(
            totaal=20,
            soorten={"verbaal": 15, "bedreiging": 8, "fysiek": 2},
            politie_ter_plaatse=3,
        ),
        geevalueerd=3,
        maatregelen=MaatregelTelling(open=2, gedaan=8, te_laat=6),
    )
    ev = _weergave(o, "evaluatie")
    # 3 of 20 evaluated: the 3 is "< 5" and the 17 hidden so it cannot be subtracted
    assert ev["Geëvalueerd"] == ONDERDRUKT
    assert ev["Nog niet geëvalueerd"] == AFGESCHERMD
    assert ev["Aandeel geëvalueerd"] == AFGESCHERMD
    assert o.aandeel_geevalueerd.waarde is None
    soorten = _weergave(o, "soorten")
    assert soorten["Fysiek geweld"] == ONDERDRUKT
    assert soorten["Bedreiging"] == AFGESCHERMD
    assert _weergave(o, "omstandigheden")["Politie ter plaatse"] == ONDERDRUKT
    m = _weergave(o, "maatregelen")
    assert m["Open"] == ONDERDRUKT and AFGESCHERMD in m.values()
    assert all(w is None for _, _, w, s in o.regels() if s in (ONDERDRUKT, AFGESCHERMD))


def test_a_total_hidden_in_one_table_is_hidden_in_the_other_too() -> None:
    # 4 reported, none evaluated: every part small, so the total is hidden in both tables
    o = maak_overzicht(
        jaar=2026,
        organisatie=None,
        organisatie_naam="Alle organisaties",
        incidenten=IncidentTelling(totaal=7, soorten={"verbaal": 4, "fysiek": 3}),
        geevalueerd=0,
        maatregelen=MaatregelTelling(),
    )
    assert _weergave(o, "soorten")["Gemelde incidenten"] == AFGESCHERMD
    ev = _weergave(o, "evaluatie")
    assert ev["Gemelde incidenten"] == AFGESCHERMD
    assert ev["Nog niet geëvalueerd"] == AFGESCHERMD  # else it would give the total away

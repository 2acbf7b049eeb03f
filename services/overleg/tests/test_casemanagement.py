"""The casemanagement model: the checklist's suggestion, the reason to differ, termijnen."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from zvh_contracts.vocab import Casemanagementmodel as M
from zvh_overleg.application.casemanagement import (
    Inclusiecriteria,
    Keten,
    ketens_uit,
    modelkeuze_fouten,
    termijnen_van_casus,
    voorgesteld_model,
    wijziging_fouten,
)


@pytest.mark.parametrize(
    ("criteria", "model"),
    [
        (Inclusiecriteria(), M.MAKELAAR),
        (Inclusiecriteria(leefgebieden=3), M.MAKELAAR),
        (Inclusiecriteria(ketens=frozenset({Keten.ZORG})), M.MAKELAAR),
        (Inclusiecriteria(acuut_geweld=True), M.COORDINATIE_PLUS),
        (Inclusiecriteria(ketens=frozenset({Keten.ZORG, Keten.STRAF})), M.COORDINATIE_PLUS),
        (Inclusiecriteria(leefgebieden=4), M.INTENSIEF),
        (Inclusiecriteria(acuut_geweld=True, leefgebieden=6), M.INTENSIEF),
        (Inclusiecriteria(acuut_geweld=True, leefgebieden=3), M.COORDINATIE_PLUS),
    ],
)
def test_the_checklist_suggests_a_model(criteria: Inclusiecriteria, model: M) -> None:
    assert voorgesteld_model(criteria) is model


def test_following_the_suggestion_needs_no_reason() -> None:
    assert modelkeuze_fouten(voorgesteld=M.INTENSIEF, gekozen=M.INTENSIEF, reden=None) == []


def test_choosing_otherwise_needs_a_reason() -> None:
    fouten = modelkeuze_fouten(voorgesteld=M.INTENSIEF, gekozen=M.MAKELAAR, reden="  ")
    assert [f.veld for f in fouten] == ["model_reden"]
    assert "reden" in fouten[0].melding and "Intensief" in fouten[0].melding
    assert modelkeuze_fouten(voorgesteld=M.INTENSIEF, gekozen=M.MAKELAAR, reden="capaciteit") == []


def test_a_reason_is_bounded_and_a_model_required() -> None:
    lang = modelkeuze_fouten(voorgesteld=M.MAKELAAR, gekozen=M.INTENSIEF, reden="x" * 2001)
    assert [f.veld for f in lang] == ["model_reden"]
    geen = modelkeuze_fouten(voorgesteld=M.MAKELAAR, gekozen=None, reden=None)
    assert [f.veld for f in geen] == ["model"]


def test_a_later_change_needs_another_model_and_a_reason() -> None:
    assert [f.veld for f in wijziging_fouten(huidig=M.MAKELAAR, nieuw=M.MAKELAAR, reden="x")] == [
        "model"
    ]
    assert [f.veld for f in wijziging_fouten(huidig=M.MAKELAAR, nieuw=M.INTENSIEF, reden="")] == [
        "reden"
    ]
    assert wijziging_fouten(huidig=M.MAKELAAR, nieuw=M.INTENSIEF, reden="escalatie") == []


def test_ketens_from_a_form_ignore_unknown_values() -> None:
    assert ketens_uit(["zorg", "straf", "onzin"]) == frozenset({Keten.ZORG, Keten.STRAF})


# Thursday 23 December 2027 at 10:00 in Amsterdam: Christmas and the weekend follow.
GEOPEND = datetime(2027, 12, 23, 9, 0, tzinfo=UTC)


def test_a_makelaar_casus_has_no_eerste_hulp() -> None:
    codes = [t.code for t in termijnen_van_casus(M.MAKELAAR, geopend_op=GEOPEND)]
    assert codes == ["eerste-contact", "hulp-gestart"]


@pytest.mark.parametrize("model", [M.COORDINATIE_PLUS, M.INTENSIEF])
def test_coordinatie_plus_and_intensief_have_eerste_hulp(model: M) -> None:
    per_code = {t.code: t.uiterlijk for t in termijnen_van_casus(model, geopend_op=GEOPEND)}
    # 24 Dec is a werkdag; 25/26 Christmas (a weekend too), 27 Dec the next werkdag.
    assert per_code == {
        "eerste-contact": date(2027, 12, 27),
        "hulp-gestart": date(2027, 12, 28),
        "eerste-hulp": date(2028, 3, 23),
    }


def test_the_nacontrole_applies_once_the_casus_is_closed() -> None:
    gesloten = termijnen_van_casus(
        M.MAKELAAR, geopend_op=GEOPEND, afgesloten_op=datetime(2028, 1, 31, 12, tzinfo=UTC)
    )
    assert [(t.code, t.uiterlijk) for t in gesloten][-1] == ("nacontrole", date(2028, 7, 31))

"""The triage rules in ``zvh_contracts.triage``: one table, the messages are Dutch sentences."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from zvh_contracts.triage import (
    TriageOpdracht,
    herbeoordeling_minimum,
    herbeoordeling_standaard,
    triage_fouten,
    vastgelegde_triage,
)

VANDAAG = date(2025, 3, 13)
PARTNERS = ("zvh", "politie-zwb", "ggz-wnb")
CASUS: dict[str, Any] = {"uitkomst": "casus", "ave_fase": 3, "client_geinformeerd": True}
NIET: dict[str, Any] = {**CASUS, "client_geinformeerd": False, "reden_niet_geinformeerd": "x"}


@pytest.mark.parametrize(
    ("invoer", "velden"),
    [
        (CASUS, []),
        ({**CASUS, "ave_fase": None}, ["ave_fase"]),
        ({**CASUS, "ave_fase": 0}, ["ave_fase"]),
        ({**CASUS, "ave_fase": 6}, ["ave_fase"]),
        ({"uitkomst": "advies", "client_geinformeerd": True}, []),
        ({"uitkomst": "advies", "ave_fase": 9, "client_geinformeerd": True}, ["ave_fase"]),
        ({"client_geinformeerd": True}, ["uitkomst"]),
        ({"uitkomst": "terugverwezen"}, ["client_geinformeerd"]),
        ({**CASUS, "client_geinformeerd": False}, ["reden_niet_geinformeerd"]),
        ({**NIET, "reden_niet_geinformeerd": "   "}, ["reden_niet_geinformeerd"]),
        ({**NIET, "reden_niet_geinformeerd": "x" * 2001}, ["reden_niet_geinformeerd"]),
        (NIET, []),  # no date: intake fills in its default
        ({**NIET, "herbeoordeling_op": VANDAAG}, ["herbeoordeling_op"]),
        ({**NIET, "herbeoordeling_op": VANDAAG - timedelta(days=1)}, ["herbeoordeling_op"]),
        ({**NIET, "herbeoordeling_op": VANDAAG + timedelta(days=1)}, []),
        ({**CASUS, "herbeoordeling_op": VANDAAG - timedelta(days=1)}, []),  # informed: dropped
        ({**CASUS, "uit_te_nodigen_partners": ["ggz-wnb", "nergens", "zvh"]},
         ["uit_te_nodigen_partners[1]", "uit_te_nodigen_partners[2]"]),
        ({**CASUS, "uit_te_nodigen_partners": ["ggz-wnb"] * 31}, ["uit_te_nodigen_partners"]),
        ({**CASUS, "bestaande_casus_id": uuid.uuid4()}, []),
        ({"uitkomst": "advies", "client_geinformeerd": True, "bestaande_casus_id": uuid.uuid4()},
         ["bestaande_casus_id"]),
        ({}, ["uitkomst", "client_geinformeerd"]),
    ],
)  # fmt: skip
def test_rules(invoer: dict[str, Any], velden: list[str]) -> None:
    fouten = triage_fouten(TriageOpdracht(**invoer), vandaag=VANDAAG, partners=PARTNERS)
    assert [f.veld for f in fouten] == velden
    for fout in fouten:
        assert fout.melding[0].isupper() and fout.melding.endswith("."), fout


def test_partners_unchecked_without_a_region() -> None:
    opdracht = TriageOpdracht(**CASUS, uit_te_nodigen_partners=["nergens"])
    assert triage_fouten(opdracht, vandaag=VANDAAG) == []


def test_minimum_and_default_of_the_herbeoordelingsdatum() -> None:
    assert herbeoordeling_minimum(VANDAAG) == date(2025, 3, 14)
    assert herbeoordeling_standaard(VANDAAG) == VANDAAG + timedelta(days=91)
    minimum = TriageOpdracht(**NIET, herbeoordeling_op=herbeoordeling_minimum(VANDAAG))
    assert triage_fouten(minimum, vandaag=VANDAAG) == []
    te_vroeg = minimum.model_copy(update={"herbeoordeling_op": VANDAAG})
    assert [f.veld for f in triage_fouten(te_vroeg, vandaag=VANDAAG)] == ["herbeoordeling_op"]


def test_recorded_triage_fills_the_default_and_drops_what_does_not_apply() -> None:
    niet = vastgelegde_triage(
        TriageOpdracht(**{**NIET, "reden_niet_geinformeerd": " veiligheid "}), vandaag=VANDAAG
    )
    assert niet.herbeoordeling_op == herbeoordeling_standaard(VANDAAG)
    assert niet.reden_niet_geinformeerd == "veiligheid"
    gekozen = VANDAAG + timedelta(days=10)
    assert (
        vastgelegde_triage(
            TriageOpdracht(**NIET, herbeoordeling_op=gekozen), vandaag=VANDAAG
        ).herbeoordeling_op
        == gekozen
    )
    wel = vastgelegde_triage(
        TriageOpdracht(
            **CASUS,
            reden_niet_geinformeerd="x",
            herbeoordeling_op=gekozen,
            uit_te_nodigen_partners=["ggz-wnb", "politie-zwb", "ggz-wnb"],
        ),
        vandaag=VANDAAG,
    )
    assert wel.reden_niet_geinformeerd is None and wel.herbeoordeling_op is None
    assert wel.uit_te_nodigen_partners == ["ggz-wnb", "politie-zwb"]


def test_unknown_fields_are_refused() -> None:
    with pytest.raises(ValueError):
        TriageOpdracht.model_validate({**CASUS, "onbekend": 1})

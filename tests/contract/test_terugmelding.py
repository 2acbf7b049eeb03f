"""The terugmelding to the melder: the two public types and the triage fields they are fed by."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from pydantic import ValidationError
from zvh_contracts.envelope import derived_id
from zvh_contracts.partner.casus_v1 import CasusAfgesloten
from zvh_contracts.partner.melding_v1 import MeldingGetrieerd
from zvh_contracts.privacy import content_fields
from zvh_contracts.registry import EVENTS, FROM_ZVH
from zvh_contracts.schema import json_schema
from zvh_contracts.triage import TriageOpdracht, casus_id_van, triage_fouten, vastgelegde_triage

NU = datetime(2025, 11, 25, 9, 40, tzinfo=UTC)
VANDAAG = date(2025, 11, 25)
MELDING = uuid.uuid4()


def _getrieerd(**velden: Any) -> MeldingGetrieerd:
    basis: dict[str, Any] = {
        "melding_id": MELDING,
        "melder_referentie": "PZWB-1",
        "getrieerd_op": NU,
    }
    return MeldingGetrieerd.model_validate({**basis, **velden})


def test_both_types_go_to_the_partner_only() -> None:
    for t, publisher in (
        ("zvh.partner.melding.getrieerd.v1", "intake"),
        ("zvh.partner.casus.afgesloten.v1", "overleg"),
    ):
        assert EVENTS[t].topic == FROM_ZVH and EVENTS[t].publisher == publisher


def test_getrieerd_carries_only_what_belongs_to_its_uitkomst() -> None:
    casus = uuid.uuid4()
    assert _getrieerd(uitkomst="casus", casus_id=casus).subject() == str(MELDING)
    assert _getrieerd(uitkomst="advies", advies=" Bel de wijkagent. ").advies == "Bel de wijkagent."
    assert _getrieerd(uitkomst="terugverwezen", reden_terugverwijzing="x").casus_id is None
    assert _getrieerd(uitkomst="advies").advies is None  # no text given at triage
    for fout in (
        {"uitkomst": "casus"},
        {"uitkomst": "advies", "casus_id": casus},
        {"uitkomst": "casus", "casus_id": casus, "advies": "x"},
        {"uitkomst": "advies", "reden_terugverwijzing": "x"},
        {"uitkomst": "advies", "advies": "x" * 2001},
    ):
        with pytest.raises(ValidationError):
            _getrieerd(**fout)


def test_the_answer_texts_are_content_and_the_closing_carries_none() -> None:
    """Classified ``inhoud``: the no-content rule would refuse them on any internal topic."""
    assert sorted(content_fields(json_schema("zvh.partner.melding.getrieerd.v1"))) == [
        "advies: x-zvh-klasse 'inhoud' may not travel on an internal topic",
        "reden_terugverwijzing: x-zvh-klasse 'inhoud' may not travel on an internal topic",
    ]
    assert content_fields(json_schema("zvh.partner.casus.afgesloten.v1")) == []
    assert "toelichting" not in CasusAfgesloten.model_fields


def test_afgesloten_names_at_least_one_melding() -> None:
    casus = uuid.uuid4()
    event = CasusAfgesloten(
        casus_id=casus, melding_ids=[MELDING], afsluitreden="doel-bereikt", afgesloten_op=NU
    )
    assert event.subject() == str(casus)
    with pytest.raises(ValidationError):
        CasusAfgesloten(
            casus_id=casus, melding_ids=[], afsluitreden="doel-bereikt", afgesloten_op=NU
        )


def test_casus_id_van_is_the_id_overleg_opens_the_casus_under() -> None:
    assert casus_id_van(MELDING) == derived_id("zvh-overleg", "casus", MELDING)


def test_recorded_triage_keeps_each_text_only_with_its_uitkomst() -> None:
    def vast(uitkomst: str) -> TriageOpdracht:
        opdracht = TriageOpdracht(
            uitkomst=uitkomst,
            ave_fase=3 if uitkomst == "casus" else None,
            client_geinformeerd=True,
            advies="  Neem contact op met het wijkteam. ",
            reden_terugverwijzing=" Eerst zelf huisbezoek. ",
        )
        assert triage_fouten(opdracht, vandaag=VANDAAG) == []
        return vastgelegde_triage(opdracht, vandaag=VANDAAG)

    advies, terug, casus = vast("advies"), vast("terugverwezen"), vast("casus")
    assert (advies.advies, advies.reden_terugverwijzing) == (
        "Neem contact op met het wijkteam.",
        None,
    )
    assert (terug.advies, terug.reden_terugverwijzing) == (None, "Eerst zelf huisbezoek.")
    assert (casus.advies, casus.reden_terugverwijzing) == (None, None)
    leeg = TriageOpdracht(uitkomst="advies", client_geinformeerd=True, advies="   ")
    assert vastgelegde_triage(leeg, vandaag=VANDAAG).advies is None


def test_too_long_answer_texts_are_refused_in_dutch() -> None:
    opdracht = TriageOpdracht(
        uitkomst="terugverwezen", client_geinformeerd=True, reden_terugverwijzing="x" * 2001
    )
    [fout] = triage_fouten(opdracht, vandaag=VANDAAG)
    assert fout.veld == "reden_terugverwijzing"
    assert fout.melding == "Gebruik hoogstens 2000 tekens voor de reden."

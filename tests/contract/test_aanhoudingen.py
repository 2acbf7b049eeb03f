"""The police's daily list of arrests: ids, pseudonyms and codes only, nothing else gets through."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from zvh_contracts.partner.aanhouding_v1 import AanhoudingenIngediend
from zvh_contracts.privacy import content_fields
from zvh_contracts.registry import EVENTS, TO_ZVH, partner_type_owner
from zvh_contracts.schema import json_schema

TYPE = "zvh.partner.aanhoudingen.ingediend.v1"
EXAMPLE = Path(__file__).parents[2] / "contracts" / "examples" / f"{TYPE}.json"


def _lijst(**aanhouding: Any) -> dict[str, Any]:
    entry = {
        "aanhouding_id": "AH-1",
        "persoon_pseudoniem": "0123456789abcdef",
        "feitcodes": ["F110"],
        "tijdstip": "2026-11-24T02:15:00+01:00",
        **aanhouding,
    }
    return {"lijst_id": "L-1", "datum": "2026-11-24", "aanhoudingen": [entry]}


def test_the_police_submits_it_on_its_to_zvh_topic_and_intake_answers() -> None:
    assert EVENTS[TYPE].topic == TO_ZVH and EVENTS[TYPE].publisher == "partner"
    assert partner_type_owner(TYPE) == "intake"


def test_the_schema_forbids_extra_fields_at_every_level() -> None:
    schema = json_schema(TYPE)
    assert schema["additionalProperties"] is False
    assert schema["$defs"]["Aanhouding"]["additionalProperties"] is False
    assert content_fields(schema) == []


def test_the_example_is_valid() -> None:
    lijst = AanhoudingenIngediend.model_validate_json(EXAMPLE.read_bytes())
    assert lijst.subject() == json.loads(EXAMPLE.read_text())["lijst_id"]


@pytest.mark.parametrize(
    "fout",
    [
        {"omschrijving": "man sloeg zijn buurman"},  # free text in an extra field
        {"persoon_pseudoniem": "Jan de Vries"},  # a name where a pseudonym belongs
        {"persoon_pseudoniem": "999990019"},  # a BSN is no pseudonym either
        {"feitcodes": ["mishandeling van de buurman"]},  # a description is no feitcode
        {"feitcodes": []},
        {"gemeente": "Bergen op Zoom"},
        {"aanhouding_id": "AH 1 met spaties"},
    ],
)
def test_anything_but_ids_pseudonyms_and_codes_is_refused(fout: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        AanhoudingenIngediend.model_validate(_lijst(**fout))


def test_free_text_beside_the_list_is_refused_too() -> None:
    with pytest.raises(ValidationError):
        AanhoudingenIngediend.model_validate({**_lijst(), "toelichting": "drukke nacht"})


def test_an_arrest_appears_once_per_list() -> None:
    body = _lijst()
    body["aanhoudingen"].append(body["aanhoudingen"][0])
    with pytest.raises(ValidationError, match="meer dan eens"):
        AanhoudingenIngediend.model_validate(body)

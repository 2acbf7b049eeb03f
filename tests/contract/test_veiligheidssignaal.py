"""The veiligheidssignaal on an actie (issue 10, part 5): an optional field of codes and dates.

Partner adapters built against the released ``actie.toegewezen`` keep working (the field is
optional and absent means none); the field carries nothing but a code from the vocabulary and a
date, so no incident content can travel with it.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from zvh_contracts.compat import breaking_changes
from zvh_contracts.overleg import casus_v1 as overleg
from zvh_contracts.partner import actie_v1 as partner
from zvh_contracts.privacy import content_fields
from zvh_contracts.schema import json_schema
from zvh_contracts.veiligheidssignaal import Veiligheidssignaal
from zvh_contracts.vocab import VEILIGHEIDSSIGNAAL_LABELS, Veiligheidssignaalcode

RELEASED = Path(__file__).resolve().parents[2] / "contracts" / "released"
TYPES = [
    "zvh.partner.actie.toegewezen.v1",
    "zvh.partner.actie.gewijzigd.v1",
    "zvh.overleg.casus.actie-toegewezen.v1",
    "zvh.overleg.casus.actie-gewijzigd.v1",
]


def _actie(**extra: Any) -> dict[str, Any]:
    return {
        "actie_id": str(uuid.uuid4()),
        "casus_id": str(uuid.uuid4()),
        "wat": "Huisbezoek",
        "wie": "ggz-wnb",
        "wanneer": "2026-12-01",
        **extra,
    }


@pytest.mark.parametrize("event_type", TYPES)
def test_the_field_is_optional_and_compatible_with_the_release(event_type: str) -> None:
    schema = json_schema(event_type)
    assert "veiligheidssignalen" in schema["properties"]
    assert "veiligheidssignalen" not in schema.get("required", [])
    released = RELEASED / f"{event_type}.json"
    assert released.exists(), "the released schema to stay compatible with"
    assert breaking_changes(json.loads(released.read_text()), schema) == []


@pytest.mark.parametrize("event_type", TYPES)
def test_the_field_carries_no_content(event_type: str) -> None:
    assert content_fields(json_schema(event_type)) == []


def test_a_released_message_without_the_field_reads_as_no_signals() -> None:
    actie = partner.ActieToegewezen.model_validate(_actie())
    assert actie.veiligheidssignalen == []


def test_signals_travel_as_code_and_date() -> None:
    actie = partner.ActieToegewezen.model_validate(
        _actie(veiligheidssignalen=[{"code": "geen-huisbezoek", "geldig_tot": "2027-01-31"}])
    )
    assert actie.veiligheidssignalen == [
        Veiligheidssignaal(
            code=Veiligheidssignaalcode.GEEN_HUISBEZOEK, geldig_tot=date(2027, 1, 31)
        )
    ]
    assert json.loads(actie.model_dump_json())["veiligheidssignalen"] == [
        {"code": "geen-huisbezoek", "geldig_tot": "2027-01-31"}
    ]


@pytest.mark.parametrize(
    "signaal",
    [
        {"code": "klant sloeg de wijkagent", "geldig_tot": "2027-01-31"},  # free text as code
        {"code": "agressie-bekend"},  # no end date
        {"code": "agressie-bekend", "geldig_tot": "binnenkort"},
    ],
)
def test_anything_but_a_known_code_and_a_date_is_refused(signaal: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        partner.ActieToegewezen.model_validate(_actie(veiligheidssignalen=[signaal]))


def test_a_toelichting_beside_the_code_is_dropped() -> None:
    actie = overleg.ActieGewijzigd.model_validate(
        {
            **_actie(),
            "gewijzigd_op": "2026-11-24T10:00:00+01:00",
            "veiligheidssignalen": [
                {"code": "agressie-bekend", "geldig_tot": "2027-01-31", "toelichting": "geslagen"}
            ],
        }
    )
    assert "geslagen" not in actie.model_dump_json()


def test_every_code_has_a_dutch_label() -> None:
    assert set(VEILIGHEIDSSIGNAAL_LABELS) == set(Veiligheidssignaalcode)
    assert VEILIGHEIDSSIGNAAL_LABELS[Veiligheidssignaalcode.NIET_ALLEEN_OP_HUISBEZOEK] == (
        "Niet alleen op huisbezoek"
    )

"""Every event type has a realistic example that both its JSON Schema and its model accept."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from zvh_contracts.registry import EVENTS, parse
from zvh_contracts.schema import json_schema

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
EXAMPLES = CONTRACTS / "examples"

FORMATS = FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _rfc3339(value: object) -> bool:
    """jsonschema only checks date-time with an extra package: RFC 3339 needs an offset."""
    if not isinstance(value, str):
        return True
    return datetime.fromisoformat(value).tzinfo is not None


def _example(event_type: str) -> Any:
    return json.loads((EXAMPLES / f"{event_type}.json").read_text(encoding="utf-8"))


def test_every_event_type_has_an_example_and_no_strays() -> None:
    present = {p.name.removesuffix(".json") for p in EXAMPLES.glob("*.json")}
    assert sorted(set(EVENTS) - present) == [], "event types without an example"
    assert sorted(present - set(EVENTS)) == [], "examples for unknown event types"


@pytest.mark.parametrize("event_type", sorted(EVENTS))
def test_example_validates_against_json_schema(event_type: str) -> None:
    schema = json_schema(event_type)
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FORMATS)
    errors = [
        f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(_example(event_type))
    ]
    assert errors == []


@pytest.mark.parametrize("event_type", sorted(EVENTS))
def test_example_validates_against_model(event_type: str) -> None:
    raw = (EXAMPLES / f"{event_type}.json").read_text(encoding="utf-8")
    event = parse(event_type, raw)
    assert event.event_type == event_type
    assert event.subject()
    # The example holds no field the model would silently drop (extra="ignore").
    assert set(_example(event_type)) <= set(type(event).model_fields)


def test_format_checker_rejects_a_bad_date_time() -> None:
    schema = json_schema("zvh.overleg.casus.geopend.v1")
    body = {**_example("zvh.overleg.casus.geopend.v1"), "geopend_op": "2025-11-25T10:15:00"}
    validator = Draft202012Validator(schema, format_checker=FORMATS)
    assert [e.json_path for e in validator.iter_errors(body)] == ["$.geopend_op"]

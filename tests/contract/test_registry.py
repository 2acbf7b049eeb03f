"""Parsing message bodies through the registry, and the melding's own rules."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from zvh_contracts.partner.melding_v1 import MeldingIngediend, MeldingOntvangen, elfproef
from zvh_contracts.registry import EVENTS, UnknownEventType, ValidationError, parse

EXAMPLES = Path(__file__).resolve().parents[2] / "contracts" / "examples"
INGEDIEND = "zvh.partner.melding.ingediend.v1"
ONTVANGEN = "zvh.partner.melding.ontvangen.v1"


def _melding(**changes: Any) -> dict[str, Any]:
    body = json.loads((EXAMPLES / f"{INGEDIEND}.json").read_text(encoding="utf-8"))
    body.update(changes)
    return body  # type: ignore[no-any-return]


def _parse(body: dict[str, Any], event_type: str = INGEDIEND) -> Any:
    return parse(event_type, json.dumps(body))


def test_registry_keys_are_the_event_types() -> None:
    for event_type, spec in EVENTS.items():
        assert spec.type == event_type
        assert spec.model.event_type == event_type
        assert event_type.startswith(f"zvh.{event_type.split('.')[1]}.")
        assert event_type.endswith(".v1")


def test_parse_returns_the_model() -> None:
    event = _parse(_melding())
    assert isinstance(event, MeldingIngediend)
    assert event.subject() == "PL2000-2025112301234"


def test_parse_accepts_bytes() -> None:
    assert isinstance(parse(INGEDIEND, json.dumps(_melding()).encode()), MeldingIngediend)


def test_unknown_type_raises() -> None:
    with pytest.raises(UnknownEventType, match=r"zvh\.partner\.melding\.ingediend\.v9"):
        parse("zvh.partner.melding.ingediend.v9", b"{}")


@pytest.mark.parametrize(
    "body",
    [b"not json", b"[]", b"{}", json.dumps(_melding(urgentie="kritiek")).encode()],
)
def test_invalid_body_raises_validation_error(body: bytes) -> None:
    with pytest.raises(ValidationError):
        parse(INGEDIEND, body)


@pytest.mark.parametrize("bsn", ["999990019", "999990032", "999991164"])
def test_elfproef_accepts_test_bsns(bsn: str) -> None:
    assert elfproef(bsn)


@pytest.mark.parametrize("bsn", ["123456780", "999990018", "000000000"])
def test_elfproef_rejects(bsn: str) -> None:
    assert not elfproef(bsn)


def test_bsn_failing_the_elfproef_is_rejected() -> None:
    body = _melding()
    body["betrokkenen"][0]["bsn"] = "999990018"
    with pytest.raises(ValidationError, match="elfproef"):
        _parse(body)


def test_bsn_of_wrong_length_is_rejected() -> None:
    body = _melding()
    body["betrokkenen"][0]["bsn"] = "99999001"
    with pytest.raises(ValidationError, match="bsn"):
        _parse(body)


def test_reden_niet_geinformeerd_required_when_client_not_informed() -> None:
    with pytest.raises(ValidationError, match="reden_niet_geinformeerd is verplicht"):
        _parse(_melding(client_geinformeerd=False, reden_niet_geinformeerd=None))


def test_no_reden_needed_when_client_informed() -> None:
    event = _parse(_melding(client_geinformeerd=True, reden_niet_geinformeerd=None))
    assert event.client_geinformeerd is True


def test_melding_needs_a_betrokkene() -> None:
    with pytest.raises(ValidationError, match="betrokkenen"):
        _parse(_melding(betrokkenen=[]))


def test_receipt_needs_a_melding_id() -> None:
    with pytest.raises(ValidationError, match="melding_id is required"):
        _parse({"status": "ontvangen"}, ONTVANGEN)


def test_rejection_needs_a_reason() -> None:
    with pytest.raises(ValidationError, match="at least one reden"):
        _parse({"status": "afgewezen", "in_antwoord_op": str(uuid.uuid4())}, ONTVANGEN)


def test_rejection_with_reason_parses() -> None:
    event = _parse(
        {
            "status": "afgewezen",
            "in_antwoord_op": str(uuid.uuid4()),
            "redenen": [
                {"veld": "betrokkenen.0.bsn", "melding": "BSN voldoet niet aan de elfproef"}
            ],
        },
        ONTVANGEN,
    )
    assert isinstance(event, MeldingOntvangen)
    assert event.subject() == str(event.in_antwoord_op)

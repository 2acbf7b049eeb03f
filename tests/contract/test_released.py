"""Every current schema stays compatible with the released baseline in contracts/released/.

Unlike test_compat's comparison with a git revision, this works in any checkout (a tarball, a
shallow clone without tags): the baseline is committed. New event types pass and are listed as
skips (``-ra``) until the next release takes them in.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from zvh_contracts import released
from zvh_contracts.compat import breaking_changes
from zvh_contracts.registry import EVENTS
from zvh_contracts.schema import current_schemas, json_schema, main

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
BASELINE = released.load(CONTRACTS)
HINT = (
    "publish a new version (v2) beside the released one instead; the baseline moves only with "
    "`python -m zvh_contracts.schema contracts --release`"
)


def test_a_baseline_is_released() -> None:
    assert BASELINE, f"no released schemas under {CONTRACTS / released.RELEASED_DIR}"


@pytest.mark.parametrize("event_type", sorted(EVENTS))
def test_schema_is_compatible_with_released(event_type: str) -> None:
    if event_type not in BASELINE:
        pytest.skip(f"new event type {event_type}: not released yet, nothing to be compatible with")
    problems = breaking_changes(BASELINE[event_type], json_schema(event_type))
    assert problems == [], f"{event_type} breaks its released schema; {HINT}:\n  " + "\n  ".join(
        problems
    )


def test_no_released_event_type_disappeared() -> None:
    gone = sorted(set(BASELINE) - set(EVENTS))
    assert not gone, f"released event types no model generates any more: {gone}; {HINT}"


# --- the check catches what it should ------------------------------------------------------------


def _current() -> dict[str, Any]:
    return {etype: json.loads(text) for etype, text in current_schemas().items()}


def _an_object_type() -> str:
    """A released event type whose body has properties (every one does; the first will do)."""
    return next(etype for etype, schema in sorted(BASELINE.items()) if schema.get("properties"))


def test_a_required_field_added_is_caught() -> None:
    etype = _an_object_type()
    current = _current()
    current[etype]["properties"]["nieuw_verplicht"] = {"type": "string"}
    current[etype]["required"] = [*current[etype].get("required", []), "nieuw_verplicht"]
    result = released.compare(BASELINE, current)
    assert not result.ok
    assert "nieuw_verplicht: new required property" in result.breaking[etype]


def test_a_field_removed_is_caught() -> None:
    etype = _an_object_type()
    current = _current()
    field = sorted(current[etype]["properties"])[0]
    del current[etype]["properties"][field]
    if field in current[etype].get("required", []):
        current[etype]["required"].remove(field)
    result = released.compare(BASELINE, current)
    assert f"{field}: property removed" in result.breaking[etype]


def test_an_optional_field_added_passes() -> None:
    etype = _an_object_type()
    current = _current()
    current[etype]["properties"]["nieuw_optioneel"] = {"type": "string"}
    result = released.compare(BASELINE, current)
    assert etype not in result.breaking, result.describe()


def test_a_removed_event_type_is_caught_and_a_new_one_listed() -> None:
    etype = _an_object_type()
    current = _current()
    del current[etype]
    current["zvh.test.iets.nieuw.v1"] = {"type": "object", "properties": {}}
    result = released.compare(BASELINE, current)
    assert etype in result.removed
    assert "zvh.test.iets.nieuw.v1" in result.new
    assert not result.ok
    assert f"{etype}: event type removed" in result.describe()


# --- refreshing the baseline ----------------------------------------------------------------------


@pytest.fixture
def contracts_copy(tmp_path: Path) -> Path:
    shutil.copytree(CONTRACTS / released.RELEASED_DIR, tmp_path / released.RELEASED_DIR)
    return tmp_path


def test_release_refuses_a_breaking_change(contracts_copy: Path) -> None:
    etype = _an_object_type()
    texts = current_schemas()
    broken = json.loads(texts[etype])
    broken["required"] = [*broken.get("required", []), "nieuw_verplicht"]
    texts[etype] = json.dumps(broken)
    before = (contracts_copy / released.RELEASED_DIR / f"{etype}.json").read_text()
    with pytest.raises(released.BreakingRelease, match="nieuw_verplicht: new required property"):
        released.release(contracts_copy, texts)
    after = (contracts_copy / released.RELEASED_DIR / f"{etype}.json").read_text()
    assert after == before


def test_release_takes_in_new_types_and_drops_retired_ones_only_when_allowed(
    contracts_copy: Path,
) -> None:
    folder = contracts_copy / released.RELEASED_DIR
    (folder / "zvh.test.iets.oud.v1.json").write_text('{"type": "object"}', encoding="utf-8")
    texts = {**current_schemas(), "zvh.test.iets.nieuw.v1": '{"type": "object"}\n'}
    with pytest.raises(
        released.BreakingRelease, match=re.escape("zvh.test.iets.oud.v1: event type removed")
    ):
        released.release(contracts_copy, texts)
    released.release(contracts_copy, texts, allow_breaking=True)
    assert sorted(released.load(contracts_copy)) == sorted(texts)


def test_the_cli_writes_the_baseline_and_exits_1_on_a_breaking_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(tmp_path), "--release"]) == 0
    assert released.load(tmp_path) == _current()
    etype = _an_object_type()
    path = tmp_path / released.RELEASED_DIR / f"{etype}.json"
    loose = json.loads(path.read_text())
    loose["properties"]["al_uitgebracht"] = {"type": "string"}  # released, now missing
    path.write_text(json.dumps(loose))
    assert main([str(tmp_path), "--release"]) == 1
    assert "al_uitgebracht: property removed" in capsys.readouterr().err
    assert json.loads(path.read_text()) == loose

"""The committed JSON Schemas and AsyncAPI documents are exactly what the models generate."""

from __future__ import annotations

from pathlib import Path

from zvh_contracts.schema import generated_files

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
GENERATED_DIRS = ("schemas", "asyncapi")
HINT = "the models changed: run `make contracts` and commit the regenerated files"


def _committed() -> dict[str, str]:
    return {
        str(p.relative_to(CONTRACTS)): p.read_text(encoding="utf-8")
        for d in GENERATED_DIRS
        for p in sorted((CONTRACTS / d).rglob("*"))
        if p.is_file()
    }


def test_generated_files_are_current() -> None:
    expected = generated_files()
    committed = _committed()
    missing = sorted(set(expected) - set(committed))
    stale = sorted(rel for rel in expected if rel in committed and committed[rel] != expected[rel])
    assert not missing, f"not generated yet: {missing}; {HINT}"
    assert not stale, f"stale generated files: {stale}; {HINT}"


def test_no_leftover_generated_files() -> None:
    extra = sorted(set(_committed()) - set(generated_files()))
    assert not extra, (
        f"files under {GENERATED_DIRS} that no model generates: {extra}; "
        "delete them and run `make contracts`"
    )

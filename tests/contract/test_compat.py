"""Schemas stay backward compatible within a major version (contracts/README.md, Versioning)."""

from __future__ import annotations

import copy
import enum
import json
import shutil
import subprocess
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, Field, create_model
from zvh_contracts.base import Actietekst, Event, PartnerCode, Referentie
from zvh_contracts.compat import breaking_changes
from zvh_contracts.registry import EVENTS
from zvh_contracts.schema import json_schema
from zvh_contracts.vocab import Urgentie

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"


# --- against the last release ------------------------------------------------------------------


def _git(*args: str) -> str | None:
    git = shutil.which("git")
    if git is None:
        return None
    done = subprocess.run([git, *args], cwd=CONTRACTS, capture_output=True, text=True, check=False)
    return done.stdout if done.returncode == 0 else None


def _base_revision() -> tuple[str, str] | None:
    """(revision, why): last release tag, else origin/main, else HEAD."""
    tag = _git("describe", "--tags", "--abbrev=0")
    if tag and tag.strip():
        return tag.strip(), "last release tag"
    if _git("rev-parse", "--verify", "--quiet", "origin/main^{commit}"):
        return "origin/main", "origin/main (no release tag yet)"
    if _git("rev-parse", "--verify", "--quiet", "HEAD^{commit}"):
        return "HEAD", "HEAD (no release tag, no origin/main)"
    return None


@pytest.fixture(scope="module")
def base() -> tuple[str, str, str]:
    """(revision, why, path of contracts/ inside the repository)."""
    rev = _base_revision()
    if rev is None:
        pytest.skip("compatibility check skipped: not a git checkout with a commit to compare with")
    prefix = (_git("rev-parse", "--show-prefix") or "").strip()
    return rev[0], rev[1], prefix


@pytest.mark.parametrize("event_type", sorted(EVENTS))
def test_schema_is_compatible_with_base(event_type: str, base: tuple[str, str, str]) -> None:
    rev, why, prefix = base
    committed = _git("show", f"{rev}:{prefix}schemas/{event_type}.json")
    if committed is None:
        return  # a new event type: nothing to be compatible with
    problems = breaking_changes(json.loads(committed), json_schema(event_type))
    assert problems == [], (
        f"{event_type} changed incompatibly since {rev} ({why}); "
        "publish a new version (v2) beside v1 instead:\n  " + "\n  ".join(problems)
    )


# --- breaking_changes, by model -------------------------------------------------------------------


class Prioriteit(enum.StrEnum):
    LAAG = "laag"
    HOOG = "hoog"


class MeerPrioriteit(enum.StrEnum):
    LAAG = "laag"
    HOOG = "hoog"
    SPOED = "spoed"


def _model(**overrides: Any) -> type[BaseModel]:
    """A small event model (same name every time), with fields replaced by ``overrides``."""
    fields: dict[str, Any] = {
        "casus_id": (uuid.UUID, ...),
        "wie": (PartnerCode, ...),
        "wat": (Actietekst, ...),
        "wanneer": (date, ...),
        "prioriteit": (Prioriteit, ...),
        "aantal": (int, Field(ge=0, le=10)),
        "referentie": (Referentie | None, None),
        "labels": (list[PartnerCode], Field(default_factory=list, max_length=5)),
    }
    fields.update(overrides)
    fields = {k: v for k, v in fields.items() if v is not None}
    return create_model("Voorbeeld", __base__=Event, **fields)


def _changes(**overrides: Any) -> list[str]:
    return breaking_changes(_model().model_json_schema(), _model(**overrides).model_json_schema())


def test_identical_models_are_compatible() -> None:
    assert _changes() == []


def test_adding_an_optional_field_is_compatible() -> None:
    assert _changes(toelichting_code=(Urgentie | None, None)) == []


def test_loosening_is_compatible() -> None:
    assert _changes(aantal=(int, Field(ge=0, le=100)), labels=(list[PartnerCode], [])) == []


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"wanneer": None}, "wanneer: property removed"),
        ({"referentie": (Referentie, ...)}, "referentie: property newly required"),
        ({"nieuw": (PartnerCode, ...)}, "nieuw: new required property"),
        ({"aantal": (str, ...)}, "aantal: type changed from integer to string"),
        ({"referentie": (int | None, None)}, "referentie: type changed from null | string to"),
        ({"prioriteit": (MeerPrioriteit, ...)}, "enum value(s) added: 'spoed'"),
        ({"aantal": (int, Field(ge=0, le=5))}, "aantal: maximum lowered from 10 to 5"),
        ({"aantal": (int, Field(ge=1, le=10))}, "aantal: minimum raised from 0 to 1"),
        (
            {"labels": (list[PartnerCode], Field(default_factory=list, max_length=2))},
            "labels: maxItems lowered from 5 to 2",
        ),
        ({"wanneer": (uuid.UUID, ...)}, "wanneer: format changed from 'date' to 'uuid'"),
    ],
)
def test_incompatible_model_change_is_caught(overrides: dict[str, Any], expected: str) -> None:
    problems = _changes(**overrides)
    assert any(expected in p for p in problems), problems


def test_enum_value_removed_is_caught() -> None:
    class MinderPrioriteit(enum.StrEnum):
        LAAG = "laag"

    assert _changes(prioriteit=(MinderPrioriteit, ...)) == [
        "prioriteit: enum value(s) removed: 'hoog'"
    ]


def test_forbidding_extra_properties_is_caught() -> None:
    class Strict(Event):
        model_config = ConfigDict(extra="forbid")

    old = _model().model_json_schema()
    streng = create_model(  # type: ignore[call-overload]
        "Voorbeeld",
        __base__=Strict,
        **{name: (f.annotation, f) for name, f in _model().model_fields.items()},
    )
    new = streng.model_json_schema()
    assert breaking_changes(old, new) == [
        "(root): additionalProperties tightened: extra properties no longer allowed"
    ]


# --- breaking_changes, by schema edit (nested, through $ref/$defs) ----------------------------

MELDING = "zvh.partner.melding.ingediend.v1"


def _edited(edit: Any) -> list[str]:
    old = json_schema(MELDING)
    new = copy.deepcopy(old)
    edit(new)
    return breaking_changes(old, new)


def _bsn(s: dict[str, Any]) -> dict[str, Any]:
    return s["$defs"]["Betrokkene"]["properties"]["bsn"]["anyOf"][0]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda s: s["$defs"]["Urgentie"]["enum"].append("kritiek"),
            "urgentie: enum value(s) added: 'kritiek'",
        ),
        (
            lambda s: s["$defs"]["Leefgebied"]["enum"].remove("werk-opleiding"),
            "leefgebieden[]: enum value(s) removed: 'werk-opleiding'",
        ),
        (
            lambda s: s["$defs"]["Betrokkene"]["properties"].pop("geboortedatum"),
            "betrokkenen[].geboortedatum: property removed",
        ),
        (
            lambda s: s["$defs"]["Betrokkene"]["required"].append("bsn"),
            "betrokkenen[].bsn: property newly required",
        ),
        (
            lambda s: _bsn(s).update(pattern="^[0-9]{8}$"),
            "betrokkenen[].bsn: pattern changed from '^[0-9]{9}$' to '^[0-9]{8}$'",
        ),
        (
            lambda s: s["properties"]["reden"].update(maxLength=500),
            "reden: maxLength lowered from 10000 to 500",
        ),
        (
            lambda s: s["properties"]["reden"].update(minLength=20),
            "reden: minLength raised from 1 to 20",
        ),
        (
            lambda s: s["properties"]["betrokkenen"].update(minItems=2),
            "betrokkenen: minItems raised from 1 to 2",
        ),
        (
            lambda s: s["properties"]["betrokkenen"].update(maxItems=10),
            "betrokkenen: maxItems lowered from 20 to 10",
        ),
        (
            lambda s: s["properties"]["reden"].update(format="email"),
            "reden: format changed from none to 'email'",
        ),
        (
            lambda s: s["properties"]["melder_referentie"].update(const="X-1"),
            "melder_referentie: const added ('X-1')",
        ),
        (
            lambda s: s["$defs"]["Betrokkene"].update(additionalProperties=False),
            "betrokkenen[]: additionalProperties tightened",
        ),
        (
            lambda s: s["properties"]["client_geinformeerd"].update(type="string"),
            "client_geinformeerd: type changed from boolean to string",
        ),
        (
            lambda s: s["properties"].update(voorgestelde_ave_fase={"type": "integer"}),
            "voorgestelde_ave_fase: type changed from integer | null to integer",
        ),
        (
            lambda s: s["properties"]["voorgestelde_ave_fase"]["anyOf"][0].update(maximum=4),
            "voorgestelde_ave_fase: maximum lowered from 5 to 4",
        ),
        (
            lambda s: s.update({"x-zvh-topic": "zvh.intake.melding.v1"}),
            "topic changed",
        ),
    ],
)
def test_incompatible_schema_edit_is_caught(edit: Any, expected: str) -> None:
    problems = _edited(edit)
    assert any(expected in p for p in problems), problems


def test_optional_property_added_in_a_nested_def_is_compatible() -> None:
    def edit(s: dict[str, Any]) -> None:
        s["$defs"]["Betrokkene"]["properties"]["roepnaam"] = {"type": "string", "maxLength": 50}

    assert _edited(edit) == []


def test_every_current_schema_is_compatible_with_itself() -> None:
    for event_type in EVENTS:
        schema = json_schema(event_type)
        assert breaking_changes(schema, copy.deepcopy(schema)) == [], event_type


def test_recursive_schemas_terminate() -> None:
    node: dict[str, Any] = {
        "$defs": {
            "Node": {
                "type": "object",
                "properties": {
                    "naam": {"type": "string", "maxLength": 10},
                    "kinderen": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
                },
            }
        },
        "$ref": "#/$defs/Node",
    }
    tighter = copy.deepcopy(node)
    tighter["$defs"]["Node"]["properties"]["naam"]["maxLength"] = 5
    problems = breaking_changes(node, tighter)  # returns at all: the recursion is cut off
    assert "naam: maxLength lowered from 10 to 5" in problems
    assert len(problems) <= 2

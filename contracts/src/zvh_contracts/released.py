"""The released contract baseline: the JSON Schemas partners were promised (contracts/README.md).

``contracts/released/`` holds one schema per event type as it stood at the last release. The
contract tests compare every current schema with it through :mod:`zvh_contracts.compat`, so a
breaking change fails in any checkout, without git tags. The baseline moves only on purpose:
``python -m zvh_contracts.schema --release``, which refuses while a change would break it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from zvh_contracts.compat import Schema, breaking_changes

#: Folder of the baseline, relative to contracts/.
RELEASED_DIR = "released"


@dataclass(frozen=True)
class Comparison:
    """How the current schemas stand against the released baseline."""

    breaking: dict[str, list[str]] = field(default_factory=dict)
    """Per released event type, what would reject a message that was valid before."""
    removed: list[str] = field(default_factory=list)
    """Released event types no model generates any more (consumers still expect them)."""
    new: list[str] = field(default_factory=list)
    """Event types without a baseline yet: nothing to be compatible with until released."""

    @property
    def ok(self) -> bool:
        return not self.breaking and not self.removed

    def describe(self) -> str:
        """A report for a person: what breaks, what was removed."""
        lines = [
            f"{etype}: {problem}" for etype, probs in self.breaking.items() for problem in probs
        ]
        lines += [f"{etype}: event type removed" for etype in self.removed]
        return "\n".join(lines)


def load(contracts_root: Path) -> dict[str, Schema]:
    """The released schemas, keyed by event type (empty when nothing was released yet)."""
    folder = contracts_root / RELEASED_DIR
    return {
        p.name.removesuffix(".json"): json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(folder.glob("*.json"))
    }


def compare(released: dict[str, Schema], current: dict[str, Schema]) -> Comparison:
    """Compare ``current`` schemas (by event type) with the ``released`` baseline."""
    breaking = {
        etype: problems
        for etype in sorted(released)
        if etype in current and (problems := breaking_changes(released[etype], current[etype]))
    }
    return Comparison(
        breaking=breaking,
        removed=sorted(set(released) - set(current)),
        new=sorted(set(current) - set(released)),
    )


class BreakingRelease(Exception):
    """The current schemas would break the released baseline: publish a new version instead."""


def release(
    contracts_root: Path, current: dict[str, str], *, allow_breaking: bool = False
) -> list[Path]:
    """Make the ``current`` schema texts (by event type) the new released baseline.

    Refuses (``BreakingRelease``) when that would silently accept a breaking change or drop an
    event type, unless ``allow_breaking`` says the partners agreed to it.
    """
    parsed = {etype: json.loads(text) for etype, text in current.items()}
    comparison = compare(load(contracts_root), parsed)
    if not comparison.ok and not allow_breaking:
        raise BreakingRelease(comparison.describe())
    folder = contracts_root / RELEASED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.json"):
        if stale.name.removesuffix(".json") not in current:
            stale.unlink()
    written = []
    for etype, text in sorted(current.items()):
        path = folder / f"{etype}.json"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written

"""Finding and fingerprinting the Rego files under the policy directory."""

from __future__ import annotations

import hashlib
from pathlib import Path

#: The rule every engine evaluates.
DECISION_PACKAGE = "zvh.authz"
DECISION_RULE = "decision"


def default_policy_dir() -> Path:
    """``services/consent/policies`` in a source checkout (the workspace installs editable)."""
    return Path(__file__).resolve().parents[3] / "policies"


def is_test_file(path: Path) -> bool:
    return path.name.endswith("_test.rego")


def _decision_first(path: Path) -> tuple[bool, Path]:
    return (path.name != f"{DECISION_RULE}.rego", path)


def policy_files(policy_dir: Path) -> list[Path]:
    """Every non-test ``.rego`` file, ``decision.rego`` first, then sorted (a stable hash).

    Measured with regorus 0.9.1: when another file of the package is loaded before the one that
    defines ``decision``, the tests' ``authz.decision`` (imported package) comes back undefined.
    """
    return sorted(
        (p for p in policy_dir.rglob("*.rego") if not is_test_file(p)), key=_decision_first
    )


def test_files(policy_dir: Path) -> list[Path]:
    return sorted(p for p in policy_dir.rglob("*.rego") if is_test_file(p))


def policy_hash(policy_dir: Path) -> str:
    """``sha256:<16 hex>`` over the relative names and contents of the policy files."""
    files = policy_files(policy_dir)
    if not files:
        raise FileNotFoundError(f"no .rego policy files under {policy_dir}")
    h = hashlib.sha256()
    for p in files:
        h.update(p.relative_to(policy_dir).as_posix().encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return "sha256:" + h.hexdigest()[:16]

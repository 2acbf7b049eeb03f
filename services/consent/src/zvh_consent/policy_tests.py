"""Run every ``*_test.rego`` under the policy directory with regorus.

``python -m zvh_consent.policy_tests [policy_dir]`` — exits 1 when a test fails or none is found.
The same files run under ``opa test services/consent/policies``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from zvh_consent.adapters.policy_files import default_policy_dir
from zvh_consent.adapters.regorus_engine import run_policy_tests


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    policy_dir = Path(args[0]) if args else default_policy_dir()
    results = run_policy_tests(policy_dir)
    for r in results:
        status = "PASS" if r.passed else "FAIL"
        suffix = f"  ({r.detail})" if r.detail else ""
        print(f"{status} {r.file}: {r.name}{suffix}")
    failed = [r for r in results if not r.passed]
    print(f"{len(results) - len(failed)}/{len(results)} Rego tests passed in {policy_dir}")
    return 1 if failed or not results else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Every ``*_test.rego`` runs under regorus; the runner itself reports failures honestly."""

from __future__ import annotations

from pathlib import Path

import pytest
from zvh_consent import policy_tests
from zvh_consent.adapters.policy_files import policy_files, policy_hash
from zvh_consent.adapters.regorus_engine import discover_tests, run_policy_tests


def test_every_rego_test_passes(policy_dir: Path) -> None:
    results = run_policy_tests(policy_dir)
    assert len(results) >= 15
    failed = [f"{r.file}: {r.name} {r.detail}" for r in results if not r.passed]
    assert failed == []


def test_every_policy_has_a_test_file_beside_it(policy_dir: Path) -> None:
    files = policy_files(policy_dir)
    assert files
    missing = [p for p in files if not p.with_name(p.stem + "_test.rego").exists()]
    assert missing == []


def test_cli_runs_all_tests(policy_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert policy_tests.main([str(policy_dir)]) == 0
    out = capsys.readouterr().out
    assert "FAIL" not in out
    assert "Rego tests passed" in out


def _write(root: Path, name: str, text: str) -> None:
    (root / name).write_text(text)


def test_runner_reports_false_undefined_and_errors(tmp_path: Path) -> None:
    _write(tmp_path, "p.rego", "package p\n\nx := 1\n")
    _write(
        tmp_path,
        "p_test.rego",
        "package p_test\n\nimport data.p\n\n"
        "test_ok if p.x == 1\n\n"
        "test_false := false\n\n"
        "test_undefined if p.x == 2\n",
    )
    results = {r.name: r for r in run_policy_tests(tmp_path)}
    assert results["test_ok"].passed
    assert not results["test_false"].passed
    assert not results["test_undefined"].passed
    assert policy_tests.main([str(tmp_path)]) == 1


def test_no_tests_found_is_a_failure(tmp_path: Path) -> None:
    _write(tmp_path, "p.rego", "package p\n\nx := 1\n")
    assert discover_tests(tmp_path) == []
    assert policy_tests.main([str(tmp_path)]) == 1


def test_policy_hash_follows_content(tmp_path: Path) -> None:
    _write(tmp_path, "p.rego", "package p\n\nx := 1\n")
    first = policy_hash(tmp_path)
    _write(tmp_path, "p_test.rego", "package p_test\n\ntest_a := true\n")
    assert policy_hash(tmp_path) == first  # tests do not change decisions
    _write(tmp_path, "p.rego", "package p\n\nx := 2\n")
    assert policy_hash(tmp_path) != first
    assert first.startswith("sha256:")

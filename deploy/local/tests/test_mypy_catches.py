"""mypy sees our packages as installed typed packages: a wrong call between packages fails.

Each first-party package ships ``py.typed`` and the project's mypy config has no global
``ignore_missing_imports``, so a module outside the repository that calls into ``zvh_contracts``
and ``zvh_platform`` is checked against their real signatures. Before, those imports resolved as
``Any`` and any call passed. The same config and cache as ``make lint`` (``.mypy_cache``): warm
after a lint run (about 1 s), some 10 s cold.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

CALLER = """\
from zvh_contracts import topics
from zvh_platform.failures import describe_error


def dead_letters(service: str) -> str:
    return topics.dlq({service})


def beschrijf(fout: {fout_type}) -> str:
    return describe_error(fout)
"""


def _mypy(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "cross_call.py").write_text(source, encoding="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
            "cross_call.py",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_wrong_calls_into_other_packages_fail(tmp_path: Path) -> None:
    run = _mypy(tmp_path, CALLER.format(service="len(service)", fout_type="str"))
    out = run.stdout + run.stderr
    assert run.returncode == 1, out
    assert (
        'cross_call.py:6: error: Argument 1 to "dlq" has incompatible type "int"; '
        'expected "str"  [arg-type]'
    ) in out, out
    assert (
        'cross_call.py:10: error: Argument 1 to "describe_error" has incompatible type "str"; '
        'expected "BaseException"  [arg-type]'
    ) in out, out
    assert "import-untyped" not in out and "import-not-found" not in out, out


def test_right_calls_into_other_packages_pass(tmp_path: Path) -> None:
    run = _mypy(tmp_path, CALLER.format(service="service", fout_type="BaseException"))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Success: no issues found in 1 source file" in run.stdout


def _first_party_packages() -> dict[str, Path]:
    """Every zvh_* package of the uv workspace, by name (from each member's wheel config)."""
    root = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found: dict[str, Path] = {}
    for member in root["tool"]["uv"]["workspace"]["members"]:
        for project in sorted(ROOT.glob(f"{member}/pyproject.toml")):
            config = tomllib.loads(project.read_text(encoding="utf-8"))
            for package in config["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"]:
                found[Path(package).name] = project.parent / package
    return found


def test_every_first_party_package_is_typed_and_linted() -> None:
    packages = _first_party_packages()
    assert {"zvh_contracts", "zvh_platform", "zvh_local"} <= set(packages), packages
    untyped = [name for name, path in packages.items() if not (path / "py.typed").is_file()]
    assert not untyped, f"no py.typed marker in {untyped}"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    linted = set(re.findall(r"-p (zvh_\w+)", makefile))
    assert linted == set(packages), f"make lint's MYPY_PACKAGES differs: {linted ^ set(packages)}"


def test_no_global_ignore_missing_imports() -> None:
    mypy = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert "ignore_missing_imports" not in mypy
    for override in mypy.get("overrides", []):
        modules = override["module"]
        modules = [modules] if isinstance(modules, str) else modules
        assert not [m for m in modules if m.startswith("zvh")], override

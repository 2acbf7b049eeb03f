"""The environment the Stack gives each service process."""

from __future__ import annotations

from pathlib import Path

import pytest
from zvh_local.ports import Ports
from zvh_local.supervisor import RESTART_NOTE, Stack


def test_database_url_only_for_the_services_that_name_one(tmp_path: Path) -> None:
    url = "postgresql+asyncpg://postgres@127.0.0.1:5432/zvh_intake_x"
    stack = Stack(var_dir=tmp_path, ports=Ports.free(), database_urls={"intake": url})
    assert stack.service_env("intake")["ZVH_DATABASE_URL"] == url
    assert "ZVH_DATABASE_URL" not in stack.service_env("overleg")


def test_an_inherited_database_url_never_reaches_a_service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZVH_DATABASE_URL", "sqlite+aiosqlite:///elsewhere.db")
    stack = Stack(var_dir=tmp_path, ports=Ports.free())
    assert "ZVH_DATABASE_URL" not in stack.service_env("consent")


def test_every_service_is_told_it_runs_local(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Services refuse to start without ZVH_ENV; the stack states it, whatever the shell says."""
    monkeypatch.setenv("ZVH_ENV", "production")
    stack = Stack(var_dir=tmp_path, ports=Ports.free())
    for name in ("intake", "overleg", "consent", "notify"):
        assert stack.service_env(name)["ZVH_ENV"] == "local"


def _databases(var: Path) -> list[str]:
    return sorted(f.name for f in var.glob("*.db*"))


@pytest.mark.parametrize("fresh", [False, True], ids=["kept", "fresh"])
def test_databases_are_kept_unless_fresh(tmp_path: Path, fresh: bool) -> None:
    for name in ("intake.db", "overleg.db", "consent.db-wal"):
        (tmp_path / name).write_bytes(b"x")
    said: list[str] = []
    stack = Stack(var_dir=tmp_path, ports=Ports.free(), fresh=fresh, say=said.append)
    stack.prepare_var()
    if fresh:
        assert _databases(tmp_path) == [] and not stack.kept_data
        assert "removed 3 database files" in said[0]
    else:
        assert _databases(tmp_path) == ["consent.db-wal", "intake.db", "overleg.db"]
        assert stack.kept_data and "--fresh" in said[0]
        note = " ".join(said[1].split())
        assert note == " ".join(RESTART_NOTE.split())  # what README.md quotes
        assert "consumer offsets" in note and "not yet consumed" in note
    assert {p.name for p in tmp_path.iterdir() if p.is_dir()} == {"log", "mail", "telemetry"}


def test_a_first_start_says_nothing_about_kept_data(tmp_path: Path) -> None:
    said: list[str] = []
    stack = Stack(var_dir=tmp_path / "new", ports=Ports.free(), say=said.append)
    stack.prepare_var()
    assert said == [] and not stack.kept_data


def test_readme_says_what_zvh_up_says_about_a_restart() -> None:
    readme = Path(__file__).parents[3] / "README.md"
    quoted = " ".join(readme.read_text(encoding="utf-8").replace(">", " ").split())
    assert " ".join(RESTART_NOTE.split()) in quoted


def test_identity_providers_never_get_a_port_promised_to_a_service(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """free_port() may hand out a port the stack chose but has not bound yet: skip those."""
    ports = Ports.free()
    handed = iter([ports.intake, ports.overleg, *range(61000, 61100)])
    monkeypatch.setattr("zvh_local.supervisor.free_port", lambda: next(handed))
    stack = Stack(var_dir=tmp_path, ports=ports, say=lambda _m: None)
    issuer_ports = {int(url.rsplit(":", 1)[1]) for url in stack.issuers().values()}
    assert not issuer_ports & {port for _, port in ports.items()}
    assert len(issuer_ports) == len(stack.issuers())

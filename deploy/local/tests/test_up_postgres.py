"""`zvh up --postgres`: URL handling, the error when the server is away, creating and dropping."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest
from zvh_local import postgres
from zvh_local.cli import build_stack, main
from zvh_local.ports import Ports
from zvh_platform.testing import free_port, postgres_admin_dsn, postgres_available


def test_the_base_url_loses_driver_and_database() -> None:
    assert (
        postgres.normalise_base("postgresql+asyncpg://root@db:5433/postgres")
        == "postgresql://root@db:5433"
    )
    assert postgres.normalise_base("postgres://u:pw@h") == "postgresql://u:pw@h"
    with pytest.raises(ValueError, match="postgresql://USER@HOST:PORT"):
        postgres.normalise_base("sqlite:///x.db")


def test_a_password_never_shows_in_a_message() -> None:
    assert postgres.redact("postgresql://u:geheim@h:5432") == "postgresql://u:***@h:5432"
    assert postgres.redact("postgresql://u@h:5432") == "postgresql://u@h:5432"


def test_up_says_what_to_do_when_postgres_is_unreachable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    closed = free_port()
    url = f"postgresql://postgres:geheim@127.0.0.1:{closed}"
    code = main(["up", "--postgres-url", url, "--free-ports", "--var", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "zvh up --postgres failed: PostgreSQL at postgresql://postgres:***@127.0.0.1" in err
    assert "--postgres-url" in err and "make services-deps" in err
    assert "geheim" not in err
    assert not (tmp_path / "log").exists(), "nothing may start without the database"


def test_sqlite_files_do_not_count_for_services_on_postgres(tmp_path: Path) -> None:
    """A fresh PostgreSQL start leaves the SQLite files of an earlier SQLite run alone."""
    (tmp_path / "intake.db").write_bytes(b"x")
    urls = {s: f"postgresql+asyncpg://postgres@127.0.0.1/zvh_{s}" for s in postgres.SERVICES}
    from zvh_local.supervisor import Stack

    said: list[str] = []
    stack = Stack(
        var_dir=tmp_path, ports=Ports.free(), fresh=True, database_urls=urls, say=said.append
    )
    stack.prepare_var()
    assert (tmp_path / "intake.db").exists() and said == [] and not stack.kept_data


@pytest.fixture
async def base() -> AsyncIterator[str]:
    reason = postgres_available()
    if reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    yield postgres.normalise_base(postgres_admin_dsn())


@pytest.mark.postgres
async def test_databases_are_created_kept_and_dropped_when_fresh(base: str) -> None:
    prefix = f"zvh_t_{uuid.uuid4().hex[:8]}_"
    services = ("intake", "consent")
    names = [f"{prefix}intake", f"{prefix}consent"]
    try:
        first = await postgres.prepare_async(base, prefix=prefix, services=services)
        assert first.created == tuple(names) and first.kept == () and first.dropped == ()
        assert (
            first.urls["intake"] == f"{base.replace('postgresql', 'postgresql+asyncpg')}/{names[0]}"
        )

        # a migrated database (it has tables) is kept; an empty one just exists
        conn = await asyncpg.connect(f"{base}/{names[0]}")
        await conn.execute("CREATE TABLE melding_x (id int)")
        await conn.close()
        again = await postgres.prepare_async(base, prefix=prefix, services=services)
        assert again.created == () and again.kept == (names[0],)

        fresh = await postgres.prepare_async(base, prefix=prefix, services=services, fresh=True)
        assert fresh.dropped == tuple(names) and fresh.created == tuple(names)
        assert fresh.kept == ()
        conn = await asyncpg.connect(f"{base}/{names[0]}")
        tables = await conn.fetchval(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        )
        await conn.close()
        assert tables == 0
    finally:
        await postgres.drop_async(base, names)


@pytest.mark.postgres
def test_build_stack_points_every_service_at_its_database(tmp_path: Path) -> None:
    reason = postgres_available()
    if reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    base = postgres.normalise_base(postgres_admin_dsn())
    prefix = f"zvh_t_{uuid.uuid4().hex[:8]}_"
    said: list[str] = []
    try:
        stack = build_stack(
            var_dir=tmp_path,
            ports=Ports.free(),
            postgres_url=base,
            postgres_prefix=prefix,
            say=said.append,
        )
        for service in postgres.SERVICES:
            assert stack.service_env(service)["ZVH_DATABASE_URL"].endswith(f"/{prefix}{service}")
        assert not stack.kept_data
        assert any("created" in line and f"{prefix}intake" in line for line in said)
    finally:
        import asyncio

        asyncio.run(postgres.drop_async(base, [f"{prefix}{s}" for s in postgres.SERVICES]))


def test_a_taken_port_stops_up_before_any_database_is_touched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`zvh up --postgres --fresh` beside a running stack must not drop that stack's databases."""
    import dataclasses
    import socket

    touched: list[str] = []
    monkeypatch.setattr(postgres, "prepare", lambda *a, **k: touched.append("prepare"))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        ports = dataclasses.replace(Ports.free(), overleg=port)
        monkeypatch.setattr("zvh_local.cli.Ports.free", classmethod(lambda cls: ports))
        code = main(["up", "--postgres", "--fresh", "--free-ports", "--var", str(tmp_path)])
    assert code == 2 and touched == []
    assert f"port {port} (overleg) is already in use" in capsys.readouterr().err


def test_the_running_banner_names_the_databases_without_the_password(tmp_path: Path) -> None:
    from zvh_local.cli import _sign_in_hints
    from zvh_local.supervisor import Stack

    urls = {s: f"postgresql+asyncpg://u:geheim@db:5433/zvh_{s}" for s in postgres.SERVICES}
    banner = _sign_in_hints(Stack(var_dir=tmp_path, ports=Ports.free(), database_urls=urls))
    line = next(ln for ln in banner.splitlines() if "databases" in ln)
    assert line.split() == [
        "databases",
        "postgresql+asyncpg://u:***@db:5433:",
        "zvh_consent,",
        "zvh_intake,",
        "zvh_notify,",
        "zvh_overleg",
    ]
    sqlite = _sign_in_hints(Stack(var_dir=tmp_path, ports=Ports.free()))
    assert f"databases    {tmp_path.resolve()}/*.db (SQLite)" in sqlite

"""`zvh up --postgres` followed by `zvh demo`: the chain on one PostgreSQL database per service.

The stack is built by the same function `zvh up` uses (``zvh_local.cli.build_stack``), on free
ports and with databases of its own (a unique prefix instead of ``zvh_``), dropped afterwards.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest
from zvh_local import postgres
from zvh_local.cli import build_stack
from zvh_local.demo import run_demo
from zvh_local.ports import Ports
from zvh_local.services import SERVICES
from zvh_local.supervisor import Stack
from zvh_platform.testing import postgres_admin_dsn, postgres_available

pytestmark = [pytest.mark.e2e, pytest.mark.postgres, pytest.mark.timeout(300)]


@pytest.fixture(scope="module")
def base() -> str:
    reason = postgres_available()
    if reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    return postgres.normalise_base(postgres_admin_dsn())


@pytest.fixture(scope="module")
def prefix(base: str) -> Iterator[str]:
    prefix = f"zvh_e2e_{uuid.uuid4().hex[:8]}_"
    try:
        yield prefix
    finally:
        names = [postgres.database_name(s, prefix) for s in SERVICES]
        asyncio.run(postgres.drop_async(base, names))


@pytest.fixture(scope="module")
def pg_stack(tmp_path_factory: pytest.TempPathFactory, base: str, prefix: str) -> Iterator[Stack]:
    said: list[str] = []
    stack = build_stack(
        var_dir=Path(tmp_path_factory.mktemp("zvh-var-pg")),
        ports=Ports.free(),
        postgres_url=base,
        postgres_prefix=prefix,
        say=said.append,
    )
    assert any("created" in line for line in said), said
    stack.start()
    try:
        yield stack
    finally:
        stack.stop()


async def _count(base: str, database: str, table: str) -> int:
    conn = await asyncpg.connect(f"{base}/{database}")
    try:
        return int(await conn.fetchval(f'SELECT count(*) FROM "{table}"'))  # noqa: S608 (fixed names)
    finally:
        await conn.close()


async def test_the_demo_passes_on_postgres(pg_stack: Stack, base: str, prefix: str) -> None:
    result = await run_demo(endpoints=pg_stack.endpoints(), say=lambda _m: None, timeout_s=45)
    assert result.casus_id is not None and result.actie_id is not None

    # The data is in PostgreSQL, one database per service, and no service fell back to SQLite.
    assert await _count(base, f"{prefix}intake", "meldingen") >= 1
    assert await _count(base, f"{prefix}overleg", "casussen") >= 1
    assert await _count(base, f"{prefix}overleg", "acties") >= 1
    for service in SERVICES:
        assert await _count(base, f"{prefix}{service}", "alembic_version") == 1, service
        env = pg_stack.service_env(service)
        assert env["ZVH_DATABASE_URL"].endswith(f"/{prefix}{service}")
    assert not list(pg_stack.var_dir.glob("*.db")), "a service wrote a SQLite database"


async def test_a_second_start_keeps_the_databases(pg_stack: Stack, base: str, prefix: str) -> None:
    """What `zvh up --postgres` finds on its next start: every database kept, nothing created."""
    dbs = await postgres.prepare_async(base, prefix=prefix)
    assert sorted(dbs.kept) == sorted(f"{prefix}{s}" for s in SERVICES)
    assert dbs.created == () and dbs.dropped == ()

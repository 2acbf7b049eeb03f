"""Overleg test fixtures; makes ``overleg_fakes`` importable under --import-mode=importlib."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import zvh_overleg
from sqlalchemy.ext.asyncio import create_async_engine
from zvh_platform import testing
from zvh_platform.db import run_migrations, session_factory

sys.path.insert(0, str(Path(__file__).parent))

from overleg_fakes import FakePdp, FakeUnitOfWork, FixedClock, Store


@pytest.fixture
def store() -> Store:
    return Store()


@pytest.fixture
def uow(store: Store):  # type: ignore[no-untyped-def]
    return lambda: FakeUnitOfWork(store)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def pdp() -> FakePdp:
    return FakePdp()


MIGRATIONS = Path(zvh_overleg.__file__).parent / "migrations"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def db_url(request, tmp_path: Path):  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'overleg.db'}"
        return
    reason = testing.postgres_available()
    if reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    async with testing.postgres_database() as url:
        yield url


@pytest.fixture
async def sessions(db_url: str):  # type: ignore[no-untyped-def]
    await run_migrations(engine_url=db_url, script_location=MIGRATIONS)
    engine = create_async_engine(db_url)
    try:
        yield session_factory(engine)
    finally:
        await engine.dispose()

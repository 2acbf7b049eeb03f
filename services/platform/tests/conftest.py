"""Platform test fixtures; makes ``platform_helpers`` importable under --import-mode=importlib."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from zvh_platform import testing


@pytest.fixture(params=["sqlite", "postgresql"])
async def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh database URL: a SQLite file, then a PostgreSQL database (skipped with a reason)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'proef.db'}"
        return
    reason = testing.postgres_available()
    if reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    async with testing.postgres_database() as url:
        yield url

"""Shared fixtures: a real tansu broker per session, fresh PostgreSQL databases."""

from __future__ import annotations

import pytest
from zvh_platform import testing


@pytest.fixture(scope="session")
def kafka_bootstrap():
    """Bootstrap address of a tansu broker started for this test session."""
    with testing.tansu() as bootstrap:
        yield bootstrap


@pytest.fixture
async def pg_url():
    """SQLAlchemy URL of a fresh PostgreSQL database, or a skip that says why."""
    reason = testing.postgres_available()
    if reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    async with testing.postgres_database() as url:
        yield url

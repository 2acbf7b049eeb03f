"""`zvh bench dashboard`'s bulk load, small: it fills overleg's migrated schema on PostgreSQL
with what the dashboard counts (the full run is a bench, not a test)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import zvh_overleg
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import create_async_engine
from zvh_local.bench import Meting
from zvh_local.bench_dashboard import Omvang, tabel, vul
from zvh_overleg.adapters.db.dashboard import SqlDashboardRepository
from zvh_platform.db import run_migrations, session_factory
from zvh_platform.testing import postgres_available, postgres_database

pytestmark = pytest.mark.postgres


async def test_the_bulk_load_fills_what_the_dashboard_counts() -> None:
    if reason := postgres_available():
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    nu = datetime(2030, 3, 4, 10, tzinfo=UTC)
    async with postgres_database() as url:
        await run_migrations(
            engine_url=url, script_location=Path(zvh_overleg.__file__).parent / "migrations"
        )
        open_id = await vul(url, Omvang(casussen=40, acties=400, overleggen=6), nu=nu, say=print)
        engine = create_async_engine(url)
        try:
            async with engine.connect() as conn:
                assert await conn.scalar(text("SELECT count(*) FROM acties")) == 400
                assert await conn.scalar(text("SELECT count(*) FROM casussen")) == 40
                assert (
                    await conn.scalar(
                        text("SELECT count(*) FROM casussen WHERE afgesloten_op IS NULL")
                    )
                    == 6  # the newest 15 %
                )
            async with session_factory(engine)() as s:
                repo = SqlDashboardRepository(s)
                open_ = await repo.open_casussen()
                assert open_id in {c.casus_id for c in open_}
                per_partner = await repo.acties_per_partner(
                    vandaag=nu.date(),
                    oranje_tot=nu.date() + timedelta(days=2),
                    zondag=nu.date() + timedelta(days=6),
                )
                assert sum(p.rood + p.oranje + p.groen for p in per_partner) > 0
                assert await repo.terugkoppeltijden(sinds=nu - timedelta(days=365))
                assert await repo.uitnodigingen(sinds=nu - timedelta(days=365))
                assert await s.scalar(select(func.count()).select_from(text("overleg_antwoorden")))
        finally:
            await engine.dispose()


def test_the_table_marks_the_goal_of_200_ms() -> None:
    regels = tabel(
        [
            Meting(naam="reference: GET /healthz", ms=[1.0]),
            Meting(naam="dashboard", ms=[150.0] * 20),
            Meting(naam="dashboard, slow", ms=[250.0] * 20),
        ]
    ).splitlines()
    assert "goal p95 ≤ 200 ms" in regels[0]
    assert regels[2].endswith("ok") and regels[3].endswith("MISSED")
    assert not regels[1].endswith(("ok", "MISSED"))

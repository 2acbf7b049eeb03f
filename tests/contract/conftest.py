"""Consent's real registers for the overleg ↔ consent contract tests.

One app as bootstrap wires the register routes: regorus with the repository's policy, the SQL
decision log, SQLite from the migrations and the demo convenanten, reached through overleg's own
``ConsentClient``. Consent's own ``register_app`` helper is not reused: it runs on a test clock
without the demo convenanten, and lives outside this package's import path.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from zvh_consent.adapters.db import MIGRATIONS
from zvh_consent.adapters.db.decision_log import SqlDecisionLog
from zvh_consent.adapters.db.register_bron import SqlRegisterBron
from zvh_consent.adapters.db.uow import uow_factory
from zvh_consent.adapters.demo_convenanten import DEMO, demo_convenanten
from zvh_consent.adapters.policy_files import default_policy_dir
from zvh_consent.adapters.regorus_engine import RegorusEngine
from zvh_consent.application import convenanten
from zvh_consent.application.decide import Decide
from zvh_consent.application.ports import ConsentHandlers, RegisterContext
from zvh_consent.application.register_invoer import RegisterInvoer
from zvh_consent.config import ConsentSettings
from zvh_consent.entrypoints.api_convenanten import make_convenanten_router
from zvh_consent.entrypoints.api_doorbrekingen import make_doorbrekingen_router
from zvh_consent.entrypoints.api_inzage import make_inzage_router
from zvh_consent.entrypoints.api_toestemmingen import make_toestemmingen_router
from zvh_overleg.adapters.consent import ConsentClient
from zvh_platform.clock import SystemClock
from zvh_platform.db import make_engine, run_migrations, session_factory


@pytest.fixture
async def consent(tmp_path: Path) -> AsyncIterator[tuple[ConsentClient, ConsentSettings]]:
    """Overleg's client on consent's register routes, and consent's settings (for tokens)."""
    settings = ConsentSettings(env="test", var_dir=tmp_path)
    await run_migrations(engine_url=settings.db_url(), script_location=MIGRATIONS)
    db = make_engine(settings.db_url())
    sessions = session_factory(db)
    engine = RegorusEngine(default_policy_dir())
    log = SqlDecisionLog(sessions)
    invoer = RegisterInvoer(SqlRegisterBron(sessions), max_leeftijd_s=60.0)
    decide = Decide(engine=engine, decision_log=log, registers=invoer)
    ctx = RegisterContext(
        uow=uow_factory(sessions), decide=decide, clock=SystemClock(), gewijzigd=invoer.vergeet
    )
    await convenanten.zaai(ctx, convenanten=demo_convenanten(DEMO, vandaag=ctx.clock.now().date()))
    app = FastAPI()
    for router in (
        make_convenanten_router,
        make_toestemmingen_router,
        make_doorbrekingen_router,
        make_inzage_router,
    ):
        app.include_router(router(settings))
    app.state.consent = ConsentHandlers(
        decide=decide,
        decision_log=log,
        registers=ctx,
        pseudonym_key=settings.pseudonym_key.get_secret_value().encode("utf-8"),
    )
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://consent") as http:
            yield ConsentClient(base_url="http://consent", client=http), settings
    finally:
        engine.close()
        await db.dispose()

"""The one place that wires consent's concrete adapters into the platform's service shell."""

from __future__ import annotations

import asyncio
import gc
import logging
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_platform.db import is_sqlite
from zvh_platform.service import Runtime, ServiceSpec, build_app

from zvh_consent.adapters.db import MIGRATIONS
from zvh_consent.adapters.db.decision_log import SqlDecisionLog
from zvh_consent.adapters.db.register_bron import SqlRegisterBron
from zvh_consent.adapters.db.sqlite_decision_log import SqliteDecisionLog
from zvh_consent.adapters.db.tables import metadata
from zvh_consent.adapters.db.uow import uow_factory
from zvh_consent.adapters.demo_convenanten import demo_convenanten
from zvh_consent.adapters.opa_server import OpaServerEngine
from zvh_consent.adapters.regorus_engine import RegorusEngine
from zvh_consent.application import convenanten
from zvh_consent.application.decide import Decide
from zvh_consent.application.ports import Clock, ConsentHandlers, PolicyEngine, RegisterContext
from zvh_consent.application.register_invoer import RegisterInvoer
from zvh_consent.config import ConsentSettings
from zvh_consent.domain.tijd import vandaag
from zvh_consent.entrypoints.api import make_router
from zvh_consent.entrypoints.api_convenanten import make_convenanten_router
from zvh_consent.entrypoints.api_doorbrekingen import make_doorbrekingen_router
from zvh_consent.entrypoints.api_inzage import make_inzage_router
from zvh_consent.entrypoints.api_toestemmingen import make_toestemmingen_router

log = logging.getLogger(__name__)


def make_policy_engine(settings: ConsentSettings) -> RegorusEngine | OpaServerEngine:
    """Embedded regorus by default; an OPA server when ``ZVH_POLICY_ENGINE=opa``."""
    if settings.policy_engine == "opa":
        return OpaServerEngine(
            url=settings.opa_url,
            policy_dir=settings.policy_dir,
            timeout_s=settings.policy_timeout_s,
            token=settings.opa_token,
        )
    return RegorusEngine(settings.policy_dir)


def make_decision_log(
    settings: ConsentSettings, sessions: async_sessionmaker[AsyncSession]
) -> SqlDecisionLog:
    """A SQLite file gets the fast path (appends on a thread of their own); others SQLAlchemy."""
    url = settings.db_url()
    database = make_url(url).database if is_sqlite(url) else None
    if database and database != ":memory:":
        return SqliteDecisionLog(sessions, path=Path(database))
    return SqlDecisionLog(sessions)


@dataclass(frozen=True, kw_only=True)
class Adapters:
    """The adapters ``create_app`` wires; each one left ``None`` is the real one. Tests hand their
    fakes in here: the one seam (docs/architecture.md, "The anatomy of a service")."""

    #: The policy engine; by default ``make_policy_engine(settings)`` (regorus or OPA).
    engine: PolicyEngine | None = None
    clock: Clock | None = None


def create_app(
    settings: ConsentSettings | None = None, *, adapters: Adapters | None = None
) -> FastAPI:
    """The consent app: the PDP and the decision log (``uvicorn … --factory --port 8002``)."""
    settings = settings or ConsentSettings()
    adapters = adapters or Adapters()
    clock = adapters.clock or settings.clock()
    engine = adapters.engine or make_policy_engine(settings)

    async def on_startup(runtime: Runtime) -> None:
        if isinstance(engine, RegorusEngine):
            # Parse the policies now: a broken policy shows at start-up, not per request.
            await asyncio.get_running_loop().run_in_executor(None, engine.warm_up)
        elif isinstance(engine, OpaServerEngine) and not await engine.healthy():
            log.warning(
                "OPA at %s is not healthy yet: decisions deny until it is", settings.opa_url
            )
        decision_log = make_decision_log(settings, runtime.sessions)
        invoer = RegisterInvoer(
            SqlRegisterBron(runtime.sessions), max_leeftijd_s=settings.register_cache_s
        )
        decide = Decide(
            engine=engine,
            decision_log=decision_log,
            timeout_s=settings.policy_timeout_s,
            registers=invoer,
        )
        registers = RegisterContext(
            uow=uow_factory(runtime.sessions, after_commit=runtime.relay.wake),
            decide=decide,
            clock=clock,
            gewijzigd=invoer.vergeet,  # the next decision sees every committed change
        )
        if settings.seed_demo_convenanten():
            orgs = settings.region().partner_codes()
            added = await convenanten.zaai(
                registers, convenanten=demo_convenanten(orgs, vandaag=vandaag(clock.now()))
            )
            if added:
                log.info("seeded %d demo convenanten", added)
        app.state.consent = ConsentHandlers(
            decide=decide,
            decision_log=decision_log,
            registers=registers,
            pseudonym_key=settings.pseudonym_key_bytes(),
        )
        # Start-up objects (routes, SQLAlchemy, policy) live as long as the process: move them
        # out of the collector's sight, so a full collection under load stays short (the PDP's
        # p99 latency).
        gc.freeze()

    async def on_shutdown(runtime: Runtime) -> None:
        handlers: ConsentHandlers | None = getattr(app.state, "consent", None)
        if handlers is not None and isinstance(handlers.decision_log, SqliteDecisionLog):
            await handlers.decision_log.close()
        if isinstance(engine, RegorusEngine):
            engine.close()
        elif isinstance(engine, OpaServerEngine):
            await engine.close()

    spec = ServiceSpec(
        name="consent",
        metadata=metadata,
        migrations=MIGRATIONS,
        routers=[
            make_router(settings),
            make_convenanten_router(settings),
            make_toestemmingen_router(settings),
            make_doorbrekingen_router(settings),
            make_inzage_router(settings),
        ],
        register_consumers=None,
        on_startup=on_startup,
        on_shutdown=on_shutdown,
    )
    app = build_app(spec, settings)
    return app

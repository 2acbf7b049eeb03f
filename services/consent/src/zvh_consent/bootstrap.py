"""The one place that wires consent's concrete adapters into the platform's service shell."""

from __future__ import annotations

import asyncio
import logging

from fastapi import FastAPI
from zvh_platform.service import Runtime, ServiceSpec, build_app

from zvh_consent.adapters.db import MIGRATIONS
from zvh_consent.adapters.db.decision_log import SqlDecisionLog
from zvh_consent.adapters.db.tables import metadata
from zvh_consent.adapters.opa_server import OpaServerEngine
from zvh_consent.adapters.regorus_engine import RegorusEngine
from zvh_consent.application.decide import Decide
from zvh_consent.application.ports import ConsentHandlers
from zvh_consent.config import ConsentSettings
from zvh_consent.entrypoints.api import make_router

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


def create_app(settings: ConsentSettings | None = None) -> FastAPI:
    """The consent app: the PDP and the decision log (``uvicorn … --factory --port 8002``)."""
    settings = settings or ConsentSettings()
    engine = make_policy_engine(settings)

    async def on_startup(runtime: Runtime) -> None:
        if isinstance(engine, RegorusEngine):
            # Parse the policies now: a broken policy shows at start-up, not per request.
            await asyncio.get_running_loop().run_in_executor(None, engine.warm_up)
        elif not await engine.healthy():
            log.warning(
                "OPA at %s is not healthy yet: decisions deny until it is", settings.opa_url
            )
        decision_log = SqlDecisionLog(runtime.sessions)
        app.state.consent = ConsentHandlers(
            decide=Decide(
                engine=engine, decision_log=decision_log, timeout_s=settings.policy_timeout_s
            ),
            decision_log=decision_log,
        )

    async def on_shutdown(runtime: Runtime) -> None:
        if isinstance(engine, RegorusEngine):
            engine.close()
        else:
            await engine.close()

    spec = ServiceSpec(
        name="consent",
        metadata=metadata,
        migrations=MIGRATIONS,
        routers=[make_router(settings)],
        register_consumers=None,
        on_startup=on_startup,
        on_shutdown=on_shutdown,
    )
    app = build_app(spec, settings)
    return app

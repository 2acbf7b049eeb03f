"""The service shell: one FastAPI app whose lifespan runs telemetry, database, broker and relay.

Order matters: consumers are registered *before* the broker starts (FastStream subscribes at
start), and on shutdown the consumers stop (their handlers finish), then the relay publishes what
is pending, and only then the broker it publishes through stops (docs/operations.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from faststream.kafka import KafkaBroker
from sqlalchemy import MetaData, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zvh_platform.beheer import dead_letter_router
from zvh_platform.consuming import Consumers
from zvh_platform.convenanten import ConvenantClient
from zvh_platform.db import (
    create_all,
    make_engine,
    platform_metadata,
    run_migrations,
    session_factory,
)
from zvh_platform.idempotency import IdempotencyMiddleware
from zvh_platform.keys import JWKS_PATH, jwks
from zvh_platform.messaging import ensure_topics, make_broker
from zvh_platform.outbox import OutboxRelay
from zvh_platform.pdp import PdpClient
from zvh_platform.settings import ServiceSettings
from zvh_platform.telemetry import instrument_app, setup_telemetry, shutdown_telemetry
from zvh_platform.turns import WriteTurns
from zvh_platform.websec import BodyLimit, Csrf, SecurityHeaders

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """Everything a running service shares; ``app.state.runtime``."""

    settings: ServiceSettings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    broker: KafkaBroker
    relay: OutboxRelay
    pdp: PdpClient
    #: Subscriptions with retry and dead-lettering (``register_consumers`` subscribes here).
    consumers: Consumers
    #: The convenant register (consent), asked before an organisation is invited to a casus.
    convenanten: ConvenantClient


Hook = Callable[[Runtime], Awaitable[None]]


@dataclass
class ServiceSpec:
    """What a service brings: its tables, migrations, routes, consumers and hooks."""

    name: str
    metadata: MetaData
    migrations: Path
    routers: list[APIRouter] = field(default_factory=list)
    register_consumers: Callable[[KafkaBroker, Runtime], None] | None = None
    on_startup: Hook | None = None
    on_shutdown: Hook | None = None
    #: Create the catalogue's missing topics at start-up (off when topics are managed elsewhere).
    ensure_topics: bool = True
    #: Cookie holding the UI session token, so form posts get per-user idempotency keys too.
    session_cookie: str | None = None
    #: An enforcement point asks the PDP for every read: not ready while the PDP is not.
    needs_pdp: bool = False


async def _migrate(spec: ServiceSpec, settings: ServiceSettings, engine: AsyncEngine) -> None:
    if (spec.migrations / "env.py").exists():
        await run_migrations(engine_url=settings.db_url(), script_location=spec.migrations)
        return
    log.warning("no migrations/env.py for %s: creating tables directly (dev only)", spec.name)
    await create_all(engine, spec.metadata, platform_metadata)


async def _ensure_topics(settings: ServiceSettings) -> None:
    try:
        created = await asyncio.wait_for(ensure_topics(settings), timeout=15)
        if created:
            log.info("created %d topic(s)", len(created))
    except Exception as exc:  # another service may be creating them at the same moment
        log.warning("ensure_topics failed: %s", type(exc).__name__)


def _lifespan(
    spec: ServiceSpec, settings: ServiceSettings
) -> Callable[[FastAPI], contextlib.AbstractAsyncContextManager[None]]:
    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        setup_telemetry(settings)
        engine = make_engine(settings.db_url())
        await _migrate(spec, settings, engine)
        if spec.ensure_topics:
            await _ensure_topics(settings)
        sessions = session_factory(engine)
        broker = make_broker(settings)
        write_turns = WriteTurns()  # batch consumers and the relay write one at a time
        runtime = Runtime(
            settings=settings,
            engine=engine,
            sessions=sessions,
            broker=broker,
            relay=OutboxRelay(sessions=sessions, broker=broker, write_turns=write_turns),
            pdp=PdpClient(base_url=settings.consent_url, timeout_s=settings.pdp_timeout_s),
            consumers=Consumers(
                broker=broker, settings=settings, sessions=sessions, write_turns=write_turns
            ),
            convenanten=ConvenantClient(
                base_url=settings.consent_url, timeout_s=settings.pdp_timeout_s
            ),
        )
        app.state.runtime = runtime
        try:
            if spec.register_consumers is not None:
                spec.register_consumers(broker, runtime)
            await broker.start()
            runtime.relay.start()
            if spec.on_startup is not None:
                await spec.on_startup(runtime)
            log.info("%s started", spec.name)
            yield
        finally:
            # Graceful shutdown (uvicorn has stopped taking requests and let the ones in flight
            # finish): stop reading records and let the handlers in flight finish (up to
            # kafka_graceful_timeout_s each); then the service's own loops; then publish what
            # they all committed to the outbox; only then close the producer.
            await _stop_consumers(broker)
            if spec.on_shutdown is not None:
                with contextlib.suppress(Exception):
                    await spec.on_shutdown(runtime)
            await runtime.relay.stop(flush=True)
            await broker.stop()
            await runtime.pdp.aclose()
            await runtime.convenanten.aclose()
            await engine.dispose()
            log.info("%s stopped", spec.name)
            shutdown_telemetry()

    return lifespan


async def _stop_consumers(broker: KafkaBroker) -> None:
    """Stop every subscriber: no new records; those being handled finish first (FastStream
    waits up to the broker's ``graceful_timeout`` for them). ``broker.stop()`` later finds them
    stopped and only closes the producer and the connection."""
    results = await asyncio.gather(
        *(sub.stop() for sub in broker.subscribers), return_exceptions=True
    )
    failed = [type(r).__name__ for r in results if isinstance(r, BaseException)]
    if failed:
        log.warning("stopping consumers: %d failed (%s)", len(failed), ", ".join(failed))


READY_TIMEOUT_S = 2.0


async def gereedheid(runtime: Runtime | None, *, needs_pdp: bool) -> dict[str, bool]:
    """Each readiness check by name; every check has a short timeout and never raises."""
    if runtime is None:  # still starting (or stopping)
        return {"gestart": False}

    async def database() -> bool:
        try:
            async with asyncio.timeout(READY_TIMEOUT_S), runtime.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:  # any failure: not ready
            return False
        return True

    async def broker() -> bool:
        try:
            return bool(await runtime.broker.ping(timeout=READY_TIMEOUT_S))
        except Exception:  # any failure: not ready
            return False

    namen = ["database", "broker", *(["pdp"] if needs_pdp else [])]
    uitkomsten = await asyncio.gather(
        database(),
        broker(),
        *([runtime.pdp.bereikbaar(timeout_s=READY_TIMEOUT_S)] if needs_pdp else []),
    )
    return dict(zip(namen, uitkomsten, strict=True))


def build_app(spec: ServiceSpec, settings: ServiceSettings | None = None) -> FastAPI:
    """The service's ASGI app with ``/healthz``; run with ``uvicorn … --factory``.

    Every response carries the security headers and every request body is size-limited; the
    OpenAPI pages and schema are off in production.
    """
    settings = settings or ServiceSettings(service=spec.name)
    docs = settings.docs_enabled()
    app = FastAPI(
        title=f"zvh-{spec.name}",
        lifespan=_lifespan(spec, settings),
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    app.state.settings = settings

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> dict[str, str]:
        return {"status": "ok", "service": spec.name}

    public_keys = jwks(settings.signer())

    @app.get(JWKS_PATH, include_in_schema=False)
    async def jwks_document() -> dict[str, list[dict[str, str]]]:
        """This service's public signing key(s), for whoever verifies its tokens."""
        return public_keys

    @app.get("/readyz", include_in_schema=False)
    async def readyz() -> JSONResponse:
        """Ready for traffic: the database, the broker and (enforcement points) the PDP answer.

        Liveness is ``/healthz``; a failing check here only takes the instance out of rotation.
        """
        runtime: Runtime | None = getattr(app.state, "runtime", None)
        checks = await gereedheid(runtime, needs_pdp=spec.needs_pdp)
        ready = all(checks.values())
        return JSONResponse(
            {"status": "ready" if ready else "niet gereed", "service": spec.name, "checks": checks},
            status_code=200 if ready else 503,
        )

    for router in [*spec.routers, dead_letter_router(settings)]:
        app.include_router(router)
    app.add_middleware(IdempotencyMiddleware, service=spec.name, session_cookie=spec.session_cookie)
    form_targets: tuple[str, ...] = ()
    if spec.session_cookie:  # a UI with a cookie session: forms need CSRF tokens
        app.add_middleware(
            Csrf,
            secret=settings.signer().derive("csrf").hex(),
            secure=settings.env not in ("local", "test"),
        )
        form_targets = identity_provider_origins(settings)
    app.add_middleware(ServerTiming)
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    # Outermost of ours: a 413 and a CSRF refusal carry the headers too.
    app.add_middleware(SecurityHeaders, form_targets=form_targets)
    instrument_app(app)
    return app


def identity_provider_origins(settings: ServiceSettings) -> tuple[str, ...]:
    """The origins of the region's identity providers (scheme://host[:port])."""
    from urllib.parse import urlsplit

    origins = []
    for partner in settings.region().met_identiteit():
        assert partner.identiteit is not None
        parts = urlsplit(partner.identiteit.issuer)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in origins:
            origins.append(origin)
    return tuple(origins)


class ServerTiming:
    """Adds ``Server-Timing: app;dur=<ms>`` to every HTTP response (for `zvh bench` and ops).

    Pure ASGI so streaming responses (server-sent events) pass through untouched.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()

        async def timed(message: Message) -> None:
            if message["type"] == "http.response.start":
                ms = (time.perf_counter() - start) * 1000
                headers = list(message.get("headers", []))
                headers.append((b"server-timing", f"app;dur={ms:.2f}".encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, timed)

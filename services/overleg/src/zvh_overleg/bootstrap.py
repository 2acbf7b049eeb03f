"""The one place that wires concrete adapters into the overleg service.

Run: ``uvicorn zvh_overleg.bootstrap:create_app --factory --port 8000``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from faststream.kafka import KafkaBroker
from zvh_platform.auth import (
    ISSUER_SESSIES,
    StaticKeys,
    TokenVerifier,
    TrustedIssuer,
    trusted_issuers,
)
from zvh_platform.clock import SystemClock
from zvh_platform.keys import SigningKey
from zvh_platform.service import Runtime, ServiceSpec, build_app
from zvh_platform.settings import ServiceSettings

from zvh_overleg.adapters.consent import ConsentClient
from zvh_overleg.adapters.db.sessies import SqlSessieRegister
from zvh_overleg.adapters.db.tables import metadata
from zvh_overleg.adapters.db.uow import uow_factory
from zvh_overleg.adapters.intake import IntakeClient
from zvh_overleg.adapters.oidc import OidcClient
from zvh_overleg.adapters.pdf import WeasyPdf
from zvh_overleg.application.sessies import Sessies
from zvh_overleg.application.wijzigingen import WijzigingHub
from zvh_overleg.config import OverlegSettings
from zvh_overleg.entrypoints import api, api_overleggen, consumers, web
from zvh_overleg.entrypoints.context import Services
from zvh_overleg.entrypoints.web.session import COOKIE as SESSION_COOKIE

MIGRATIONS = Path(__file__).parent / "migrations"
SERVICE = "overleg"


def overleg_settings(given: ServiceSettings | None) -> OverlegSettings:
    """The platform's settings a caller gave, with overleg's own (sessions, UI address) added."""
    if isinstance(given, OverlegSettings):
        return given
    return OverlegSettings(**given.model_dump()) if given is not None else OverlegSettings()


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    """The overleg app: case API, staff UI, consumers, outbox relay."""
    settings = overleg_settings(settings)
    clock = SystemClock()
    hub = WijzigingHub()  # one per app: commits in any handler wake this process' streams
    holder: dict[str, FastAPI] = {}

    def register(broker: KafkaBroker, runtime: Runtime) -> None:
        consumers.register_consumers(
            runtime.consumers,
            partner_codes=runtime.settings.region().partner_codes(),
            uow=uow_factory(runtime.sessions, after_commit=runtime.relay.wake, hub=hub),
            clock=clock,
            max_bytes=runtime.settings.kafka_max_message_bytes,
        )

    async def on_startup(runtime: Runtime) -> None:
        consent = ConsentClient(base_url=runtime.settings.consent_url)
        sessies = Sessies(
            SqlSessieRegister(runtime.sessions),
            idle=settings.sessie_idle(),
            maximum=settings.sessie_max(),
        )
        signer = runtime.settings.signer()
        holder["app"].state.verifier = overleg_verifier(runtime.settings, signer, sessies, clock)
        holder["app"].state.overleg = Services(
            settings=settings,
            uow=uow_factory(runtime.sessions, after_commit=runtime.relay.wake, hub=hub),
            pdp=runtime.pdp,
            clock=clock,
            intake=IntakeClient(base_url=runtime.settings.intake_url),
            convenanten=runtime.convenanten,
            sessies=sessies,
            identiteit=OidcClient(),
            signer=signer,
            consent=consent,
            privacy=consent,
            pdf=WeasyPdf(),
            hub=hub,
        )

    async def on_shutdown(runtime: Runtime) -> None:
        services: Services | None = getattr(holder["app"].state, "overleg", None)
        if services is not None and isinstance(services.intake, IntakeClient):
            await services.intake.aclose()
        if services is not None and isinstance(services.consent, ConsentClient):
            await services.consent.aclose()

    spec = ServiceSpec(
        name=SERVICE,
        needs_pdp=True,
        metadata=metadata,
        migrations=MIGRATIONS,
        routers=[api.router, api_overleggen.router, web.router],
        register_consumers=register,
        on_startup=on_startup,
        on_shutdown=on_shutdown,
        session_cookie=SESSION_COOKIE,
    )
    app = build_app(spec, settings)
    holder["app"] = app
    web.mount_ui(app)
    return app


def overleg_verifier(
    settings: ServiceSettings, signer: SigningKey, sessies: Sessies, clock: SystemClock
) -> TokenVerifier:
    """Overleg checks its own tokens with its own key and its own session register."""

    class _Register:
        async def actief(self, sid: str) -> bool:
            return await sessies.sid_actief(sid, now=clock.now())

    issuers = trusted_issuers(settings)
    issuers[ISSUER_SESSIES] = TrustedIssuer(
        ISSUER_SESSIES, keys=StaticKeys.of(signer), sessions=_Register()
    )
    return TokenVerifier(issuers)

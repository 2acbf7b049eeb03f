"""The one place that wires concrete adapters into the overleg service.

Run: ``uvicorn zvh_overleg.bootstrap:create_app --factory --port 8000``.
"""

from __future__ import annotations

from dataclasses import dataclass
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
from zvh_platform.keys import SigningKey
from zvh_platform.service import Runtime, ServiceSpec, build_app
from zvh_platform.settings import ServiceSettings

from zvh_overleg.adapters.consent import ConsentClient
from zvh_overleg.adapters.db.sessies import SqlSessieRegister
from zvh_overleg.adapters.db.tables import metadata
from zvh_overleg.adapters.db.uow import uow_factory
from zvh_overleg.adapters.intake import IntakeClient
from zvh_overleg.adapters.notify import NotifyClient
from zvh_overleg.adapters.oidc import OidcClient
from zvh_overleg.adapters.pdf import WeasyPdf
from zvh_overleg.application.aanhoudingen import AanhoudingenPort
from zvh_overleg.application.aanmelden import IdentiteitsProvider
from zvh_overleg.application.intake import IntakePort
from zvh_overleg.application.meldpunt import MeldpuntPort
from zvh_overleg.application.ports import (
    Clock,
    ConvenantRegister,
    PdfRenderer,
    PolicyDecisionPoint,
)
from zvh_overleg.application.postvak import PostvakPort
from zvh_overleg.application.privacy import PrivacyPort
from zvh_overleg.application.sessies import Sessies
from zvh_overleg.application.toestemmingen import ConsentPort
from zvh_overleg.application.vpt import DossierSleutelsUitUow, EvaluatiesUitUow
from zvh_overleg.application.wijzigingen import WijzigingHub
from zvh_overleg.config import OverlegSettings
from zvh_overleg.entrypoints import api, api_overleggen, consumers, web
from zvh_overleg.entrypoints.context import Services
from zvh_overleg.entrypoints.web import rapportage
from zvh_overleg.entrypoints.web.session import COOKIE as SESSION_COOKIE

MIGRATIONS = Path(__file__).parent / "migrations"
SERVICE = "overleg"


@dataclass(frozen=True, kw_only=True)
class Adapters:
    """The adapters ``create_app`` wires; each one left ``None`` is the real one. Tests hand their
    fakes in here: the one seam (docs/architecture.md, "The anatomy of a service")."""

    #: The policy decision point; by default the runtime's ``PdpClient`` (the consent service).
    pdp: PolicyDecisionPoint | None = None
    #: Melding content and triage; by default ``IntakeClient`` on ``IntakeClientSettings``.
    intake: IntakePort | None = None
    #: Triage Aanhoudingen (intake's police lists); by default the same ``IntakeClient``.
    aanhoudingen: AanhoudingenPort | None = None
    #: consent's registers (toestemmingen; doorbrekingen, inzage): by default one
    #: ``ConsentClient`` for both.
    consent: ConsentPort | None = None
    privacy: PrivacyPort | None = None
    #: The convenant register; by default the runtime's ``ConvenantClient``.
    convenanten: ConvenantRegister | None = None
    #: The organisations' identity providers; by default ``OidcClient``.
    identiteit: IdentiteitsProvider | None = None
    pdf: PdfRenderer | None = None
    clock: Clock | None = None
    #: The termijn signals for the postvak; by default ``NotifyClient`` on ``NotifyClientSettings``.
    postvak: PostvakPort | None = None
    #: The meldpunt agressie en geweld (intake's /v1/vpt-incidenten); by default the IntakeClient.
    meldpunt: MeldpuntPort | None = None


def create_app(
    settings: OverlegSettings | None = None, *, adapters: Adapters | None = None
) -> FastAPI:
    """The overleg app: case API, staff UI, consumers, outbox relay."""
    settings = settings or OverlegSettings()
    adapters = adapters or Adapters()
    clock = adapters.clock or settings.clock()
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
        consent = (
            None
            if adapters.consent and adapters.privacy
            else ConsentClient(base_url=settings.consent_url)
        )
        sessies = Sessies(
            SqlSessieRegister(runtime.sessions),
            idle=settings.sessie_idle(),
            maximum=settings.sessie_max(),
        )
        signer = runtime.settings.signer()
        holder["app"].state.verifier = overleg_verifier(runtime.settings, signer, sessies, clock)
        intake = adapters.intake or IntakeClient.from_settings(settings)
        aanhoudingen = adapters.aanhoudingen or (
            intake if isinstance(intake, IntakeClient) else None
        )
        uow = uow_factory(runtime.sessions, after_commit=runtime.relay.wake, hub=hub)
        holder["app"].state.overleg = Services(
            settings=settings,
            uow=uow,
            pdp=adapters.pdp or runtime.pdp,
            clock=clock,
            intake=intake,
            aanhoudingen=aanhoudingen,
            convenanten=adapters.convenanten or runtime.convenanten,
            sessies=sessies,
            identiteit=adapters.identiteit or OidcClient(),
            signer=signer,
            consent=adapters.consent or consent,
            privacy=adapters.privacy or consent,
            pdf=adapters.pdf or WeasyPdf(),
            hub=hub,
            postvak=adapters.postvak or NotifyClient.from_settings(settings),
            meldpunt=adapters.meldpunt or (intake if isinstance(intake, IntakeClient) else None),
            dossier_sleutels=DossierSleutelsUitUow(uow),
            vpt_evaluaties=EvaluatiesUitUow(uow),
        )

    async def on_shutdown(runtime: Runtime) -> None:
        services: Services | None = getattr(holder["app"].state, "overleg", None)
        if services is not None and isinstance(services.intake, IntakeClient):
            await services.intake.aclose()
        if services is not None and isinstance(services.postvak, NotifyClient):
            await services.postvak.aclose()
        if services is not None:  # the one ConsentClient may serve both, or only one of them
            for client in {id(c): c for c in (services.consent, services.privacy)}.values():
                if isinstance(client, ConsentClient):
                    await client.aclose()

    spec = ServiceSpec(
        name=SERVICE,
        needs_pdp=True,
        metadata=metadata,
        migrations=MIGRATIONS,
        routers=[api.router, api_overleggen.router, rapportage.api_router, web.router],
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
    settings: ServiceSettings, signer: SigningKey, sessies: Sessies, clock: Clock
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

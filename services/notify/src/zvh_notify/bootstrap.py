"""The one place that wires notify's concrete adapters into the platform's service shell."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from faststream.kafka import KafkaBroker
from zvh_platform.service import Runtime, ServiceSpec, build_app

from zvh_notify.adapters.db.tables import metadata
from zvh_notify.adapters.db.uow import uow_factory
from zvh_notify.adapters.region import RegionPartners
from zvh_notify.adapters.smtp import SmtpMailSender
from zvh_notify.adapters.webhook import HttpxWebhookSender, RegionWebhooks
from zvh_notify.application.ports import (
    Clock,
    MailSender,
    PartnerDirectory,
    PolicyDecisionPoint,
    UnitOfWorkFactory,
    WebhookSender,
)
from zvh_notify.config import NotifySettings
from zvh_notify.entrypoints.api import make_router
from zvh_notify.entrypoints.beheer import make_beheer_router
from zvh_notify.entrypoints.consumers import register_consumers, register_webhook_consumers
from zvh_notify.entrypoints.webhook import make_webhook_router
from zvh_notify.entrypoints.workers import DeliveryWorker, TermijnWorker, WebhookWorker

MIGRATIONS = Path(__file__).parent / "migrations"


def _request_uows(request: Request) -> UnitOfWorkFactory:
    return uow_factory(request.app.state.runtime.sessions)


@dataclass(frozen=True, kw_only=True)
class Adapters:
    """The adapters ``create_app`` wires; each one left ``None`` is the real one. Tests hand their
    fakes in here: the one seam (docs/architecture.md, "The anatomy of a service")."""

    #: The policy decision point; by default the runtime's ``PdpClient`` (the consent service).
    pdp: PolicyDecisionPoint | None = None
    #: The mail server; by default ``SmtpMailSender`` on the settings' ``SmtpSettings``.
    mail: MailSender | None = None
    #: Partner callbacks; by default ``HttpxWebhookSender``.
    webhooks: WebhookSender | None = None
    #: Who the partners are (e-mail addresses); by default the region file's.
    partners: PartnerDirectory | None = None
    clock: Clock | None = None


def create_app(
    settings: NotifySettings | None = None, *, adapters: Adapters | None = None
) -> FastAPI:
    """The notify app: consumer, delivery loop and HTTP API (``uvicorn … --factory``)."""
    settings = settings or NotifySettings()
    adapters = adapters or Adapters()
    pdp = adapters.pdp
    clock = adapters.clock or settings.clock()
    region = settings.region()
    webhooks = RegionWebhooks(region)

    def request_pdp(request: Request) -> PolicyDecisionPoint:
        return pdp or request.app.state.runtime.pdp

    partners = adapters.partners or RegionPartners(region)
    kalender = region.werkdagkalender()
    workers: list[DeliveryWorker | WebhookWorker | TermijnWorker] = []

    def wake(runtime: Runtime) -> None:
        runtime.relay.wake()
        for w in workers:
            w.wake()

    def wake_relay(request: Request) -> None:
        request.app.state.runtime.relay.wake()

    def wake_workers(_request: Request) -> None:
        for w in workers:
            w.wake()

    def register(broker: KafkaBroker, runtime: Runtime) -> None:
        register_consumers(
            runtime.consumers,
            uow_factory=uow_factory(runtime.sessions),
            partners=partners,
            clock=clock,
            after_commit=lambda: wake(runtime),
            group=settings.consumer_group,
            ui_url=settings.ui_url,
            max_bytes=settings.kafka_max_message_bytes,
            kalender=kalender,
            termijnen=region.termijnen_van_regio(),
        )
        register_webhook_consumers(
            runtime.consumers,
            uow_factory=uow_factory(runtime.sessions),
            partner_codes=webhooks.codes(),
            clock=clock,
            after_commit=lambda: wake(runtime),
            group=settings.consumer_group,
            max_bytes=settings.kafka_max_message_bytes,
        )

    async def on_startup(runtime: Runtime) -> None:
        worker = DeliveryWorker(
            uow_factory=uow_factory(runtime.sessions),
            sender=adapters.mail or SmtpMailSender.from_settings(settings),
            clock=clock,
            beleid=settings.retry_beleid(),
            poll_interval_s=settings.delivery_poll_interval_s,
        )
        worker.start()
        workers.append(worker)
        bridge = WebhookWorker(
            uow_factory=uow_factory(runtime.sessions),
            sender=adapters.webhooks or HttpxWebhookSender(timeout_s=settings.webhook_timeout_s),
            webhooks=webhooks,
            clock=clock,
            beleid=settings.webhook_beleid(),
            poll_interval_s=settings.delivery_poll_interval_s,
        )
        bridge.start()
        workers.append(bridge)
        termijnen = TermijnWorker(
            uow_factory=uow_factory(runtime.sessions),
            partners=partners,
            clock=clock,
            ui_url=settings.ui_url,
            after_fire=lambda: wake(runtime),
            poll_interval_s=settings.termijn_poll_interval_s,
        )
        termijnen.start()
        workers.append(termijnen)

    async def on_shutdown(runtime: Runtime) -> None:
        for w in workers:
            await w.stop()
        workers.clear()

    spec = ServiceSpec(
        name="notify",
        needs_pdp=True,
        metadata=metadata,
        migrations=MIGRATIONS,
        routers=[
            make_router(settings, uow_factory=_request_uows, pdp=request_pdp),
            make_beheer_router(settings, uow_factory=_request_uows, wake=wake_workers, clock=clock),
            make_webhook_router(
                uow_factory=_request_uows,
                webhooks=webhooks,
                clock=clock,
                wake=wake_relay,
                max_bytes=settings.kafka_max_message_bytes,
            ),
        ],
        register_consumers=register,
        on_startup=on_startup,
        on_shutdown=on_shutdown,
    )
    return build_app(spec, settings)

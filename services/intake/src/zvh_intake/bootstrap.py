"""The one place that wires intake's concrete adapters into the platform's service shell."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from faststream.kafka import KafkaBroker
from zvh_platform.clock import SystemClock
from zvh_platform.service import Runtime, ServiceSpec, build_app
from zvh_platform.settings import ServiceSettings

from zvh_intake.adapters.db.tables import metadata
from zvh_intake.adapters.db.uow import uow_factory
from zvh_intake.application.intake import MeldingIntake
from zvh_intake.application.ports import ConvenantRegister, PolicyDecisionPoint
from zvh_intake.entrypoints.api import make_router
from zvh_intake.entrypoints.consumers import register_consumers
from zvh_intake.entrypoints.context import DepsHolder, IntakeDeps

MIGRATIONS = Path(__file__).parent / "migrations"


def create_app(
    settings: ServiceSettings | None = None,
    *,
    pdp: PolicyDecisionPoint | None = None,
    convenanten: ConvenantRegister | None = None,
) -> FastAPI:
    """The intake app: partner consumer, outbox relay and HTTP API (``uvicorn … --factory``).

    ``pdp``: the policy decision point to ask instead of the consent service (tests whose
    subject is not the policy); by default the runtime's ``PdpClient``. ``convenanten``: the
    convenant register to ask instead of the consent service's (same kind of tests).
    """
    settings = settings or ServiceSettings(service="intake")
    holder = DepsHolder()
    partners = frozenset(settings.region().partner_codes())

    def register(broker: KafkaBroker, runtime: Runtime) -> None:
        uows = uow_factory(runtime.sessions, after_commit=runtime.relay.wake)
        holder.deps = IntakeDeps(
            uow_factory=uows,
            pdp=pdp or runtime.pdp,
            clock=SystemClock(),
            partners=partners,
            convenanten=convenanten or runtime.convenanten,
        )
        intake = MeldingIntake(
            uow_factory=uows,
            pseudonym_key=settings.pseudonym_key.get_secret_value().encode("utf-8"),
            partners=partners,
            clock=SystemClock(),
            max_bytes=settings.kafka_max_message_bytes,
        )
        register_consumers(
            runtime.consumers, partner_codes=settings.region().partner_codes(), intake=intake
        )

    spec = ServiceSpec(
        name="intake",
        needs_pdp=True,
        metadata=metadata,
        migrations=MIGRATIONS,
        routers=[make_router(settings, deps=holder)],
        register_consumers=register,
    )
    return build_app(spec, settings)

"""The one place that wires intake's concrete adapters into the platform's service shell."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI
from faststream.kafka import KafkaBroker
from zvh_platform.service import Runtime, ServiceSpec, build_app

from zvh_intake.adapters.db.tables import metadata
from zvh_intake.adapters.db.uow import uow_factory
from zvh_intake.application.aanhoudingen import MeldingRegels
from zvh_intake.application.intake import MeldingIntake
from zvh_intake.application.ports import Clock, ConvenantRegister, PolicyDecisionPoint
from zvh_intake.application.vpt import VptMeldpunt
from zvh_intake.config import IntakeSettings
from zvh_intake.entrypoints.aanhoudingen import make_aanhoudingen_router
from zvh_intake.entrypoints.api import make_router
from zvh_intake.entrypoints.consumers import register_consumers
from zvh_intake.entrypoints.context import DepsHolder, IntakeDeps
from zvh_intake.entrypoints.vpt import make_vpt_router

MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass(frozen=True, kw_only=True)
class Adapters:
    """The adapters ``create_app`` wires; each one left ``None`` is the real one. Tests hand their
    fakes in here: the one seam (docs/architecture.md, "The anatomy of a service")."""

    #: The policy decision point; by default the runtime's ``PdpClient`` (the consent service).
    pdp: PolicyDecisionPoint | None = None
    #: The convenant register; by default the runtime's ``ConvenantClient``.
    convenanten: ConvenantRegister | None = None
    clock: Clock | None = None


def create_app(
    settings: IntakeSettings | None = None, *, adapters: Adapters | None = None
) -> FastAPI:
    """The intake app: partner consumer, outbox relay and HTTP API (``uvicorn … --factory``)."""
    settings = settings or IntakeSettings()
    adapters = adapters or Adapters()
    pdp, convenanten = adapters.pdp, adapters.convenanten
    clock = adapters.clock or settings.clock()
    holder = DepsHolder()
    partners = frozenset(settings.region().partner_codes())
    #: The meldpunt's casemanagers: the region's users with role vpt-casemanager, in file order.
    vpt_casemanagers = [u.id for u in settings.region().users if "vpt-casemanager" in u.roles]

    def register(broker: KafkaBroker, runtime: Runtime) -> None:
        uows = uow_factory(runtime.sessions, after_commit=runtime.relay.wake)
        vpt = VptMeldpunt(
            uow_factory=uows,
            pseudonym_key=settings.pseudonym_key_bytes(),
            casemanagers=vpt_casemanagers,
            clock=clock,
            kalender=settings.region().werkdagkalender(),
        )
        holder.deps = IntakeDeps(
            uow_factory=uows,
            pdp=pdp or runtime.pdp,
            clock=clock,
            partners=partners,
            convenanten=convenanten or runtime.convenanten,
            melding_regels=MeldingRegels(
                pseudonym_key=settings.pseudonym_key_bytes(),
                termijnen=settings.region().termijnen_van_regio(),
                kalender=settings.region().werkdagkalender(),
            ),
            vpt=vpt,
        )
        intake = MeldingIntake(
            uow_factory=uows,
            pseudonym_key=settings.pseudonym_key_bytes(),
            partners=partners,
            clock=clock,
            max_bytes=settings.kafka_max_message_bytes,
            termijnen=settings.region().termijnen_van_regio(),
            kalender=settings.region().werkdagkalender(),
            vpt=vpt,
        )
        register_consumers(
            runtime.consumers, partner_codes=settings.region().partner_codes(), intake=intake
        )

    spec = ServiceSpec(
        name="intake",
        needs_pdp=True,
        metadata=metadata,
        migrations=MIGRATIONS,
        routers=[
            make_router(settings, deps=holder),
            make_aanhoudingen_router(settings, deps=holder),
            make_vpt_router(settings, deps=holder),
        ],
        register_consumers=register,
    )
    return build_app(spec, settings)

"""What the HTTP routes need, filled in by bootstrap once the runtime exists."""

from __future__ import annotations

from dataclasses import dataclass

from zvh_intake.application.aanhoudingen import MeldingRegels
from zvh_intake.application.ports import (
    Clock,
    ConvenantRegister,
    PolicyDecisionPoint,
    UnitOfWorkFactory,
)
from zvh_intake.application.vpt import VptMeldpunt


@dataclass(frozen=True)
class IntakeDeps:
    """The application's ports as the API uses them."""

    uow_factory: UnitOfWorkFactory
    pdp: PolicyDecisionPoint
    clock: Clock
    partners: frozenset[str]
    #: Asked before partners are invited to a casus (no copy kept here).
    convenanten: ConvenantRegister
    #: What a melding made of an arrest needs (pseudonym key, triage termijnen).
    melding_regels: MeldingRegels | None = None
    #: The meldpunt agressie en geweld (the same use case the partner consumer uses).
    vpt: VptMeldpunt | None = None


class DepsHolder:
    """Late binding: routes are built before the lifespan creates the database and PDP client."""

    def __init__(self, deps: IntakeDeps | None = None) -> None:
        self.deps = deps

    def __call__(self) -> IntakeDeps:
        if self.deps is None:
            raise RuntimeError("intake is not started yet")
        return self.deps

"""Domain errors: each maps to one clear answer (404, 409, 422, 403)."""

from __future__ import annotations

from zvh_intake.domain.afwijzing import Reden


class IntakeError(Exception):
    """Base of intake's domain errors."""


class MeldingNietGevonden(IntakeError):
    """No melding with this id."""


class AlGetrieerd(IntakeError):
    """The melding was triaged before; a triage decision is final."""


class TriageOngeldig(IntakeError):
    """The triage decision is incomplete or inconsistent."""

    def __init__(self, redenen: list[Reden]) -> None:
        super().__init__("; ".join(f"{r.veld}: {r.melding}" for r in redenen))
        self.redenen = redenen


class InzageGeweigerd(IntakeError):
    """The PDP did not allow reading this melding."""

    def __init__(self, redenen: list[str]) -> None:
        super().__init__("inzage geweigerd")
        self.redenen = redenen


class ItemNietGevonden(IntakeError):
    """No informatie-item with this id in this melding."""


class BeheerOngeldig(IntakeError):
    """The eigenaar's control (restrict, withdraw) does not fit the item or is incomplete."""


class ActieGeweigerd(IntakeError):
    """The PDP did not allow this command (triage, an eigenaar control, the triage queue)."""

    def __init__(self, redenen: list[str]) -> None:
        super().__init__("niet toegestaan")
        self.redenen = redenen

"""Domain errors. Messages are Dutch: they reach staff in the UI and API as they are."""

from __future__ import annotations


class OverlegError(Exception):
    """Base of every overleg domain error."""


class CasusNietGevonden(OverlegError):
    """No casus with that id."""


class ActieNietGevonden(OverlegError):
    """No actie with that id."""


class ActieOngeldig(OverlegError):
    """An actie that breaks a rule (wie no deelnemer, wanneer in the past, empty wat)."""

    def __init__(self, message: str, *, veld: str = "") -> None:
        super().__init__(message)
        self.veld = veld


class TerugkoppelingGeweigerd(OverlegError):
    """A terugkoppeling we must not apply: wrong partner or wrong casus."""


class CasusOngeldig(OverlegError):
    """A lifecycle change that breaks a rule (no reason, closed casus, unknown partner)."""

    def __init__(self, message: str, *, veld: str = "") -> None:
        super().__init__(message)
        self.veld = veld

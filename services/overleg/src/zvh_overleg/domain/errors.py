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


class OverlegOngeldig(OverlegError):
    """A plan or change that breaks a rule; ``veld`` names the form field it is about."""

    def __init__(self, message: str, *, veld: str = "") -> None:
        super().__init__(message)
        self.veld = veld


class CasusOngeldig(OverlegError):
    """A lifecycle change that breaks a rule (no reason, closed casus, unknown partner)."""

    def __init__(self, message: str, *, veld: str = "") -> None:
        super().__init__(message)
        self.veld = veld


class OverlegNietGevonden(OverlegError):
    """No overleg with that id."""


class OverlegNietWijzigbaar(OverlegError):
    """A cancelled overleg, or one whose verslag is final, cannot change."""


class AntwoordGeweigerd(OverlegError):
    """An answer we do not accept: not invited, overleg cancelled, or no reason for komt-niet."""

    def __init__(self, message: str, *, veld: str = "") -> None:
        super().__init__(message)
        self.veld = veld


class VerslagNietMogelijk(OverlegError):
    """The verslag cannot be finalised (already final, cancelled, or the overleg has not begun)."""


class ItemNietGevonden(OverlegError):
    """No informatie-item with that id in this casus."""


class BeheerOngeldig(OverlegError):
    """An eigenaar's control that cannot apply (no organisation named, item withdrawn)."""

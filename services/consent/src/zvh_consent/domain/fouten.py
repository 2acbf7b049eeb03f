"""Refusals of a register change: Dutch reasons per field, shown to the user as a 422."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class Fout:
    """One reason: the field (``''`` = the whole request) and what is wrong, in Dutch."""

    veld: str
    melding: str


class Ongeldig(ValueError):
    """A register change that breaks a rule of the register (answered as a Dutch 422)."""

    def __init__(self, fouten: list[Fout]) -> None:
        super().__init__("; ".join(f"{f.veld}: {f.melding}" for f in fouten))
        self.fouten = fouten


def weiger_als(fouten: list[Fout]) -> None:
    """Raise ``Ongeldig`` when there is anything in ``fouten``."""
    if fouten:
        raise Ongeldig(fouten)

"""The consent service's toestemming register as the UI needs it: list, record, withdraw.

Who may is consent's policy: overleg forwards the signed-in user's token and shows consent's
Dutch refusal or per-field reasons. A betrokkene is a pseudonym, never a BSN or name: the
casus' own betrokkenen (:func:`betrokkenen_van`) are what the form offers.
"""

from __future__ import annotations

import uuid
from typing import Any, Protocol

from zvh_overleg.application.ports import UnitOfWorkFactory
from zvh_overleg.domain.errors import CasusNietGevonden


class ConsentFout(Exception):
    """Consent could not answer (down, timeout, unexpected reply)."""


class ConsentGeweigerd(ConsentFout):
    """Consent's policy refused; ``reasons`` say why (Dutch)."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


class ConsentNietGevonden(ConsentFout):
    """No such toestemming."""


class ConsentOngeldig(ConsentFout):
    """Consent rejected the input (422): ``fouten`` are ``(veld, melding)`` pairs (Dutch)."""

    def __init__(self, detail: str, fouten: list[tuple[str, str]]) -> None:
        super().__init__(detail)
        self.fouten = fouten


class ConsentPort(Protocol):
    async def toestemmingen(self, *, casus: uuid.UUID, token: str) -> list[dict[str, Any]]:
        """The casus's toestemmingen, newest first (without history)."""

    async def toestemming(self, toestemming_id: uuid.UUID, *, token: str) -> dict[str, Any]:
        """One toestemming with its ``historie``."""

    async def vastleggen(self, invoer: dict[str, Any], *, token: str) -> dict[str, Any]:
        """Record a toestemming (gegeven or geweigerd)."""

    async def intrekken(self, toestemming_id: uuid.UUID, *, token: str) -> dict[str, Any]:
        """Withdraw a toestemming (a new state)."""


async def betrokkenen_van(casus_id: uuid.UUID, *, uow: UnitOfWorkFactory) -> list[str]:
    """The casus' betrokkenen (pseudonyms, the client's first) to record a toestemming for;
    empty for a casus opened before overleg kept them.

    No PDP question of its own: these are pseudonyms, not content, and the page shows them only
    after consent allowed this user the casus' toestemmingen.
    """
    async with uow() as tx:
        casus = await tx.casussen.get(casus_id, historie=False)
    if casus is None:
        raise CasusNietGevonden(f"casus {casus_id} bestaat niet")
    return list(casus.betrokkenen)

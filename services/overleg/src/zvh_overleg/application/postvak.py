"""The postvak: the termijn signals (herinnering, verlopen) notify sent, for the signed-in user.

Notify keeps them and decides, through the PDP with the user's own token, whose the user may see
(ZVH staff all, a partner its own); overleg only shows them. Ids, codes and dates: what the actie
is, the casus page tells whoever may read it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol


class PostvakFout(Exception):
    """Notify could not be asked (unreachable, an unexpected answer)."""


class PostvakGeweigerd(PostvakFout):
    """The PDP did not allow it; ``redenen`` say why (Dutch)."""

    def __init__(self, redenen: list[str]) -> None:
        super().__init__("; ".join(redenen))
        self.redenen = redenen


@dataclass(frozen=True)
class Termijnsignaal:
    soort: str
    termijn: str
    casus_id: uuid.UUID | None
    actie_id: uuid.UUID | None
    ontvanger: str
    uiterlijk: date
    verstuurd_op: datetime | None
    #: Set for the termijn to answer an invitation and the verslag (then there is no casus).
    overleg_id: uuid.UUID | None = None
    #: Set for the triage termijn of a melding.
    melding_id: uuid.UUID | None = None

    @property
    def verlopen(self) -> bool:
        return self.soort == "verlopen"


class PostvakPort(Protocol):
    async def termijnsignalen(self, *, token: str) -> list[Termijnsignaal]:
        """The signals this user may see, newest first; raises PostvakFout / PostvakGeweigerd."""
        ...

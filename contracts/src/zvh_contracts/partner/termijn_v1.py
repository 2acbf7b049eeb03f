"""ZVH → partner: a termijn of the partner's is near (herinnering) or has passed (verlopen)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import Field

from zvh_contracts.base import Event
from zvh_contracts.vocab import Termijnsignaal


class TermijnHerinnering(Event):
    """A reminder before a termijn ends, or the signal that it passed. Ids, codes and dates only.

    Sent by notify's scheduler to the partner the termijn concerns, on its own from-zvh topic: at
    most one ``herinnering`` and one ``verlopen`` per termijn and deadline. A changed deadline is
    a new termijn and may be reminded again. Two termijnen are watched:

    - ``actie``: an actie for the partner (``casus_id`` and ``actie_id``); its text is in the
      ``zvh.partner.actie.toegewezen.v1`` the partner already has;
    - ``uitnodiging-beantwoord``: the partner has not answered an invitation (``overleg_id``);
      answer with ``zvh.partner.overleg.beantwoord.v1``.
    """

    event_type = "zvh.partner.termijn.herinnering.v1"
    summary = "A termijn of the partner is near (herinnering) or has passed (verlopen)"

    soort: Termijnsignaal
    termijn: str = Field(
        pattern=r"^[a-z][a-z0-9-]{1,62}$",
        description="The termijn's code: `actie` or `uitnodiging-beantwoord`",
    )
    casus_id: uuid.UUID | None = Field(default=None, description="Set for the termijn of an actie")
    actie_id: uuid.UUID | None = Field(default=None, description="Set for the termijn of an actie")
    overleg_id: uuid.UUID | None = Field(
        default=None, description="Set for the answer to an invitation"
    )
    uiterlijk: date = Field(description="The last day the termijn is met on time")
    gesignaleerd_op: datetime

    def subject(self) -> str:
        return str(self.casus_id or self.overleg_id)

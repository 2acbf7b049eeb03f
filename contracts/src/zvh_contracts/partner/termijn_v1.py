"""ZVH → partner: a termijn of the partner's is near (herinnering) or has passed (verlopen)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import Field

from zvh_contracts.base import Event
from zvh_contracts.vocab import Termijnsignaal


class TermijnHerinnering(Event):
    """A reminder before a termijn ends, or the signal that it passed. Ids, codes and dates only.

    Sent by notify's scheduler to the partner the termijn concerns (for an actie: its ``wie``), on
    its own from-zvh topic: at most one ``herinnering`` and one ``verlopen`` per termijn and
    deadline. A changed deadline is a new termijn and may be reminded again. The actie's text is
    in the ``zvh.partner.actie.toegewezen.v1`` the partner already has.
    """

    event_type = "zvh.partner.termijn.herinnering.v1"
    summary = "A termijn of the partner is near (herinnering) or has passed (verlopen)"

    soort: Termijnsignaal
    termijn: str = Field(
        pattern=r"^[a-z][a-z0-9-]{1,62}$",
        description="The termijn's code, e.g. `actie` (an actie's wanneer)",
    )
    casus_id: uuid.UUID
    actie_id: uuid.UUID | None = Field(default=None, description="Set for the termijn of an actie")
    uiterlijk: date = Field(description="The last day the termijn is met on time")
    gesignaleerd_op: datetime

    def subject(self) -> str:
        return str(self.casus_id)

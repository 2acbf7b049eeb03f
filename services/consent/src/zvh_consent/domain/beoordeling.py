"""The FG's review (beoordeling) of a doorbreking: was breaking the glass justified?

One review per doorbreking, final: a second one is refused ("al beoordeeld"), so the record the
eigenaar and the FG rely on never changes (the table is append-only, like the doorbrekingen).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import uuid

from zvh_consent.domain.fouten import Fout, weiger_als

MAX_TOELICHTING = 2000
AL_BEOORDEELD = "deze doorbreking is al beoordeeld; een beoordeling is definitief"


class Oordeel(enum.StrEnum):
    TERECHT = "terecht"
    ONTERECHT = "onterecht"
    ONDUIDELIJK = "onduidelijk"


@dataclasses.dataclass(frozen=True, kw_only=True)
class Beoordeling:
    """Who (from the token) judged which doorbreking how, when, and why."""

    doorbreking_id: uuid.UUID
    oordeel: Oordeel
    toelichting: str
    door: str
    door_org: str
    op: dt.datetime


def nieuwe_beoordeling(
    *,
    doorbreking_id: uuid.UUID,
    oordeel: Oordeel,
    toelichting: str,
    door: str,
    door_org: str,
    op: dt.datetime,
) -> Beoordeling:
    """A checked review; ``Ongeldig`` with a Dutch reason when the toelichting is too long."""
    tekst = toelichting.strip()
    if len(tekst) > MAX_TOELICHTING:
        weiger_als([Fout("toelichting", f"hoogstens {MAX_TOELICHTING} tekens")])
    return Beoordeling(
        doorbreking_id=doorbreking_id,
        oordeel=oordeel,
        toelichting=tekst,
        door=door,
        door_org=door_org,
        op=op,
    )

"""Doorbreking ("break the glass"): a professional reads a partner's items without toestemming
or convenant basis, on the ground of vitaal belang, conflict van plichten or the meldcode.

It needs a typed reason and lasts a limited time (default 4 hours, at most 24). The eigenaar is
told at once (an event on its from-zvh topic); the FG reviews every doorbreking. While it runs,
the policy lets it open the eigenaar's items of that casus (or that one item) for that user —
even over a refusal; never an item the eigenaar withdrew or restricted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import uuid

from zvh_contracts.base import PARTNER_CODE_PATTERN
from zvh_contracts.vocab import DoorbrekingType

from zvh_consent.domain.beoordeling import Beoordeling
from zvh_consent.domain.fouten import Fout, weiger_als

MIN_REDEN = 20
MAX_REDEN = 2000
STANDAARD_UREN = 4
MAX_UREN = 24
ITEM = re.compile(r"^[A-Za-z0-9._/:-]{1,64}$")

#: The grondslag a doorbreking gives, per type (shown to the professional and logged).
GRONDSLAG: dict[DoorbrekingType, str] = {
    DoorbrekingType.VITAAL_BELANG: "doorbreking: vitaal belang (AVG art. 6 lid 1 d)",
    DoorbrekingType.CONFLICT_VAN_PLICHTEN: "doorbreking: conflict van plichten",
    DoorbrekingType.MELDCODE: "doorbreking: meldcode huiselijk geweld en kindermishandeling",
}


@dataclasses.dataclass(frozen=True, kw_only=True)
class Doorbreking:
    """One doorbreking: who (from the token), on what, why, from ``van`` until ``tot``."""

    id: uuid.UUID
    type: DoorbrekingType
    reden: str
    casus: str | None
    item: str | None
    eigenaar: str
    user: str
    org: str
    van: dt.datetime
    tot: dt.datetime
    #: The FG's review, once there is one.
    beoordeling: Beoordeling | None = None

    def actief_op(self, moment: dt.datetime) -> bool:
        return self.van <= moment < self.tot


def nieuwe_doorbreking(
    *,
    type: DoorbrekingType,
    reden: str,
    casus: uuid.UUID | None,
    item: str | None,
    eigenaar: str,
    duur_uren: int | None,
    user: str,
    org: str,
    op: dt.datetime,
) -> Doorbreking:
    """A checked doorbreking; ``Ongeldig`` with Dutch reasons per field."""
    fouten: list[Fout] = []
    tekst = " ".join(reden.split())
    if len(tekst) < MIN_REDEN:
        fouten.append(
            Fout("reden", f"beschrijf waarom de doorbreking nodig is (minstens {MIN_REDEN} tekens)")
        )
    elif len(tekst) > MAX_REDEN:
        fouten.append(Fout("reden", f"hoogstens {MAX_REDEN} tekens"))
    if casus is None and item is None:
        fouten.append(Fout("casus", "noem de casus of het informatie-item"))
    if item is not None and not ITEM.fullmatch(item):
        fouten.append(Fout("item", "moet een item-id zijn (letters, cijfers, . _ / : -)"))
    if not (2 <= len(eigenaar) <= 63 and re.fullmatch(PARTNER_CODE_PATTERN, eigenaar)):
        fouten.append(Fout("eigenaar", "is geen geldige organisatiecode"))
    elif eigenaar == org:
        fouten.append(
            Fout("eigenaar", "uw organisatie is zelf de eigenaar: een doorbreking is niet nodig")
        )
    uren = STANDAARD_UREN if duur_uren is None else duur_uren
    if not 1 <= uren <= MAX_UREN:
        fouten.append(Fout("duur_uren", f"kies 1 tot en met {MAX_UREN} uur"))
    weiger_als(fouten)
    return Doorbreking(
        id=uuid.uuid4(),
        type=type,
        reden=tekst,
        casus=str(casus) if casus else None,
        item=item,
        eigenaar=eigenaar,
        user=user,
        org=org,
        van=op,
        tot=op + dt.timedelta(hours=uren),
    )

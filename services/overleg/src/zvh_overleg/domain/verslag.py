"""The verslag of an overleg: a snapshot taken when the procesregisseur finalises it.

Per agenda casus: the deelnemers, the actielijst as it stood, when the casus comes back, and for
Casus Plus whether the client was at the table; plus who attended. Bouwschema entries are not
copied: each reader gets the entries the policy lets it read, when it reads.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from zvh_contracts.vocab import OverlegAntwoord, OverlegSoort

from zvh_overleg.domain.errors import OverlegOngeldig
from zvh_overleg.domain.model import Casus
from zvh_overleg.domain.overleg import Overleg, Uitgenodigd

RITME_MAX_WEKEN = 26


@dataclass
class Aanwezigheid:
    """Who was there: per genodigde partner, and per casus whether the client came (Casus Plus)."""

    partners: dict[str, bool] = field(default_factory=dict)
    client: dict[uuid.UUID, bool] = field(default_factory=dict)


@dataclass(frozen=True)
class Actieregel:
    actie_id: uuid.UUID
    wat: str
    wie: str
    wanneer: date
    status: str


@dataclass(frozen=True)
class VerslagCasus:
    casus_id: uuid.UUID
    deelnemers: list[str]
    acties: list[Actieregel]
    volgend_overleg: date | None
    client_aanwezig: bool | None = None


@dataclass(frozen=True)
class Verslag:
    overleg_id: uuid.UUID
    soort: OverlegSoort
    start: datetime
    aanwezig: list[str]
    afwezig: list[str]
    casussen: list[VerslagCasus]
    vastgesteld_op: datetime
    vastgesteld_door: str

    def casus(self, casus_id: uuid.UUID) -> VerslagCasus | None:
        return next((c for c in self.casussen if c.casus_id == casus_id), None)


def maak_verslag(
    overleg: Overleg,
    *,
    casussen: Sequence[Casus],
    genodigden: Sequence[Uitgenodigd],
    aanwezigheid: Aanwezigheid,
    volgend_overleg: Mapping[uuid.UUID, date | None],
    nu: datetime,
    door: str,
) -> Verslag:
    """The snapshot, casussen in agenda order.

    Attendance as recorded; where nobody recorded it, the partner's answer stands in (komt →
    aanwezig, komt niet or no answer → afwezig), so a verslag never calls everyone absent only
    because the register was not filled in.
    """
    per_id = {c.casus_id: c for c in casussen}
    partners = [g.partner for g in genodigden]

    def was_er(partner: str) -> bool:
        vastgelegd = aanwezigheid.partners.get(partner)
        if vastgelegd is not None:
            return vastgelegd
        antwoord = overleg.antwoord_van(partner)
        return antwoord is not None and antwoord.antwoord is OverlegAntwoord.KOMT

    return Verslag(
        overleg_id=overleg.overleg_id,
        soort=overleg.soort,
        start=overleg.start,
        aanwezig=[p for p in partners if was_er(p)],
        afwezig=[p for p in partners if not was_er(p)],
        casussen=[
            VerslagCasus(
                casus_id=c.casus_id,
                deelnemers=list(c.deelnemers),
                acties=[
                    Actieregel(
                        actie_id=a.actie_id,
                        wat=a.wat,
                        wie=a.wie,
                        wanneer=a.wanneer,
                        status=str(a.status),
                    )
                    for a in c.acties
                ],
                volgend_overleg=c.volgend_overleg_op or volgend_overleg.get(c.casus_id),
                client_aanwezig=aanwezigheid.client.get(c.casus_id),
            )
            for c in (per_id[i] for i in overleg.agenda if i in per_id)
        ],
        vastgesteld_op=nu,
        vastgesteld_door=door,
    )


def controleer_ritme(interval_weken: int | None) -> None:
    if interval_weken is not None and not 1 <= interval_weken <= RITME_MAX_WEKEN:
        raise OverlegOngeldig(
            f"Kies een ritme van 1 tot en met {RITME_MAX_WEKEN} weken.", veld="ritme"
        )


def ritme_datum(overleg_dag: date, interval_weken: int) -> date:
    """Casus Plus: the partners meet again after the interval, also when things go well."""
    return overleg_dag + timedelta(weeks=interval_weken)

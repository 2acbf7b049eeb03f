"""Veiligheidssignalen for professionals (issue 10, part 5). Pure: no I/O.

When the client of a casus was involved in an incident, or the procesregisseur otherwise knows
of a risk, the procesregisseur sets a signal on the casus: a code from a fixed list (e.g.
``niet-alleen-op-huisbezoek``), valid from a day until a day, with a review date (herbeoordeling)
on or before its end. Codes only, no free text: a signal never tells what happened.

A signal is active from ``geldig_van`` up to and including ``geldig_tot``; after that it has
expired (verlopen) — computed from the day, no job needed. Renewing (verlengen) sets a new end
and review date; withdrawing (intrekken) ends it at once. Every deelnemer sees the active ones;
the procesregisseur also sees the expired and withdrawn ones.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from zvh_contracts.vocab import VEILIGHEIDSSIGNAAL_LABELS, Veiligheidssignaalcode

from zvh_overleg.domain.errors import OverlegError

#: The longest a signal holds without being renewed (about six months).
MAX_GELDIGHEID = timedelta(days=183)

#: The processing's legal basis, as the PDP names it when no decision gives one.
GRONDSLAG = "wettelijke taak / veiligheid van professionals (Arbowet art. 3)"


class VeiligheidssignaalOngeldig(OverlegError):
    """A signal that breaks a rule; ``veld`` names the form field it is about (Dutch message)."""

    def __init__(self, message: str, *, veld: str = "") -> None:
        super().__init__(message)
        self.veld = veld


class VeiligheidssignaalNietGevonden(OverlegError):
    """No signal with that id on this casus."""


class Signaalstand(enum.StrEnum):
    """Where a signal stands on a given day."""

    GEPLAND = "gepland"  # geldig_van still ahead
    ACTIEF = "actief"
    VERLOPEN = "verlopen"
    INGETROKKEN = "ingetrokken"


def label(code: Veiligheidssignaalcode | str) -> str:
    """The Dutch label of a code ("Niet alleen op huisbezoek")."""
    try:
        return VEILIGHEIDSSIGNAAL_LABELS[Veiligheidssignaalcode(code)]
    except ValueError:
        return str(code)


@dataclass
class Veiligheidssignaal:
    """One signal on a casus, with who set it, when, and on which grondslag."""

    signaal_id: uuid.UUID
    casus_id: uuid.UUID
    code: Veiligheidssignaalcode
    geldig_van: date
    geldig_tot: date
    herbeoordeling_op: date
    grondslag: str
    gezet_door: str
    gezet_op: datetime
    verlengd_door: str | None = None
    verlengd_op: datetime | None = None
    ingetrokken_door: str | None = None
    ingetrokken_op: datetime | None = None

    @property
    def label(self) -> str:
        return label(self.code)

    def stand(self, vandaag: date) -> Signaalstand:
        """Withdrawn, expired after ``geldig_tot`` (that day itself still holds), or active."""
        if self.ingetrokken_op is not None:
            return Signaalstand.INGETROKKEN
        if vandaag > self.geldig_tot:
            return Signaalstand.VERLOPEN
        if vandaag < self.geldig_van:
            return Signaalstand.GEPLAND
        return Signaalstand.ACTIEF

    def actief(self, vandaag: date) -> bool:
        return self.stand(vandaag) is Signaalstand.ACTIEF

    def herbeoordelen(self, vandaag: date) -> bool:
        """Its review date has come while it still holds (the procesregisseur's reminder)."""
        return self.stand(vandaag) is Signaalstand.ACTIEF and vandaag >= self.herbeoordeling_op

    def verleng(
        self,
        *,
        geldig_tot: date | None,
        herbeoordeling_op: date | None,
        vandaag: date,
        door: str,
        op: datetime,
    ) -> None:
        """A new end (later than the current one) and review date, at most ``MAX_GELDIGHEID``
        from today. An expired signal can be renewed (it counts again); a withdrawn one cannot."""
        if self.ingetrokken_op is not None:
            raise VeiligheidssignaalOngeldig(
                "Een ingetrokken veiligheidssignaal kan niet worden verlengd; zet een nieuw.",
                veld="geldig_tot",
            )
        tot, herbeoordeling = _periode(
            van=max(self.geldig_van, vandaag),
            tot=geldig_tot,
            herbeoordeling_op=herbeoordeling_op,
            vandaag=vandaag,
        )
        if tot <= self.geldig_tot:
            raise VeiligheidssignaalOngeldig(
                f"Kies bij verlengen een einddatum na {self.geldig_tot:%d-%m-%Y}.",
                veld="geldig_tot",
            )
        self.geldig_tot = tot
        self.herbeoordeling_op = herbeoordeling
        self.verlengd_door = door
        self.verlengd_op = op

    def trek_in(self, *, door: str, op: datetime) -> None:
        """End the signal at once; withdrawing twice is refused."""
        if self.ingetrokken_op is not None:
            raise VeiligheidssignaalOngeldig("Dit veiligheidssignaal is al ingetrokken.")
        self.ingetrokken_door = door
        self.ingetrokken_op = op


def code_van(waarde: str | None) -> Veiligheidssignaalcode:
    """The code from the fixed list, or a Dutch error (free text is never a code)."""
    if not waarde:
        raise VeiligheidssignaalOngeldig("Kies een veiligheidssignaal.", veld="code")
    try:
        return Veiligheidssignaalcode(waarde)
    except ValueError:
        raise VeiligheidssignaalOngeldig(
            "Kies een veiligheidssignaal uit de lijst.", veld="code"
        ) from None


def _periode(
    *, van: date, tot: date | None, herbeoordeling_op: date | None, vandaag: date
) -> tuple[date, date]:
    if tot is None:
        raise VeiligheidssignaalOngeldig(
            "Vul bij 'Geldig tot' een geldige datum in.", veld="geldig_tot"
        )
    if tot < vandaag:
        raise VeiligheidssignaalOngeldig(
            "'Geldig tot' mag niet in het verleden liggen.", veld="geldig_tot"
        )
    if tot < van:
        raise VeiligheidssignaalOngeldig(
            "'Geldig tot' mag niet vóór 'Geldig van' liggen.", veld="geldig_tot"
        )
    if tot > van + MAX_GELDIGHEID:
        raise VeiligheidssignaalOngeldig(
            "Een veiligheidssignaal geldt hoogstens zes maanden "
            f"(tot uiterlijk {van + MAX_GELDIGHEID:%d-%m-%Y}); verleng het daarna zo nodig.",
            veld="geldig_tot",
        )
    if herbeoordeling_op is None:
        raise VeiligheidssignaalOngeldig(
            "Vul bij 'Herbeoordelen op' een geldige datum in.", veld="herbeoordeling_op"
        )
    if herbeoordeling_op > tot:
        raise VeiligheidssignaalOngeldig(
            "De herbeoordeling moet op of vóór de einddatum liggen.", veld="herbeoordeling_op"
        )
    if herbeoordeling_op < vandaag:
        raise VeiligheidssignaalOngeldig(
            "De herbeoordeling mag niet in het verleden liggen.", veld="herbeoordeling_op"
        )
    return tot, herbeoordeling_op


def zet_signaal(
    *,
    signaal_id: uuid.UUID,
    casus_id: uuid.UUID,
    code: str | None,
    geldig_van: date | None,
    geldig_tot: date | None,
    herbeoordeling_op: date | None,
    vandaag: date,
    grondslag: str,
    door: str,
    op: datetime,
) -> Veiligheidssignaal:
    """A new signal after the checks, or a VeiligheidssignaalOngeldig in Dutch.

    ``geldig_van`` defaults to today and may not lie in the past; ``geldig_tot`` at most six
    months after it; the review on or before the end.
    """
    gekozen = code_van(code)
    van = geldig_van or vandaag
    if van < vandaag:
        raise VeiligheidssignaalOngeldig(
            "'Geldig van' mag niet in het verleden liggen.", veld="geldig_van"
        )
    tot, herbeoordeling = _periode(
        van=van, tot=geldig_tot, herbeoordeling_op=herbeoordeling_op, vandaag=vandaag
    )
    return Veiligheidssignaal(
        signaal_id=signaal_id,
        casus_id=casus_id,
        code=gekozen,
        geldig_van=van,
        geldig_tot=tot,
        herbeoordeling_op=herbeoordeling,
        grondslag=grondslag,
        gezet_door=door,
        gezet_op=op,
    )


def actieve(signalen: list[Veiligheidssignaal], vandaag: date) -> list[Veiligheidssignaal]:
    """The signals that hold today, one per code (the latest ending), in code order."""
    beste: dict[Veiligheidssignaalcode, Veiligheidssignaal] = {}
    for s in signalen:
        if s.actief(vandaag) and (s.code not in beste or s.geldig_tot > beste[s.code].geldig_tot):
            beste[s.code] = s
    volgorde = list(Veiligheidssignaalcode)
    return sorted(beste.values(), key=lambda s: volgorde.index(s.code))

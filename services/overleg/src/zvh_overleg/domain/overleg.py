"""The overleg aggregate: one meeting that discusses several casussen in order.

Plain Python. Times are aware datetimes; staff plan in Europe/Amsterdam. Every change the
partners' calendars must follow raises ``sequence`` (iCalendar SEQUENCE), the UID never changes.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from zvh_contracts.vocab import OverlegAntwoord, OverlegSoort

from zvh_overleg.domain.errors import (
    AntwoordGeweigerd,
    OverlegNietWijzigbaar,
    OverlegOngeldig,
    VerslagNietMogelijk,
)
from zvh_overleg.domain.model import ZVH
from zvh_overleg.domain.tijd import nl_datum
from zvh_overleg.domain.werkdagen import verslag_te_laat, verslag_uiterlijk


class OverlegStatus(enum.StrEnum):
    """Where an overleg stands."""

    GEPLAND = "gepland"
    GEANNULEERD = "geannuleerd"
    VERSLAG_VASTGESTELD = "verslag-vastgesteld"


@dataclass(frozen=True)
class Antwoord:
    """A partner's answer to its invitation; the reden is that partner's content."""

    partner: str
    antwoord: OverlegAntwoord
    reden: str | None
    beantwoord_op: datetime
    door: str  # user id, or "kafka" when the partner's adapter answered


@dataclass
class Overleg:
    """A planned casusoverleg, Casus Plus or zorgoverleg with its agenda of casussen."""

    overleg_id: uuid.UUID
    soort: OverlegSoort
    start: datetime
    eind: datetime
    locatie: str
    voorzitter: str
    agenda: list[uuid.UUID]
    gepland_op: datetime
    gepland_door: str
    status: OverlegStatus = OverlegStatus.GEPLAND
    sequence: int = 0
    reeks_id: uuid.UUID | None = None
    antwoorden: list[Antwoord] = field(default_factory=list)
    verslag_vastgesteld_op: datetime | None = None

    def antwoord_van(self, partner: str) -> Antwoord | None:
        """The latest answer of a partner, if it answered."""
        found = [a for a in self.antwoorden if a.partner == partner]
        return found[-1] if found else None


# --- planning rules (plan helper) -------------------------------------------------------------

LOCATIE_MAX = 300
REDEN_MAX = 10_000  # as the public contract's Inhoud


@dataclass(frozen=True)
class Uitgenodigd:
    """One invited partner and its casussen on the agenda, in agenda order."""

    partner: str
    casus_ids: list[uuid.UUID]


def genodigden_van(
    agenda: Sequence[uuid.UUID], deelnemers: Mapping[uuid.UUID, Sequence[str]]
) -> list[Uitgenodigd]:
    """Every deelnemer of the agenda's casussen (not the ZVH), in order of first appearance."""
    per_partner: dict[str, list[uuid.UUID]] = {}
    for casus_id in agenda:
        for partner in deelnemers.get(casus_id, ()):
            if partner == ZVH:
                continue
            casussen = per_partner.setdefault(partner, [])
            if casus_id not in casussen:
                casussen.append(casus_id)
    return [Uitgenodigd(partner=p, casus_ids=c) for p, c in per_partner.items()]


def _controleer(
    *,
    start: datetime,
    eind: datetime,
    locatie: str,
    voorzitter: str,
    voorzitters: Collection[str],
    agenda: Sequence[uuid.UUID],
    open_casussen: Collection[uuid.UUID],
    nu: datetime,
    lege_agenda: bool,
) -> str:
    """Check a plan or change; return the cleaned locatie. Errors name their field."""
    if start.tzinfo is None or eind.tzinfo is None:
        raise ValueError("start and eind must be timezone-aware")
    if nl_datum(start) < nl_datum(nu):  # today is fine: staff also record a meeting just held
        raise OverlegOngeldig("Het overleg mag niet in het verleden liggen.", veld="datum")
    if eind <= start:
        raise OverlegOngeldig("De eindtijd moet na de begintijd liggen.", veld="eindtijd")
    locatie = locatie.strip()
    if not locatie:
        raise OverlegOngeldig(
            "Vul een locatie in: een zaal of een link naar het online overleg.", veld="locatie"
        )
    if len(locatie) > LOCATIE_MAX:
        raise OverlegOngeldig(
            f"Gebruik maximaal {LOCATIE_MAX} tekens bij 'Locatie'.", veld="locatie"
        )
    if voorzitter not in voorzitters:
        raise OverlegOngeldig(
            "Kies als voorzitter een medewerker van het Zorg- en Veiligheidshuis.",
            veld="voorzitter",
        )
    if not agenda and not lege_agenda:
        raise OverlegOngeldig("Zet minstens één casus op de agenda.", veld="agenda")
    if len(set(agenda)) != len(agenda):
        raise OverlegOngeldig("Een casus kan maar één keer op de agenda staan.", veld="agenda")
    if any(c not in open_casussen for c in agenda):
        raise OverlegOngeldig("Zet alleen open casussen op de agenda.", veld="agenda")
    return locatie


def plan_overleg(
    *,
    overleg_id: uuid.UUID,
    soort: OverlegSoort,
    start: datetime,
    eind: datetime,
    locatie: str,
    voorzitter: str,
    voorzitters: Collection[str],
    agenda: Sequence[uuid.UUID],
    open_casussen: Collection[uuid.UUID],
    nu: datetime,
    door: str,
    reeks_id: uuid.UUID | None = None,
) -> Overleg:
    """A new overleg, times stored in UTC. Only a series meeting may start with an empty agenda
    (its casussen follow)."""
    locatie = _controleer(
        start=start,
        eind=eind,
        locatie=locatie,
        voorzitter=voorzitter,
        voorzitters=voorzitters,
        agenda=agenda,
        open_casussen=open_casussen,
        nu=nu,
        lege_agenda=reeks_id is not None,
    )
    return Overleg(
        overleg_id=overleg_id,
        soort=soort,
        start=start.astimezone(UTC),
        eind=eind.astimezone(UTC),
        locatie=locatie,
        voorzitter=voorzitter,
        agenda=list(agenda),
        gepland_op=nu,
        gepland_door=door,
        reeks_id=reeks_id,
    )


def controleer_wijzigbaar(overleg: Overleg) -> None:
    """A cancelled overleg, or one whose verslag is final, stays as it is."""
    if overleg.status is OverlegStatus.GEANNULEERD:
        raise OverlegNietWijzigbaar("Dit overleg is geannuleerd en kan niet meer worden gewijzigd.")
    if overleg.status is OverlegStatus.VERSLAG_VASTGESTELD:
        raise OverlegNietWijzigbaar(
            "Het verslag van dit overleg is vastgesteld; "
            "het overleg kan niet meer worden gewijzigd."
        )


def is_aangekondigd(overleg: Overleg) -> bool:
    """Partners were invited once the agenda holds a casus (series meetings start empty)."""
    return bool(overleg.agenda)


def wijzig_overleg(
    overleg: Overleg,
    *,
    start: datetime,
    eind: datetime,
    locatie: str,
    voorzitter: str,
    voorzitters: Collection[str],
    agenda: Sequence[uuid.UUID],
    open_casussen: Collection[uuid.UUID],
    nu: datetime,
) -> bool:
    """Change time, place, voorzitter or agenda. True when partners must hear of it.

    The sequence goes up only for an overleg partners already know about. An announced overleg
    keeps at least one casus: to call it off, cancel it.
    """
    controleer_wijzigbaar(overleg)
    was_aangekondigd = is_aangekondigd(overleg)
    locatie = _controleer(
        start=start,
        eind=eind,
        locatie=locatie,
        voorzitter=voorzitter,
        voorzitters=voorzitters,
        agenda=agenda,
        open_casussen=set(open_casussen) | set(overleg.agenda),
        nu=nu,
        lege_agenda=overleg.reeks_id is not None and not was_aangekondigd,
    )
    start, eind = start.astimezone(UTC), eind.astimezone(UTC)
    gewijzigd = (start, eind, locatie, voorzitter, list(agenda)) != (
        overleg.start,
        overleg.eind,
        overleg.locatie,
        overleg.voorzitter,
        overleg.agenda,
    )
    overleg.start, overleg.eind, overleg.locatie = start, eind, locatie
    overleg.voorzitter, overleg.agenda = voorzitter, list(agenda)
    if gewijzigd and was_aangekondigd:
        overleg.sequence += 1
    return gewijzigd


def annuleer_overleg(overleg: Overleg) -> None:
    """Call the overleg off; the calendars get a higher sequence."""
    controleer_wijzigbaar(overleg)
    overleg.status = OverlegStatus.GEANNULEERD
    overleg.sequence += 1


def beantwoord(
    overleg: Overleg,
    *,
    partner: str,
    antwoord: OverlegAntwoord,
    reden: str | None,
    genodigden: Collection[str],
    nu: datetime,
    door: str,
) -> Antwoord:
    """A genodigde says whether it comes; a komt-niet needs a reason (the partner's content)."""
    if overleg.status is OverlegStatus.GEANNULEERD:
        raise AntwoordGeweigerd("Dit overleg is geannuleerd.")
    if overleg.status is OverlegStatus.VERSLAG_VASTGESTELD:
        raise AntwoordGeweigerd("Dit overleg heeft al plaatsgevonden.")
    if partner not in genodigden:
        raise AntwoordGeweigerd("Uw organisatie is niet uitgenodigd voor dit overleg.")
    reden = (reden or "").strip() or None
    if antwoord is OverlegAntwoord.KOMT_NIET and reden is None:
        raise AntwoordGeweigerd("Vul de reden in waarom u niet komt.", veld="reden")
    if reden is not None and len(reden) > REDEN_MAX:
        raise AntwoordGeweigerd(f"Gebruik maximaal {REDEN_MAX} tekens bij 'Reden'.", veld="reden")
    if antwoord is OverlegAntwoord.KOMT:
        reden = None
    return Antwoord(partner=partner, antwoord=antwoord, reden=reden, beantwoord_op=nu, door=door)


def controleer_vaststellen(overleg: Overleg, *, nu: datetime) -> None:
    """Only a held, not cancelled overleg gets a verslag, and only once."""
    if overleg.status is OverlegStatus.VERSLAG_VASTGESTELD:
        raise VerslagNietMogelijk("Het verslag van dit overleg is al vastgesteld.")
    if overleg.status is OverlegStatus.GEANNULEERD:
        raise VerslagNietMogelijk("Dit overleg is geannuleerd; er komt geen verslag.")
    if nl_datum(nu) < nl_datum(overleg.start):
        raise VerslagNietMogelijk(
            "Het verslag kan pas worden vastgesteld vanaf de dag van het overleg."
        )


def stel_verslag_vast(overleg: Overleg, *, nu: datetime) -> None:
    controleer_vaststellen(overleg, nu=nu)
    overleg.status = OverlegStatus.VERSLAG_VASTGESTELD
    overleg.verslag_vastgesteld_op = nu


def controleer_aanwezigheid(overleg: Overleg, *, nu: datetime) -> None:
    """Attendance is recorded at or after the meeting, before the verslag is final."""
    if overleg.status is OverlegStatus.GEANNULEERD:
        raise OverlegNietWijzigbaar("Dit overleg is geannuleerd.")
    if overleg.status is OverlegStatus.VERSLAG_VASTGESTELD:
        raise OverlegNietWijzigbaar("Het verslag is vastgesteld; de aanwezigheid ligt vast.")
    if nl_datum(nu) < nl_datum(overleg.start):
        raise OverlegOngeldig(
            "De aanwezigheid kan pas vanaf de dag van het overleg worden vastgelegd.",
            veld="aanwezigheid",
        )


def verslag_termijn(overleg: Overleg, *, nu: datetime) -> tuple[date, bool]:
    """When the verslag is due, and whether it is late (never for a cancelled overleg or one
    that has not begun). One rule for the agenda, the overleg page and the verslag."""
    dag = nl_datum(overleg.start)
    vastgesteld = overleg.verslag_vastgesteld_op
    te_laat = (
        overleg.status is not OverlegStatus.GEANNULEERD
        and nu >= overleg.start
        and verslag_te_laat(
            overleg_dag=dag,
            vastgesteld_op=nl_datum(vastgesteld) if vastgesteld else None,
            vandaag=nl_datum(nu),
        )
    )
    return verslag_uiterlijk(dag), te_laat

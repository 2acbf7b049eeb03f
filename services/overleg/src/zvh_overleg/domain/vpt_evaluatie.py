"""The evaluation after a VPT incident (issue 10, part 4) and the maatregelen it leads to.

Every incident of aggression against a professional is evaluated: what happened, what went
well, what must change. The evaluation is recorded once per VPT dossier (it may be corrected
later); it leads to maatregelen, each with an eigenaar (a name, role or organisation) and a
date, followed like acties: a maatregel still open after its ``wanneer`` is overdue.

Plain Python: keyed by ``dossier_id`` (the VPT dossier's uuid). The evaluation also keeps the
organisation and the year the incident was reported in, so the yearly overview can count
evaluations and maatregelen without reading the dossier.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from zvh_overleg.domain.errors import OverlegError
from zvh_overleg.domain.tijd import nl_datum

#: The longest text of one evaluation question.
MAX_TEKST = 2000
#: The longest maatregel description and eigenaar.
MAX_WAT = 500
MAX_EIGENAAR = 200
#: The most people an evaluation meeting can count.
MAX_DEELNEMERS = 100


class EvaluatieOngeldig(OverlegError):
    """An evaluation or maatregel that breaks a rule; ``veld`` names the form field."""

    def __init__(self, message: str, *, veld: str = "") -> None:
        super().__init__(message)
        self.veld = veld


class MaatregelNietGevonden(OverlegError):
    """No maatregel with that id in this dossier."""


class MaatregelStatus(StrEnum):
    OPEN = "open"
    GEDAAN = "gedaan"
    VERVALLEN = "vervallen"


MAATREGELSTATUSSEN = {
    MaatregelStatus.OPEN: "Open",
    MaatregelStatus.GEDAAN: "Gedaan",
    MaatregelStatus.VERVALLEN: "Vervallen",
}


def _tekst(waarde: str | None, *, veld: str, naam: str, maximum: int) -> str:
    tekst = (waarde or "").strip()
    if not tekst:
        raise EvaluatieOngeldig(f"Vul in: {naam}.", veld=veld)
    if len(tekst) > maximum:
        raise EvaluatieOngeldig(
            f"{naam[0].upper()}{naam[1:]} is te lang: ten hoogste {maximum} tekens "
            f"(nu {len(tekst)}).",
            veld=veld,
        )
    return tekst


@dataclass
class Evaluatie:
    """The evaluation of one VPT incident."""

    dossier_id: uuid.UUID
    organisatie: str
    gemeld_jaar: int
    wat_gebeurde: str
    wat_ging_goed: str
    wat_moet_anders: str
    vastgesteld_op: datetime
    door: str
    met_team: bool = False
    deelnemers: int | None = None

    @classmethod
    def stel_vast(
        cls,
        *,
        dossier_id: uuid.UUID,
        organisatie: str,
        gemeld_jaar: int,
        wat_gebeurde: str | None,
        wat_ging_goed: str | None,
        wat_moet_anders: str | None,
        met_team: bool,
        deelnemers: int | None,
        door: str,
        nu: datetime,
    ) -> Evaluatie:
        """A valid evaluation, or EvaluatieOngeldig with the first field that is wrong."""
        gebeurde = _tekst(
            wat_gebeurde, veld="wat_gebeurde", naam="wat er gebeurde", maximum=MAX_TEKST
        )
        goed = _tekst(
            wat_ging_goed, veld="wat_ging_goed", naam="wat er goed ging", maximum=MAX_TEKST
        )
        anders = _tekst(
            wat_moet_anders, veld="wat_moet_anders", naam="wat er anders moet", maximum=MAX_TEKST
        )
        if deelnemers is not None and not 1 <= deelnemers <= MAX_DEELNEMERS:
            raise EvaluatieOngeldig(
                f"Het aantal deelnemers is 1 tot en met {MAX_DEELNEMERS}.", veld="deelnemers"
            )
        if met_team and deelnemers is None:
            raise EvaluatieOngeldig(
                "Vul in met hoeveel mensen het team de evaluatie besprak.", veld="deelnemers"
            )
        return cls(
            dossier_id=dossier_id,
            organisatie=organisatie,
            gemeld_jaar=gemeld_jaar,
            wat_gebeurde=gebeurde,
            wat_ging_goed=goed,
            wat_moet_anders=anders,
            vastgesteld_op=nu,
            door=door,
            met_team=met_team,
            deelnemers=deelnemers if met_team else None,
        )


@dataclass
class Maatregel:
    """One measure after an evaluation, followed like an actie."""

    maatregel_id: uuid.UUID
    dossier_id: uuid.UUID
    organisatie: str
    gemeld_jaar: int
    wat: str
    eigenaar: str
    wanneer: date
    status: MaatregelStatus = MaatregelStatus.OPEN
    afgerond_op: datetime | None = None
    aangemaakt_op: datetime | None = None
    aangemaakt_door: str = ""

    @classmethod
    def nieuw(
        cls,
        *,
        evaluatie: Evaluatie | None,
        wat: str | None,
        eigenaar: str | None,
        wanneer: date | None,
        door: str,
        nu: datetime,
        maatregel_id: uuid.UUID | None = None,
    ) -> Maatregel:
        """A new open maatregel of a dossier whose evaluation is recorded."""
        if evaluatie is None:
            raise EvaluatieOngeldig(
                "Leg eerst de evaluatie vast; daarna volgen de maatregelen.", veld="wat"
            )
        tekst = _tekst(wat, veld="wat", naam="de maatregel", maximum=MAX_WAT)
        wie = _tekst(
            eigenaar, veld="eigenaar", naam="wie de maatregel uitvoert", maximum=MAX_EIGENAAR
        )
        if wanneer is None:
            raise EvaluatieOngeldig("Vul in wanneer de maatregel klaar moet zijn.", veld="wanneer")
        if wanneer < nl_datum(nu):
            raise EvaluatieOngeldig(
                "Een nieuwe maatregel kan niet in het verleden klaar moeten zijn.", veld="wanneer"
            )
        return cls(
            maatregel_id=maatregel_id or uuid.uuid4(),
            dossier_id=evaluatie.dossier_id,
            organisatie=evaluatie.organisatie,
            gemeld_jaar=evaluatie.gemeld_jaar,
            wat=tekst,
            eigenaar=wie,
            wanneer=wanneer,
            aangemaakt_op=nu,
            aangemaakt_door=door,
        )

    def zet_status(self, status: MaatregelStatus | str, *, nu: datetime) -> None:
        """Mark it gedaan or vervallen (afgerond_op: now), or open again (afgerond_op cleared)."""
        try:
            nieuw = MaatregelStatus(status)
        except ValueError as exc:
            raise EvaluatieOngeldig(
                "Kies een status: open, gedaan of vervallen.", veld="status"
            ) from exc
        self.status = nieuw
        self.afgerond_op = None if nieuw is MaatregelStatus.OPEN else nu

    def te_laat(self, *, vandaag: date) -> bool:
        """Overdue: still open after its wanneer."""
        return self.status is MaatregelStatus.OPEN and self.wanneer < vandaag


@dataclass(frozen=True)
class MaatregelTelling:
    """The maatregelen of one organisation and year, for the yearly overview."""

    open: int = 0
    te_laat: int = 0
    gedaan: int = 0
    vervallen: int = 0

    @property
    def totaal(self) -> int:
        return self.open + self.te_laat + self.gedaan + self.vervallen


def tel_maatregelen(maatregelen: list[Maatregel], *, vandaag: date) -> MaatregelTelling:
    """Open (not overdue), overdue, done and lapsed maatregelen."""
    open_ = te_laat = gedaan = vervallen = 0
    for m in maatregelen:
        if m.status is MaatregelStatus.GEDAAN:
            gedaan += 1
        elif m.status is MaatregelStatus.VERVALLEN:
            vervallen += 1
        elif m.te_laat(vandaag=vandaag):
            te_laat += 1
        else:
            open_ += 1
    return MaatregelTelling(open=open_, te_laat=te_laat, gedaan=gedaan, vervallen=vervallen)

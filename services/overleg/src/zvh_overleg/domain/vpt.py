"""The VPT dossier: the VPT casemanager's file on one incident of aggression against a
professional (issue 10, part 3). A casus of soort VPT, but its own aggregate with its own tables,
so it never shows in the ZVH casus lists, the dashboard or the reports.

The report itself (what happened, where, the employee's impact) stays in intake; the dossier holds
what the casemanager does after it: the aangifte, the OM's decision, the court dates (each one an
actie "begeleiding" for the casemanager), schadevergoeding, days of absence and the closing.
Rules live here; errors are Dutch and name the form field (``veld``).
"""

from __future__ import annotations

import enum
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from zvh_overleg.domain.errors import CasusOngeldig, OverlegError
from zvh_overleg.domain.levensloop import REDEN_MAX, reden_verplicht

#: Namespace of the dossier ids: one dossier per incident, the same id on a replay.
VPT_NAMESPACE = uuid.UUID("6f1d3c2a-8b4e-5f6a-9c0d-1e2f3a4b5c6d")

#: A police proces-verbaalnummer: the unit's code ("PL" + four digits), a dash, and the number
#: (the year, then the sequence), e.g. ``PL2000-2026123456``.
PV_PATROON = re.compile(r"^PL\d{4}-\d{8,12}$")
PV_VOORBEELD = "PL2000-2026123456"

TEKST_MAX = 200
VERZUIM_MAX = 3660

#: Shown beside the choice on the dossier page.
DOMICILIEKEUZE_HINT = (
    "Aangifte onder werkadres (domiciliekeuze): de medewerker doet aangifte op het adres van het "
    "werk. Dit dossier bevat dan alleen het werkadres, nooit het woonadres van de medewerker."
)


class VptDossierOngeldig(OverlegError):
    """A change to a VPT dossier that breaks a rule; ``veld`` names the form field."""

    def __init__(self, message: str, *, veld: str = "") -> None:
        super().__init__(message)
        self.veld = veld


class VptDossierNietGevonden(OverlegError):
    """No VPT dossier with that id."""


class OmBeslissing(enum.StrEnum):
    NOG_NIET_BEKEND = "nog-niet-bekend"
    SEPOT = "sepot"
    TRANSACTIE = "transactie-strafbeschikking"
    DAGVAARDING = "dagvaarding"
    VOORWAARDELIJK_SEPOT = "voorwaardelijk-sepot"


OM_LABELS: dict[OmBeslissing, str] = {
    OmBeslissing.NOG_NIET_BEKEND: "Nog niet bekend",
    OmBeslissing.SEPOT: "Sepot",
    OmBeslissing.TRANSACTIE: "Transactie / strafbeschikking",
    OmBeslissing.DAGVAARDING: "Dagvaarding",
    OmBeslissing.VOORWAARDELIJK_SEPOT: "Voorwaardelijk sepot",
}


class ZittingSoort(enum.StrEnum):
    POLITIERECHTER = "politierechter"
    KANTONRECHTER = "kantonrechter"
    MEERVOUDIGE_KAMER = "meervoudige-kamer"
    HOGER_BEROEP = "hoger-beroep"
    ANDERS = "anders"


ZITTING_LABELS: dict[ZittingSoort, str] = {
    ZittingSoort.POLITIERECHTER: "Politierechter",
    ZittingSoort.KANTONRECHTER: "Kantonrechter",
    ZittingSoort.MEERVOUDIGE_KAMER: "Meervoudige kamer",
    ZittingSoort.HOGER_BEROEP: "Hoger beroep",
    ZittingSoort.ANDERS: "Anders",
}


class SchadefondsStatus(enum.StrEnum):
    NIET_AANGEVRAAGD = "niet-aangevraagd"
    AANGEVRAAGD = "aangevraagd"
    TOEGEKEND = "toegekend"
    AFGEWEZEN = "afgewezen"


SCHADEFONDS_LABELS: dict[SchadefondsStatus, str] = {
    SchadefondsStatus.NIET_AANGEVRAAGD: "Niet aangevraagd",
    SchadefondsStatus.AANGEVRAAGD: "Aangevraagd",
    SchadefondsStatus.TOEGEKEND: "Toegekend",
    SchadefondsStatus.AFGEWEZEN: "Afgewezen",
}


class VptActieStatus(enum.StrEnum):
    OPEN = "open"
    GEDAAN = "gedaan"


class VptAfsluitreden(enum.StrEnum):
    AFGEROND = "afgerond"
    MEDEWERKER_ZIET_AF = "medewerker-ziet-af"
    OVERGEDRAGEN = "overgedragen"
    ANDERS = "anders"


AFSLUIT_LABELS: dict[VptAfsluitreden, str] = {
    VptAfsluitreden.AFGEROND: "Afgerond: aangifte, procedure en nazorg zijn klaar",
    VptAfsluitreden.MEDEWERKER_ZIET_AF: "De medewerker ziet af van verdere begeleiding",
    VptAfsluitreden.OVERGEDRAGEN: "Overgedragen (bijvoorbeeld aan de bedrijfsarts of het UWV)",
    VptAfsluitreden.ANDERS: "Anders",
}


def dossier_id_van(incident_id: uuid.UUID) -> uuid.UUID:
    """One dossier per incident: the id derives from the incident."""
    return uuid.uuid5(VPT_NAMESPACE, str(incident_id))


def _tekst(waarde: str | None, *, veld: str, wat: str, verplicht: bool = True) -> str | None:
    tekst = (waarde or "").strip()
    if not tekst:
        if verplicht:
            raise VptDossierOngeldig(f"Vul {wat} in.", veld=veld)
        return None
    if len(tekst) > TEKST_MAX:
        raise VptDossierOngeldig(f"Gebruik maximaal {TEKST_MAX} tekens.", veld=veld)
    return tekst


def _niet_in_toekomst(datum: date, *, vandaag: date, veld: str, wat: str) -> date:
    if datum > vandaag:
        raise VptDossierOngeldig(f"{wat} kan niet in de toekomst liggen.", veld=veld)
    return datum


def pv_nummer(waarde: str | None) -> str:
    """The proces-verbaalnummer normalised (no spaces, upper case), or a Dutch error."""
    tekst = re.sub(r"\s+", "", waarde or "").upper()
    if not tekst:
        raise VptDossierOngeldig("Vul het proces-verbaalnummer in.", veld="pv_nummer")
    if not PV_PATROON.match(tekst):
        raise VptDossierOngeldig(
            f"Dit is geen geldig proces-verbaalnummer. Gebruik de vorm {PV_VOORBEELD}.",
            veld="pv_nummer",
        )
    return tekst


@dataclass(frozen=True)
class Aangifte:
    gedaan_op: date
    pv_nummer: str
    #: Aangifte onder werkadres: the file holds the work address only (``werkadres``).
    domiciliekeuze: bool
    werkadres: str | None = None


@dataclass(frozen=True)
class Zitting:
    zitting_id: uuid.UUID
    datum: date
    soort: ZittingSoort
    plaats: str


@dataclass
class VptActie:
    """The casemanager's own to-do (e.g. begeleiding bij een zitting): never on a partner topic."""

    actie_id: uuid.UUID
    dossier_id: uuid.UUID
    wat: str
    wie: str
    wanneer: date
    status: VptActieStatus = VptActieStatus.OPEN
    zitting_id: uuid.UUID | None = None


@dataclass(frozen=True)
class Schadevergoeding:
    voeging: bool = False  # voeging als benadeelde partij in het strafproces
    schadefonds: SchadefondsStatus = SchadefondsStatus.NIET_AANGEVRAAGD
    advocaat_naam: str | None = None
    advocaat_kantoor: str | None = None


@dataclass
class VptDossier:
    dossier_id: uuid.UUID
    incident_id: uuid.UUID
    organisatie: str
    melder: str | None
    casemanager: str
    gemeld_op: datetime
    geopend_op: datetime
    aangifte: Aangifte | None = None
    om_beslissing: OmBeslissing = OmBeslissing.NOG_NIET_BEKEND
    om_beslissing_op: date | None = None
    zittingen: list[Zitting] = field(default_factory=list)
    acties: list[VptActie] = field(default_factory=list)
    schadevergoeding: Schadevergoeding = field(default_factory=Schadevergoeding)
    verzuimdagen: int | None = None
    afgesloten_op: datetime | None = None
    afsluitreden: VptAfsluitreden | None = None
    afsluit_toelichting: str | None = None
    afgesloten_door: str | None = None
    #: The casus the reporter named, or whose client the incident involves (pseudonym): only so
    #: the procesregisseur can consider a veiligheidssignaal on it; never any content.
    casus_id: uuid.UUID | None = None
    client_pseudoniem: str | None = None

    @property
    def afgesloten(self) -> bool:
        return self.afgesloten_op is not None

    def _open(self) -> None:
        if self.afgesloten:
            raise VptDossierOngeldig("Dit dossier is afgesloten en kan niet meer wijzigen.")

    def registreer_aangifte(
        self,
        *,
        gedaan_op: date,
        pv: str | None,
        domiciliekeuze: bool,
        werkadres: str | None = None,
        vandaag: date,
    ) -> Aangifte:
        """Record (or correct) the aangifte. With domiciliekeuze the file holds the work address
        only; without it no address is kept here at all."""
        self._open()
        _niet_in_toekomst(gedaan_op, vandaag=vandaag, veld="gedaan_op", wat="De aangiftedatum")
        if gedaan_op < self.gemeld_op.date():
            raise VptDossierOngeldig(
                "De aangifte kan niet vóór het incident zijn gedaan.", veld="gedaan_op"
            )
        nummer = pv_nummer(pv)
        adres = _tekst(werkadres, veld="werkadres", wat="het werkadres", verplicht=False)
        if adres is not None and not domiciliekeuze:
            raise VptDossierOngeldig(
                "Een adres wordt alleen vastgelegd bij aangifte onder werkadres "
                "(domiciliekeuze); het woonadres hoort niet in dit dossier.",
                veld="werkadres",
            )
        self.aangifte = Aangifte(
            gedaan_op=gedaan_op, pv_nummer=nummer, domiciliekeuze=domiciliekeuze, werkadres=adres
        )
        return self.aangifte

    def zet_om_beslissing(
        self, beslissing: OmBeslissing, *, datum: date | None, vandaag: date
    ) -> None:
        self._open()
        if beslissing is OmBeslissing.NOG_NIET_BEKEND:
            if datum is not None:
                raise VptDossierOngeldig(
                    "Een datum hoort alleen bij een bekende beslissing.", veld="om_datum"
                )
        else:
            if datum is None:
                raise VptDossierOngeldig("Vul de datum van de beslissing in.", veld="om_datum")
            _niet_in_toekomst(datum, vandaag=vandaag, veld="om_datum", wat="De beslissingsdatum")
        self.om_beslissing = beslissing
        self.om_beslissing_op = datum

    def plan_zitting(
        self,
        *,
        zitting_id: uuid.UUID,
        actie_id: uuid.UUID,
        datum: date,
        soort: ZittingSoort,
        plaats: str | None,
    ) -> tuple[Zitting, VptActie]:
        """Add a court date; the casemanager's accompaniment becomes an actie for that day."""
        self._open()
        waar = _tekst(plaats, veld="plaats", wat="de plaats van de zitting")
        assert waar is not None
        if datum < self.gemeld_op.date():
            raise VptDossierOngeldig("Een zitting ligt na het incident.", veld="datum")
        zitting = Zitting(zitting_id=zitting_id, datum=datum, soort=soort, plaats=waar)
        actie = VptActie(
            actie_id=actie_id,
            dossier_id=self.dossier_id,
            wat=f"Begeleiding bij zitting {datum.strftime('%d-%m-%Y')}",
            wie=self.casemanager,
            wanneer=datum,
            zitting_id=zitting_id,
        )
        self.zittingen.append(zitting)
        self.zittingen.sort(key=lambda z: z.datum)
        self.acties.append(actie)
        return zitting, actie

    def actie(self, actie_id: uuid.UUID) -> VptActie | None:
        return next((a for a in self.acties if a.actie_id == actie_id), None)

    def actie_gedaan(self, actie_id: uuid.UUID) -> VptActie:
        self._open()
        actie = self.actie(actie_id)
        if actie is None:
            raise VptDossierOngeldig("Deze actie hoort niet bij dit dossier.", veld="actie")
        actie.status = VptActieStatus.GEDAAN
        return actie

    def zet_schadevergoeding(
        self,
        *,
        voeging: bool,
        schadefonds: SchadefondsStatus,
        advocaat_naam: str | None,
        advocaat_kantoor: str | None,
    ) -> Schadevergoeding:
        self._open()
        self.schadevergoeding = Schadevergoeding(
            voeging=voeging,
            schadefonds=schadefonds,
            advocaat_naam=_tekst(
                advocaat_naam, veld="advocaat_naam", wat="de advocaat", verplicht=False
            ),
            advocaat_kantoor=_tekst(
                advocaat_kantoor, veld="advocaat_kantoor", wat="het kantoor", verplicht=False
            ),
        )
        return self.schadevergoeding

    def zet_verzuimdagen(self, dagen: int) -> None:
        self._open()
        if dagen < 0:
            raise VptDossierOngeldig("Het aantal verzuimdagen is 0 of meer.", veld="verzuimdagen")
        if dagen > VERZUIM_MAX:
            raise VptDossierOngeldig(
                f"Het aantal verzuimdagen is hoogstens {VERZUIM_MAX}.", veld="verzuimdagen"
            )
        self.verzuimdagen = dagen

    def afsluiten(
        self,
        *,
        evaluatie_vastgesteld: bool,
        reden: VptAfsluitreden,
        toelichting: str | None,
        op: datetime,
        door: str,
    ) -> None:
        """Close the dossier: only after its evaluation (issue 10: "closing with an evaluation"),
        with a reason; "anders" needs an explanation."""
        self._open()
        if not evaluatie_vastgesteld:
            raise VptDossierOngeldig(
                "Sluit het dossier pas af als de evaluatie is vastgelegd.", veld="evaluatie"
            )
        tekst = (toelichting or "").strip() or None
        if reden is VptAfsluitreden.ANDERS:
            try:
                tekst = reden_verplicht(toelichting, veld="toelichting", wat="de toelichting")
            except CasusOngeldig as exc:
                raise VptDossierOngeldig(str(exc), veld=exc.veld) from exc
        elif tekst is not None and len(tekst) > REDEN_MAX:
            raise VptDossierOngeldig(f"Gebruik maximaal {REDEN_MAX} tekens.", veld="toelichting")
        self.afgesloten_op = op
        self.afsluitreden = reden
        self.afsluit_toelichting = tekst
        self.afgesloten_door = door


def open_vpt_dossier(
    *,
    incident_id: uuid.UUID,
    organisatie: str,
    melder: str | None,
    casemanager: str,
    gemeld_op: datetime,
    geopend_op: datetime,
    casus_id: uuid.UUID | None = None,
    client_pseudoniem: str | None = None,
) -> VptDossier:
    return VptDossier(
        casus_id=casus_id,
        client_pseudoniem=client_pseudoniem,
        dossier_id=dossier_id_van(incident_id),
        incident_id=incident_id,
        organisatie=organisatie,
        melder=melder,
        casemanager=casemanager,
        gemeld_op=gemeld_op,
        geopend_op=geopend_op,
    )

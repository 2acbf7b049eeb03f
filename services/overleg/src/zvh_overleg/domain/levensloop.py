"""The casus lifecycle: op- en afschalen, cliënt geïnformeerd, casusregisseur, deelnemers,
afsluiten and heropenen. Each change is kept as a history entry (who, when, why).

Rules live here so the UI and the API only translate input; errors carry the ``veld``.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from zvh_overleg.domain.errors import CasusOngeldig

if TYPE_CHECKING:
    from zvh_overleg.domain.model import Actie, AveFaseWijziging

REDEN_MAX = 2000
AVE_FASEN = range(1, 6)


class Afsluitreden(enum.StrEnum):
    """Why a casus was closed (same values as the contract's vocabulary)."""

    DOEL_BEREIKT = "doel-bereikt"
    CLIENT_STOPT = "client-stopt"
    OVERGEDRAGEN = "overgedragen-lokaal-netwerk"
    ANDERS = "anders"


class DeelnemerMutatie(enum.StrEnum):
    TOEGEVOEGD = "toegevoegd"
    VERWIJDERD = "verwijderd"


class StatusMutatie(enum.StrEnum):
    AFGESLOTEN = "afgesloten"
    HEROPEND = "heropend"
    MELDING_TOEGEVOEGD = "melding-toegevoegd"


@dataclass(frozen=True)
class CasusMelding:
    """A melding about the person of this casus (the first one opened it)."""

    melding_id: uuid.UUID
    melder: str
    getrieerd_op: datetime
    toegevoegd_op: datetime


@dataclass(frozen=True)
class ClientGeinformeerdWijziging:
    client_geinformeerd: bool
    herbeoordeling_op: date | None
    reden: str
    gewijzigd_op: datetime
    door: str


@dataclass(frozen=True)
class DeelnemerWijziging:
    partner: str
    mutatie: DeelnemerMutatie
    reden: str | None
    op: datetime
    door: str


@dataclass(frozen=True)
class StatusWijziging:
    """Afgesloten (with reden) or heropend / melding toegevoegd (with the melding)."""

    mutatie: StatusMutatie
    op: datetime
    door: str
    afsluitreden: Afsluitreden | None = None
    toelichting: str | None = None
    melding_id: uuid.UUID | None = None


def samengevoegd(bekend: Iterable[str], nieuw: Iterable[str]) -> list[str]:
    """The known pseudonyms, then the new ones not known yet; each once, in order."""
    return list(dict.fromkeys([*bekend, *nieuw]))


def reden_verplicht(reden: str | None, *, veld: str = "reden", wat: str = "de reden") -> str:
    """A stripped, non-empty reason of sensible length, or a CasusOngeldig for ``veld``."""
    tekst = (reden or "").strip()
    if not tekst:
        raise CasusOngeldig(f"Vul {wat} in.", veld=veld)
    if len(tekst) > REDEN_MAX:
        raise CasusOngeldig(f"Gebruik maximaal {REDEN_MAX} tekens.", veld=veld)
    return tekst


class Levensloop:
    """Lifecycle behaviour of the Casus aggregate (mixed into ``Casus``)."""

    casus_id: uuid.UUID
    melder: str
    deelnemers: list[str]
    ave_fase: int | None
    client_geinformeerd: bool
    herbeoordeling_op: date | None
    casusregisseur: str | None
    casusregisseur_org: str | None
    afgesloten_op: datetime | None
    afsluitreden: Afsluitreden | None
    meldingen: list[CasusMelding]
    client_historie: list[ClientGeinformeerdWijziging]
    deelnemer_historie: list[DeelnemerWijziging]
    status_historie: list[StatusWijziging]
    betrokkenen: list[str]
    acties: list[Actie]
    ave_fase_historie: list[AveFaseWijziging]

    @property
    def afgesloten(self) -> bool:
        return self.afgesloten_op is not None

    def moet_lopen(self, *, veld: str = "") -> None:
        """Changes other than heropenen need a running casus."""
        if self.afgesloten:
            raise CasusOngeldig(
                "Deze casus is afgesloten. Heropen de casus via een nieuwe melding.", veld=veld
            )

    def open_acties_van(self, partner: str) -> list[Actie]:
        return [a for a in self.acties if a.wie == partner and a.status.value in ("open", "loopt")]

    def wijzig_fase(self, *, naar: int | None, reden: str, op: datetime, door: str) -> int | None:
        """Op- or afschalen; returns the fase it came from. The reason stays in overleg."""
        from zvh_overleg.domain.model import AveFaseWijziging

        self.moet_lopen(veld="naar")
        if naar is None or naar not in AVE_FASEN:
            raise CasusOngeldig("Kies een AVE-fase van 1 tot en met 5.", veld="naar")
        if naar == self.ave_fase:
            raise CasusOngeldig(f"De casus staat al in AVE-fase {naar}.", veld="naar")
        tekst = reden_verplicht(reden, wat="de reden voor het op- of afschalen")
        van = self.ave_fase
        self.ave_fase = naar
        self.ave_fase_historie.append(
            AveFaseWijziging(ave_fase=naar, vastgesteld_op=op, door=door, van=van, reden=tekst)
        )
        return van

    def wijzig_client_geinformeerd(
        self,
        *,
        geinformeerd: bool | None,
        herbeoordeling_op: date | None,
        reden: str,
        vandaag: date,
        op: datetime,
        door: str,
    ) -> ClientGeinformeerdWijziging:
        """Record whether the cliënt now knows; 'nee' needs a new herbeoordelingsdatum."""
        self.moet_lopen(veld="client-geinformeerd")
        if geinformeerd is None:
            raise CasusOngeldig(
                "Geef aan of de cliënt geïnformeerd is.", veld="client-geinformeerd"
            )
        tekst = reden_verplicht(reden, wat="de reden van de wijziging")
        if not geinformeerd:
            if herbeoordeling_op is None:
                raise CasusOngeldig(
                    "Vul een nieuwe herbeoordelingsdatum in.", veld="herbeoordeling-op"
                )
            if herbeoordeling_op < vandaag:
                raise CasusOngeldig(
                    "De herbeoordelingsdatum mag niet in het verleden liggen.",
                    veld="herbeoordeling-op",
                )
        else:
            herbeoordeling_op = None
        wijziging = ClientGeinformeerdWijziging(
            client_geinformeerd=geinformeerd,
            herbeoordeling_op=herbeoordeling_op,
            reden=tekst,
            gewijzigd_op=op,
            door=door,
        )
        self.client_geinformeerd = geinformeerd
        self.herbeoordeling_op = herbeoordeling_op
        self.client_historie.append(wijziging)
        return wijziging

    def wijs_casusregisseur_toe(
        self, *, gebruiker: str, org: str | None, is_casusregisseur: bool
    ) -> None:
        """A partner professional with the casusregisseur role, working for a deelnemer."""
        self.moet_lopen(veld="casusregisseur")
        if org is None or not is_casusregisseur:
            raise CasusOngeldig("Kies een casusregisseur uit de lijst.", veld="casusregisseur")
        if org not in self.deelnemers:
            raise CasusOngeldig(
                "De casusregisseur moet werken bij een deelnemer van deze casus.",
                veld="casusregisseur",
            )
        self.casusregisseur = gebruiker
        self.casusregisseur_org = org

    def voeg_deelnemer_toe(
        self, *, partner: str, partners: list[str], reden: str, op: datetime, door: str
    ) -> None:
        """A partner joins the running casus (``partners``: the region's partner codes)."""
        self.moet_lopen(veld="partner")
        if partner not in partners:
            raise CasusOngeldig("Kies een partner uit de regio.", veld="partner")
        if partner in self.deelnemers:
            raise CasusOngeldig("Deze partner neemt al deel aan de casus.", veld="partner")
        tekst = reden_verplicht(reden, wat="de reden voor het toevoegen")
        self.deelnemers.append(partner)
        self.deelnemer_historie.append(
            DeelnemerWijziging(
                partner=partner, mutatie=DeelnemerMutatie.TOEGEVOEGD, reden=tekst, op=op, door=door
            )
        )

    def verwijder_deelnemer(self, *, partner: str, reden: str, op: datetime, door: str) -> None:
        """A partner leaves; never the melder, never with open acties (reassign them first)."""
        self.moet_lopen(veld="verwijder-partner")
        if partner not in self.deelnemers:
            raise CasusOngeldig(
                "Deze partner neemt niet deel aan de casus.", veld="verwijder-partner"
            )
        if partner == self.melder:
            raise CasusOngeldig(
                "De melder kan niet uit de casus worden verwijderd.", veld="verwijder-partner"
            )
        if self.open_acties_van(partner):
            raise CasusOngeldig(
                "Deze partner heeft nog open acties. Rond die eerst af of wijs ze toe aan een "
                "andere deelnemer.",
                veld="verwijder-partner",
            )
        tekst = reden_verplicht(reden, veld="verwijder-reden", wat="de reden voor het verwijderen")
        self.deelnemers.remove(partner)
        if self.casusregisseur_org == partner:
            self.casusregisseur = None
            self.casusregisseur_org = None
        self.deelnemer_historie.append(
            DeelnemerWijziging(
                partner=partner, mutatie=DeelnemerMutatie.VERWIJDERD, reden=tekst, op=op, door=door
            )
        )

    def sluit_af(
        self, *, reden: str, toelichting: str | None, op: datetime, door: str
    ) -> Afsluitreden:
        """Close the casus with an Afsluitreden; 'anders' needs a toelichting."""
        self.moet_lopen(veld="afsluitreden")
        try:
            afsluitreden = Afsluitreden(reden)
        except ValueError:
            raise CasusOngeldig(
                "Kies de reden waarom de casus wordt afgesloten.", veld="afsluitreden"
            ) from None
        tekst = (toelichting or "").strip() or None
        if afsluitreden is Afsluitreden.ANDERS:
            tekst = reden_verplicht(
                tekst, veld="afsluit-toelichting", wat="een toelichting bij 'anders'"
            )
        self.afgesloten_op = op
        self.afsluitreden = afsluitreden
        self.status_historie.append(
            StatusWijziging(
                mutatie=StatusMutatie.AFGESLOTEN,
                op=op,
                door=door,
                afsluitreden=afsluitreden,
                toelichting=tekst,
            )
        )
        return afsluitreden

    def neem_melding_op(
        self,
        *,
        melding: CasusMelding,
        genodigden: list[str],
        op: datetime,
        door: str,
        betrokkenen: Sequence[str] = (),
    ) -> tuple[bool, list[str]] | None:
        """A new melding about the same person: reopen if closed, add new deelnemers and the
        melding's betrokkenen not known yet (after those known: the client stays first).

        Returns (was_afgesloten, new deelnemers), or None when this melding is already here.
        """
        if any(m.melding_id == melding.melding_id for m in self.meldingen):
            return None
        self.betrokkenen = samengevoegd(self.betrokkenen, betrokkenen)
        was_afgesloten = self.afgesloten
        self.meldingen.append(melding)
        self.afgesloten_op = None
        self.afsluitreden = None
        self.status_historie.append(
            StatusWijziging(
                mutatie=StatusMutatie.HEROPEND
                if was_afgesloten
                else StatusMutatie.MELDING_TOEGEVOEGD,
                op=op,
                door=door,
                melding_id=melding.melding_id,
            )
        )
        nieuw = [
            p for p in dict.fromkeys([melding.melder, *genodigden]) if p not in self.deelnemers
        ]
        for partner in nieuw:
            self.deelnemers.append(partner)
            self.deelnemer_historie.append(
                DeelnemerWijziging(
                    partner=partner,
                    mutatie=DeelnemerMutatie.TOEGEVOEGD,
                    reden=None,
                    op=op,
                    door=door,
                )
            )
        return was_afgesloten, nieuw


#: Statuses a partner reports; 'niet-mogelijk' needs a toelichting.
TERUGKOPPEL_STATUSSEN = ("afgerond", "loopt", "niet-mogelijk", "niet-uitgevoerd")


def check_terugkoppeling(status: str, toelichting: str | None) -> str | None:
    """The stripped toelichting, after the rules for a partner's report in the UI."""
    if status not in TERUGKOPPEL_STATUSSEN:
        raise CasusOngeldig("Kies een status.", veld="status")
    tekst = (toelichting or "").strip() or None
    if status == "niet-mogelijk" and tekst is None:
        raise CasusOngeldig("Licht toe waarom de actie niet mogelijk is.", veld="toelichting")
    if tekst is not None and len(tekst) > REDEN_MAX:
        raise CasusOngeldig(f"Gebruik maximaal {REDEN_MAX} tekens.", veld="toelichting")
    return tekst

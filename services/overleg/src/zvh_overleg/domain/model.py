"""The casus aggregate: deelnemers, AVE-fase history and the actielijst.

Plain Python so the rules can be tested without a database or broker.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from zvh_contracts.vocab import Casemanagementmodel

from zvh_overleg.domain.bouwschema import (
    GRONDSLAG_CONVENANT,
    Categorie,
    Gevoeligheid,
    standaard_gevoeligheid,
)
from zvh_overleg.domain.errors import ActieOngeldig, CasusOngeldig, TerugkoppelingGeweigerd
from zvh_overleg.domain.levensloop import (
    Afsluitreden,
    CasusMelding,
    ClientGeinformeerdWijziging,
    DeelnemerWijziging,
    Levensloop,
    StatusWijziging,
    reden_verplicht,
    samengevoegd,
)
from zvh_overleg.domain.termijnregistratie import (
    Gebeurtenis,
    TermijnRegistratie,
    geldige_registratie,
)

WAT_MAX = 500

#: The ZVH's own partner code: it runs the overleg and its staff hold the regie.
ZVH = "zvh"


class ActieStatus(enum.StrEnum):
    """Where an actie stands: open until its partner reports back."""

    OPEN = "open"
    AFGEROND = "afgerond"
    LOOPT = "loopt"
    NIET_MOGELIJK = "niet-mogelijk"
    NIET_UITGEVOERD = "niet-uitgevoerd"
    INGETROKKEN = "ingetrokken"


@dataclass
class Actie:
    """Who does what by when: the one thing every deelnemer sees."""

    actie_id: uuid.UUID
    casus_id: uuid.UUID
    wat: str
    wie: str
    wanneer: date
    toegewezen_op: datetime
    status: ActieStatus = ActieStatus.OPEN
    teruggekoppeld_op: datetime | None = None
    wachtlijst: bool = False  # waits for a place on a partner's wachtlijst (seed 003)


@dataclass(frozen=True)
class Terugkoppeling:
    """A partner's report on its actie; the toelichting is that partner's content.

    The toelichting is an informatie-item owned by ``door``: it records a categorie (algemeen
    unless the partner said otherwise), its gevoeligheid and grondslag, and the eigenaar's
    controls ``beperkt_tot`` and ``ingetrokken`` (see ``bouwschema.Informatieitem``).
    """

    terugkoppeling_id: uuid.UUID
    actie_id: uuid.UUID
    casus_id: uuid.UUID
    door: str
    status: ActieStatus
    toelichting: str | None
    ontvangen_op: datetime
    overleg_id: uuid.UUID | None = None  # set when recorded during an overleg
    vastgelegd_door: str | None = None  # the user who recorded it in overlegmodus
    categorie: Categorie = field(default=Categorie.ALGEMEEN, kw_only=True)
    gevoeligheid: Gevoeligheid = field(default=Gevoeligheid.NORMAAL, kw_only=True)
    grondslag: str = field(default=GRONDSLAG_CONVENANT, kw_only=True)
    beperkt_tot: tuple[str, ...] | None = field(default=None, kw_only=True)
    ingetrokken: bool = field(default=False, kw_only=True)

    @property
    def eigenaar(self) -> str:
        """The partner that owns the toelichting: the one that reported."""
        return self.door


@dataclass(frozen=True)
class AveFaseWijziging:
    """One step in the AVE-fase history of a casus."""

    ave_fase: int
    vastgesteld_op: datetime
    door: str
    van: int | None = None
    reden: str | None = None  # why it was op- or afgeschaald; stays in overleg


@dataclass(frozen=True)
class ModelWijziging:
    """One step in the casemanagement model history of a casus (seed 003, §1.1).

    The first is the choice at triage (``melding_id`` set); later ones are the procesregisseur's
    changes, each with a reason. ``voorgesteld`` is what the triage checklist suggested; the
    reason to differ from it stays in overleg, never on a topic.
    """

    model: Casemanagementmodel
    vastgesteld_op: datetime
    door: str
    van: Casemanagementmodel | None = None
    reden: str | None = None
    voorgesteld: Casemanagementmodel | None = None
    melding_id: uuid.UUID | None = None


@dataclass(frozen=True)
class TriageModelkeuze:
    """The procesregisseur's model choice on the triage page: the checklist's suggestion, the
    model chosen and, when they differ, why. Stored by melding (the triage event opens the casus
    later) and shown with the casus' model history; it never travels on a topic."""

    melding_id: uuid.UUID
    voorgesteld: Casemanagementmodel
    gekozen: Casemanagementmodel
    reden: str | None
    door: str
    gekozen_op: datetime


def met_triagekeuze(
    historie: Iterable[ModelWijziging], keuzes: dict[uuid.UUID, TriageModelkeuze]
) -> list[ModelWijziging]:
    """The history with each triage entry's suggestion and reason from the triage page."""
    uit = []
    for h in historie:
        keuze = keuzes.get(h.melding_id) if h.melding_id is not None else None
        if keuze is not None:
            h = replace(h, voorgesteld=keuze.voorgesteld, reden=keuze.reden)
        uit.append(h)
    return uit


@dataclass
class Casus(Levensloop):
    """A case the ZVH runs for one triaged melding."""

    casus_id: uuid.UUID
    melding_id: uuid.UUID
    melder: str
    deelnemers: list[str]
    ave_fase: int | None
    client_geinformeerd: bool
    herbeoordeling_op: date | None
    geopend_op: datetime
    geopend_door: str
    volgend_overleg_op: date | None = None
    acties: list[Actie] = field(default_factory=list)
    ave_fase_historie: list[AveFaseWijziging] = field(default_factory=list)
    casusregisseur: str | None = None
    casusregisseur_org: str | None = None
    afgesloten_op: datetime | None = None
    afsluitreden: Afsluitreden | None = None
    meldingen: list[CasusMelding] = field(default_factory=list)
    client_historie: list[ClientGeinformeerdWijziging] = field(default_factory=list)
    deelnemer_historie: list[DeelnemerWijziging] = field(default_factory=list)
    status_historie: list[StatusWijziging] = field(default_factory=list)
    #: Keyed pseudonyms of the persons this casus is about, the client's first (from intake's
    #: triage event); empty for a casus opened before overleg kept them.
    betrokkenen: list[str] = field(default_factory=list)
    #: How the casus is run (chosen at triage; makelaar for a casus from before models existed).
    casemanagementmodel: Casemanagementmodel = Casemanagementmodel.MAKELAAR
    model_historie: list[ModelWijziging] = field(default_factory=list)
    #: CBS code of the gemeente the casus concerns (from the melding that opened it; None:
    #: onbekend), for the quarterly reports per gemeente.
    gemeente: str | None = None

    #: Events that meet a termijn (eerste contact, hulp gestart, …), in the order recorded.
    termijnregistraties: list[TermijnRegistratie] = field(default_factory=list)

    def geregistreerd_op(self, gebeurtenis: Gebeurtenis) -> date | None:
        """The day of the latest registration of ``gebeurtenis`` (a later one corrects)."""
        dagen = [r.op for r in self.termijnregistraties if r.gebeurtenis is gebeurtenis]
        return dagen[-1] if dagen else None

    def registreer_termijn(
        self,
        gebeurtenis: Gebeurtenis | None,
        *,
        op: date | None,
        geopend: date,
        vandaag: date,
        door: str,
        vastgelegd_op: datetime,
    ) -> TermijnRegistratie:
        """Record the day eerste contact was made, hulp started or eerste hulp ended
        (``geopend``: the Dutch day the casus opened). Only on a running casus; eerste hulp
        only in a model that has it."""
        self.moet_lopen(veld="gebeurtenis")
        if (
            gebeurtenis is Gebeurtenis.EERSTE_HULP_BEEINDIGD
            and self.casemanagementmodel is Casemanagementmodel.MAKELAAR
        ):
            raise CasusOngeldig(
                "Een casus met het model makelaar heeft geen eerste hulp.", veld="gebeurtenis"
            )
        soort, dag = geldige_registratie(
            gebeurtenis,
            op,
            geopend=geopend,
            vandaag=vandaag,
            hulp_gestart=self.geregistreerd_op(Gebeurtenis.HULP_GESTART),
        )
        registratie = TermijnRegistratie(
            gebeurtenis=soort, op=dag, door=door, vastgelegd_op=vastgelegd_op
        )
        self.termijnregistraties.append(registratie)
        return registratie

    def wijzig_model(
        self, nieuw: Casemanagementmodel | None, *, reden: str, door: str, op: datetime
    ) -> ModelWijziging:
        """The procesregisseur changes the model; the reason is kept in the history (overleg)."""
        self.moet_lopen(veld="model")
        if nieuw is None:
            raise CasusOngeldig("Kies een casemanagementmodel.", veld="model")
        if nieuw is self.casemanagementmodel:
            raise CasusOngeldig("De casus heeft dit model al; kies een ander model.", veld="model")
        tekst = reden_verplicht(reden, wat="de reden voor het wijzigen van het model")
        wijziging = ModelWijziging(
            model=nieuw, vastgesteld_op=op, door=door, van=self.casemanagementmodel, reden=tekst
        )
        self.casemanagementmodel = nieuw
        self.model_historie.append(wijziging)
        return wijziging

    @property
    def client_pseudoniem(self) -> str | None:
        """The person a toestemming about this casus' content is about: the client."""
        return self.betrokkenen[0] if self.betrokkenen else None

    def actie(self, actie_id: uuid.UUID) -> Actie | None:
        return next((a for a in self.acties if a.actie_id == actie_id), None)

    def nieuwe_actie(
        self,
        *,
        actie_id: uuid.UUID,
        wat: str,
        wie: str,
        wanneer: date,
        vandaag: date,
        toegewezen_op: datetime,
    ) -> Actie:
        """Add an actie to the actielijst, after checking the rules staff rely on."""
        if self.afgesloten:
            raise ActieOngeldig(
                "Deze casus is afgesloten; er kunnen geen acties meer bij.", veld="wat"
            )
        wat = wat.strip()
        if not wat:
            raise ActieOngeldig("Vul in wat er moet gebeuren.", veld="wat")
        if len(wat) > WAT_MAX:
            raise ActieOngeldig(f"Gebruik maximaal {WAT_MAX} tekens bij 'Wat'.", veld="wat")
        if wie not in self.deelnemers:
            raise ActieOngeldig("Kies een deelnemer van deze casus bij 'Wie'.", veld="wie")
        if wanneer < vandaag:
            raise ActieOngeldig(
                "De datum bij 'Wanneer' mag niet in het verleden liggen.", veld="wanneer"
            )
        actie = Actie(
            actie_id=actie_id,
            casus_id=self.casus_id,
            wat=wat,
            wie=wie,
            wanneer=wanneer,
            toegewezen_op=toegewezen_op,
        )
        self.acties.append(actie)
        return actie

    def verwerk_terugkoppeling(
        self,
        *,
        terugkoppeling_id: uuid.UUID,
        actie_id: uuid.UUID,
        door: str,
        status: str,
        toelichting: str | None,
        ontvangen_op: datetime,
        categorie: Categorie = Categorie.ALGEMEEN,
    ) -> Terugkoppeling:
        """Apply a partner's report; only the partner the actie is for may report on it."""
        actie = self.actie(actie_id)
        if actie is None:
            raise TerugkoppelingGeweigerd(f"actie {actie_id} hoort niet bij casus {self.casus_id}")
        if door != actie.wie:
            raise TerugkoppelingGeweigerd(
                f"partner {door!r} mag niet terugkoppelen op een actie voor {actie.wie!r}"
            )
        if actie.status is ActieStatus.INGETROKKEN:
            raise TerugkoppelingGeweigerd(f"actie {actie_id} is ingetrokken")
        actie.status = ActieStatus(status)
        actie.teruggekoppeld_op = ontvangen_op
        return Terugkoppeling(
            terugkoppeling_id=terugkoppeling_id,
            actie_id=actie_id,
            casus_id=self.casus_id,
            door=door,
            status=actie.status,
            toelichting=toelichting,
            ontvangen_op=ontvangen_op,
            categorie=categorie,
            gevoeligheid=standaard_gevoeligheid(categorie),
        )


def deelnemers_van(melder: str, genodigden: Iterable[str]) -> list[str]:
    """The melder first, then the invited partners; each once, in order."""
    return list(dict.fromkeys([melder, *genodigden]))


def open_casus(
    *,
    casus_id: uuid.UUID,
    melding_id: uuid.UUID,
    melder: str,
    genodigden: Iterable[str],
    ave_fase: int | None,
    client_geinformeerd: bool,
    herbeoordeling_op: date | None,
    geopend_op: datetime,
    door: str,
    betrokkenen: Iterable[str] = (),
    model: Casemanagementmodel | None = None,
    gemeente: str | None = None,
) -> Casus:
    """A new casus for a melding triaged as ``casus``; ``betrokkenen`` the client's first."""
    historie = (
        [AveFaseWijziging(ave_fase=ave_fase, vastgesteld_op=geopend_op, door=door)]
        if ave_fase is not None
        else []
    )
    return Casus(
        casus_id=casus_id,
        melding_id=melding_id,
        melder=melder,
        deelnemers=deelnemers_van(melder, genodigden),
        ave_fase=ave_fase,
        client_geinformeerd=client_geinformeerd,
        herbeoordeling_op=herbeoordeling_op,
        geopend_op=geopend_op,
        geopend_door=door,
        ave_fase_historie=historie,
        betrokkenen=samengevoegd([], betrokkenen),
        casemanagementmodel=model or Casemanagementmodel.MAKELAAR,
        gemeente=gemeente,
        model_historie=[
            ModelWijziging(
                model=model or Casemanagementmodel.MAKELAAR,
                vastgesteld_op=geopend_op,
                door=door,
                melding_id=melding_id,
            )
        ],
        meldingen=[
            CasusMelding(
                melding_id=melding_id,
                melder=melder,
                getrieerd_op=geopend_op,
                toegevoegd_op=geopend_op,
            )
        ],
    )

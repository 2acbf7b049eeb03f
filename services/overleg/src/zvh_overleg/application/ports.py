"""What the application needs from the outside world, as protocols the adapters implement."""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from types import TracebackType
from typing import Protocol

from zvh_contracts.base import Event
from zvh_contracts.pdp import Decision, DecisionRequest
from zvh_platform.clock import Clock as Clock  # the keten's one clock, for the use cases

from zvh_overleg.domain.bouwschema import Informatieitem
from zvh_overleg.domain.model import Actie, Casus, Terugkoppeling, TriageModelkeuze
from zvh_overleg.domain.overleg import Antwoord, Overleg, Uitgenodigd
from zvh_overleg.domain.overlegmodus import ActieWijziging
from zvh_overleg.domain.partnerbericht import AfgewezenBericht
from zvh_overleg.domain.reeks import Reeks
from zvh_overleg.domain.termijnregistratie import TermijnRegistratie
from zvh_overleg.domain.veiligheidssignaal import Veiligheidssignaal
from zvh_overleg.domain.verslag import Aanwezigheid, Verslag
from zvh_overleg.domain.vpt import VptActie, VptDossier, Zitting


@dataclass(frozen=True)
class Actor:
    """The signed-in user a command or query runs for, and the token to forward."""

    user_id: str
    org: str
    roles: list[str] = field(default_factory=list)
    token: str | None = None


@dataclass(frozen=True)
class CasusFilter:
    """Filters on the casussen list; each None means 'any'."""

    status: str | None = None  # "open" or "afgesloten"
    ave_fase: int | None = None
    met_deelnemer: str | None = None
    verlopen_voor: date | None = None  # open/loopt acties with wanneer before this date


class CasusRepository(Protocol):
    async def get(self, casus_id: uuid.UUID, *, historie: bool = True) -> Casus | None:
        """The casus with its acties and termijnregistraties; with its histories unless
        ``historie=False`` (read-only pages that show none of them; never save a casus read that
        way)."""

    async def by_melding(self, melding_id: uuid.UUID) -> Casus | None: ...

    async def list(
        self,
        *,
        melding_id: uuid.UUID | None = None,
        deelnemer: str | None = None,
        filter: CasusFilter | None = None,
    ) -> list[Casus]:
        """Casussen newest first, without acties."""

    async def by_meldingen(self, melding_ids: builtins.list[uuid.UUID]) -> builtins.list[Casus]:
        """Casussen holding any of these meldingen (casus_meldingen), without acties."""

    async def melding_ids(self, casus_ids: builtins.list[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
        """The original melding of each casus (one light query, for labels)."""

    async def save(self, casus: Casus) -> None:
        """Casus fields and deelnemers; histories and meldingen are append-only."""

    async def terugkoppelingen_van_casus(
        self, casus_id: uuid.UUID
    ) -> builtins.list[Terugkoppeling]:
        """Every report on the casus' acties, oldest first."""

    async def add(self, casus: Casus) -> None: ...

    async def add_actie(self, actie: Actie) -> None: ...

    async def save_actie(self, actie: Actie) -> None: ...

    async def add_terugkoppeling(self, terugkoppeling: Terugkoppeling) -> None: ...

    async def voor_rapportage(self, *, van: datetime, tot: datetime) -> builtins.list[Casus]:
        """The casussen open at some moment in ``[van, tot)``, with their acties and AVE-fase
        history (the quarterly report; it aggregates them, never shows one)."""
        ...

    async def add_modelkeuze(self, keuze: TriageModelkeuze) -> None:
        """Keep the triage page's model choice (a second one for the melding replaces it)."""
        ...

    async def termijnregistraties(
        self, casus_ids: builtins.list[uuid.UUID]
    ) -> dict[uuid.UUID, builtins.list[TermijnRegistratie]]:
        """The recorded termijn events of many casussen in one query, each casus' in the order
        recorded (for lists and the dashboard: ``list`` reads casussen without them)."""
        ...


class OverlegRepository(Protocol):
    async def get(self, overleg_id: uuid.UUID) -> Overleg | None:
        """The overleg with its agenda and answers."""

    async def list(
        self,
        *,
        vanaf: datetime | None = None,
        tot: datetime | None = None,
        casus_id: uuid.UUID | None = None,
    ) -> list[Overleg]:
        """Overleggen by start time, optionally in a window or with one casus on the agenda."""

    async def add(self, overleg: Overleg) -> None: ...

    async def save(self, overleg: Overleg) -> None:
        """Fields and agenda; answers are append-only (add_antwoord)."""

    async def add_antwoord(self, overleg_id: uuid.UUID, antwoord: Antwoord) -> None: ...


class InformatieRepository(Protocol):
    async def add(self, item: Informatieitem) -> None: ...

    async def get(self, item_id: uuid.UUID) -> Informatieitem | None: ...

    async def voor_casus(
        self, casus_id: uuid.UUID, *, overleg_id: uuid.UUID | None = None
    ) -> list[Informatieitem]:
        """A casus' entries in the order they were said; only one overleg's when given."""

    async def zet_beheer(self, item: Informatieitem) -> None:
        """Store the eigenaar's controls (``beperkt_tot``, ``ingetrokken``) of ``item``."""


class PlanningRepository(Protocol):
    """Series, genodigden as invited, attendance, verslagen and Casus Plus rhythm."""

    async def add_reeks(self, reeks: Reeks) -> None: ...

    async def get_reeks(self, reeks_id: uuid.UUID) -> Reeks | None: ...

    async def genodigden(self, overleg_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Uitgenodigd]]:
        """Who was invited (as last announced) per overleg; missing ids have none."""

    async def zet_genodigden(
        self, overleg_id: uuid.UUID, genodigden: list[Uitgenodigd]
    ) -> None: ...

    async def aanwezigheid(self, overleg_id: uuid.UUID) -> Aanwezigheid: ...

    async def zet_aanwezigheid(self, overleg_id: uuid.UUID, aanwezigheid: Aanwezigheid) -> None: ...

    async def add_verslag(self, verslag: Verslag) -> None: ...

    async def verslag(self, overleg_id: uuid.UUID) -> Verslag | None: ...

    async def ritmes(self, casus_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Casus Plus meeting rhythm in weeks, for the casussen that have one."""

    async def zet_ritme(self, casus_id: uuid.UUID, interval_weken: int | None) -> None: ...


class PdfRenderer(Protocol):
    async def pdf(
        self, html: str, *, base_url: str | None = None, stylesheets: Sequence[Path] = ()
    ) -> bytes:
        """The HTML page as a PDF document, styled with the given CSS files (in that order)."""


class ModusRepository(Protocol):
    """Overlegmodus: actie edits with history, the open casus per overleg, change versions."""

    async def save_actie_velden(self, actie: Actie) -> None: ...

    async def add_wijziging(self, wijziging: ActieWijziging) -> None: ...

    async def historie(self, casus_id: uuid.UUID) -> list[ActieWijziging]: ...

    async def set_volgend_overleg(self, casus_id: uuid.UUID, datum: date | None) -> None: ...

    async def zet_huidige_casus(
        self, overleg_id: uuid.UUID, casus_id: uuid.UUID, *, op: datetime, door: str
    ) -> None: ...

    async def huidige_casus(self, overleg_id: uuid.UUID) -> uuid.UUID | None: ...

    async def versie(self, subjects: Iterable[uuid.UUID]) -> int:
        """Grows with every committed change to any of ``subjects`` (stream fallback)."""


class AfgewezenRepository(Protocol):
    async def add(self, bericht: AfgewezenBericht) -> None:
        """Keep a rejected partner message as it arrived."""


@dataclass(frozen=True)
class OpenCasus:
    """An open casus as the dashboard counts it: codes and dates, no content."""

    casus_id: uuid.UUID
    ave_fase: int | None
    geopend_op: datetime
    geopend_door: str
    casusregisseur: str | None
    casusregisseur_org: str | None
    casemanagementmodel: str | None


@dataclass(frozen=True)
class PartnerActies:
    """A partner's open acties (open or loopt, in open casussen) by red/amber/green."""

    partner: str
    rood: int
    oranje: int
    groen: int
    deze_week: int = 0  # of these, due from today up to Sunday


@dataclass(frozen=True)
class ActieSignaal:
    """An open actie that needs attention: ids, partner and date only (no ``wat``)."""

    actie_id: uuid.UUID
    casus_id: uuid.UUID
    wie: str
    wanneer: date
    status: str


@dataclass(frozen=True)
class Uitnodiging:
    """A partner invited to an overleg (planned at ``uitgenodigd_op``) and its first answer."""

    partner: str
    uitgenodigd_op: datetime
    beantwoord_op: datetime | None


class DashboardRepository(Protocol):
    """The aggregate reads of the procesregisseur's dashboard (application/dashboard.py)."""

    async def open_casussen(self) -> builtins.list[OpenCasus]:
        """Every casus not closed, newest first."""

    async def acties_per_partner(
        self, *, vandaag: date, oranje_tot: date, zondag: date
    ) -> builtins.list[PartnerActies]:
        """Open acties of open casussen counted per partner: red before ``vandaag``, amber up to
        and including ``oranje_tot``, green after (``domain.dashboard.rag``'s line); and those
        due from ``vandaag`` up to ``zondag``."""

    async def aandachtsacties(
        self, *, tot_en_met: date, limiet: int
    ) -> builtins.list[ActieSignaal]:
        """Open acties of open casussen with wanneer up to ``tot_en_met``, oldest first."""

    async def terugkoppeltijden(self, *, sinds: datetime) -> dict[str, dict[int, int]]:
        """Per partner: whole days from toegewezen to teruggekoppeld → how many acties, for
        acties reported back since ``sinds``."""

    async def uitnodigingen(self, *, sinds: datetime) -> builtins.list[Uitnodiging]:
        """Every partner invited to an overleg planned since ``sinds``, with its first answer."""


class VeiligheidssignaalRepository(Protocol):
    """The veiligheidssignalen of casussen (issue 10, part 5): set, renewed, withdrawn."""

    async def add(self, signaal: Veiligheidssignaal) -> None: ...

    async def save(self, signaal: Veiligheidssignaal) -> None:
        """Store its end and review date and whether it was withdrawn."""

    async def get(self, signaal_id: uuid.UUID) -> Veiligheidssignaal | None: ...

    async def voor_casus(self, casus_id: uuid.UUID) -> builtins.list[Veiligheidssignaal]:
        """Every signal of the casus (also expired and withdrawn ones), oldest first."""

    async def voor_casussen(
        self, casus_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, builtins.list[Veiligheidssignaal]]:
        """The same for many casussen in one query (lists); missing ids have none."""


class VptRepository(Protocol):
    """VPT dossiers (issue 10): their own tables, never in the casus lists."""

    async def add(self, dossier: VptDossier) -> None: ...

    async def get(self, dossier_id: uuid.UUID) -> VptDossier | None:
        """The dossier with its zittingen and acties."""

    async def by_incident(self, incident_id: uuid.UUID) -> VptDossier | None: ...

    async def bij_casus(
        self, casus_id: uuid.UUID, pseudoniemen: Sequence[str]
    ) -> builtins.list[VptDossier]:
        """The dossiers whose incident named this casus or involves one of its persons."""

    async def list(self) -> builtins.list[VptDossier]:
        """Every dossier newest first, without zittingen and acties."""

    async def save(self, dossier: VptDossier) -> None:
        """The dossier's own fields (zittingen and acties are added separately)."""

    async def add_zitting(self, dossier_id: uuid.UUID, zitting: Zitting) -> None: ...

    async def add_actie(self, actie: VptActie) -> None: ...

    async def save_actie(self, actie: VptActie) -> None: ...


class UnitOfWork(Protocol):
    """One transaction: state, inbox record and outbox rows commit together."""

    # Read-only members: an adapter's own repository types fit (a mutable one would not).
    @property
    def casussen(self) -> CasusRepository: ...

    @property
    def overleggen(self) -> OverlegRepository: ...

    @property
    def informatie(self) -> InformatieRepository: ...

    @property
    def planning(self) -> PlanningRepository: ...

    @property
    def modus(self) -> ModusRepository: ...

    @property
    def afgewezen(self) -> AfgewezenRepository: ...

    @property
    def dashboard(self) -> DashboardRepository: ...

    @property
    def veiligheidssignalen(self) -> VeiligheidssignaalRepository: ...

    @property
    def vpt(self) -> VptRepository: ...

    async def __aenter__(self) -> UnitOfWork: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def seen_before(self, event_id: uuid.UUID) -> bool:
        """Record the incoming event id; True when it was handled before."""

    async def publish(self, event: Event, *, topic: str, event_id: uuid.UUID) -> uuid.UUID:
        """Queue an outgoing event in this transaction (outbox); returns its ``ce_id``."""

    async def commit(self) -> None: ...

    def gewijzigd(self, *subjects: uuid.UUID) -> None:
        """Wake the live streams of these casussen/overleggen after commit (no event needed)."""


UnitOfWorkFactory = Callable[[], UnitOfWork]


class PolicyDecisionPoint(Protocol):
    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision: ...

    async def decide_many(
        self, requests: Sequence[DecisionRequest], *, token: str | None
    ) -> list[Decision]:
        """One decision per request, in order, in one round trip (``POST /v1/decisions/batch``)."""
        ...


class ConvenantGeldigheid(Protocol):
    """One organisation's convenant validity today, with the reason (Dutch)."""

    @property
    def geldig(self) -> bool: ...

    @property
    def reden(self) -> str: ...


class ConvenantRegister(Protocol):
    """The consent service's convenant register (``zvh_platform.convenanten.ConvenantClient``).

    Asked before a partner is added to a casus and to show who can be invited; an organisation
    the register cannot vouch for counts as not valid. Nothing of it is kept here.
    """

    async def geldigheden(
        self, orgs: Iterable[str], *, token: str | None
    ) -> Mapping[str, ConvenantGeldigheid]: ...

"""In-memory fakes for the application ports, and event builders for tests."""

from __future__ import annotations

import builtins
import copy
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from types import TracebackType
from typing import Any

from vpt_evaluatie_fakes import FakeVptEvaluatieRepository
from zvh_contracts.base import Event
from zvh_contracts.intake.melding_v1 import MeldingGetrieerd
from zvh_contracts.pdp import Decision, DecisionRequest
from zvh_contracts.vocab import TriageUitkomst
from zvh_overleg.application.handlers import handle_melding_event
from zvh_overleg.application.ports import (
    ActieSignaal,
    CasusFilter,
    OpenCasus,
    PartnerActies,
    Uitnodiging,
)
from zvh_overleg.application.wijzigingen import WijzigingHub, subjects_of
from zvh_overleg.domain.bouwschema import Informatieitem
from zvh_overleg.domain.model import (
    Actie,
    ActieStatus,
    Casus,
    Terugkoppeling,
    TriageModelkeuze,
    met_triagekeuze,
)
from zvh_overleg.domain.overleg import Antwoord, Overleg, Uitgenodigd
from zvh_overleg.domain.overlegmodus import ActieWijziging
from zvh_overleg.domain.partnerbericht import AfgewezenBericht
from zvh_overleg.domain.reeks import Reeks
from zvh_overleg.domain.termijnregistratie import TermijnRegistratie
from zvh_overleg.domain.veiligheidssignaal import Veiligheidssignaal
from zvh_overleg.domain.verslag import Aanwezigheid, Verslag
from zvh_overleg.domain.vpt import VptActie, VptDossier, Zitting

NU = datetime(2030, 3, 4, 10, 0, tzinfo=UTC)


@dataclass
class Store:
    """Committed state shared by the fake units of work."""

    casussen: dict[uuid.UUID, Casus] = field(default_factory=dict)
    overleggen: dict[uuid.UUID, Overleg] = field(default_factory=dict)
    informatie: dict[uuid.UUID, Informatieitem] = field(default_factory=dict)
    terugkoppelingen: list[Terugkoppeling] = field(default_factory=list)
    inbox: set[uuid.UUID] = field(default_factory=set)
    outbox: list[tuple[str, Event, uuid.UUID]] = field(default_factory=list)
    reeksen: dict[uuid.UUID, Reeks] = field(default_factory=dict)
    genodigden: dict[uuid.UUID, list[Uitgenodigd]] = field(default_factory=dict)
    aanwezigheid: dict[uuid.UUID, Aanwezigheid] = field(default_factory=dict)
    verslagen: dict[uuid.UUID, Verslag] = field(default_factory=dict)
    ritmes: dict[uuid.UUID, int] = field(default_factory=dict)
    historie: list[ActieWijziging] = field(default_factory=list)
    huidige_casus: dict[uuid.UUID, uuid.UUID] = field(default_factory=dict)
    versies: dict[uuid.UUID, int] = field(default_factory=dict)
    afgewezen: list[AfgewezenBericht] = field(default_factory=list)
    modelkeuzes: dict[uuid.UUID, TriageModelkeuze] = field(default_factory=dict)
    veiligheidssignalen: dict[uuid.UUID, Veiligheidssignaal] = field(default_factory=dict)
    vpt_dossiers: dict[uuid.UUID, VptDossier] = field(default_factory=dict)
    vpt_evaluaties: dict[uuid.UUID, Any] = field(default_factory=dict)
    vpt_maatregelen: dict[uuid.UUID, Any] = field(default_factory=dict)


def _past(c: Casus, f: CasusFilter) -> bool:
    """The same filters as the SQL repository, in Python."""
    if f.status == "open" and c.afgesloten:
        return False
    if f.status == "afgesloten" and not c.afgesloten:
        return False
    if f.ave_fase is not None and c.ave_fase != f.ave_fase:
        return False
    if f.met_deelnemer is not None and f.met_deelnemer not in c.deelnemers:
        return False
    if f.verlopen_voor is not None:
        verlopen_voor = f.verlopen_voor
        return any(
            a.wanneer < verlopen_voor and a.status.value in ("open", "loopt") for a in c.acties
        )
    return True


class FakeRepository:
    def __init__(self, state: Store) -> None:
        self._s = state

    async def get(self, casus_id: uuid.UUID, *, historie: bool = True) -> Casus | None:
        casus = copy.deepcopy(self._s.casussen.get(casus_id))
        if casus is not None:
            casus.model_historie = met_triagekeuze(casus.model_historie, self._s.modelkeuzes)
        return casus

    async def add_modelkeuze(self, keuze: TriageModelkeuze) -> None:
        self._s.modelkeuzes[keuze.melding_id] = keuze

    async def termijnregistraties(
        self, casus_ids: builtins.list[uuid.UUID]
    ) -> dict[uuid.UUID, builtins.list[TermijnRegistratie]]:
        return {
            c: list(self._s.casussen[c].termijnregistraties)
            for c in casus_ids
            if c in self._s.casussen and self._s.casussen[c].termijnregistraties
        }

    async def by_melding(self, melding_id: uuid.UUID) -> Casus | None:
        found = [
            c
            for c in self._s.casussen.values()
            if c.melding_id == melding_id or any(m.melding_id == melding_id for m in c.meldingen)
        ]
        return copy.deepcopy(found[0]) if found else None

    async def list(
        self,
        *,
        melding_id: uuid.UUID | None = None,
        deelnemer: str | None = None,
        filter: CasusFilter | None = None,
    ) -> list[Casus]:
        out = [
            c
            for c in self._s.casussen.values()
            if (
                melding_id is None
                or c.melding_id == melding_id
                or any(m.melding_id == melding_id for m in c.meldingen)
            )
            and (deelnemer is None or deelnemer in c.deelnemers)
            and (filter is None or _past(c, filter))
        ]
        return sorted(out, key=lambda c: c.geopend_op, reverse=True)

    async def melding_ids(self, casus_ids: builtins.list[uuid.UUID]) -> dict[uuid.UUID, uuid.UUID]:
        return {c: self._s.casussen[c].melding_id for c in casus_ids if c in self._s.casussen}

    async def voor_rapportage(self, *, van: datetime, tot: datetime) -> builtins.list[Casus]:
        return [
            copy.deepcopy(c)
            for c in self._s.casussen.values()
            if c.geopend_op < tot and (c.afgesloten_op is None or c.afgesloten_op >= van)
        ]

    async def by_meldingen(self, melding_ids: builtins.list[uuid.UUID]) -> builtins.list[Casus]:
        out = [
            copy.deepcopy(c)
            for c in self._s.casussen.values()
            if any(m.melding_id in melding_ids for m in c.meldingen) or c.melding_id in melding_ids
        ]
        return sorted(out, key=lambda c: c.geopend_op, reverse=True)

    async def save(self, casus: Casus) -> None:
        bewaard = self._s.casussen[casus.casus_id]
        nieuw = copy.deepcopy(casus)
        nieuw.acties = bewaard.acties
        self._s.casussen[casus.casus_id] = nieuw

    async def terugkoppelingen_van_casus(
        self, casus_id: uuid.UUID
    ) -> builtins.list[Terugkoppeling]:
        return [t for t in self._s.terugkoppelingen if t.casus_id == casus_id]

    async def add(self, casus: Casus) -> None:
        self._s.casussen[casus.casus_id] = copy.deepcopy(casus)

    async def add_actie(self, actie: Actie) -> None:
        self._s.casussen[actie.casus_id].acties.append(copy.deepcopy(actie))

    async def save_actie(self, actie: Actie) -> None:
        acties = self._s.casussen[actie.casus_id].acties
        acties[:] = [copy.deepcopy(actie) if a.actie_id == actie.actie_id else a for a in acties]

    async def add_terugkoppeling(self, terugkoppeling: Terugkoppeling) -> None:
        self._s.terugkoppelingen.append(terugkoppeling)


class FakeOverlegRepository:
    def __init__(self, state: Store) -> None:
        self._s = state

    async def get(self, overleg_id: uuid.UUID) -> Overleg | None:
        return copy.deepcopy(self._s.overleggen.get(overleg_id))

    async def list(
        self,
        *,
        vanaf: datetime | None = None,
        tot: datetime | None = None,
        casus_id: uuid.UUID | None = None,
    ) -> list[Overleg]:
        out = [
            copy.deepcopy(o)
            for o in self._s.overleggen.values()
            if (vanaf is None or o.start >= vanaf)
            and (tot is None or o.start < tot)
            and (casus_id is None or casus_id in o.agenda)
        ]
        return sorted(out, key=lambda o: (o.start, str(o.overleg_id)))

    async def add(self, overleg: Overleg) -> None:
        self._s.overleggen[overleg.overleg_id] = copy.deepcopy(overleg)

    async def save(self, overleg: Overleg) -> None:
        bewaard = self._s.overleggen[overleg.overleg_id]
        nieuw = copy.deepcopy(overleg)
        nieuw.antwoorden = bewaard.antwoorden
        self._s.overleggen[overleg.overleg_id] = nieuw

    async def add_antwoord(self, overleg_id: uuid.UUID, antwoord: Antwoord) -> None:
        self._s.overleggen[overleg_id].antwoorden.append(antwoord)


class FakeInformatieRepository:
    def __init__(self, state: Store) -> None:
        self._s = state

    async def add(self, item: Informatieitem) -> None:
        self._s.informatie[item.item_id] = item

    async def get(self, item_id: uuid.UUID) -> Informatieitem | None:
        return self._s.informatie.get(item_id)

    async def voor_casus(
        self, casus_id: uuid.UUID, *, overleg_id: uuid.UUID | None = None
    ) -> list[Informatieitem]:
        out = [
            i
            for i in self._s.informatie.values()
            if i.casus_id == casus_id and (overleg_id is None or i.overleg_id == overleg_id)
        ]
        return sorted(out, key=lambda i: (i.ingebracht_op, str(i.item_id)))

    async def zet_beheer(self, item: Informatieitem) -> None:
        self._s.informatie[item.item_id] = item


class FakePlanningRepository:
    def __init__(self, state: Store) -> None:
        self._s = state

    async def add_reeks(self, reeks: Reeks) -> None:
        self._s.reeksen[reeks.reeks_id] = reeks

    async def get_reeks(self, reeks_id: uuid.UUID) -> Reeks | None:
        return self._s.reeksen.get(reeks_id)

    async def genodigden(self, overleg_ids: list[uuid.UUID]) -> dict[uuid.UUID, list[Uitgenodigd]]:
        return {i: list(self._s.genodigden[i]) for i in overleg_ids if i in self._s.genodigden}

    async def zet_genodigden(self, overleg_id: uuid.UUID, genodigden: list[Uitgenodigd]) -> None:
        self._s.genodigden[overleg_id] = list(genodigden)

    async def aanwezigheid(self, overleg_id: uuid.UUID) -> Aanwezigheid:
        return copy.deepcopy(self._s.aanwezigheid.get(overleg_id, Aanwezigheid()))

    async def zet_aanwezigheid(self, overleg_id: uuid.UUID, aanwezigheid: Aanwezigheid) -> None:
        self._s.aanwezigheid[overleg_id] = copy.deepcopy(aanwezigheid)

    async def add_verslag(self, verslag: Verslag) -> None:
        assert verslag.overleg_id not in self._s.verslagen, "primary key"
        self._s.verslagen[verslag.overleg_id] = verslag

    async def verslag(self, overleg_id: uuid.UUID) -> Verslag | None:
        return self._s.verslagen.get(overleg_id)

    async def ritmes(self, casus_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
        return {c: self._s.ritmes[c] for c in casus_ids if c in self._s.ritmes}

    async def zet_ritme(self, casus_id: uuid.UUID, interval_weken: int | None) -> None:
        self._s.ritmes.pop(casus_id, None)
        if interval_weken is not None:
            self._s.ritmes[casus_id] = interval_weken


class FakeModusRepository:
    def __init__(self, state: Store) -> None:
        self._s = state

    async def save_actie_velden(self, actie: Actie) -> None:
        acties = self._s.casussen[actie.casus_id].acties
        acties[:] = [copy.deepcopy(actie) if a.actie_id == actie.actie_id else a for a in acties]

    async def add_wijziging(self, wijziging: ActieWijziging) -> None:
        self._s.historie.append(wijziging)

    async def historie(self, casus_id: uuid.UUID) -> list[ActieWijziging]:
        return [w for w in self._s.historie if w.casus_id == casus_id]

    async def set_volgend_overleg(self, casus_id: uuid.UUID, datum: date | None) -> None:
        self._s.casussen[casus_id].volgend_overleg_op = datum

    async def zet_huidige_casus(
        self, overleg_id: uuid.UUID, casus_id: uuid.UUID, *, op: datetime, door: str
    ) -> None:
        self._s.huidige_casus[overleg_id] = casus_id

    async def huidige_casus(self, overleg_id: uuid.UUID) -> uuid.UUID | None:
        return self._s.huidige_casus.get(overleg_id)

    async def versie(self, subjects: Any) -> int:
        return sum(self._s.versies.get(s, 0) for s in set(subjects))


class FakeAfgewezenRepository:
    def __init__(self, state: Store) -> None:
        self._s = state

    async def add(self, bericht: AfgewezenBericht) -> None:
        self._s.afgewezen.append(bericht)


class FakeVeiligheidssignaalRepository:
    def __init__(self, state: Store) -> None:
        self._s = state

    async def add(self, signaal: Veiligheidssignaal) -> None:
        assert signaal.signaal_id not in self._s.veiligheidssignalen
        self._s.veiligheidssignalen[signaal.signaal_id] = copy.deepcopy(signaal)

    async def save(self, signaal: Veiligheidssignaal) -> None:
        assert signaal.signaal_id in self._s.veiligheidssignalen
        self._s.veiligheidssignalen[signaal.signaal_id] = copy.deepcopy(signaal)

    async def get(self, signaal_id: uuid.UUID) -> Veiligheidssignaal | None:
        s = self._s.veiligheidssignalen.get(signaal_id)
        return copy.deepcopy(s) if s else None

    async def voor_casus(self, casus_id: uuid.UUID) -> builtins.list[Veiligheidssignaal]:
        return [
            copy.deepcopy(s)
            for s in sorted(self._s.veiligheidssignalen.values(), key=lambda s: s.gezet_op)
            if s.casus_id == casus_id
        ]

    async def voor_casussen(
        self, casus_ids: Sequence[uuid.UUID]
    ) -> dict[uuid.UUID, builtins.list[Veiligheidssignaal]]:
        uit: dict[uuid.UUID, builtins.list[Veiligheidssignaal]] = {}
        for casus_id in casus_ids:
            if signalen := await self.voor_casus(casus_id):
                uit[casus_id] = signalen
        return uit


class FakeDashboardRepository:
    """The dashboard's aggregates counted in Python over the store (the SQL one is tested in
    test_dashboard_repository.py against the same rules)."""

    def __init__(self, state: Store) -> None:
        self._s = state

    def _open_acties(self) -> builtins.list[Actie]:
        return [
            a
            for c in self._s.casussen.values()
            if c.afgesloten_op is None
            for a in c.acties
            if a.status in (ActieStatus.OPEN, ActieStatus.LOOPT)
        ]

    async def open_casussen(self) -> builtins.list[OpenCasus]:
        return [
            OpenCasus(
                casus_id=c.casus_id,
                ave_fase=c.ave_fase,
                geopend_op=c.geopend_op,
                geopend_door=c.geopend_door,
                casusregisseur=c.casusregisseur,
                casusregisseur_org=c.casusregisseur_org,
                casemanagementmodel=c.casemanagementmodel.value,
            )
            for c in sorted(self._s.casussen.values(), key=lambda c: c.geopend_op, reverse=True)
            if c.afgesloten_op is None
        ]

    async def acties_per_partner(
        self, *, vandaag: date, oranje_tot: date, zondag: date
    ) -> builtins.list[PartnerActies]:
        per: dict[str, list[int]] = {}
        for a in self._open_acties():
            t = per.setdefault(a.wie, [0, 0, 0, 0])
            t[0 if a.wanneer < vandaag else 1 if a.wanneer <= oranje_tot else 2] += 1
            t[3] += vandaag <= a.wanneer <= zondag
        return [PartnerActies(p, *t) for p, t in sorted(per.items())]

    async def aandachtsacties(
        self, *, tot_en_met: date, limiet: int
    ) -> builtins.list[ActieSignaal]:
        gekozen = sorted(
            (a for a in self._open_acties() if a.wanneer <= tot_en_met),
            key=lambda a: (a.wanneer, str(a.actie_id)),
        )[:limiet]
        return [
            ActieSignaal(a.actie_id, a.casus_id, a.wie, a.wanneer, a.status.value) for a in gekozen
        ]

    async def terugkoppeltijden(self, *, sinds: datetime) -> dict[str, dict[int, int]]:
        uit: dict[str, dict[int, int]] = {}
        for c in self._s.casussen.values():
            for a in c.acties:
                if a.teruggekoppeld_op is not None and a.teruggekoppeld_op >= sinds:
                    d = max(
                        0, int((a.teruggekoppeld_op - a.toegewezen_op).total_seconds() // 86400)
                    )
                    uit.setdefault(a.wie, {})[d] = uit.get(a.wie, {}).get(d, 0) + 1
        return uit

    async def uitnodigingen(self, *, sinds: datetime) -> builtins.list[Uitnodiging]:
        uit = []
        for o in self._s.overleggen.values():
            if o.gepland_op < sinds:
                continue
            for g in self._s.genodigden.get(o.overleg_id, []):
                tijden = [a.beantwoord_op for a in o.antwoorden if a.partner == g.partner]
                uit.append(Uitnodiging(g.partner, o.gepland_op, min(tijden) if tijden else None))
        return uit


class FakeVptRepository:
    """VPT dossiers in memory (the SQL repository's behaviour, tests/test_vpt_repository.py)."""

    def __init__(self, state: Store) -> None:
        self._s = state

    async def add(self, dossier: VptDossier) -> None:
        self._s.vpt_dossiers[dossier.dossier_id] = copy.deepcopy(dossier)

    async def get(self, dossier_id: uuid.UUID) -> VptDossier | None:
        found = self._s.vpt_dossiers.get(dossier_id)
        return copy.deepcopy(found) if found is not None else None

    async def by_incident(self, incident_id: uuid.UUID) -> VptDossier | None:
        for d in self._s.vpt_dossiers.values():
            if d.incident_id == incident_id:
                return copy.deepcopy(d)
        return None

    async def bij_casus(
        self, casus_id: uuid.UUID, pseudoniemen: Sequence[str]
    ) -> builtins.list[VptDossier]:
        return sorted(
            (
                copy.deepcopy(d)
                for d in self._s.vpt_dossiers.values()
                if d.casus_id == casus_id
                or (d.client_pseudoniem is not None and d.client_pseudoniem in pseudoniemen)
            ),
            key=lambda d: d.gemeld_op,
            reverse=True,
        )

    async def list(self) -> builtins.list[VptDossier]:
        return sorted(
            (copy.deepcopy(d) for d in self._s.vpt_dossiers.values()),
            key=lambda d: d.gemeld_op,
            reverse=True,
        )

    async def save(self, dossier: VptDossier) -> None:
        bestaand = self._s.vpt_dossiers[dossier.dossier_id]
        nieuw = copy.deepcopy(dossier)
        nieuw.zittingen, nieuw.acties = bestaand.zittingen, bestaand.acties
        self._s.vpt_dossiers[dossier.dossier_id] = nieuw

    async def add_zitting(self, dossier_id: uuid.UUID, zitting: Zitting) -> None:
        d = self._s.vpt_dossiers[dossier_id]
        d.zittingen = sorted([*d.zittingen, zitting], key=lambda z: z.datum)

    async def add_actie(self, actie: VptActie) -> None:
        self._s.vpt_dossiers[actie.dossier_id].acties.append(copy.deepcopy(actie))

    async def save_actie(self, actie: VptActie) -> None:
        d = self._s.vpt_dossiers[actie.dossier_id]
        d.acties = [copy.deepcopy(actie) if a.actie_id == actie.actie_id else a for a in d.acties]


class FakeUnitOfWork:
    """Works on a copy of the store; ``commit`` writes it back, like a transaction."""

    def __init__(self, store: Store, *, hub: WijzigingHub | None = None) -> None:
        self._store = store
        self.commits = 0
        self.hub = hub
        self._gewijzigd: set[uuid.UUID] = set()

    async def __aenter__(self) -> FakeUnitOfWork:
        self._work = copy.deepcopy(self._store)
        self.casussen = FakeRepository(self._work)
        self.overleggen = FakeOverlegRepository(self._work)
        self.informatie = FakeInformatieRepository(self._work)
        self.planning = FakePlanningRepository(self._work)
        self.modus = FakeModusRepository(self._work)
        self.afgewezen = FakeAfgewezenRepository(self._work)
        self.dashboard = FakeDashboardRepository(self._work)
        self.veiligheidssignalen = FakeVeiligheidssignaalRepository(self._work)
        self.vpt = FakeVptRepository(self._work)
        self.vpt_evaluaties = FakeVptEvaluatieRepository(self._work)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    async def seen_before(self, event_id: uuid.UUID) -> bool:
        if event_id in self._work.inbox:
            return True
        self._work.inbox.add(event_id)
        return False

    async def publish(self, event: Event, *, topic: str, event_id: uuid.UUID) -> uuid.UUID:
        self._work.outbox.append((topic, event, event_id))
        self._gewijzigd.update(subjects_of(event))
        return event_id

    def gewijzigd(self, *subjects: uuid.UUID) -> None:
        self._gewijzigd.update(subjects)

    async def commit(self) -> None:
        self.commits += 1
        gewijzigd, self._gewijzigd = self._gewijzigd, set()
        for subject in gewijzigd:
            self._work.versies[subject] = self._work.versies.get(subject, 0) + 1
        self._store.__dict__.update(copy.deepcopy(self._work).__dict__)
        if self.hub is not None and gewijzigd:
            self.hub.meld(gewijzigd)


class FixedClock:
    def __init__(self, now: datetime = NU) -> None:
        self.now_value = now

    def now(self) -> datetime:
        return self.now_value


class FakePdp:
    """Allows unless told otherwise; remembers every question."""

    def __init__(self, *, allow: bool = True, reasons: list[str] | None = None) -> None:
        self.allow = allow
        self.reasons = reasons or []
        self.requests: list[DecisionRequest] = []
        self.batches: list[list[DecisionRequest]] = []

    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
        self.requests.append(request)
        if self.allow:
            return Decision(allow=True, reasons=["toegestaan"])
        return Decision(allow=False, reasons=self.reasons or ["geen deelnemer"])

    async def decide_many(
        self, requests: Sequence[DecisionRequest], *, token: str | None
    ) -> list[Decision]:
        """Each request through ``decide`` (so subclasses' rules apply); batches are counted."""
        self.batches.append(list(requests))
        return [await self.decide(r, token=token) for r in requests]


REGIE = frozenset({"procesregisseur", "notulist"})

#: The policy's explanations (overleg.rego ``toelichting``) of a refused ``overleg`` action.
OVERLEG_TOELICHTING = {
    "plan": "alleen de procesregisseur van het ZVH plant overleggen",
    "notuleren": "alleen de procesregisseur of notulist van het ZVH notuleert het overleg",
    "read": (
        "alleen de procesregisseur of notulist van het ZVH ziet het hele overleg; "
        "een deelnemer ziet alleen de eigen casussen"
    ),
}


class BeleidPdp(FakePdp):
    """The policy as overleg expects it from the PDP (the current Rego plus the ``casus`` rules
    named in docs/ownership-and-privacy.md), for tests about who may:

    - ZVH regie = org ``zvh`` with procesregisseur or notulist; an FG-only account reads nothing;
    - ``casus`` list/read: regie or a deelnemer; ``casus`` write: the ZVH procesregisseur;
    - ``actielijst`` read: regie or a deelnemer; write: regie;
    - ``informatie-item`` read: its eigenaar or regie; write: regie for a deelnemer or the ZVH,
      or the eigenaar itself when it is a deelnemer;
    - ``overleg`` plan: the ZVH procesregisseur; notuleren: regie; read (no casus: the whole
      overleg): regie;
    - ``dashboard`` read (doel monitoring): the ZVH procesregisseur;
    - ``veiligheidssignaal`` (doel veiligheid-professionals) write: the ZVH procesregisseur;
      read: regie or a deelnemer.

    A refusal carries the policy's ``toelichting`` (``OVERLEG_TOELICHTING``).
    """

    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
        self.requests.append(request)
        s, r, a = request.subject, request.resource, request.action
        assert s is not None
        alleen_fg = "fg" in s.roles and set(s.roles) <= {"fg"}
        regie = s.org == "zvh" and bool(REGIE & set(s.roles))
        deelnemer = s.org in request.context.deelnemers and not alleen_fg
        if r.type == "casus" and a in ("list", "read"):
            allow = regie or deelnemer
        elif r.type == "casus" and a == "write":
            allow = s.org == "zvh" and "procesregisseur" in s.roles
        elif r.type == "actielijst":
            allow = regie or (a == "read" and deelnemer)
        elif r.type == "informatie-item" and a == "read":
            allow = regie or (s.org == r.eigenaar and not alleen_fg)
        elif r.type == "informatie-item" and a == "write":
            eigen = deelnemer and s.org == r.eigenaar
            allow = eigen or (
                regie and (r.eigenaar in request.context.deelnemers or r.eigenaar == "zvh")
            )
        elif r.type == "overleg" and a == "plan":
            allow = s.org == "zvh" and "procesregisseur" in s.roles
        elif r.type == "overleg" and a == "notuleren":
            allow = regie
        elif r.type == "overleg" and a == "read":
            allow = regie and r.casus is None
        elif r.type == "rapportage" and a == "read":  # rapportage.rego
            allow = (
                s.org == "zvh"
                and request.context.doel == "verantwoording"
                and bool({"procesregisseur", "notulist", "beheerder"} & set(s.roles))
            )
        elif r.type == "veiligheidssignaal":  # veiligheidssignaal.rego
            doel = request.context.doel == "veiligheid-professionals"
            if a == "write":
                allow = doel and s.org == "zvh" and "procesregisseur" in s.roles
            else:
                allow = doel and a == "read" and (regie or deelnemer)
            if allow:
                return Decision(
                    allow=True,
                    reasons=["nep-beleid"],
                    grondslag="wettelijke taak / veiligheid van professionals (Arbowet art. 3)",
                    obligations=["log-inzage"],
                )
        elif r.type == "dashboard" and a == "read":
            allow = (
                request.context.doel == "monitoring"
                and s.org == "zvh"
                and "procesregisseur" in s.roles
            )
        else:
            allow = False
        if allow:
            return Decision(allow=True, reasons=["nep-beleid"], grondslag="convenant")
        toelichting = (
            [OVERLEG_TOELICHTING[a]] if r.type == "overleg" and a in OVERLEG_TOELICHTING else []
        )
        return Decision(
            allow=False,
            reasons=[
                f"geen regel staat dit toe ({a} {r.type}, doel {request.context.doel})",
                *toelichting,
            ],
        )


def getrieerd(**overrides: Any) -> MeldingGetrieerd:
    """A MeldingGetrieerd with sensible defaults (uitkomst casus)."""
    values: dict[str, Any] = {
        "melding_id": uuid.uuid4(),
        "melder": "politie-zwb",
        "uitkomst": TriageUitkomst.CASUS,
        "ave_fase": 4,
        "client_geinformeerd": True,
        "uit_te_nodigen_partners": ["gemeente-bergen-op-zoom", "politie-zwb", "ggz-wnb"],
        "getrieerd_door": "pr.jansen",
        "getrieerd_op": NU,
    }
    values.update(overrides)
    return MeldingGetrieerd(**values)


def casus(**overrides: Any) -> Casus:
    values: dict[str, Any] = {
        "casus_id": uuid.uuid4(),
        "melding_id": uuid.uuid4(),
        "melder": "politie-zwb",
        "deelnemers": ["politie-zwb", "gemeente-bergen-op-zoom"],
        "ave_fase": 3,
        "client_geinformeerd": True,
        "herbeoordeling_op": None,
        "geopend_op": NU,
        "geopend_door": "pr.jansen",
    }
    values.update(overrides)
    return Casus(**values)


MORGEN = date(2030, 3, 5)


async def open_casus(store: Store, **kw: Any) -> uuid.UUID:
    """A casus as triage opens it: from a ``MeldingGetrieerd`` with ``kw`` for its fields."""
    casus_id = await handle_melding_event(
        event_id=uuid.uuid4(),
        event=getrieerd(**kw),
        uow=lambda: FakeUnitOfWork(store),
        clock=FixedClock(),
    )
    assert casus_id
    return casus_id


@dataclass(frozen=True)
class FakeGeldigheid:
    org: str
    geldig: bool
    reden: str


#: The demo region's expired convenant, as the fakes report it.
VERLOPEN_REDEN = "het convenant is verlopen op 31-12-2025"


class FakeConvenanten:
    """The convenant register in memory: every organisation valid except those in ``ongeldig``."""

    def __init__(self, ongeldig: dict[str, str] | None = None) -> None:
        self.ongeldig = dict(ongeldig or {})
        self.gevraagd: list[list[str]] = []

    async def geldigheden(self, orgs, *, token):  # type: ignore[no-untyped-def]
        wanted = list(dict.fromkeys(orgs))
        self.gevraagd.append(wanted)
        return {
            o: FakeGeldigheid(org=o, geldig=o not in self.ongeldig, reden=self.ongeldig.get(o, ""))
            for o in wanted
        }

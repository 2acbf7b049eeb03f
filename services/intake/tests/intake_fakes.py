"""In-memory adapters for intake's unit tests: a store that commits or rolls back as a whole."""

from __future__ import annotations

import copy
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from types import TracebackType
from typing import Any, Self

from zvh_contracts.base import Event
from zvh_contracts.pdp import Decision, DecisionRequest
from zvh_intake.domain.aanhouding import Aanhouding, Aanhoudingslijst, Markering
from zvh_intake.domain.informatie import InformatieItem
from zvh_intake.domain.model import Melding, MeldingStatus
from zvh_intake.domain.onverwerkbaar import OnverwerkbaarBericht
from zvh_intake.domain.rapportage import MeldingTelling, feit_van, tel


@dataclass
class Uitgaand:
    """One event queued in the fake outbox."""

    event: Event
    topic: str
    event_id: uuid.UUID


@dataclass
class Store:
    """Committed state shared by fake units of work."""

    meldingen: dict[uuid.UUID, Melding] = field(default_factory=dict)
    onverwerkbaar: list[OnverwerkbaarBericht] = field(default_factory=list)
    lijsten: dict[uuid.UUID, Aanhoudingslijst] = field(default_factory=dict)
    inbox: set[uuid.UUID] = field(default_factory=set)
    outbox: list[Uitgaand] = field(default_factory=list)
    commits: int = 0


class FakeMeldingen:
    def __init__(self, data: dict[uuid.UUID, Melding]) -> None:
        self.data = data

    async def get(self, melding_id: uuid.UUID) -> Melding | None:
        return self.data.get(melding_id)

    async def get_many(self, melding_ids: Sequence[uuid.UUID]) -> list[Melding]:
        return [self.data[i] for i in dict.fromkeys(melding_ids) if i in self.data]

    async def find_by_referentie(self, *, eigenaar: str, melder_referentie: str) -> Melding | None:
        return next(
            (
                m
                for m in self.data.values()
                if m.eigenaar == eigenaar and m.melder_referentie == melder_referentie
            ),
            None,
        )

    async def add(self, melding: Melding) -> None:
        self.data[melding.id] = melding

    async def save_triage(self, melding: Melding) -> bool:
        if self.data[melding.id].status is not MeldingStatus.TE_TRIEREN:
            return False
        self.data[melding.id] = melding
        return True

    async def lijst(self, *, status: MeldingStatus | None = None) -> list[Melding]:
        return [m for m in self.data.values() if status is None or m.status is status]

    async def tellingen(self, *, van: datetime, tot: datetime) -> list[MeldingTelling]:
        return tel(feit_van(m) for m in self.data.values() if van <= m.ontvangen_op < tot)

    async def met_pseudoniem(self, pseudoniem: str) -> list[uuid.UUID]:
        return [m.id for m in self.data.values() if pseudoniem in m.pseudoniemen]

    async def in_casus(self, pseudoniemen: list[str]) -> set[str]:
        return {
            p
            for m in self.data.values()
            if m.triage is not None and m.triage.uitkomst.value == "casus"
            for p in m.pseudoniemen
            if p in pseudoniemen
        }

    async def save_item(self, item: InformatieItem) -> None:
        self.data[item.melding_id] = self.data[item.melding_id].met_item(item)


class FakeOnverwerkbaar:
    def __init__(self, data: list[OnverwerkbaarBericht]) -> None:
        self.data = data

    async def add(self, bericht: OnverwerkbaarBericht) -> None:
        self.data.append(bericht)

    async def lijst(self, *, limit: int = 100) -> list[OnverwerkbaarBericht]:
        return self.data[-limit:]


class FakeAanhoudingen:
    """Lists by id; each list holds its arrests (as the SQL adapter returns them)."""

    def __init__(self, data: dict[uuid.UUID, Aanhoudingslijst]) -> None:
        self.data = data

    async def lijst(self, lijst_id: uuid.UUID) -> Aanhoudingslijst | None:
        return self.data.get(lijst_id)

    async def op_datums(self, datums: Sequence[date]) -> list[Aanhoudingslijst]:
        gevonden = [lijst for lijst in self.data.values() if lijst.datum in datums]
        return sorted(gevonden, key=lambda lijst: lijst.datum, reverse=True)

    async def add_lijst(self, lijst: Aanhoudingslijst) -> None:
        self.data[lijst.id] = lijst

    async def add_aanhoudingen(self, nieuw: Sequence[Aanhouding]) -> None:
        for a in nieuw:
            lijst = self.data[a.lijst]
            self.data[a.lijst] = replace(lijst, aanhoudingen=(*lijst.aanhoudingen, a))

    async def get(self, aanhouding_id: uuid.UUID) -> Aanhouding | None:
        return next(
            (
                a
                for lijst in self.data.values()
                for a in lijst.aanhoudingen
                if a.id == aanhouding_id
            ),
            None,
        )

    async def save_markering(self, aanhouding: Aanhouding) -> bool:
        lijst = self.data[aanhouding.lijst]
        oud = next(a for a in lijst.aanhoudingen if a.id == aanhouding.id)
        if oud.markering is Markering.MELDING_AANMAKEN:
            return False
        regels = tuple(aanhouding if a.id == aanhouding.id else a for a in lijst.aanhoudingen)
        self.data[lijst.id] = replace(lijst, aanhoudingen=regels)
        return True


class FakeUnitOfWork:
    """Works on copies; ``commit`` writes them back to the store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.meldingen = FakeMeldingen(dict(store.meldingen))
        self.onverwerkbaar = FakeOnverwerkbaar(list(store.onverwerkbaar))
        self.aanhoudingen = FakeAanhoudingen(dict(store.lijsten))
        self._inbox = set(store.inbox)
        self._outbox: list[Uitgaand] = []

    async def seen_before(self, event_id: uuid.UUID) -> bool:
        if event_id in self._inbox:
            return True
        self._inbox.add(event_id)
        return False

    async def publish(
        self, event: Event, *, topic: str, event_id: uuid.UUID | None = None
    ) -> uuid.UUID:
        eid = event_id or uuid.uuid4()
        self._outbox.append(Uitgaand(event=copy.deepcopy(event), topic=topic, event_id=eid))
        return eid

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        """Snapshot the copies; an exception inside restores them."""
        saved = (
            dict(self.meldingen.data),
            list(self.onverwerkbaar.data),
            set(self._inbox),
            list(self._outbox),
            dict(self.aanhoudingen.data),
        )
        try:
            yield
        except BaseException:
            (
                self.meldingen.data,
                self.onverwerkbaar.data,
                self._inbox,
                self._outbox,
                self.aanhoudingen.data,
            ) = saved
            raise

    async def commit(self) -> None:
        self.store.meldingen = self.meldingen.data
        self.store.onverwerkbaar = self.onverwerkbaar.data
        self.store.lijsten = self.aanhoudingen.data
        self.store.inbox = self._inbox
        self.store.outbox.extend(self._outbox)
        self._outbox = []
        self.store.commits += 1

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None


class FakeClock:
    """A clock tests can set and move."""

    def __init__(self, now: datetime | None = None) -> None:
        self.at = now or datetime(2025, 3, 12, 9, 30, tzinfo=UTC)  # a Wednesday

    def now(self) -> datetime:
        return self.at

    def advance(self, **kwargs: Any) -> None:
        self.at += timedelta(**kwargs)


#: A rule of the FakePdp: a decision for the requests it knows, None for the others.
Regel = Callable[[DecisionRequest], Decision | None]


class FakePdp:
    """Answers with ``regel`` where it has an answer, else allows or denies all alike.

    Records every request it was asked (batch or single) and counts the round trips.
    """

    def __init__(
        self,
        *,
        allow: bool,
        reasons: list[str] | None = None,
        obligations: list[str] | None = None,
        grondslag: str | None = None,
        regel: Regel | None = None,
    ) -> None:
        self.allow = allow
        self.reasons = reasons or (["toegestaan"] if allow else ["geen regel staat dit toe"])
        self.obligations = obligations or []
        self.grondslag = grondslag
        self.regel = regel
        self.requests: list[tuple[DecisionRequest, str | None]] = []
        self.round_trips = 0

    def _answer(self, request: DecisionRequest) -> Decision:
        if self.regel is not None and (decision := self.regel(request)) is not None:
            return decision
        return Decision(
            allow=self.allow,
            reasons=self.reasons,
            obligations=self.obligations if self.allow else [],
            grondslag=self.grondslag if self.allow else None,
            decision_id=uuid.uuid4(),
        )

    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
        self.round_trips += 1
        self.requests.append((request, token))
        return self._answer(request)

    async def decide_many(
        self, requests: Sequence[DecisionRequest], *, token: str | None
    ) -> list[Decision]:
        self.round_trips += 1
        self.requests += [(r, token) for r in requests]
        return [self._answer(r) for r in requests]

    def asked(self, *, action: str | None = None, type: str | None = None) -> list[DecisionRequest]:
        """The requests asked, optionally only those of one action and resource type."""
        return [
            r
            for r, _ in self.requests
            if (action is None or r.action == action) and (type is None or r.resource.type == type)
        ]


class BrokenPdp:
    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
        raise ConnectionError("pdp down")

    async def decide_many(
        self, requests: Sequence[DecisionRequest], *, token: str | None
    ) -> list[Decision]:
        raise ConnectionError("pdp down")


def with_status(melding: Melding, status: MeldingStatus) -> Melding:
    return replace(melding, status=status)


def verwachte_regels(request: DecisionRequest) -> Decision | None:
    """The policy intake expects from the consent service, in short (unit tests only).

    The ZVH procesregisseur lists the triage queue, reads a melding for triage and records the
    triage; the eigenaar reads its own items and manages them (not when it only holds the FG
    role); the ZVH regie sees labels with initials only. Anything else: deny.
    """
    subject = request.subject
    assert subject is not None
    rollen = set(subject.roles)
    resource = request.resource
    doel = request.context.doel
    regie = subject.org == "zvh" and "procesregisseur" in rollen
    alleen_fg = rollen == {"fg"}

    def toe(reden: str, *verplichtingen: str) -> Decision:
        return Decision(
            allow=True,
            reasons=[reden],
            obligations=list(verplichtingen),
            grondslag="wettelijke taak / convenant",
            decision_id=uuid.uuid4(),
        )

    bemoeizorg = subject.org.startswith("bemoeizorg") and bool(
        rollen & {"deelnemer", "casusregisseur"}
    )
    if (
        resource.type == "aanhoudingen"
        and doel == "triage-aanhoudingen"
        and request.action in ("list", "write")
        and (regie or bemoeizorg)
    ):
        return toe("procesregisseur of bemoeizorg doet de Triage Aanhoudingen")
    if request.action == "read" and resource.type == "rapportage":
        if regie and doel == "verantwoording":
            return toe("procesregisseur van het ZVH ziet de kwartaalrapportage (aantallen)")
    elif request.action == "list" and resource.type == "melding-lijst":
        if regie and doel == "triage":
            return toe("procesregisseur van het ZVH ziet de triagelijst")
    elif request.action == "write" and resource.type == "melding":
        if regie and doel == "triage":
            return toe("procesregisseur van het ZVH legt het triagebesluit vast")
    elif request.action == "write" and resource.type == "informatie-item":
        if resource.eigenaar == subject.org and not alleen_fg and doel == "eigenaarsbeheer":
            return toe("de eigenaar beheert zijn eigen informatie")
    elif request.action == "read" and resource.type == "melding":
        if resource.eigenaar == subject.org and not alleen_fg:
            return toe("de organisatie is eigenaar van deze informatie")
        if resource.ingetrokken:
            return Decision(allow=False, reasons=["de eigenaar heeft dit ingetrokken"])
        if resource.beperkt_tot is not None and subject.org not in resource.beperkt_tot:
            return Decision(allow=False, reasons=["de eigenaar heeft dit beperkt"])
        if regie and doel == "triage":
            return toe("procesregisseur van het ZVH leest de melding voor triage", "log-inzage")
    elif (
        request.action == "read"
        and resource.type == "melding-label"
        and regie
        and doel == "casusoverleg"
        and not resource.ingetrokken
    ):
        return toe("de ZVH-regie ziet referentie en initialen", "alleen-initialen")
    return Decision(
        allow=False,
        reasons=[f"geen regel staat dit toe ({request.action} {resource.type}, doel {doel})"],
    )


@dataclass(frozen=True)
class FakeGeldigheid:
    org: str
    geldig: bool
    reden: str


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

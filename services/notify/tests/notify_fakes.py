"""In-memory adapters for handler tests: a store that commits or forgets, like a database."""

from __future__ import annotations

import contextlib
import copy
import json
import uuid
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_contracts.base import Event
from zvh_contracts.envelope import Envelope
from zvh_contracts.overleg import casus_v1 as overleg
from zvh_contracts.overleg import overleg_v1 as overleg_overleg
from zvh_contracts.pdp import Decision, DecisionRequest
from zvh_contracts.vocab import Actiestatus, OverlegSoort
from zvh_notify.application.handlers import DEFAULT_UI_URL, handle_event
from zvh_notify.application.ports import (
    GebruikerInfo,
    MailError,
    PartnerDirectory,
    PartnerInfo,
    PiketInfo,
    WebhookDoel,
    WebhookFout,
)
from zvh_notify.bootstrap import MIGRATIONS
from zvh_notify.domain.model import Bezorging, Email, Kanaal, Status
from zvh_notify.domain.termijnbewaking import Timer, Timerstatus
from zvh_platform.db import make_engine, run_migrations, session_factory


@dataclass
class Outgoing:
    event: Event
    topic: str
    event_id: uuid.UUID
    published_at: datetime | None = None


@dataclass
class Doorgegeven:
    """A partner's own event queued for its to-zvh topic (``UnitOfWork.doorgeven``)."""

    envelope: Envelope
    body: str
    topic: str
    row_id: uuid.UUID


@dataclass
class Store:
    bezorgingen: dict[uuid.UUID, Bezorging] = field(default_factory=dict)
    inbox: set[uuid.UUID] = field(default_factory=set)
    outbox: list[Outgoing] = field(default_factory=list)
    doorgegeven: list[Doorgegeven] = field(default_factory=list)
    timers: dict[uuid.UUID, Timer] = field(default_factory=dict)


class FakeTimers:
    """The timer repository on a staged copy (the SQL one is tested in test_termijnbewaking)."""

    def __init__(self, staged: dict[uuid.UUID, Timer]) -> None:
        self._t = staged

    async def plan(self, timers: Iterable[Timer]) -> int:
        n = 0
        for x in timers:
            bestaand = self._t.get(x.id)
            if bestaand is None:
                self._t[x.id] = copy.deepcopy(x)
                n += 1
            elif bestaand.status is Timerstatus.VERVALLEN:
                bestaand.status = Timerstatus.GEPLAND
                n += 1
        return n

    async def laat_vervallen(
        self,
        *,
        actie_id: uuid.UUID | None = None,
        casus_id: uuid.UUID | None = None,
        overleg_id: uuid.UUID | None = None,
        melding_id: uuid.UUID | None = None,
        ontvanger: str | None = None,
        termijn: str | None = None,
        behalve: Iterable[uuid.UUID] = (),
    ) -> int:
        uit = set(behalve)
        n = 0
        for x in self._t.values():
            if (
                x.status is Timerstatus.GEPLAND
                and (actie_id is None or x.actie_id == actie_id)
                and (casus_id is None or x.casus_id == casus_id)
                and (overleg_id is None or x.overleg_id == overleg_id)
                and (melding_id is None or x.melding_id == melding_id)
                and (ontvanger is None or x.ontvanger == ontvanger)
                and (termijn is None or x.termijn == termijn)
                and x.id not in uit
            ):
                x.status = Timerstatus.VERVALLEN
                n += 1
        return n

    async def te_vuren(self, *, nu: datetime, limit: int) -> list[Timer]:
        due = [x for x in self._t.values() if x.status is Timerstatus.GEPLAND and x.vuur_op <= nu]
        return [copy.deepcopy(x) for x in sorted(due, key=lambda x: (x.vuur_op, x.id))[:limit]]

    async def markeer_verstuurd(self, timer_id: uuid.UUID, *, op: datetime) -> bool:
        x = self._t.get(timer_id)
        if x is None or x.status is not Timerstatus.GEPLAND:
            return False
        x.verstuur(op=op)
        return True

    async def verstuurd(
        self,
        *,
        ontvanger: str | None,
        limit: int,
        organisatie: bool = True,
        gebruiker: str | None = None,
        casemanager: str | None = None,
    ) -> list[Timer]:
        def zichtbaar(x: Timer) -> bool:
            if x.persoonlijk:
                return (gebruiker is not None and x.gebruiker == gebruiker) or (
                    casemanager is not None and x.casemanager == casemanager
                )
            return organisatie and ontvanger in (None, x.ontvanger)

        sent = [x for x in self._t.values() if x.status is Timerstatus.VERSTUURD and zichtbaar(x)]
        return sorted(sent, key=lambda x: x.verstuurd_op or x.vuur_op, reverse=True)[:limit]

    async def van_actie(self, actie_id: uuid.UUID) -> list[Timer]:
        return sorted(
            (x for x in self._t.values() if x.actie_id == actie_id), key=lambda x: x.vuur_op
        )


class FakeRepository:
    def __init__(self, staged: dict[uuid.UUID, Bezorging]) -> None:
        self._b = staged

    async def add(self, bezorging: Bezorging) -> None:
        assert bezorging.id not in self._b, "duplicate bezorging"
        self._b[bezorging.id] = copy.deepcopy(bezorging)

    async def get(self, bezorging_id: uuid.UUID) -> Bezorging | None:
        b = self._b.get(bezorging_id)
        return copy.deepcopy(b) if b else None

    async def save(self, bezorging: Bezorging) -> None:
        self._b[bezorging.id] = copy.deepcopy(bezorging)

    async def due_emails(self, *, now: datetime, limit: int) -> list[Bezorging]:
        due = [
            b
            for b in self._b.values()
            if b.kanaal is Kanaal.EMAIL
            and b.status is Status.WACHT
            and b.volgende_poging_op is not None
            and b.volgende_poging_op <= now
        ]
        return [copy.deepcopy(b) for b in due[:limit]]

    async def due_webhooks(self, *, now: datetime, limit: int) -> list[Bezorging]:
        due = [
            b
            for b in self._b.values()
            if b.kanaal is Kanaal.WEBHOOK
            and b.status is Status.WACHT
            and b.volgende_poging_op is not None
            and b.volgende_poging_op <= now
        ]
        due.sort(key=lambda b: (b.volgende_poging_op, b.aangemaakt_op))
        return [copy.deepcopy(b) for b in due[:limit]]

    async def waiting_partner_topic(self, *, limit: int) -> list[Bezorging]:
        w = [
            b
            for b in self._b.values()
            if b.kanaal is Kanaal.PARTNER_TOPIC and b.status is Status.WACHT
        ]
        return [copy.deepcopy(b) for b in w[:limit]]

    async def find(
        self,
        *,
        bron_event_id: uuid.UUID | None,
        ontvanger: str | None,
        limit: int,
        status: Status | None = None,
    ) -> list[Bezorging]:
        return [
            copy.deepcopy(b)
            for b in self._b.values()
            if (bron_event_id is None or b.bron_event_id == bron_event_id)
            and (ontvanger is None or b.ontvanger == ontvanger)
            and (status is None or b.status is status)
        ][:limit]


class FakeUnitOfWork:
    """Stages changes on copies; ``commit`` writes them to the store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.committed = False

    async def __aenter__(self) -> FakeUnitOfWork:
        self._staged = copy.deepcopy(self.store.bezorgingen)
        self._inbox: set[uuid.UUID] = set()
        self._outbox: list[Outgoing] = []
        self._doorgegeven: list[Doorgegeven] = []
        self.bezorgingen = FakeRepository(self._staged)
        self._timers = copy.deepcopy(self.store.timers)
        self.timers = FakeTimers(self._timers)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    async def seen_before(self, event_id: uuid.UUID) -> bool:
        if event_id in self.store.inbox or event_id in self._inbox:
            return True
        self._inbox.add(event_id)
        return False

    async def publish(self, event: Event, *, topic: str, event_id: uuid.UUID) -> uuid.UUID:
        self._outbox.append(Outgoing(event=event, topic=topic, event_id=event_id))
        return event_id

    async def doorgeven(
        self, envelope: Envelope, *, body: str, topic: str, row_id: uuid.UUID
    ) -> None:
        assert all(d.row_id != row_id for d in self.store.doorgegeven), "outbox id twice"
        self._doorgegeven.append(
            Doorgegeven(envelope=envelope, body=body, topic=topic, row_id=row_id)
        )

    async def published(self, event_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, datetime]:
        wanted = set(event_ids)
        return {
            o.event_id: o.published_at
            for o in self.store.outbox
            if o.event_id in wanted and o.published_at is not None
        }

    async def commit(self) -> None:
        self.store.bezorgingen = self._staged
        self.store.inbox |= self._inbox
        self.store.outbox += self._outbox
        self.store.doorgegeven += self._doorgegeven
        self.store.timers = self._timers
        self._timers = copy.deepcopy(self._timers)
        self.timers = FakeTimers(self._timers)
        self._doorgegeven = []
        self._staged = copy.deepcopy(self._staged)
        self.bezorgingen = FakeRepository(self._staged)
        self._inbox, self._outbox = set(), []
        self.committed = True


class FakePartners:
    """Partners ``codes`` (``<code>@partners.zvh.local``), region ``users`` and piket rota
    ``piketten`` (org → [(van, tot, PiketInfo)], ``van`` inclusive, ``tot`` exclusive)."""

    def __init__(
        self,
        *codes: str,
        zonder_email: Iterable[str] = (),
        users: Iterable[GebruikerInfo] = (),
        rollen: dict[str, list[str]] | None = None,
        piketten: dict[str, list[tuple[datetime, datetime, PiketInfo]]] | None = None,
    ) -> None:
        self._users = {u.id: u for u in users}
        self._rollen = rollen or {}
        self._piketten = piketten or {}
        geen = set(zonder_email)
        self._p = {
            c: PartnerInfo(
                code=c,
                naam=f"Organisatie {c}",
                email=None if c in geen else f"{c}@partners.zvh.local",
            )
            for c in codes
        }

    def partner(self, code: str) -> PartnerInfo | None:
        return self._p.get(code)

    def gebruiker(self, id: str) -> GebruikerInfo | None:
        return self._users.get(id)

    def met_rol(self, org: str, rol: str) -> list[GebruikerInfo]:
        return [
            u for u in self._users.values() if u.org == org and rol in self._rollen.get(u.id, [])
        ]

    def piket(self, org: str, op: datetime) -> PiketInfo | None:
        return next((p for van, tot, p in self._piketten.get(org, []) if van <= op < tot), None)


#: A Standard Webhooks secret for tests (``whsec_`` + base64 of 24 bytes).
WEBHOOK_SECRET = "whsec_" + "dGVzdC1nZWhlaW0tdm9vci16dmgtd2ViaG9vaw=="
INBOUND_SECRET = "whsec_" + "cGFydG5lci1nZWhlaW0tdm9vci1pbmtvbWVuZA=="


class FakeWebhooks:
    """Webhook partners at ``https://<code>.example/hook`` with the test secrets."""

    def __init__(self, *codes: str, zonder_geheim: Iterable[str] = ()) -> None:
        geen = set(zonder_geheim)
        self._d = {
            c: WebhookDoel(
                code=c,
                url=f"https://{c}.example/hook",
                secret=None if c in geen else WEBHOOK_SECRET,
                inbound_secret=None if c in geen else INBOUND_SECRET,
            )
            for c in codes
        }

    def codes(self) -> list[str]:
        return sorted(self._d)

    def doel(self, code: str) -> WebhookDoel | None:
        return self._d.get(code)


@dataclass
class Post:
    url: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FakeWebhookSender:
    """Refuses the first ``failures`` posts (like a 503), then accepts; records every post."""

    failures: int = 0
    posts: list[Post] = field(default_factory=list)

    async def post(self, *, url: str, headers: dict[str, str], body: bytes) -> None:
        self.posts.append(Post(url=url, headers=dict(headers), body=body))
        if self.failures > 0:
            self.failures -= 1
            raise WebhookFout("WebhookGeweigerd: HTTP 503")


@dataclass
class FakePdp:
    """Answers like the policy (bezorging.rego) in its simplest form: the ZVH staff read
    every bezorging, a partner those to its own organisation; records every question and token.

    ``obligations`` are added to every allow; ``fout`` is raised instead of answering."""

    obligations: list[str] = field(default_factory=list)
    fout: Exception | None = None
    vragen: list[tuple[DecisionRequest, str | None]] = field(default_factory=list)

    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
        return (await self.decide_many([request], token=token))[0]

    async def decide_many(
        self, requests: Sequence[DecisionRequest], *, token: str | None
    ) -> list[Decision]:
        if self.fout is not None:
            raise self.fout
        out = []
        for r in requests:
            self.vragen.append((r, token))
            if r.resource.categorie in ("persoonlijk", "vpt-casemanager"):
                rol = r.resource.categorie != "vpt-casemanager" or (
                    r.subject is not None and "vpt-casemanager" in r.subject.roles
                )
                zelf = r.subject is not None and r.resource.item == r.subject.user
                out.append(Decision(allow=zelf and rol, reasons=["persoonlijk"]))
                continue
            org = r.subject.org if r.subject else ""
            if org == "zvh" or r.resource.eigenaar == org:
                out.append(Decision(allow=True, reasons=["mag"], obligations=self.obligations))
            else:
                eigenaar = r.resource.eigenaar or "alle organisaties"
                out.append(Decision(allow=False, reasons=[f"{org} ziet niet die aan {eigenaar}"]))
        return out


class FakeClock:
    def __init__(self) -> None:
        self.at = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@dataclass
class FakeMailSender:
    failures: int = 0
    sent: list[tuple[Email, str]] = field(default_factory=list)

    async def send(self, *, email: Email, message_id: str) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise MailError("Connection refused")
        self.sent.append((email, message_id))


async def handle(
    event: Event,
    *,
    store: Store,
    partners: PartnerDirectory,
    clock: FakeClock,
    event_id: uuid.UUID | None = None,
    ui_url: str = DEFAULT_UI_URL,
) -> list[Bezorging]:
    """``handle_event`` on the in-memory store, with a fresh ``ce_id`` unless one is given."""
    return await handle_event(
        event_id=event_id or uuid.uuid4(),
        event=event,
        uow=FakeUnitOfWork(store),
        partners=partners,
        clock=clock,
        ui_url=ui_url,
    )


CASUS = uuid.UUID("11111111-1111-4111-8111-111111111111")


def actie(wie: str = "politie-zwb") -> overleg.ActieToegewezen:
    return overleg.ActieToegewezen(
        casus_id=CASUS,
        actie_id=uuid.uuid4(),
        wat="Huisbezoek afleggen en risico's inschatten",
        wie=wie,
        wanneer=date(2025, 3, 14),
        toegewezen_op=datetime(2025, 3, 1, 9, tzinfo=UTC),
    )


def geopend(*deelnemers: str) -> overleg.CasusGeopend:
    return overleg.CasusGeopend(
        casus_id=CASUS,
        melding_id=uuid.uuid4(),
        melder="gemeente-roosendaal",
        deelnemers=list(deelnemers),
        ave_fase=3,
        client_geinformeerd=True,
        geopend_op=datetime(2025, 3, 1, 9, tzinfo=UTC),
    )


@contextlib.asynccontextmanager
async def db_url(kind: str, tmp_path: Path) -> AsyncIterator[str]:
    """A fresh SQLite file or PostgreSQL database URL; skips with the reason without PG."""
    import pytest
    from zvh_platform import testing

    if kind == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'notify.db'}"
        return
    reason = testing.postgres_available()
    if reason:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    async with testing.postgres_database() as url:
        yield url


@contextlib.asynccontextmanager
async def migrated_sessions(
    kind: str, tmp_path: Path
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Sessions on a fresh database of ``kind`` (``db_url``), migrated as at start-up."""
    async with db_url(kind, tmp_path) as url:
        await run_migrations(engine_url=url, script_location=MIGRATIONS)
        engine = make_engine(url)
        yield session_factory(engine)
        await engine.dispose()


def write_region(tmp_path: Path, partner: str, *andere: dict[str, str]) -> Path:
    """A region with one fresh partner, so this test's topics are its own, and any ``andere``."""
    path = tmp_path / "region.json"
    eigen = {"code": partner, "naam": "Testpartner", "email": f"{partner}@partners.test"}
    path.write_text(json.dumps({"naam": "Test-ZVH", "partners": [eigen, *andere], "users": []}))
    return path


# --- overleg events ---------------------------------------------------------------------------

OVERLEG = uuid.UUID("22222222-2222-4222-8222-222222222222")
CASUS_B = uuid.UUID("33333333-3333-4333-8333-333333333333")
CASUS_C = uuid.UUID("44444444-4444-4444-8444-444444444444")
#: 20 January 2026, 14:00–16:00 in Amsterdam (winter, UTC+1), given in UTC as overleg may.
WINTER_START = datetime(2026, 1, 20, 13, 0, tzinfo=UTC)
WINTER_EIND = datetime(2026, 1, 20, 15, 0, tzinfo=UTC)
#: 16 June 2026, 14:00–16:00 in Amsterdam (summer, UTC+2).
ZOMER_START = datetime(2026, 6, 16, 12, 0, tzinfo=UTC)
ZOMER_EIND = datetime(2026, 6, 16, 14, 0, tzinfo=UTC)
LOCATIE = "Zorg- en Veiligheidshuis, Vergaderzaal 2, Roosendaal"


def genodigden(**casussen: list[uuid.UUID]) -> list[overleg_overleg.Genodigde]:
    """``genodigden(politie_zwb=[CASUS])`` → Genodigde(partner="politie-zwb", …)."""
    return [
        overleg_overleg.Genodigde(partner=code.replace("_", "-"), casus_ids=ids)
        for code, ids in casussen.items()
    ]


def gepland(
    *,
    uitgenodigd: list[overleg_overleg.Genodigde] | None = None,
    start: datetime = WINTER_START,
    eind: datetime = WINTER_EIND,
    sequence: int = 0,
) -> overleg_overleg.OverlegGepland:
    gen = uitgenodigd or genodigden(politie_zwb=[CASUS, CASUS_B], ggz_wnb=[CASUS_C])
    return overleg_overleg.OverlegGepland(
        overleg_id=OVERLEG,
        soort=OverlegSoort.CASUSOVERLEG,
        start=start,
        eind=eind,
        locatie=LOCATIE,
        voorzitter="zvh-procesregisseur",
        agenda=list(dict.fromkeys(c for g in gen for c in g.casus_ids)),
        genodigden=gen,
        sequence=sequence,
    )


def gewijzigd(
    *,
    uitgenodigd: list[overleg_overleg.Genodigde],
    afgemeld: list[str],
    sequence: int = 1,
    start: datetime = WINTER_START,
    eind: datetime = WINTER_EIND,
) -> overleg_overleg.OverlegGewijzigd:
    return overleg_overleg.OverlegGewijzigd(
        overleg_id=OVERLEG,
        soort=OverlegSoort.CASUSOVERLEG,
        start=start,
        eind=eind,
        locatie=LOCATIE,
        voorzitter="zvh-procesregisseur",
        agenda=list(dict.fromkeys(c for g in uitgenodigd for c in g.casus_ids)),
        genodigden=uitgenodigd,
        sequence=sequence,
        afgemeld=afgemeld,
    )


def geannuleerd(*codes: str, sequence: int = 2) -> overleg_overleg.OverlegGeannuleerd:
    return overleg_overleg.OverlegGeannuleerd(
        overleg_id=OVERLEG,
        start=WINTER_START,
        genodigden=list(codes),
        sequence=sequence,
        geannuleerd_op=datetime(2026, 1, 10, 9, tzinfo=UTC),
    )


def actieregel(wie: str, wat: str) -> overleg_overleg.Actieregel:
    return overleg_overleg.Actieregel(
        actie_id=uuid.uuid4(),
        wat=wat,
        wie=wie,
        wanneer=date(2026, 2, 3),
        status=Actiestatus.OPEN,
    )


def verslag(start: datetime = WINTER_START) -> overleg_overleg.VerslagVastgesteld:
    """Casus A: politie + ggz (+ zvh); casus B: politie + gemeente."""
    return overleg_overleg.VerslagVastgesteld(
        overleg_id=OVERLEG,
        soort=OverlegSoort.CASUSOVERLEG,
        start=start,
        aanwezig=["zvh", "politie-zwb", "ggz-wnb"],
        afwezig=["gemeente-roosendaal"],
        casussen=[
            overleg_overleg.VerslagCasus(
                casus_id=CASUS,
                deelnemers=["zvh", "politie-zwb", "ggz-wnb"],
                acties=[
                    actieregel("ggz-wnb", "Behandelplan afstemmen met huisarts"),
                    actieregel("politie-zwb", "Wijkagent legt huisbezoek af"),
                ],
                volgend_overleg=date(2026, 2, 17),
            ),
            overleg_overleg.VerslagCasus(
                casus_id=CASUS_B,
                deelnemers=["politie-zwb", "gemeente-roosendaal"],
                acties=[actieregel("gemeente-roosendaal", "Schuldhulp aanvragen bij de gemeente")],
                volgend_overleg=None,
            ),
        ],
        vastgesteld_op=datetime(2026, 1, 21, 9, tzinfo=UTC),
    )


def actie_gewijzigd(
    *, wie: str, vorige_wie: str | None = None, ingetrokken: bool = False
) -> overleg.ActieGewijzigd:
    return overleg.ActieGewijzigd(
        casus_id=CASUS,
        actie_id=uuid.uuid4(),
        wat="Huisbezoek afleggen en risico's inschatten",
        wie=wie,
        vorige_wie=vorige_wie,
        wanneer=date(2025, 3, 21),
        ingetrokken=ingetrokken,
        wachtlijst=False,
        gewijzigd_op=datetime(2025, 3, 2, 9, tzinfo=UTC),
    )


def deelnemer_toegevoegd(partner: str) -> overleg.DeelnemerToegevoegd:
    return overleg.DeelnemerToegevoegd(
        casus_id=CASUS,
        partner=partner,
        deelnemers=["politie-zwb", "ggz-wnb", partner],
        ave_fase=2,
        toegevoegd_op=datetime(2025, 3, 4, 10, tzinfo=UTC),
    )


_T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)  # the repository tests' T0


def email_bezorging(ontvanger: str = "politie-zwb", *, bron: uuid.UUID | None = None) -> Bezorging:
    return Bezorging(
        id=uuid.uuid4(),
        kanaal=Kanaal.EMAIL,
        ontvanger=ontvanger,
        bron_event_id=bron or uuid.uuid4(),
        event_type="zvh.overleg.casus.actie-toegewezen.v1",
        casus_id=uuid.uuid4(),
        aangemaakt_op=_T0,
        bijgewerkt_op=_T0,
        volgende_poging_op=_T0,
        email=Email(
            adres=f"{ontvanger}@partners.zvh.local", onderwerp="Nieuwe actie", tekst="Tëkst"
        ),
    )

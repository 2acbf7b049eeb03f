"""Send cases to the partner topics, collect answers, and judge what became of each."""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import sqlite3
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import TopicPartition
from zvh_contracts import topics
from zvh_platform.region import load_region

from zvh_local.fuzz.cases import (
    ANTWOORD_TYPES,
    FUZZ_PARTNERS,
    LATENCY_PARTNER,
    MELDING_INGEDIEND,
    Case,
    Expect,
    envelope_headers,
    example,
)
from zvh_local.partner import PartnerInbox
from zvh_local.supervisor import Stack

# -- sending, collecting and checking ---------------------------------------------------------


class Status(enum.StrEnum):
    ANSWERED = "answered"  # answered as expected, naming the ce_id
    KEPT = "kept"  # no readable ce_id: raw message kept by intake
    REFUSED = "refused"  # the broker refused it at the door (the partner saw an error)
    WRONG = "wrong"  # answered, but not as expected (e.g. a receipt for garbage)
    LOST = "lost"  # neither answered nor kept


@dataclass(frozen=True)
class Sent:
    case: Case
    partition: int | None = None
    offset: int | None = None
    refused: str | None = None


@dataclass(frozen=True)
class Outcome:
    case: Case
    status: Status
    detail: str = ""


@dataclass(frozen=True)
class Target:
    """The running stack as the fuzzer sees it: broker, HTTP APIs, intake's database."""

    bootstrap: str
    urls: dict[str, str]
    intake_db: Path
    bearer: str
    #: Names of services that died or are unhealthy right now.
    problems: Callable[[], list[str]]


@dataclass
class FuzzReport:
    outcomes: list[Outcome]
    dead_letters: list[str] = field(default_factory=list)
    unanswered_kept: dict[str, int] = field(default_factory=dict)
    http_requests: int = 0
    http_5xx: list[str] = field(default_factory=list)
    #: Requests that got no answer at all (timeouts under load); reported, not a failure.
    http_errors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    quiet_latency_ms: list[float] = field(default_factory=list)
    flood_latency_ms: list[float] = field(default_factory=list)
    publish_s: float = 0.0
    settle_s: float = 0.0

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status is status)

    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status in (Status.WRONG, Status.LOST)]

    def ok(self) -> bool:
        return not (
            self.failures()
            or self.dead_letters
            or self.unanswered_kept
            or self.http_5xx
            or self.problems
        )

    def by_kind(self) -> dict[str, Counter[Status]]:
        table: dict[str, Counter[Status]] = defaultdict(Counter)
        for o in self.outcomes:
            table[o.case.kind][o.status] += 1
        return dict(sorted(table.items()))


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def kept_offsets(intake_db: Path) -> set[tuple[str, int, int]]:
    """Where intake's kept raw messages came from: (topic, partition, offset).

    Intake has no API for its kept messages, so this reads its SQLite database read-only.
    """
    if not intake_db.exists():
        return set()
    with contextlib.closing(
        sqlite3.connect(f"file:{intake_db}?mode=ro", uri=True, timeout=5)
    ) as db:
        rows = db.execute(
            'SELECT topic, partition, "offset" FROM onverwerkbare_berichten '
            'WHERE partition IS NOT NULL AND "offset" IS NOT NULL'
        ).fetchall()
    return {(str(t), int(p), int(o)) for t, p, o in rows}


class Answers:
    """The answers on the partners' from-zvh topics, indexed as they arrive."""

    def __init__(self, inbox: PartnerInbox) -> None:
        self.inbox = inbox
        self._seen = 0
        self.by_id: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        self.without_id: Counter[str] = Counter()
        self.first_ts: dict[tuple[str, str], int] = {}

    def update(self) -> None:
        new = self.inbox.received[self._seen :]
        self._seen += len(new)
        for r in new:
            if r.ce_type not in ANTWOORD_TYPES:
                continue
            body = r.json()
            ref = body.get("in_antwoord_op")
            org = topics.partner_of(r.topic) or ""
            if not ref:
                self.without_id[org] += 1
                continue
            key = (org, str(ref))
            self.by_id[key].append((r.ce_type, str(body.get("status", ""))))
            self.first_ts.setdefault(key, r.timestamp_ms)

    def judge(self, s: Sent, kept: set[tuple[str, int, int]]) -> Outcome:
        c = s.case
        if s.refused:
            return Outcome(c, Status.REFUSED, s.refused)
        if c.expect is Expect.KEPT:
            if s.partition is not None and (c.topic, s.partition, s.offset) in kept:
                return Outcome(c, Status.KEPT)
            return Outcome(c, Status.LOST, "not kept")
        got = [a for i in c.answer_ids for a in self.by_id.get((c.partner, i), [])]
        if not got:
            return Outcome(c, Status.LOST, "no answer naming its ce_id")
        statuses = {st for _, st in got}
        if c.expect is Expect.RECEIPT and "ontvangen" not in statuses:
            return Outcome(c, Status.WRONG, f"expected a receipt, got {sorted(statuses)}")
        if c.expect is Expect.REJECTION and "afgewezen" not in statuses:
            return Outcome(c, Status.WRONG, f"expected a rejection, got {sorted(statuses)}")
        return Outcome(c, Status.ANSWERED)


def _producer(bootstrap: str) -> AIOKafkaProducer:
    # Larger than the chain's limit, so over-limit messages reach the broker (which decides).
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        enable_idempotence=False,
        max_request_size=4 * topics.MAX_MESSAGE_BYTES,
        acks="all",
    )


async def publish(producer: AIOKafkaProducer, cases: Iterable[Case]) -> list[Sent]:
    """Send every case raw (headers as bytes or None); note where each landed."""
    pending: list[tuple[Case, asyncio.Future[Any] | Exception]] = []
    for c in cases:
        try:
            fut = await producer.send(c.topic, value=c.body, headers=list(c.headers))
            pending.append((c, fut))
        except Exception as exc:  # refused before it left (size, …)
            pending.append((c, exc))
    sent: list[Sent] = []
    for c, f in pending:
        if isinstance(f, Exception):
            sent.append(Sent(c, refused=type(f).__name__))
            continue
        try:
            md = await f
        except Exception as exc:
            sent.append(Sent(c, refused=type(exc).__name__))
        else:
            sent.append(Sent(c, partition=md.partition, offset=md.offset))
    return sent


def honest_melding(n: int) -> bytes:
    data = json.loads(json.dumps(example(MELDING_INGEDIEND)))
    data["melder_referentie"] = f"LAT-{uuid.uuid4().hex[:8]}-{n}"
    return json.dumps(data).encode()


async def probe_latency(
    producer: AIOKafkaProducer,
    answers: Answers,
    *,
    count: int,
    stop: asyncio.Event | None,
    interval_s: float,
    timeout_s: float,
) -> list[float]:
    """Send up to ``count`` honest meldingen as the latency partner, one per ``interval_s``
    (``0``: each after the previous one's receipt) until ``stop``; ms from sending to the
    receipt's send."""
    sent: dict[str, int] = {}
    i = 0
    while i < count and not (stop is not None and stop.is_set()):
        ce_id = str(uuid.uuid4())
        headers = envelope_headers(ce_id=ce_id, partner=LATENCY_PARTNER)
        sent[ce_id] = int(time.time() * 1000)
        await producer.send_and_wait(
            topics.partner_to_zvh(LATENCY_PARTNER), value=honest_melding(i), headers=headers
        )
        i += 1
        if not interval_s:  # the quiet reference: one at a time
            await _answered({(LATENCY_PARTNER, ce_id)}, answers, timeout_s)
        else:
            await asyncio.sleep(interval_s)  # pacing the sender, not waiting for an event
    await _answered({(LATENCY_PARTNER, c) for c in sent}, answers, timeout_s)
    return [
        float(answers.first_ts[(LATENCY_PARTNER, c)] - t0)
        for c, t0 in sent.items()
        if (LATENCY_PARTNER, c) in answers.first_ts
    ]


async def _answered(keys: set[tuple[str, str]], answers: Answers, timeout_s: float) -> bool:
    """Poll until every (partner, ce_id) in ``keys`` has an answer, or the deadline passed."""
    deadline = time.monotonic() + timeout_s
    while True:
        answers.update()
        if keys <= answers.first_ts.keys():
            return True
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)


async def poll_http(target: Target, stop: asyncio.Event, report: FuzzReport) -> None:
    """Staff reads and health checks while the flood runs; every 5xx is noted."""
    import httpx

    urls = [f"{u}/healthz" for u in target.urls.values()]
    if "intake" in target.urls:
        urls.append(f"{target.urls['intake']}/v1/meldingen")
    if "overleg" in target.urls:
        urls.append(f"{target.urls['overleg']}/v1/casussen")
    headers = {"Authorization": f"Bearer {target.bearer}"}
    async with httpx.AsyncClient(timeout=30, headers=headers) as client:
        while not stop.is_set():
            for url in urls:
                try:
                    r = await client.get(url)
                except httpx.HTTPError as exc:
                    report.http_errors.append(f"GET {url}: {type(exc).__name__}")
                    continue
                report.http_requests += 1
                if r.status_code >= 500:
                    report.http_5xx.append(f"GET {url}: {r.status_code}")
            await asyncio.sleep(0.5)  # pacing the reader, not waiting for an event


async def dead_letters(bootstrap: str, partner_topics: set[str]) -> list[str]:
    """Messages from partner topics on any dead-letter topic (input errors must not go there)."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False
    )
    await consumer.start()
    try:
        tps = [
            TopicPartition(topics.dlq(s), p)
            for s in topics.SERVICES
            for p in sorted(
                consumer.partitions_for_topic(topics.dlq(s))
                or await _parts(consumer, topics.dlq(s))
            )
        ]
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        ends = await consumer.end_offsets(tps)
        found: list[str] = []
        while [tp for tp in tps if await consumer.position(tp) < ends[tp]]:
            batches = await consumer.getmany(timeout_ms=500)
            for tp, records in batches.items():
                for r in records:
                    h = {k: (v or b"").decode("utf-8", "replace") for k, v in r.headers or ()}
                    origin = h.get("x-zvh-original-topic", "")
                    if origin in partner_topics:
                        found.append(
                            f"{tp.topic}: from {origin} ({h.get('x-zvh-error-type', '?')})"
                        )
        return found
    finally:
        await consumer.stop()


async def _parts(consumer: AIOKafkaConsumer, topic: str) -> set[int]:
    await consumer.topics()
    return consumer.partitions_for_topic(topic) or set()


async def run(
    target: Target,
    cases: list[Case],
    *,
    settle_timeout_s: float,
    idle_timeout_s: float = 30.0,
    latency: bool = True,
    progress: Callable[[str, int, int], None] | None = None,
) -> FuzzReport:
    """Flood the partner topics with ``cases`` and judge what became of each.

    Waits until every case is settled, or no case settled for ``idle_timeout_s`` (a slow chain
    still gets there; a stuck one is reported), or ``settle_timeout_s`` passed.
    """
    partners = sorted({*FUZZ_PARTNERS, LATENCY_PARTNER})
    inbox = PartnerInbox(bootstrap=target.bootstrap, partners=partners, from_beginning=True)
    await inbox.start()
    answers = Answers(inbox)
    producer = _producer(target.bootstrap)
    await producer.start()
    # The latency partner is another adapter: its own producer, not queued behind the flood's.
    probe_producer = _producer(target.bootstrap)
    await probe_producer.start()
    report = FuzzReport(outcomes=[])
    try:
        if latency:
            report.quiet_latency_ms = await probe_latency(
                probe_producer, answers, count=20, stop=None, interval_s=0, timeout_s=30
            )
        stop = asyncio.Event()
        http = asyncio.create_task(poll_http(target, stop, report))
        probes = (
            asyncio.create_task(
                probe_latency(
                    probe_producer,
                    answers,
                    count=max(20, len(cases) // 20),
                    stop=stop,
                    interval_s=0.1,
                    timeout_s=settle_timeout_s,
                )
            )
            if latency
            else None
        )
        t0 = time.monotonic()
        sent: list[Sent] = []
        batch = 100
        for start in range(0, len(cases), batch):
            sent += await publish(producer, cases[start : start + batch])
            if progress:
                progress("published", len(sent), len(cases))
        report.publish_s = time.monotonic() - t0
        deadline = time.monotonic() + settle_timeout_s
        last, last_change = -1, time.monotonic()
        while True:
            answers.update()
            kept = kept_offsets(target.intake_db)
            outcomes = [answers.judge(s, kept) for s in sent]
            settled = sum(o.status not in (Status.LOST, Status.WRONG) for o in outcomes)
            if progress:
                progress("answered or kept", settled, len(cases))
            now = time.monotonic()
            if settled != last:
                last, last_change = settled, now
            if settled == len(cases) or now > deadline or now - last_change > idle_timeout_s:
                break
            await asyncio.sleep(0.25)
        report.settle_s = time.monotonic() - t0
        report.outcomes = outcomes
        stop.set()
        await http
        if probes is not None:
            report.flood_latency_ms = await probes
        expected_without_id = Counter(
            s.case.partner for s in sent if s.case.expect is Expect.KEPT and not s.refused
        )
        answers.update()
        report.unanswered_kept = {
            p: n - answers.without_id[p]
            for p, n in expected_without_id.items()
            if answers.without_id[p] < n
        }
        report.dead_letters = await dead_letters(
            target.bootstrap, {topics.partner_to_zvh(p) for p in partners}
        )
        report.problems = target.problems()
    finally:
        await producer.stop()
        await probe_producer.stop()
        await inbox.stop()
    return report


def summary(report: FuzzReport, *, limit: int = 40) -> Iterator[str]:
    """Plain-text lines naming what failed (for assertion messages), worst first."""
    yield from (f"service problem: {p}" for p in report.problems)
    yield from (f"5xx: {x}" for x in report.http_5xx[:20])
    yield from (f"dead-lettered: {d}" for d in report.dead_letters[:20])
    for p, n in report.unanswered_kept.items():
        yield f"{n} kept message(s) of {p} without an answer"
    for o in report.failures()[:limit]:
        yield f"{o.status}: {o.case.id} ({o.case.expect}) {o.detail}"


def stack_target(stack: Stack) -> Target:
    """A ``Target`` for a local ``Stack`` (services as processes, SQLite under its var dir)."""
    from zvh_platform.auth import lokaal_token

    user = load_region(None).user("pr.jansen")
    assert user is not None

    def problems() -> list[str]:
        found = []
        for name, svc in stack.services.items():
            code = svc.exit_code()
            if code is not None:
                found.append(f"{name} exited with code {code}")
            elif not svc.healthy():
                found.append(f"{name} does not answer /healthz")
        if not stack.broker.alive():
            found.append("the broker died")
        return found

    return Target(
        bootstrap=stack.bootstrap,
        urls={name: stack.url(name) for name in stack.services},
        intake_db=stack.var_dir / "intake.db",
        bearer=lokaal_token(user, ttl_s=3600),
        problems=problems,
    )

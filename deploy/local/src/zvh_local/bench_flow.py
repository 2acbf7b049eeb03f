"""`zvh bench flow`: throughput and latency of the chain, next to the raw broker, per database.

Per backend (SQLite files or fresh PostgreSQL databases) it starts its own stack on free ports and,
on that one broker, measures in order:

1. raw broker throughput: the melding bodies sent to a scratch topic and consumed back (the
   reference: the chain can never beat it, and it moves with the machine's load);
2. melding→receipt throughput: meldingen sent as fast as the client can, until every receipt came;
3. complete flows/s: melding, receipt, triage (HTTP), casus (event), actie (HTTP), the actie
   delivered on the partner's topic, many flows at once; with the median of each step;
4. melding→receipt latency p50/p99 at a paced 20/s and 100/s;
5. each service's RSS before the load and after it drained (consumer lag zero).

Arrival times are taken when the client's consumer reads a message, so waiting does not count.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.structs import TopicPartition
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from zvh_contracts import topics
from zvh_contracts.envelope import Envelope
from zvh_contracts.overleg.casus_v1 import CasusGeopend
from zvh_contracts.partner.melding_v1 import MeldingIngediend
from zvh_platform.region import load_region
from zvh_platform.testing import postgres_available, postgres_database

from zvh_local.demo import (
    ACTIE_TOEGEWEZEN,
    MELDER,
    MELDING_ONTVANGEN,
    UITVOERDER,
    PartnerSession,
    demo_meldingen,
)
from zvh_local.ports import Ports
from zvh_local.services import SERVICES
from zvh_local.supervisor import Stack

RAW_TOPIC = "zvh.bench.raw.v1"
#: The bench's own consumers: short fetch waits, so arrival times are not held back by tansu.
FETCH_WAIT_MS = 20
BACKENDS = ("sqlite", "postgres")


# -- figures -------------------------------------------------------------------------------------


def pct(values: Iterable[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank) of ``values``; NaN when empty."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


@dataclass
class Latency:
    """Melding→receipt latencies (s) at one paced rate."""

    rate: float
    seconds: list[float]

    @property
    def p50_ms(self) -> float:
        return pct(self.seconds, 50) * 1000

    @property
    def p99_ms(self) -> float:
        return pct(self.seconds, 99) * 1000


@dataclass
class FlowFigures:
    """Everything one backend's run measured."""

    backend: str
    raw_per_s: float = 0.0
    receipt_per_s: float = 0.0
    flows_per_s: float = 0.0
    steps_s: dict[str, list[float]] = field(default_factory=dict)
    latencies: list[Latency] = field(default_factory=list)
    rss_before_mb: dict[str, float] = field(default_factory=dict)
    rss_after_mb: dict[str, float] = field(default_factory=dict)
    #: CPU milliseconds per melding in the melding→receipt throughput phase, per service.
    cpu_ms_per_melding: dict[str, float] = field(default_factory=dict)

    @property
    def receipt_ratio(self) -> float:
        return self.receipt_per_s / self.raw_per_s if self.raw_per_s else float("nan")


def report(runs: list[FlowFigures]) -> Table:
    """One table, a column per backend run."""
    table = Table(title="zvh bench flow (reference: raw broker, same broker, same run)")
    table.add_column("measure")
    for run in runs:
        table.add_column(run.backend, justify="right")
    for name, cells in rows(runs):
        table.add_row(name, *cells)
    return table


def rows(runs: list[FlowFigures]) -> list[tuple[str, list[str]]]:
    """The report's rows: a name and one cell per run."""

    def ms(values: list[float]) -> str:
        return f"{pct(values, 50) * 1000:,.0f}"

    out = [
        ("reference: raw broker msgs/s", [f"{r.raw_per_s:,.0f}" for r in runs]),
        ("melding→receipt meldingen/s", [f"{r.receipt_per_s:,.1f}" for r in runs]),
        ("  ÷ raw (goal ≥ 0.25)", [f"{r.receipt_ratio:.3f}" for r in runs]),
        ("complete flows/s", [f"{r.flows_per_s:,.1f}" for r in runs]),
    ]
    for step in ("melding→receipt", "triage→casus", "actie→delivered", "flow"):
        out.append((f"  median {step} ms", [ms(r.steps_s.get(step, [])) for r in runs]))
    for i, lat in enumerate(runs[0].latencies if runs else []):
        out.append(
            (
                f"at {lat.rate:.0f}/s melding→receipt p50 / p99 ms",
                [f"{r.latencies[i].p50_ms:,.0f} / {r.latencies[i].p99_ms:,.0f}" for r in runs],
            )
        )
    for svc in SERVICES:
        out.append(
            (
                f"CPU ms per melding {svc}",
                [f"{r.cpu_ms_per_melding.get(svc, 0):.1f}" for r in runs],
            )
        )
    for svc in SERVICES:
        out.append(
            (
                f"RSS {svc} before → after MB",
                [
                    f"{r.rss_before_mb.get(svc, 0):.0f} → {r.rss_after_mb.get(svc, 0):.0f}"
                    for r in runs
                ],
            )
        )
    return out


# -- the client side -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Arrival:
    at: float
    body: dict[str, Any]


class Tap:
    """Reads some topics from their current end; timestamps messages of interest on arrival.

    A message counts under ``(ce_type, body[field])`` for the ``field`` given per ce_type; waiting
    for a key that already arrived returns its arrival time at once.
    """

    def __init__(self, *, bootstrap: str, topic_names: list[str], keys: dict[str, str]) -> None:
        self.bootstrap = bootstrap
        self.topic_names = topic_names
        self.keys = keys
        self._arrived: dict[tuple[str, str], Arrival] = {}
        self._waiters: dict[tuple[str, str], asyncio.Future[Arrival]] = {}
        self._consumer: AIOKafkaConsumer | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        consumer = AIOKafkaConsumer(
            bootstrap_servers=self.bootstrap,
            group_id=None,
            enable_auto_commit=False,
            fetch_max_wait_ms=FETCH_WAIT_MS,
        )
        await consumer.start()
        await consumer.topics()
        tps = [
            TopicPartition(name, p)
            for name in self.topic_names
            for p in sorted(consumer.partitions_for_topic(name) or ())
        ]
        consumer.assign(tps)
        await consumer.seek_to_end(*tps)
        for tp in tps:
            await consumer.position(tp)
        self._consumer = consumer
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        assert self._consumer is not None
        while True:
            batches = await self._consumer.getmany(timeout_ms=100)
            now = time.monotonic()
            for records in batches.values():
                for r in records:
                    self._note(r.headers or (), r.value or b"", now)

    def _note(self, headers: Iterable[tuple[str, bytes]], body: bytes, now: float) -> None:
        ce_type = next((v.decode() for k, v in headers if k == "ce_type"), "")
        name = self.keys.get(ce_type)
        if name is None:
            return
        try:
            data = json.loads(body)
            key = (ce_type, str(data.get(name)))
        except (ValueError, AttributeError):
            return
        arrival = Arrival(at=now, body=data)
        waiter = self._waiters.pop(key, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(arrival)
        else:
            self._arrived[key] = arrival

    async def wait(self, ce_type: str, value: object, *, timeout_s: float) -> Arrival:
        """The message ``(ce_type, value)`` and when it arrived."""
        key = (ce_type, str(value))
        if key in self._arrived:
            return self._arrived.pop(key)
        if self._task is not None and self._task.done():
            raise RuntimeError(f"the bench's consumer stopped: {self._task.exception()!r}")
        waiter = self._waiters.setdefault(key, asyncio.get_running_loop().create_future())
        try:
            return await asyncio.wait_for(asyncio.shield(waiter), timeout=timeout_s)
        except TimeoutError:
            raise TimeoutError(f"no {ce_type} for {value} within {timeout_s:.0f}s") from None

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._consumer is not None:
            await self._consumer.stop()


class Sender:
    """A partner producer that does not wait per message, so the client is never the limit."""

    def __init__(self, bootstrap: str) -> None:
        self._producer = AIOKafkaProducer(
            bootstrap_servers=bootstrap,
            enable_idempotence=False,
            max_request_size=topics.MAX_MESSAGE_BYTES,
            acks="all",
            linger_ms=1,
        )

    async def start(self) -> None:
        await self._producer.start()

    async def stop(self) -> None:
        await self._producer.stop()

    async def melding(self, org: str = MELDER) -> tuple[uuid.UUID, asyncio.Future[Any]]:
        """Queue a new melding (unique referentie); returns its ``ce_id`` and the send future."""
        event = fresh_melding()
        envelope = Envelope(
            id=uuid.uuid4(), source=org, type=event.event_type, subject=event.subject()
        )
        future = await self.raw(
            topic=topics.partner_to_zvh(org),
            body=event.model_dump_json().encode(),
            headers=envelope.headers(),
            key=envelope.subject,
        )
        return envelope.id, future

    async def raw(
        self, *, topic: str, body: bytes, headers: dict[str, str], key: str | None
    ) -> asyncio.Future[Any]:
        return await self._producer.send(
            topic,
            value=body,
            key=key.encode() if key else None,
            headers=[(k, v.encode()) for k, v in headers.items()],
        )


_MELDING = demo_meldingen()[0]


def fresh_melding() -> MeldingIngediend:
    """The first demo melding with a referentie of its own (intake answers a known one as such)."""
    return _MELDING.model_copy(update={"melder_referentie": f"BENCH-{uuid.uuid4().hex[:16]}"})


def progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description:<34}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


# -- the measurements ----------------------------------------------------------------------------


async def raw_throughput(bootstrap: str, *, n: int, prog: Progress) -> float:
    """Melding bodies and headers sent to a scratch topic and consumed back, pipelined; msgs/s."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        if RAW_TOPIC not in await admin.list_topics():
            await admin.create_topics([NewTopic(RAW_TOPIC, num_partitions=3, replication_factor=1)])
    finally:
        await admin.close()
    consumer = AIOKafkaConsumer(
        RAW_TOPIC,
        bootstrap_servers=bootstrap,
        group_id=f"zvh-bench-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="latest",
        enable_auto_commit=False,
        fetch_max_wait_ms=FETCH_WAIT_MS,
    )
    await consumer.start()
    sender = Sender(bootstrap)
    await sender.start()
    task = prog.add_task("raw broker", total=n)
    try:
        while not consumer.assignment():  # join the group before sending
            await consumer.getmany(timeout_ms=100)
        for tp in consumer.assignment():
            await consumer.position(tp)
        event = fresh_melding()
        body = event.model_dump_json().encode()
        headers = Envelope(
            id=uuid.uuid4(), source=MELDER, type=event.event_type, subject=event.subject()
        ).headers()
        start = time.monotonic()

        async def send_all() -> None:
            futures = [
                await sender.raw(topic=RAW_TOPIC, body=body, headers=headers, key=str(i))
                for i in range(n)
            ]
            await asyncio.gather(*futures)

        sending = asyncio.create_task(send_all())
        got = 0
        while got < n:
            batches = await consumer.getmany(timeout_ms=100)
            got += sum(len(records) for records in batches.values())
            prog.update(task, completed=got)
        elapsed = time.monotonic() - start
        await sending
        return n / elapsed
    finally:
        prog.remove_task(task)
        await sender.stop()
        await consumer.stop()


async def receipt_throughput(sender: Sender, tap: Tap, *, n: int, prog: Progress) -> float:
    """``n`` meldingen sent at once; meldingen/s until the last receipt arrived."""
    task = prog.add_task("melding→receipt throughput", total=n)
    try:
        start = time.monotonic()
        sent = [await sender.melding() for _ in range(n)]
        await asyncio.gather(*(f for _, f in sent))
        last = start
        for i, (ce_id, _) in enumerate(sent):
            arrival = await tap.wait(MELDING_ONTVANGEN, ce_id, timeout_s=120 + n / 5)
            last = max(last, arrival.at)
            prog.update(task, completed=i + 1)
        return n / (last - start)
    finally:
        prog.remove_task(task)


async def paced_latency(
    sender: Sender, tap: Tap, *, rate: float, n: int, prog: Progress
) -> Latency:
    """``n`` meldingen at a fixed rate; melding→receipt time of each (send to receipt arrival)."""
    task = prog.add_task(f"latency at {rate:.0f}/s", total=n)
    loop_start = time.monotonic()
    sent: list[tuple[uuid.UUID, float]] = []
    try:
        for i in range(n):
            due = loop_start + i / rate
            if (ahead := due - time.monotonic()) > 0:
                await asyncio.sleep(ahead)  # pacing the load, not waiting for an event
            ce_id, _future = await sender.melding()
            sent.append((ce_id, time.monotonic()))
        seconds_taken = []
        for i, (ce_id, t0) in enumerate(sent):
            arrival = await tap.wait(MELDING_ONTVANGEN, ce_id, timeout_s=120)
            seconds_taken.append(arrival.at - t0)
            prog.update(task, completed=i + 1)
        return Latency(rate=rate, seconds=seconds_taken)
    finally:
        prog.remove_task(task)


async def flows(
    session: PartnerSession,
    sender: Sender,
    tap: Tap,
    *,
    n: int,
    concurrency: int,
    prog: Progress,
) -> tuple[float, dict[str, list[float]]]:
    """``n`` complete flows, ``concurrency`` at a time; flows/s and each step's durations."""
    steps: dict[str, list[float]] = {
        "melding→receipt": [],
        "triage→casus": [],
        "actie→delivered": [],
        "flow": [],
    }
    gate = asyncio.Semaphore(concurrency)
    task = prog.add_task(f"complete flows ({concurrency} at once)", total=n)
    timeout = 120.0

    async def one() -> None:
        async with gate:
            t0 = time.monotonic()
            ce_id, future = await sender.melding()
            await future
            receipt = await tap.wait(MELDING_ONTVANGEN, ce_id, timeout_s=timeout)
            steps["melding→receipt"].append(receipt.at - t0)
            melding_id = uuid.UUID(receipt.body["melding_id"])
            t1 = time.monotonic()
            await session.triage_casus(melding_id, uitnodigen=(UITVOERDER,))
            casus = await tap.wait(CasusGeopend.event_type, melding_id, timeout_s=timeout)
            steps["triage→casus"].append(casus.at - t1)
            t2 = time.monotonic()
            actie_id = await session.add_actie(
                uuid.UUID(casus.body["casus_id"]),
                wat="Benchactie: huisbezoek plannen",
                wanneer=date.today() + timedelta(days=14),
            )
            delivered = await tap.wait(ACTIE_TOEGEWEZEN, actie_id, timeout_s=timeout)
            steps["actie→delivered"].append(delivered.at - t2)
            steps["flow"].append(delivered.at - t0)
            prog.advance(task)

    try:
        start = time.monotonic()
        await asyncio.gather(*(one() for _ in range(n)))
        return n / (time.monotonic() - start), steps
    finally:
        prog.remove_task(task)


def group_topics() -> dict[str, list[str]]:
    """What each service's consumer group reads (the lag to watch for "drained")."""
    codes = [p for p in load_region(None).partner_codes() if p != "zvh"]
    partners = [topics.partner_to_zvh(p) for p in codes]
    return {
        **{f"zvh-intake.{p}": [topics.partner_to_zvh(p)] for p in codes},
        "zvh-overleg": [topics.INTAKE_MELDING, *partners],
        "zvh-notify": [topics.OVERLEG_CASUS, topics.OVERLEG_OVERLEG, topics.CONSENT_DOORBREKING],
    }


async def consumer_lag(bootstrap: str) -> int:
    """Messages the services' consumer groups have not committed yet.

    Committed offsets are read through a consumer per group that never joins it (tansu does not
    answer the admin client's OffsetFetch).
    """
    lag = 0
    for group, names in group_topics().items():
        reader = AIOKafkaConsumer(
            bootstrap_servers=bootstrap,
            group_id=group,
            enable_auto_commit=False,
            fetch_max_wait_ms=FETCH_WAIT_MS,
        )
        await reader.start()
        try:
            tps = [
                TopicPartition(name, p)
                for name in names
                for p in sorted(reader.partitions_for_topic(name) or ())
            ]
            if not tps:
                await reader.topics()
                tps = [
                    TopicPartition(name, p)
                    for name in names
                    for p in sorted(reader.partitions_for_topic(name) or ())
                ]
            ends = await reader.end_offsets(tps)
            for tp in tps:
                committed = await reader.committed(tp)
                lag += max(0, ends[tp] - (committed or 0))
        finally:
            await reader.stop()
    return lag


async def wait_drained(bootstrap: str, *, timeout_s: float = 120.0) -> None:
    """Poll until the services' consumer groups have no lag (the load drained)."""
    deadline = time.monotonic() + timeout_s
    while (lag := await consumer_lag(bootstrap)) > 0:
        if time.monotonic() > deadline:
            raise TimeoutError(f"consumer lag still {lag} after {timeout_s:.0f}s")
        await asyncio.sleep(0.2)


def cpu_s(stack: Stack) -> dict[str, float]:
    """CPU seconds (user + system) each service process used so far, from /proc.

    Load from other processes on the machine stretches wall times but hardly CPU per message,
    so this is the steadier figure for comparing changes.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    used: dict[str, float] = {}
    for name, svc in stack.services.items():
        if svc.proc is None:
            continue
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{svc.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
            used[name] = (int(fields[11]) + int(fields[12])) / ticks
    return used


def rss_mb(stack: Stack) -> dict[str, float]:
    """Resident set size of each service process, from /proc."""
    sizes: dict[str, float] = {}
    for name, svc in stack.services.items():
        if svc.proc is None:
            continue
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{svc.proc.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes[name] = int(line.split()[1]) / 1024
    return sizes


# -- one backend ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FlowOptions:
    raw_n: int = 3000
    throughput_n: int = 500
    flows_n: int = 100
    concurrency: int = 20
    rates: tuple[float, ...] = (20.0, 100.0)
    paced_n: int = 200
    keep_var: Path | None = None


@contextlib.asynccontextmanager
async def databases(backend: str) -> AsyncIterator[dict[str, str]]:
    """Fresh databases per service for ``backend``; SQLite files need nothing (the stack's var)."""
    if backend == "sqlite":
        yield {}
        return
    async with contextlib.AsyncExitStack() as stack:
        urls = {name: await stack.enter_async_context(postgres_database()) for name in SERVICES}
        yield urls


async def bench_backend(backend: str, opts: FlowOptions, console: Console) -> FlowFigures:
    figures = FlowFigures(backend=backend)
    with contextlib.ExitStack() as cleanup:
        if opts.keep_var is not None:
            var = opts.keep_var / backend
        else:
            var = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="zvh-flow-")))
        async with databases(backend) as urls:
            stack = Stack(var_dir=var, ports=Ports.free(), say=lambda _m: None, database_urls=urls)
            console.print(f"[bold]{backend}[/]: starting a stack on free ports in {var} …")
            await asyncio.to_thread(stack.start)
            try:
                await _measure(stack, opts, figures, console)
            finally:
                await asyncio.to_thread(stack.stop)
    return figures


async def _measure(stack: Stack, opts: FlowOptions, figures: FlowFigures, console: Console) -> None:
    bootstrap = stack.bootstrap
    endpoints = stack.endpoints()
    tap = Tap(
        bootstrap=bootstrap,
        topic_names=[
            topics.partner_from_zvh(MELDER),
            topics.partner_from_zvh(UITVOERDER),
            topics.OVERLEG_CASUS,
        ],
        keys={
            MELDING_ONTVANGEN: "in_antwoord_op",
            CasusGeopend.event_type: "melding_id",
            ACTIE_TOEGEWEZEN: "actie_id",
        },
    )
    sender = Sender(bootstrap)
    await tap.start()
    await sender.start()
    try:
        async with PartnerSession(endpoints=endpoints, timeout_s=120) as session:
            with progress(console) as prog:
                await flows(session, sender, tap, n=10, concurrency=5, prog=prog)  # warm-up
                await wait_drained(bootstrap)
                figures.rss_before_mb = rss_mb(stack)
                figures.raw_per_s = await raw_throughput(bootstrap, n=opts.raw_n, prog=prog)
                console.print(f"  raw broker: {figures.raw_per_s:,.0f} msgs/s")
                cpu_before = cpu_s(stack)
                figures.receipt_per_s = await receipt_throughput(
                    sender, tap, n=opts.throughput_n, prog=prog
                )
                await wait_drained(bootstrap)
                figures.cpu_ms_per_melding = {
                    svc: (used - cpu_before.get(svc, used)) * 1000 / opts.throughput_n
                    for svc, used in cpu_s(stack).items()
                }
                console.print(f"  melding→receipt: {figures.receipt_per_s:,.1f} meldingen/s")
                await wait_drained(bootstrap)
                figures.flows_per_s, figures.steps_s = await flows(
                    session, sender, tap, n=opts.flows_n, concurrency=opts.concurrency, prog=prog
                )
                console.print(f"  complete flows: {figures.flows_per_s:,.1f}/s")
                for rate in opts.rates:
                    await wait_drained(bootstrap)
                    lat = await paced_latency(sender, tap, rate=rate, n=opts.paced_n, prog=prog)
                    figures.latencies.append(lat)
                    console.print(
                        f"  at {rate:.0f}/s: p50 {lat.p50_ms:,.0f} ms, p99 {lat.p99_ms:,.0f} ms"
                    )
                await wait_drained(bootstrap)
                figures.rss_after_mb = rss_mb(stack)
    finally:
        await sender.stop()
        await tap.stop()


def run_flow_bench(
    *, backends: Iterable[str], opts: FlowOptions, console: Console | None = None
) -> list[FlowFigures]:
    """Run the bench for each backend; prints progress and the table, returns the figures."""
    console = console or Console()
    runs: list[FlowFigures] = []
    for backend in backends:
        if backend == "postgres" and (reason := postgres_available()):
            console.print(f"[yellow]postgres skipped: {reason}[/]")
            continue
        runs.append(asyncio.run(bench_backend(backend, opts, console)))
    if runs:
        console.print(report(runs))
    return runs

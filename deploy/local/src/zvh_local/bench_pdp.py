"""`zvh bench pdp`: the policy decision point, next to raw regorus measured in the same run.

In one run, on this machine, for one fixed question (the procesregisseur reads a melding for
triage, which the policy allows):

1. **reference: raw regorus** evaluations/s of the same policy and input, on one thread
   (``python -m zvh_consent.benchmark``, a subprocess: the CLI imports no service code);
2. **PDP in process**: the consent use case (``Decide``, embedded regorus, SQL decision log on
   SQLite) called directly, at concurrency 1 and 16 (same subprocess);
3. **PDP over HTTP**: a consent process this bench starts on a free port (SQLite under a
   temporary var dir, its own broker), asked ``POST /v1/decisions`` with a procesregisseur's
   token and the deadline header, as ``PdpClient`` sends it, over keep-alive connections at
   concurrency 1 and 16, with p50/p99 of each answer as the client saw it.

Afterwards the bench checks that every decision it asked for is in the log and the chain verifies.
The HTTP client is a minimal HTTP/1.1 writer/reader on asyncio streams rather than httpx, so on a
2-core machine the client takes as little CPU from the server as possible. Goals (issue 7): HTTP
decisions/s ≥ 0.5 × raw evaluations/s, p99 ≤ 5 ms at concurrency 1.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table
from zvh_platform.auth import User, lokaal_token

from zvh_local.bench_flow import pct
from zvh_local.broker import Broker
from zvh_local.ports import HOST, Ports
from zvh_local.services import ServiceProcess

CONCURRENCIES = (1, 16)
GOAL_RATIO = 0.5
GOAL_P99_MS = 5.0
DEADLINE_HEADER = "x-zvh-pdp-deadline"
#: The same question as ``zvh_consent.benchmark.QUESTION`` (the subject comes from the token).
QUESTION: dict[str, Any] = {
    "action": "read",
    "resource": {
        "type": "melding",
        "item": "m-bench",
        "eigenaar": "politie-zwb",
        "categorie": "politie",
    },
    "context": {"doel": "triage", "fase": 2, "client_geinformeerd": True},
}
ASKER = User(id="pr.jansen", naam="", org="zvh", roles=["procesregisseur"])


@dataclass
class Latencies:
    """One HTTP measurement: answers/s and each answer's time (s) as the client saw it."""

    concurrency: int
    per_s: float
    seconds: list[float]

    @property
    def p50_ms(self) -> float:
        return pct(self.seconds, 50) * 1000

    @property
    def p99_ms(self) -> float:
        return pct(self.seconds, 99) * 1000


@dataclass
class PdpFigures:
    """Everything one run measured."""

    raw_per_s: float = 0.0
    #: concurrency → {"per_s", "p50_ms", "p99_ms"} of the PDP called in process.
    in_process: dict[int, dict[str, float]] = field(default_factory=dict)
    http: list[Latencies] = field(default_factory=list)
    logged: int = 0
    asked: int = 0
    chain_ok: bool = False

    @property
    def best_http_per_s(self) -> float:
        return max((m.per_s for m in self.http), default=0.0)

    @property
    def ratio(self) -> float:
        return self.best_http_per_s / self.raw_per_s if self.raw_per_s else float("nan")


def rows(f: PdpFigures) -> list[tuple[str, str, str]]:
    """The table's rows: measure, figure, goal/verdict."""

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    out = [("reference: raw regorus evaluations/s", f"{f.raw_per_s:,.0f}", "")]
    for c, fig in sorted(f.in_process.items()):
        out.append(
            (
                f"PDP in process, concurrency {c}: decisions/s (p50 / p99 ms)",
                f"{fig['per_s']:,.0f} ({fig['p50_ms']:.2f} / {fig['p99_ms']:.2f})",
                "",
            )
        )
    for m in f.http:
        goal = ""
        if m.concurrency == 1:
            goal = f"p99 ≤ {GOAL_P99_MS:g} ms: {verdict(m.p99_ms <= GOAL_P99_MS)}"
        out.append(
            (
                f"PDP over HTTP, concurrency {m.concurrency}: decisions/s (p50 / p99 ms)",
                f"{m.per_s:,.0f} ({m.p50_ms:.2f} / {m.p99_ms:.2f})",
                goal,
            )
        )
    out.append(
        (
            "HTTP decisions/s ÷ raw evaluations/s",
            f"{f.ratio:.3f}",
            f"≥ {GOAL_RATIO:g}: {verdict(f.ratio >= GOAL_RATIO)}",
        )
    )
    out.append(
        (
            "decisions asked over HTTP / in the log; chain verifies",
            f"{f.asked:,} / {f.logged:,}; {'yes' if f.chain_ok else 'NO'}",
            verdict(f.chain_ok and f.logged >= f.asked),
        )
    )
    return out


def report(f: PdpFigures) -> Table:
    table = Table(title="zvh bench pdp (reference: raw regorus, same policy and input, same run)")
    table.add_column("measure")
    table.add_column("figure", justify="right")
    table.add_column("goal")
    for name, figure, goal in rows(f):
        table.add_row(name, figure, goal)
    return table


# -- the consent side (subprocess) --------------------------------------------------------------


def consent_side(*, n: int, var: Path) -> dict[str, Any]:
    """Raw regorus and the PDP in process, measured by ``python -m zvh_consent.benchmark``."""
    out = subprocess.run(
        [sys.executable, "-m", "zvh_consent.benchmark", "--n", str(n), "--var", str(var)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if out.returncode != 0:
        raise RuntimeError(f"zvh_consent.benchmark failed: {out.stderr.strip()[-2000:]}")
    figures: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return figures


# -- the HTTP side -------------------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP/1.1 connection that posts prepared requests (Content-Length only)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection(HOST, port)
        return cls(reader, writer)

    async def post(self, request: bytes) -> tuple[int, bytes]:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = None
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length is None:
            raise RuntimeError("answer without Content-Length")
        return status, await self.reader.readexactly(length)

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(ConnectionError):
            await self.writer.wait_closed()


def http_request(*, port: int, token: str, body: bytes, deadline_s: float = 1.75) -> bytes:
    """``POST /v1/decisions`` as PdpClient sends it (token, JSON body, deadline header)."""
    uiterlijk = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=deadline_s)
    return (
        f"POST /v1/decisions HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        f"{DEADLINE_HEADER}: {uiterlijk.isoformat(timespec='microseconds')}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def http_load(*, port: int, token: str, n: int, concurrency: int) -> Latencies:
    """``n`` decisions over ``concurrency`` connections, each asking one after another."""
    body = json.dumps(QUESTION).encode()
    connections = [await Connection.open(port) for _ in range(concurrency)]
    seconds: list[float] = []

    async def worker(conn: Connection, count: int) -> None:
        for _ in range(count):
            request = http_request(port=port, token=token, body=body)
            t0 = time.perf_counter()
            status, answer = await conn.post(request)
            seconds.append(time.perf_counter() - t0)
            if status != 200 or b'"allow":true' not in answer:
                raise RuntimeError(f"unexpected answer {status}: {answer[:200]!r}")

    try:
        start = time.perf_counter()
        await asyncio.gather(*(worker(c, n // concurrency) for c in connections))
        elapsed = time.perf_counter() - start
    finally:
        for c in connections:
            await c.close()
    return Latencies(concurrency=concurrency, per_s=len(seconds) / elapsed, seconds=seconds)


@contextlib.contextmanager
def consent_process(var: Path, console: Console) -> Iterator[ServiceProcess]:
    """A broker and one consent process on free ports, SQLite under ``var``; stopped after."""
    ports = Ports.free()
    broker = Broker(port=ports.broker, log_path=var / "log" / "broker.log")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZVH_")}
    env.update(
        {
            "ZVH_ENV": "local",
            "ZVH_VAR_DIR": str(var),
            "ZVH_KAFKA_BOOTSTRAP": broker.bootstrap,
            "PYTHONUNBUFFERED": "1",
        }
    )
    svc = ServiceProcess(
        name="consent", port=ports.consent, env=env, log_path=var / "log" / "consent.log"
    )
    console.print(f"starting a broker and consent on {svc.url} (SQLite in {var}) …")
    broker.start()
    try:
        svc.start()
        try:
            svc.wait_healthy(timeout_s=90)
            yield svc
        finally:
            svc.stop()
    finally:
        broker.stop()


def check_log(url: str) -> tuple[int, bool]:
    """How many records the log holds, and whether its chain verifies."""
    token = lokaal_token(ASKER)
    r = httpx.get(
        f"{url}/v1/decisions/verify", headers={"Authorization": f"Bearer {token}"}, timeout=60
    )
    r.raise_for_status()
    return int(r.json()["count"]), bool(r.json()["ok"])


def run_pdp_bench(*, n: int = 5000, console: Console | None = None) -> PdpFigures:
    """Measure everything, print the table, return the figures."""
    console = console or Console()
    figures = PdpFigures()
    token = lokaal_token(ASKER, ttl_s=3600)
    with tempfile.TemporaryDirectory(prefix="zvh-bench-pdp-") as tmp:
        var = Path(tmp)
        console.print(f"raw regorus and the PDP in process ({n:,} each) …")
        side = consent_side(n=n, var=var)
        figures.raw_per_s = float(side["raw_per_s"])
        figures.in_process = {int(c): m for c, m in side["in_process"].items()}
        with consent_process(var, console) as svc:
            warmup = asyncio.run(http_load(port=svc.port, token=token, n=200, concurrency=4))
            asked = len(warmup.seconds)
            for concurrency in CONCURRENCIES:
                console.print(f"over HTTP at concurrency {concurrency} ({n:,}) …")
                m = asyncio.run(http_load(port=svc.port, token=token, n=n, concurrency=concurrency))
                figures.http.append(m)
                asked += len(m.seconds)
            figures.asked = asked
            figures.logged, figures.chain_ok = check_log(svc.url)
    console.print(report(figures))
    return figures

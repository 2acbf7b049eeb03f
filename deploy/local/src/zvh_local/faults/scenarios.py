"""The fault scenarios of issue 6 and how one is run: N flows, one fault mid-load, the audit.

A scenario holds its fault for a stated time, lifts it, and then must recover without anyone
acting within ``herstel_s``: every flow complete, every actie on the partner topic and in the
mail, nothing twice. The recovery time printed is from lifting the fault until the last piece
arrived.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from zvh_platform.testing import create_postgres_database, drop_postgres_database, wait_for

from zvh_local.demo import DemoFailed, Endpoints, PartnerSession, demo_meldingen
from zvh_local.faults import injectors
from zvh_local.faults.audit import Uitslag, audit
from zvh_local.faults.flows import Flow, FlowDriver
from zvh_local.ports import Ports
from zvh_local.services import SERVICES
from zvh_local.supervisor import Stack

#: How long a refused triage may keep being refused after the PDP is back (it restarts).
PDP_BACK_S = 60.0

BACKENDS = ("sqlite", "postgres")
#: Set to 1 to include the PostgreSQL server restart (it disturbs everyone on that server).
PG_RESTART_ENV = "ZVH_FAULT_PG_RESTART"


@dataclass(frozen=True)
class Duren:
    """How long each fault is held, in seconds (the issue's figures by default)."""

    broker_freeze: float = 30.0
    pdp: float = 20.0
    smtp_down: float = 600.0
    smtp_hang: float = 60.0
    db_lock: float = 40.0


@dataclass
class FaultRun:
    """What an episode may touch: the stack and the partner session of the flows."""

    stack: Stack
    backend: str
    session: PartnerSession


Episode = Callable[[FaultRun], Awaitable[list[str]]]


@dataclass(frozen=True)
class Scenario:
    naam: str
    episode: Episode
    duur_s: float
    herstel_s: float
    backends: tuple[str, ...] = BACKENDS


@dataclass
class Resultaat:
    scenario: str
    backend: str
    flows: int
    uitslag: Uitslag
    tijdens: list[str] = field(default_factory=list)  # what went wrong while the fault held
    herstel_s: float | None = None
    herstel_max_s: float = 0.0

    @property
    def ok(self) -> bool:
        return self.uitslag.ok and not self.tijdens and self.herstel_s is not None

    def samenvatting(self) -> str:
        regels = [
            f"{self.scenario} on {self.backend}: {self.flows} flows, "
            f"{len(self.uitslag.lost)} lost, {len(self.uitslag.duplicated)} duplicated, "
            + (
                f"recovered in {self.herstel_s:.1f}s (limit {self.herstel_max_s:.0f}s)"
                if self.herstel_s is not None
                else f"NOT recovered within {self.herstel_max_s:.0f}s"
            )
        ]
        regels += [f"  during the fault: {p}" for p in self.tijdens]
        regels += [f"  lost: {p}" for p in self.uitslag.lost[:10]]
        regels += [f"  duplicated: {p}" for p in self.uitslag.duplicated[:10]]
        return "\n".join(regels)


# -- episodes --------------------------------------------------------------------------------


def _plain(fault: Callable[[Stack], Awaitable[None]]) -> Episode:
    async def episode(run: FaultRun) -> list[str]:
        await fault(run.stack)
        return []

    return episode


async def pdp_probe(session: PartnerSession) -> tuple[list[str], uuid.UUID | None]:
    """While the PDP is away: meldingen are still received and answered; reads and commands
    that need a decision (a triage) are refused with a clear message naming the PDP — deny when
    in doubt — and nothing is half done. Returns the problems and the probe's melding."""
    problemen: list[str] = []
    try:
        melding_id = await session.submit(demo_meldingen()[1])
    except Exception as exc:
        return [f"melding indienen zonder PDP mislukt: {type(exc).__name__}"], None
    url = f"{session.endpoints.intake_url}/v1/meldingen/{melding_id}?doel=triage"
    r = await session.request("GET", url)
    if r.status_code != 403 or "PDP" not in r.text:
        problemen.append(f"lezen zonder PDP gaf {r.status_code}, geen duidelijke weigering")
    try:
        await session.triage_casus(melding_id)
        problemen.append("triage zonder PDP-beslissing toegestaan")
    except DemoFailed as exc:
        if " 403:" not in str(exc) or "PDP" not in str(exc):
            problemen.append(f"triage zonder PDP niet duidelijk geweigerd: {str(exc)[:200]}")
    return problemen, melding_id


async def triage_after_pdp(session: PartnerSession, melding_id: uuid.UUID) -> list[str]:
    """Once the PDP is back, the refused triage goes through and the casus opens."""
    deadline = time.monotonic() + PDP_BACK_S
    while True:
        try:
            await session.triage_casus(melding_id)
            break
        except DemoFailed as exc:
            if " 409:" in str(exc):  # an earlier try got through after all
                break
            if time.monotonic() > deadline:
                return [f"triage na terugkeer van de PDP mislukt: {str(exc)[:200]}"]
        await asyncio.sleep(1.0)  # a retry of a refused command, not a wait for an event
    try:
        await session.wait_for_casus(melding_id)
    except Exception as exc:
        return [f"geen casus na terugkeer van de PDP: {type(exc).__name__}"]
    return []


def _pdp(fault: Callable[[Stack], Coroutine[Any, Any, None]]) -> Episode:
    async def episode(run: FaultRun) -> list[str]:
        task = asyncio.create_task(fault(run.stack))
        await asyncio.sleep(0)  # the fault starts before the probe
        problemen, melding_id = await pdp_probe(run.session)
        if task.done():
            problemen.append("de PDP was al terug voordat de controle klaar was")
        await task
        if melding_id is not None:
            problemen += await triage_after_pdp(run.session, melding_id)
        return problemen

    return episode


def smtp_down_scenario(duren: Duren | None = None) -> Scenario:
    """SMTP gone for ten minutes: e-mails wait and all arrive once it is back."""
    d = duren or Duren()
    return Scenario(
        f"SMTP down {d.smtp_down:.0f}s",
        _plain(lambda st: injectors.smtp_down(st, d.smtp_down)),
        duur_s=d.smtp_down,
        herstel_s=120,
    )


def scenarios(
    duren: Duren | None = None, *, pg_restart: bool | None = None, smtp_down: bool = True
) -> list[Scenario]:
    """Every scenario of the suite, in the order they run (the long SMTP outage last)."""
    d = duren or Duren()
    if pg_restart is None:
        pg_restart = os.environ.get(PG_RESTART_ENV) == "1"
    lijst = [
        Scenario(
            f"kill -9 {svc}",
            _plain(functools.partial(injectors.kill_and_restart, service=svc)),
            duur_s=0,
            herstel_s=90,
        )
        for svc in SERVICES
    ]
    lijst += [
        Scenario(
            f"broker frozen {d.broker_freeze:.0f}s",
            _plain(lambda st: injectors.freeze_broker(st, d.broker_freeze)),
            duur_s=d.broker_freeze,
            herstel_s=90,
        ),
        Scenario(
            f"PDP down {d.pdp:.0f}s",
            _pdp(lambda st: injectors.stop_service(st, "consent", d.pdp)),
            duur_s=d.pdp,
            herstel_s=60,
        ),
        Scenario(
            f"PDP hanging {d.pdp:.0f}s",
            _pdp(lambda st: injectors.freeze_service(st, "consent", d.pdp)),
            duur_s=d.pdp,
            herstel_s=60,
        ),
        Scenario(
            f"SMTP hanging {d.smtp_hang:.0f}s",
            _plain(lambda st: injectors.smtp_hang(st, d.smtp_hang)),
            duur_s=d.smtp_hang,
            herstel_s=120,
        ),
        Scenario(
            f"overleg database locked {d.db_lock:.0f}s",
            _plain(lambda st: injectors.lock_database(st, "overleg", d.db_lock)),
            duur_s=d.db_lock,
            herstel_s=90,
        ),
        Scenario(
            f"notify database locked {d.db_lock:.0f}s",
            _plain(lambda st: injectors.lock_database(st, "notify", d.db_lock)),
            duur_s=d.db_lock,
            herstel_s=90,
        ),
    ]
    if smtp_down:
        lijst.append(smtp_down_scenario(d))
    if pg_restart:
        lijst.append(
            Scenario(
                "PostgreSQL restart",
                _plain(injectors.restart_postgres),
                duur_s=0,
                herstel_s=90,
                backends=("postgres",),
            )
        )
    return lijst


# -- running ---------------------------------------------------------------------------------


def endpoints_of(stack: Stack) -> Endpoints:
    return stack.endpoints()


async def run_scenario(
    stack: Stack,
    scenario: Scenario,
    *,
    backend: str,
    n: int,
    concurrency: int = 4,
    on_flow: Callable[[Flow], None] | None = None,
) -> Resultaat:
    """N flows with at most ``concurrency`` at a time; the fault once the first is under way."""
    run_id = uuid.uuid4().hex[:6]
    flow_timeout = scenario.duur_s + scenario.herstel_s + 60
    async with PartnerSession(endpoints=endpoints_of(stack), timeout_s=10) as session:
        driver = FlowDriver(session, run=run_id, timeout_s=flow_timeout)
        flows = [driver.new(i + 1) for i in range(n)]
        gate = asyncio.Semaphore(concurrency)

        async def one(flow: Flow) -> None:
            async with gate:
                await driver.complete(flow)
            if on_flow is not None:
                on_flow(flow)

        tasks = [asyncio.create_task(one(f)) for f in flows]

        async def under_way() -> bool:
            return any(f.melding_id for f in flows) or all(t.done() for t in tasks)

        await wait_for(under_way, timeout_s=60, interval_s=0.05)
        tijdens = await scenario.episode(FaultRun(stack=stack, backend=backend, session=session))
        lifted = time.monotonic()
        await asyncio.gather(*tasks)
    uitslag = await audit(
        flows,
        bootstrap=stack.bootstrap,
        maildir=stack.mail.maildir,
        deadline=max(lifted + scenario.herstel_s, time.monotonic() + 5),
    )
    herstel = None
    if uitslag.complete_at is not None and uitslag.complete_at - lifted <= scenario.herstel_s:
        herstel = max(0.0, uitslag.complete_at - lifted)
    return Resultaat(
        scenario=scenario.naam,
        backend=backend,
        flows=n,
        uitslag=uitslag,
        tijdens=tijdens,
        herstel_s=herstel,
        herstel_max_s=scenario.herstel_s,
    )


@contextlib.contextmanager
def fault_stack(backend: str, *, say: Callable[[str], None] = lambda _m: None) -> Iterator[Stack]:
    """A stack of its own on free ports; on PostgreSQL with a fresh database per service."""
    var = Path(tempfile.mkdtemp(prefix=f"zvh-fault-{backend}-"))
    urls: dict[str, str] = {}
    try:
        if backend == "postgres":
            urls = {svc: asyncio.run(create_postgres_database("zvh_fault_")) for svc in SERVICES}
        stack = Stack(var_dir=var, ports=Ports.free(), say=say, database_urls=urls)
        stack.start()
        try:
            yield stack
        finally:
            stack.stop()
    finally:
        for url in urls.values():
            with contextlib.suppress(Exception):
                asyncio.run(drop_postgres_database(url))
        shutil.rmtree(var, ignore_errors=True)

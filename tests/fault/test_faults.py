"""Issue 6: under each fault, N complete flows lose nothing and do nothing twice, and the chain
recovers by itself within the stated time. Services as processes on the real broker, on SQLite
and on PostgreSQL. The figures for many flows: `zvh bench faults`."""

from __future__ import annotations

import asyncio
import concurrent.futures

import pytest
from zvh_local.faults.scenarios import BACKENDS, Resultaat, run_scenario, scenarios

from .conftest import DUREN, FLOWS, Stacks

pytestmark = pytest.mark.fault

#: Everything but the ten-minute SMTP outage (that one runs beside these, see conftest).
SCENARIOS = {s.naam: s for s in scenarios(DUREN, smtp_down=False)}
CASES = [
    pytest.param(
        backend,
        naam,
        id=f"{backend}: {naam}",
        marks=pytest.mark.timeout(int(s.duur_s + s.herstel_s + 300)),
    )
    for backend in BACKENDS
    for naam, s in SCENARIOS.items()
    if backend in s.backends
]


@pytest.mark.parametrize(("backend", "naam"), CASES)
def test_fault(stacks: Stacks, backend: str, naam: str) -> None:
    stack = stacks.get(backend)
    # Synchronous on purpose: the stack and its databases are made with asyncio.run.
    result = asyncio.run(run_scenario(stack, SCENARIOS[naam], backend=backend, n=FLOWS))
    print(result.samenvatting())
    assert result.tijdens == [], result.samenvatting()
    assert result.uitslag.lost == [], result.samenvatting()
    assert result.uitslag.duplicated == [], result.samenvatting()
    assert result.herstel_s is not None, result.samenvatting()


@pytest.mark.timeout(int(DUREN.smtp_down + 900))
def test_smtp_down_ten_minutes(smtp_outage: concurrent.futures.Future[Resultaat]) -> None:
    """SMTP gone for ten minutes (on SQLite only, to fit CI): every e-mail arrives, once."""
    result = smtp_outage.result(timeout=DUREN.smtp_down + 840)
    print(result.samenvatting())
    assert result.ok, result.samenvatting()

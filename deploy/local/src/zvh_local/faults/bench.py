"""`zvh bench faults`: every fault scenario with many flows, on SQLite and/or PostgreSQL.

One stack per backend (fresh PostgreSQL databases per run), the scenarios one after another on
it, progress with rich, and a table: scenario, backend, flows, lost, duplicated, recovery time.
The reference in the same run is a scenario without a fault, so the recovery times can be read
against how long the flows take on this machine at all.
"""

from __future__ import annotations

import asyncio
import functools

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from zvh_local.faults.flows import Flow
from zvh_local.faults.scenarios import (
    BACKENDS,
    Duren,
    Resultaat,
    Scenario,
    fault_stack,
    run_scenario,
    scenarios,
)


async def _no_fault(_run: object) -> list[str]:
    return []


REFERENCE = Scenario("reference: no fault", _no_fault, duur_s=0, herstel_s=60)


def run_fault_bench(
    *,
    n: int = 300,
    backends: tuple[str, ...] = BACKENDS,
    only: str | None = None,
    duren: Duren | None = None,
    concurrency: int = 8,
    console: Console | None = None,
) -> list[Resultaat]:
    """Run the scenarios (those whose name contains ``only``, if given); print the table."""
    console = console or Console()
    gekozen = [s for s in scenarios(duren) if only is None or only.lower() in s.naam.lower()]
    results: list[Resultaat] = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        for backend in backends:
            lijst = [REFERENCE, *(s for s in gekozen if backend in s.backends)]
            with fault_stack(backend, say=lambda m: progress.console.print(m)) as stack:
                for scenario in lijst:
                    task = progress.add_task(f"{backend}: {scenario.naam}", total=n)
                    on_flow = functools.partial(_advance, progress, task)
                    result = asyncio.run(
                        run_scenario(
                            stack,
                            scenario,
                            backend=backend,
                            n=n,
                            concurrency=concurrency,
                            on_flow=on_flow,
                        )
                    )
                    results.append(result)
                    if not result.ok:
                        progress.console.print(result.samenvatting())
    console.print(table(results))
    return results


def _advance(progress: Progress, task: TaskID, _flow: Flow) -> None:
    progress.advance(task)


def table(results: list[Resultaat]) -> Table:
    t = Table(title="zvh bench faults")
    for kolom in ("scenario", "backend", "flows", "lost", "duplicated", "recovery", "limit", ""):
        t.add_column(kolom, justify="left" if kolom in ("scenario", "backend", "") else "right")
    for r in results:
        herstel = f"{r.herstel_s:.1f} s" if r.herstel_s is not None else "—"
        t.add_row(
            r.scenario,
            r.backend,
            str(r.flows),
            str(len(r.uitslag.lost)),
            str(len(r.uitslag.duplicated)),
            herstel,
            f"{r.herstel_max_s:.0f} s",
            "ok" if r.ok else "FAILED",
        )
    return t

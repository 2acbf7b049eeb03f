"""`zvh bench fuzz`: a large flood on a stack of its own, printed as a table with rich."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path
from typing import Any

from zvh_local.fuzz.cases import LATENCY_PARTNER, generate
from zvh_local.fuzz.flood import FuzzReport, Status, percentile, run, stack_target, summary
from zvh_local.supervisor import Stack

# -- `zvh bench fuzz` ----------------------------------------------------------------------------

GOAL_P99_MS = 1000.0


def report_table(report: FuzzReport, *, title: str) -> Any:
    """A rich table: per kind the cases and what became of them, then the totals and figures."""
    from rich.table import Table

    t = Table(title=title)
    t.add_column("kind")
    for col in ("cases", "answered", "kept", "refused", "wrong", "lost"):
        t.add_column(col, justify="right")
    for kind, counts in report.by_kind().items():
        t.add_row(
            kind,
            str(sum(counts.values())),
            *(str(counts[s] or "") for s in Status),
        )
    totals = Counter(o.status for o in report.outcomes)
    t.add_row(
        "[b]total[/b]",
        f"[b]{len(report.outcomes)}[/b]",
        *(f"[b]{totals[s]}[/b]" for s in Status),
        end_section=True,
    )
    return t


def figures(report: FuzzReport) -> list[str]:
    quiet, flood = report.quiet_latency_ms, report.flood_latency_ms
    settled = len(report.outcomes) - len(report.failures())
    p99 = percentile(flood, 99)
    verdict = "ok" if p99 <= GOAL_P99_MS else "MISSED"
    return [
        f"dead-lettered input errors: {len(report.dead_letters)}",
        f"kept without an answer:     {sum(report.unanswered_kept.values())}",
        f"5xx:                        {len(report.http_5xx)} of {report.http_requests} requests"
        f" ({len(report.http_errors)} more got no answer in 30 s)",
        f"crashes / unhealthy:        {len(report.problems)} {'; '.join(report.problems)}",
        f"time: published in {report.publish_s:.1f}s, settled after {report.settle_s:.1f}s "
        f"({settled / max(report.settle_s, 1e-9):.0f} cases/s)",
        f"receipt latency, reference (quiet, one at a time, n={len(quiet)}): "
        f"p50 {percentile(quiet, 50):.0f} ms, p99 {percentile(quiet, 99):.0f} ms",
        f"receipt latency during the flood (n={len(flood)}, {LATENCY_PARTNER}): "
        f"p50 {percentile(flood, 50):.0f} ms, p99 {p99:.0f} ms  "
        f"goal p99 ≤ {GOAL_P99_MS:.0f} ms: {verdict}",
    ]


def run_fuzz_bench(*, n: int, seed: int) -> FuzzReport:
    """Start a stack of its own on free ports, flood it with ``n`` cases, print the table."""
    import tempfile

    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from zvh_local.ports import Ports

    console = Console()
    cases = generate(n, seed=seed)
    with tempfile.TemporaryDirectory(prefix="zvh-fuzz-") as tmp:
        console.print(f"starting a stack on free ports … ({n} cases, seed {seed})")
        with (
            Stack(var_dir=Path(tmp), ports=Ports.free(), say=lambda _m: None) as stack,
            Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
            ) as bar,
        ):
            tasks: dict[str, Any] = {}

            def progress(what: str, done: int, total: int) -> None:
                if what not in tasks:
                    tasks[what] = bar.add_task(what, total=total)
                bar.update(tasks[what], completed=done)

            report = asyncio.run(
                run(
                    stack_target(stack),
                    cases,
                    settle_timeout_s=max(300.0, n * 0.5),
                    idle_timeout_s=60.0,
                    progress=progress,
                )
            )
    console.print(report_table(report, title=f"zvh bench fuzz: {n} partner messages, seed {seed}"))
    for line in figures(report):
        console.print(line, highlight=False)
    for line in summary(report, limit=15):
        console.print(f"  {line}", highlight=False)
    return report

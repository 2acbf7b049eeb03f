"""The consent side of `zvh bench pdp`: raw regorus and the PDP in process, as JSON on stdout.

``python -m zvh_consent.benchmark --n 5000 [--var DIR]`` measures, in this process:

1. **raw**: regorus evaluating ``data.zvh.authz.decision`` for one fixed input (the benchmark's
   question, with the token's subject and the ``registry`` the PDP adds), ``set_input_json`` +
   ``eval_rule`` in a loop on one thread — the reference the PDP is compared with;
2. **in process**: the PDP use case as bootstrap wires it (``Decide`` with the embedded engine,
   group commit, the registers (demo convenanten seeded, read through the register cache) and
   the SQLite decision log on a fresh, migrated file under ``--var``), at concurrency 1 and 16:
   decisions/s and the p50/p99 of one decision.

`zvh bench pdp` (deploy/local) runs this as a subprocess (the CLI imports no service code), then
measures the same question over HTTP against a consent process of its own.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from zvh_contracts.pdp import Context, DecisionRequest, Resource
from zvh_platform.clock import SystemClock, utcnow

from zvh_consent.adapters.db import MIGRATIONS
from zvh_consent.adapters.db.register_bron import SqlRegisterBron
from zvh_consent.adapters.db.sqlite_decision_log import SqliteDecisionLog
from zvh_consent.adapters.db.uow import uow_factory
from zvh_consent.adapters.demo_convenanten import DEMO, demo_convenanten
from zvh_consent.adapters.policy_files import DECISION_PACKAGE, DECISION_RULE, default_policy_dir
from zvh_consent.adapters.regorus_engine import RegorusEngine, load_engine
from zvh_consent.application import convenanten
from zvh_consent.application.decide import Decide, input_doc, subject_doc
from zvh_consent.application.ports import RegisterContext, Requester
from zvh_consent.application.register_invoer import RegisterInvoer
from zvh_consent.domain.tijd import vandaag

#: The benchmark's asker and question: the procesregisseur reads a melding for triage (allowed).
REQUESTER = Requester(user="pr.jansen", org="zvh", roles=("procesregisseur",))
QUESTION = DecisionRequest(
    action="read",
    resource=Resource(type="melding", item="m-bench", eigenaar="politie-zwb", categorie="politie"),
    context=Context(doel="triage", fase=2, client_geinformeerd=True),
)
CONCURRENCIES = (1, 16)


def pct(values: list[float], p: float) -> float:
    """The ``p``-th percentile (nearest rank); NaN when empty."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))]


def raw_per_s(n: int, doc: dict[str, Any]) -> float:
    """Raw regorus evaluations per second of one input document (as the embedded engine sets it)."""
    engine = load_engine(default_policy_dir())
    rule = f"data.{DECISION_PACKAGE}.{DECISION_RULE}"
    for _ in range(min(200, n)):  # warm-up
        engine.set_input_json(json.dumps(doc))
        engine.eval_rule(rule)
    start = time.perf_counter()
    for _ in range(n):
        engine.set_input_json(json.dumps(doc))
        result = engine.eval_rule(rule)
    elapsed = time.perf_counter() - start
    if not result["allow"]:
        raise RuntimeError("the benchmark's question is not allowed by the policy")
    return n / elapsed


async def in_process(n: int, var: Path) -> tuple[dict[str, Any], dict[str, dict[str, float]]]:
    """The PDP use case on SQLite: decisions/s and latency at each concurrency; also the input
    document the PDP builds for the question (the raw measurement's input)."""
    from zvh_platform.db import make_engine, run_migrations, session_factory

    path = var / "consent-bench.db"
    url = f"sqlite+aiosqlite:///{path}"
    await run_migrations(engine_url=url, script_location=MIGRATIONS)
    db = make_engine(url)
    sessions = session_factory(db)
    engine = RegorusEngine(default_policy_dir())
    engine.warm_up()
    decision_log = SqliteDecisionLog(sessions, path=path)
    invoer = RegisterInvoer(SqlRegisterBron(sessions))
    decide = Decide(engine=engine, decision_log=decision_log, registers=invoer)
    await convenanten.zaai(
        RegisterContext(uow=uow_factory(sessions), decide=decide, clock=SystemClock()),
        convenanten=demo_convenanten(DEMO, vandaag=vandaag(utcnow())),
    )
    doc = input_doc(QUESTION, subject=subject_doc(REQUESTER))
    [doc["registry"]] = await invoer.voor([QUESTION], requester=REQUESTER, nu=utcnow())
    out: dict[str, dict[str, float]] = {}
    try:
        for _ in range(100):  # warm-up
            await decide(QUESTION, requester=REQUESTER)
        for concurrency in CONCURRENCIES:
            seconds: list[float] = []

            async def worker(count: int, seconds: list[float] = seconds) -> None:
                for _ in range(count):
                    t0 = time.perf_counter()
                    decision = await decide(QUESTION, requester=REQUESTER)
                    seconds.append(time.perf_counter() - t0)
                    if not decision.allow:
                        raise RuntimeError(f"denied in the benchmark: {decision.reasons}")

            start = time.perf_counter()
            await asyncio.gather(*(worker(n // concurrency) for _ in range(concurrency)))
            elapsed = time.perf_counter() - start
            out[str(concurrency)] = {
                "per_s": len(seconds) / elapsed,
                "p50_ms": pct(seconds, 50) * 1000,
                "p99_ms": pct(seconds, 99) * 1000,
            }
    finally:
        engine.close()
        await decision_log.close()
        await db.dispose()
    return doc, out


def measure(*, n: int, var: Path) -> dict[str, Any]:
    doc, figures = asyncio.run(in_process(n, var))
    return {"raw_per_s": raw_per_s(n, doc), "in_process": figures}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m zvh_consent.benchmark", description=__doc__)
    p.add_argument("--n", type=int, default=5000, help="evaluations / decisions per measurement")
    p.add_argument("--var", help="directory for the SQLite file (default: a temporary one)")
    args = p.parse_args(argv)
    if args.var:
        figures = measure(n=args.n, var=Path(args.var))
    else:
        with tempfile.TemporaryDirectory(prefix="zvh-pdp-bench-") as tmp:
            figures = measure(n=args.n, var=Path(tmp))
    json.dump(figures, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

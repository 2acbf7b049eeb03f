"""`zvh`: run the chain locally (up), play a partner (demo, seed), follow a melding (trace)."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
import textwrap
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType

from zvh_local import acl, demo_adapter, dlq, partner_check, postgres, rapport, setup_plan
from zvh_local.demo import DemoFailed, Endpoints, run_demo, seed
from zvh_local.ports import Ports, PortTaken, check_free
from zvh_local.supervisor import RESTART_NOTE, Stack
from zvh_local.trace import show

DEFAULT_VAR = Path("var")


def _endpoints(args: argparse.Namespace) -> Endpoints:
    return Endpoints(
        bootstrap=args.bootstrap,
        intake_url=args.intake_url.rstrip("/"),
        overleg_url=args.overleg_url.rstrip("/"),
        consent_url=args.consent_url.rstrip("/"),
        telemetry_dir=Path(args.var) / "telemetry",
    )


def _sign_in_hints(stack: Stack) -> str:
    from zvh_platform.region import load_region

    region = load_region(None)
    users = "\n".join(
        f"    {u.id:<17} {u.naam:<14} {u.org:<24} {', '.join(u.roles)}" for u in region.users
    )
    databases = f"{stack.var_dir}/*.db (SQLite)"
    if stack.database_urls:
        urls = list(stack.database_urls.values())
        server = postgres.redact(urls[0].rsplit("/", 1)[0])
        databases = f"{server}: {', '.join(sorted(u.rsplit('/', 1)[1] for u in urls))}"
    return (
        f"\nZVH keten is running — {region.naam}\n"
        f"  overleg UI   {stack.url('overleg')}/aanmelden  (pick a user, then the same user at\n"
        "               its organisation's identity provider: the OIDC stand-in, no password)\n"
        f"  intake       {stack.url('intake')}/docs\n"
        f"  consent      {stack.url('consent')}/docs\n"
        f"  notify       {stack.url('notify')}/docs\n"
        f"  broker       {stack.bootstrap}\n"
        f"  databases    {databases}\n"
        f"  mail         {stack.mail.maildir} (Maildir)\n"
        f"  logs         {stack.var_dir / 'log'}\n"
        f"  traces       {stack.var_dir / 'telemetry'}  (zvh trace <melding-id>)\n"
        f"  users:\n{users}\n"
        "  Try: pr.jansen → Triage; in another terminal: zvh demo\n"
        "  Operators: zvh dlq list (dead letters and given-up e-mail; docs/operations.md)\n"
        "Ctrl-C stops everything."
    )


def _say(msg: str) -> None:
    print(msg, flush=True)


def build_stack(
    *,
    var_dir: Path,
    ports: Ports,
    fresh: bool = False,
    postgres_url: str | None = None,
    postgres_prefix: str = postgres.DEFAULT_PREFIX,
    say: Callable[[str], None] = _say,
) -> Stack:
    """The stack `zvh up` runs: SQLite under ``var_dir``, or with ``postgres_url`` one
    PostgreSQL database per service (created if missing, dropped first when ``fresh``).

    Raises ``postgres.PostgresUnreachable`` when that server cannot be used.
    """
    urls: dict[str, str] = {}
    kept = False
    if postgres_url is not None:
        say(f"• PostgreSQL on {postgres.redact(postgres.normalise_base(postgres_url))} …")
        dbs = postgres.prepare(postgres_url, fresh=fresh, prefix=postgres_prefix)
        urls = dbs.urls
        if dbs.dropped:
            say(f"  fresh start: dropped {', '.join(dbs.dropped)}")
        if dbs.created:
            say(f"  created {', '.join(dbs.created)} (the services migrate them)")
        if dbs.kept:
            kept = True
            say(f"  keeping {', '.join(dbs.kept)} (`zvh up --postgres --fresh` drops them)")
            say(textwrap.fill(RESTART_NOTE, width=100, initial_indent="  ", subsequent_indent="  "))
    stack = Stack(var_dir=var_dir, ports=ports, fresh=fresh, database_urls=urls, say=say)
    stack.kept_data = kept
    return stack


def cmd_up(args: argparse.Namespace) -> int:
    stop = threading.Event()

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    ports = Ports.free() if args.free_ports else Ports()
    postgres_url = (
        (args.postgres_url or postgres.DEFAULT_BASE) if args.postgres or args.postgres_url else None
    )
    try:
        check_free(ports)  # before --postgres --fresh drops the databases of a running stack
        stack = build_stack(
            var_dir=Path(args.var), ports=ports, fresh=args.fresh, postgres_url=postgres_url
        )
    except PortTaken as exc:
        print(exc, file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"zvh up: {exc}", file=sys.stderr)
        return 2
    except postgres.PostgresUnreachable as exc:
        print(f"zvh up --postgres failed: {exc}", file=sys.stderr)
        return 1
    try:
        stack.start()
    except PortTaken as exc:
        print(exc, file=sys.stderr)
        return 2
    except (RuntimeError, TimeoutError) as exc:
        print(f"zvh up failed: {exc}", file=sys.stderr)
        return 1
    code = 0
    try:
        if stack.kept_data and not args.no_demo_data:
            print("• demo data: not submitted again (the kept databases hold it)", flush=True)
        elif not args.no_demo_data:
            print("• demo data: two meldingen from politie-zwb …", flush=True)
            endpoints = stack.endpoints()
            try:
                asyncio.run(seed(endpoints=endpoints))
            except DemoFailed as exc:
                print(f"  warning: demo data not seeded: {exc}", flush=True)
        print(_sign_in_hints(stack), flush=True)
        while not stop.wait(0.5):
            stack.tick()
            if not stack.broker.alive():
                print(
                    "!! the broker (tansu) died; stopping everything. `zvh up` starts again "
                    "with the data the services committed.",
                    file=sys.stderr,
                )
                code = 1
                break
    finally:
        print("\nstopping: services, SMTP, broker …", flush=True)
        stack.stop()
        print("stopped.", flush=True)
    return code


def cmd_demo(args: argparse.Namespace) -> int:
    try:
        asyncio.run(run_demo(endpoints=_endpoints(args), timeout_s=args.timeout))
    except DemoFailed as exc:
        print(f"demo failed: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    try:
        asyncio.run(seed(endpoints=_endpoints(args), timeout_s=args.timeout))
    except DemoFailed as exc:
        print(f"seed failed: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_trace(args: argparse.Namespace) -> int:
    return show(Path(args.var) / "telemetry", args.ident, timeout_s=args.wait)


def cmd_bench(args: argparse.Namespace) -> int:
    if args.target == "faults":
        return _bench_faults(args)
    from zvh_local.bench import run_overleg_bench
    from zvh_local.bench_dashboard import run_dashboard_bench
    from zvh_local.bench_flow import BACKENDS, FlowOptions, run_flow_bench
    from zvh_local.bench_pdp import run_pdp_bench
    from zvh_local.fuzz.bench import run_fuzz_bench

    try:
        if args.target == "dashboard":
            run_dashboard_bench(n=args.n or 100)
            return 0
        if args.target == "pdp":
            run_pdp_bench(n=args.n or 5000)
            return 0
        if args.target == "fuzz":
            report = run_fuzz_bench(n=args.n or 4000, seed=args.seed)
            return 0 if report.ok() else 1
        if args.target == "flow":
            backends = BACKENDS if args.backend == "both" else (args.backend,)
            opts = FlowOptions(
                throughput_n=args.n or FlowOptions.throughput_n,
                flows_n=args.flows,
                rates=tuple(float(r) for r in args.rates.split(",")),
                keep_var=Path(args.keep_var) if args.keep_var else None,
            )
            run_flow_bench(backends=backends, opts=opts)
        else:
            run_overleg_bench(n=args.n or 200)
    except (RuntimeError, TimeoutError, DemoFailed) as exc:
        print(f"bench failed: {exc}", file=sys.stderr)
        return 1
    return 0


def _bench_faults(args: argparse.Namespace) -> int:
    from zvh_local.faults.bench import run_fault_bench
    from zvh_local.faults.scenarios import BACKENDS

    backends = BACKENDS if args.backend == "both" else (args.backend,)
    try:
        results = run_fault_bench(n=args.n or 300, backends=backends, only=args.only)
    except (RuntimeError, TimeoutError, DemoFailed) as exc:
        print(f"bench failed: {exc}", file=sys.stderr)
        return 1
    return 0 if all(r.ok for r in results) else 1


def _client_options(p: argparse.ArgumentParser) -> None:
    ports = Ports()
    p.add_argument("--var", default=str(DEFAULT_VAR), help="runtime dir (default: var)")
    p.add_argument("--bootstrap", default=f"127.0.0.1:{ports.broker}", help="Kafka bootstrap")
    p.add_argument("--intake-url", default=ports.url("intake"))
    p.add_argument("--overleg-url", default=ports.url("overleg"))
    p.add_argument("--consent-url", default=ports.url("consent"))
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per step")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="zvh", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    up = sub.add_parser("up", help="start broker, SMTP, the four services and demo data")
    up.add_argument("--var", default=str(DEFAULT_VAR), help="runtime dir (default: var)")
    up.add_argument("--no-demo-data", action="store_true", help="do not submit demo meldingen")
    up.add_argument(
        "--fresh",
        action="store_true",
        help="wipe the databases first: the SQLite files under --var, or with --postgres drop "
        "and create the zvh_* databases (default: keep them across restarts)",
    )
    up.add_argument(
        "--postgres",
        action="store_true",
        help="one PostgreSQL database per service (zvh_intake, …) on --postgres-url instead of "
        "SQLite under --var; created if missing, --fresh drops them first",
    )
    up.add_argument(
        "--postgres-url",
        default=None,
        help=f"the PostgreSQL server for --postgres (implies it; default {postgres.DEFAULT_BASE})",
    )
    up.add_argument(
        "--free-ports",
        action="store_true",
        help="use free ports instead of 8000-8003/8025/9092 (printed at start-up)",
    )
    up.set_defaults(func=cmd_up)

    demo = sub.add_parser("demo", help="play a partner adapter through the whole chain")
    _client_options(demo)
    demo.set_defaults(func=cmd_demo)

    sd = sub.add_parser("seed", help="submit the demo meldingen to a running stack")
    _client_options(sd)
    sd.set_defaults(func=cmd_seed)

    be = sub.add_parser(
        "bench", help="measure on a stack of its own: pages, the flow, faults, bad input"
    )
    be.add_argument(
        "target",
        choices=["overleg", "dashboard", "flow", "faults", "fuzz", "pdp"],
        help="overleg: casus page and overlegmodus; dashboard: the procesregisseur's dashboard "
        "with 10,000 casussen and 500,000 acties (PostgreSQL); "
        "flow: throughput and latency of the chain; faults: flows under each fault; "
        "fuzz: a flood of bad partner messages; "
        "pdp: the policy decision point next to raw regorus",
    )
    be.add_argument(
        "-n",
        type=int,
        default=0,
        help="overleg: requests per page (200); dashboard: requests per page (100); "
        "flow: meldingen for throughput (500); "
        "faults: flows per scenario (300); fuzz: cases (4000); pdp: decisions per measure (5000)",
    )
    be.add_argument(
        "--backend",
        choices=["sqlite", "postgres", "both"],
        default="both",
        help="flow and faults: the services' database (PostgreSQL: fresh databases)",
    )
    be.add_argument("--only", help="faults: only scenarios whose name contains this text")
    be.add_argument("--flows", type=int, default=100, help="flow: complete flows (default 100)")
    be.add_argument(
        "--rates", default="20,100", help="flow: paced rates in meldingen/s (default 20,100)"
    )
    be.add_argument("--keep-var", help="flow: keep logs and telemetry under this directory")
    be.add_argument("--seed", type=int, default=1, help="fuzz: the seed of the cases (default 1)")
    be.set_defaults(func=cmd_bench)

    tr = sub.add_parser("trace", help="print a trace as a tree")
    tr.add_argument("ident", help="trace id or melding id")
    tr.add_argument("--var", default=str(DEFAULT_VAR), help="runtime dir (default: var)")
    tr.add_argument("--wait", type=float, default=10.0, help="seconds to wait for spans")
    tr.set_defaults(func=cmd_trace)

    dlq.add_parser(sub)
    rapport.add_parser(sub)

    ac = sub.add_parser("acl", help="the broker ACLs for the region (deploy/kafka applies them)")
    acl.add_arguments(ac)
    ac.set_defaults(func=acl.cmd_acl)
    setup_plan.add_parser(sub)

    da = sub.add_parser("demo-adapter", help="run the reference partner adapter for one partner")
    da.add_argument("--partner", required=True, help="partner code, e.g. politie-zwb")
    da.add_argument("--bootstrap", default=f"127.0.0.1:{Ports().broker}", help="Kafka bootstrap")
    da.set_defaults(func=demo_adapter.cmd_demo_adapter)

    pc = sub.add_parser(
        "partner-check", help="conformance test of a partner's adapter (Dutch report)"
    )
    pc.add_argument("--partner", required=True, help="partner code, e.g. politie-zwb")
    pc.add_argument("--bootstrap", default=f"127.0.0.1:{Ports().broker}", help="Kafka bootstrap")
    pc.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for answers")
    pc.set_defaults(func=partner_check.cmd_partner_check)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())

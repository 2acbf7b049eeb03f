"""`zvh bench dashboard`: the procesregisseur's dashboard with 10,000 casussen and 500,000 acties.

Starts its own stack on free ports with fresh PostgreSQL databases (like `zvh bench flow`),
bulk-inserts the casussen, their deelnemers and acties, overleggen with invitations and answers
straight into overleg's database with SQLAlchemy core (executemany in batches: building them
through the APIs would take hours), then requests /dashboard many times as pr.jansen and reads
the service's own ``Server-Timing``. The references, measured in the same run on the same stack:
``/healthz`` (the floor of the service) and the casus page of one bulk casus with its 50 acties.
Goal from issue 9: p95 ≤ 200 ms.

The data looks like a region after some years: casussen opened over four years, the newest 15 %
still open; every casus has 50 acties, open ones (open/loopt) around today in open casussen,
reported back (with a terugkoppeltijd) everywhere else.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import MetaData, Table, insert
from sqlalchemy.ext.asyncio import create_async_engine
from zvh_platform.testing import postgres_available, postgres_database

from zvh_local.aanmelden import sign_in
from zvh_local.bench import Meting, server_ms
from zvh_local.ports import Ports
from zvh_local.services import SERVICES
from zvh_local.supervisor import Stack

GOAL_P95_MS = 200.0
PARTNERS = (
    "politie-zwb",
    "gemeente-bergen-op-zoom",
    "ggz-wnb",
    "veilig-thuis-wbr",
    "woonkwartier",
    "bemoeizorg-wbr",
    "reclassering-nl",
)
PROCESREGISSEURS = ("pr.jansen", "pr.jansen", "pr.devos", "pr.smit")
CASUSREGISSEURS = ("gemeente.visser", "ggz.mulder", "vt.bos", None)
OPEN_DEEL = 0.15
BATCH = 10_000


@dataclass(frozen=True)
class Omvang:
    casussen: int = 10_000
    acties: int = 500_000
    overleggen: int = 400


def _batches(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _casussen(omvang: Omvang, nu: datetime, rnd: random.Random) -> list[dict[str, Any]]:
    """Opened over four years, oldest first; the newest OPEN_DEEL are still open."""
    uit = []
    periode = timedelta(days=4 * 365)
    open_vanaf = int(omvang.casussen * (1 - OPEN_DEEL))
    for i in range(omvang.casussen):
        geopend = nu - periode + periode * (i / omvang.casussen)
        open_ = i >= open_vanaf
        cr = rnd.choice(CASUSREGISSEURS)
        uit.append(
            {
                "casus_id": uuid.uuid4(),
                "melding_id": uuid.uuid4(),
                "melder": rnd.choice(PARTNERS),
                "ave_fase": rnd.choice((1, 2, 3, 3, 4, 4, 5, None)),
                "client_geinformeerd": True,
                "herbeoordeling_op": None,
                "geopend_op": geopend,
                "geopend_door": rnd.choice(PROCESREGISSEURS),
                "casusregisseur": cr,
                "casusregisseur_org": None if cr is None else "gemeente-bergen-op-zoom",
                "afgesloten_op": None if open_ else geopend + timedelta(days=rnd.randint(30, 300)),
                "afsluitreden": None if open_ else "doel-bereikt",
                "casemanagementmodel": rnd.choice(("makelaar", "coordinatie-plus", "intensief")),
                "betrokkenen": [],
            }
        )
    return uit


def _deelnemers(cs: list[dict[str, Any]], rnd: random.Random) -> Iterator[dict[str, Any]]:
    for c in cs:
        for volgorde, p in enumerate(dict.fromkeys([c["melder"], *rnd.sample(PARTNERS, 3)])):
            yield {"casus_id": c["casus_id"], "partner": p, "volgorde": volgorde}


def _acties(
    cs: list[dict[str, Any]], omvang: Omvang, nu: datetime, rnd: random.Random
) -> Iterator[dict[str, Any]]:
    per_casus = omvang.acties // len(cs)
    vandaag = nu.date()
    for c in cs:
        open_ = c["afgesloten_op"] is None
        for _ in range(per_casus):
            toegewezen = c["geopend_op"] + timedelta(days=rnd.randint(0, 20))
            if open_ and rnd.random() < 0.7:
                status = rnd.choice(("open", "open", "loopt"))
                wanneer = vandaag + timedelta(days=rnd.randint(-30, 60))
                terug = None
            else:
                status = rnd.choice(("afgerond", "afgerond", "niet-mogelijk", "niet-uitgevoerd"))
                wanneer = toegewezen.date() + timedelta(days=rnd.randint(5, 40))
                terug = min(nu, toegewezen + timedelta(days=rnd.randint(1, 45)))
            yield {
                "actie_id": uuid.uuid4(),
                "casus_id": c["casus_id"],
                "wat": "Benchactie: afspraak plannen en terugkoppelen",
                "wie": rnd.choice(PARTNERS),
                "wanneer": wanneer,
                "status": status,
                "toegewezen_op": min(toegewezen, nu),
                "teruggekoppeld_op": terug,
                "wachtlijst": False,
            }


def _overleggen(
    omvang: Omvang, nu: datetime, rnd: random.Random
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    rows, genodigden, antw = [], [], []
    for i in range(omvang.overleggen):
        gepland = nu - timedelta(days=2 * 365) + timedelta(days=2 * 365 * i / omvang.overleggen)
        start = gepland + timedelta(days=14)
        overleg_id = uuid.uuid4()
        rows.append(
            {
                "overleg_id": overleg_id,
                "soort": "casusoverleg",
                "start": start,
                "eind": start + timedelta(hours=2),
                "locatie": "Vergaderzaal 2",
                "voorzitter": "pr.jansen",
                "status": "gepland",
                "sequence": 0,
                "reeks_id": None,
                "gepland_op": gepland,
                "gepland_door": "pr.jansen",
                "verslag_vastgesteld_op": None,
            }
        )
        for volgorde, p in enumerate(rnd.sample(PARTNERS, 4)):
            genodigden.append(
                {"overleg_id": overleg_id, "partner": p, "volgorde": volgorde, "casus_ids": "[]"}
            )
            if rnd.random() < 0.9:
                antw.append(
                    {
                        "overleg_id": overleg_id,
                        "partner": p,
                        "antwoord": "komt",
                        "reden": None,
                        "beantwoord_op": gepland + timedelta(hours=rnd.randint(1, 24 * 8)),
                        "door": p,
                    }
                )
    return rows, genodigden, antw


async def vul(url: str, omvang: Omvang, *, nu: datetime, say: Callable[[str], None]) -> uuid.UUID:
    """Bulk-insert the data into overleg's (migrated) database; returns one open casus' id."""
    rnd = random.Random(9)
    engine = create_async_engine(url)
    try:
        # The tables as overleg's migrations made them (the bench does not import the service).
        schema = MetaData()
        async with engine.connect() as conn:
            await conn.run_sync(lambda sync: schema.reflect(bind=sync))
        t = schema.tables
        cs = _casussen(omvang, nu, rnd)
        ov, gen, antw = _overleggen(omvang, nu, rnd)
        bronnen: list[tuple[Table, Iterator[dict[str, Any]]]] = [
            (t["casussen"], iter(cs)),
            (t["deelnemers"], _deelnemers(cs, rnd)),
            (t["acties"], _acties(cs, omvang, nu, rnd)),
            (t["overleggen"], iter(ov)),
            (t["overleg_genodigden"], iter(gen)),
            (t["overleg_antwoorden"], iter(antw)),
        ]
        for tabel, rows in bronnen:
            t0, n = time.monotonic(), 0
            for batch in _batches(rows):
                async with engine.begin() as conn:
                    await conn.execute(insert(tabel), batch)
                n += len(batch)
            say(f"  {tabel.name}: {n:,} rows in {time.monotonic() - t0:.1f}s")
        # What autovacuum does after a bulk load: statistics, and the visibility map that lets
        # PostgreSQL answer from an index alone.
        async with engine.connect() as conn:
            auto = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await auto.exec_driver_sql("VACUUM ANALYZE")
        return next(c["casus_id"] for c in reversed(cs) if c["afgesloten_op"] is None)
    finally:
        await engine.dispose()


def meet(
    client: httpx.Client, *, naam: str, url: str, n: int, say: Callable[[str], None]
) -> Meting:
    """Warm up until three answers came back 200 (the first after a bulk load may time out at
    the PDP, which denies then), then GET ``url`` ``n`` times and keep the server times."""
    goed, pogingen = 0, 0
    while goed < 3:
        pogingen += 1
        r = client.get(url)
        if r.status_code == 200:
            goed += 1
        elif pogingen >= 20:
            raise RuntimeError(f"{url} answered {r.status_code} {pogingen} times: {r.text[-300:]}")
        else:
            say(f"  warm-up: {url} answered {r.status_code}; trying again")
    times = []
    for _ in range(n):
        r = client.get(url)
        if r.status_code != 200:
            raise RuntimeError(f"{url} answered {r.status_code} while measuring: {r.text[-300:]}")
        times.append(server_ms(r))
    return Meting(naam=naam, ms=times)


def tabel(metingen: list[Meting]) -> str:
    rows = [f"{'page':<52} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}  goal p95 ≤ {GOAL_P95_MS:.0f} ms"]
    for m in metingen:
        ok = "" if m.naam.startswith("reference") else ("ok" if m.p95 <= GOAL_P95_MS else "MISSED")
        rows.append(f"{m.naam:<52} {len(m.ms):>5} {m.p50:>8.1f} {m.p95:>8.1f}  {ok}")
    return "\n".join(rows)


@contextlib.contextmanager
def _stack(urls: dict[str, str], var: Path) -> Iterator[Stack]:
    stack = Stack(var_dir=var, ports=Ports.free(), say=lambda _m: None, database_urls=urls)
    stack.start()
    try:
        yield stack
    finally:
        stack.stop()


def run_dashboard_bench(
    *, n: int = 100, omvang: Omvang | None = None, say: Callable[[str], None] = print
) -> list[Meting]:
    """Fresh PostgreSQL databases, a stack, the data, the figures (also printed)."""
    omvang = omvang or Omvang()
    reason = postgres_available()
    if reason:
        raise RuntimeError(f"the dashboard bench needs PostgreSQL: {reason}")

    async def databases(stack: contextlib.AsyncExitStack) -> dict[str, str]:
        return {name: await stack.enter_async_context(postgres_database()) for name in SERVICES}

    loop = asyncio.new_event_loop()
    cleanup = contextlib.AsyncExitStack()
    try:
        urls = loop.run_until_complete(databases(cleanup))
        with tempfile.TemporaryDirectory(prefix="zvh-bench-dashboard-") as tmp:
            say("starting a stack on free ports (PostgreSQL) …")
            with _stack(urls, Path(tmp)) as stack:
                nu = datetime.now(UTC)
                say(
                    f"inserting {omvang.casussen:,} casussen and {omvang.acties:,} acties "
                    "into overleg's database …"
                )
                casus_id = loop.run_until_complete(vul(urls["overleg"], omvang, nu=nu, say=say))
                say(f"measuring {n} requests per page …")
                with httpx.Client(base_url=stack.url("overleg"), timeout=60) as c:
                    sign_in(c, "pr.jansen")
                    metingen = [
                        meet(c, naam="reference: GET /healthz", url="/healthz", n=n, say=say),
                        meet(
                            c,
                            naam="reference: casus page, 50 acties",
                            url=f"/casussen/{casus_id}",
                            n=n,
                            say=say,
                        ),
                        meet(
                            c,
                            naam=f"dashboard, {omvang.casussen:,} casussen, "
                            f"{omvang.acties:,} acties",
                            url="/dashboard",
                            n=n,
                            say=say,
                        ),
                        meet(
                            c,
                            naam="dashboard fragment: al bekend (intake)",
                            url="/dashboard/bekend",
                            n=n,
                            say=say,
                        ),
                    ]
    finally:
        loop.run_until_complete(cleanup.aclose())
        loop.close()
    say(tabel(metingen))
    return metingen

"""`zvh bench overleg`: server time of the busiest staff pages, next to a reference.

Starts its own stack on free ports (like the e2e tests), builds one casus with 50 acties and
200 bouwschema items through the public HTTP APIs, then requests each page many times and reads
the service's own ``Server-Timing`` header. The reference is measured in the same run on the
same stack: ``/healthz`` (the floor of the service) and the casus page of an empty casus, so the
figures compare across machines. Goal from the issue: p95 ≤ 100 ms on SQLite.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx

from zvh_local.aanmelden import sign_in
from zvh_local.demo import Endpoints, PartnerSession, demo_meldingen
from zvh_local.ports import Ports
from zvh_local.supervisor import Stack

DEELNEMERS = ("gemeente-bergen-op-zoom", "ggz-wnb", "veilig-thuis-wbr", "woonkwartier")
ONDERDELEN = (
    "beeld",
    "kansen",
    "bedreigingen",
    "beschermende-factoren",
    "risicofactoren",
    "gedeeld-vertrekpunt",
    "gezamenlijk-doel",
    "belangen",
    "scenarios",
)
CATEGORIEEN = ("politie", "zorg", "wonen", "algemeen")
GOAL_P95_MS = 100.0


@dataclass(frozen=True)
class Meting:
    """One page's server times in milliseconds."""

    naam: str
    ms: list[float]

    def pct(self, p: float) -> float:
        ordered = sorted(self.ms)
        k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
        return ordered[k]

    @property
    def p50(self) -> float:
        return statistics.median(self.ms)

    @property
    def p95(self) -> float:
        return self.pct(95)


def server_ms(response: httpx.Response) -> float:
    """The service's own time from ``Server-Timing: app;dur=<ms>``."""
    header = response.headers.get("server-timing", "")
    for part in header.split(","):
        name, _, rest = part.strip().partition(";")
        if name == "app" and rest.startswith("dur="):
            return float(rest.removeprefix("dur="))
    raise RuntimeError(f"no Server-Timing in the answer of {response.request.url}")


def meet(client: httpx.Client, *, naam: str, url: str, n: int, warmup: int = 5) -> Meting:
    """GET ``url`` ``warmup + n`` times; keep the last ``n`` server times."""
    for _ in range(warmup):
        client.get(url).raise_for_status()
    times = []
    for _ in range(n):
        r = client.get(url)
        r.raise_for_status()
        times.append(server_ms(r))
    return Meting(naam=naam, ms=times)


def tabel(metingen: list[Meting]) -> str:
    rows = [f"{'page':<44} {'n':>5} {'p50 ms':>8} {'p95 ms':>8}  goal p95 ≤ {GOAL_P95_MS:.0f} ms"]
    for m in metingen:
        ok = "" if m.naam.startswith("reference") else ("ok" if m.p95 <= GOAL_P95_MS else "MISSED")
        rows.append(f"{m.naam:<44} {len(m.ms):>5} {m.p50:>8.1f} {m.p95:>8.1f}  {ok}")
    return "\n".join(rows)


class Opbouw:
    """Builds the casus through the public APIs as the demo procesregisseur and notulist."""

    def __init__(self, session: PartnerSession, endpoints: Endpoints) -> None:
        self.s = session
        self.e = endpoints

    async def casus(self, *, uitnodigen: tuple[str, ...]) -> uuid.UUID:
        melding_id = await self.s.submit(demo_meldingen()[0])
        await self.s.read_melding(melding_id)
        await self.s.triage_casus(melding_id, uitnodigen=uitnodigen)
        return await self.s.wait_for_casus(melding_id)

    async def overleg(self, casus_ids: list[uuid.UUID]) -> uuid.UUID:
        start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
        r = await self.s.request(
            "POST",
            f"{self.e.overleg_url}/v1/overleggen",
            json={
                "soort": "casusoverleg",
                "start": start.isoformat(),
                "eind": (start + timedelta(hours=1)).isoformat(),
                "locatie": "Vergaderzaal 2",
                "voorzitter": "pr.jansen",
                "agenda": [str(c) for c in casus_ids],
            },
        )
        if r.status_code != 201:
            raise RuntimeError(f"overleg plannen: {r.status_code} {r.text[:300]}")
        return uuid.UUID(r.json()["overleg_id"])

    async def vul(
        self, casus_id: uuid.UUID, overleg_id: uuid.UUID, *, acties: int, items: int
    ) -> None:
        for i in range(acties):
            await self.s.add_actie(
                casus_id,
                wat=f"Benchactie {i + 1}: afspraak plannen en terugkoppelen",
                wie=DEELNEMERS[i % len(DEELNEMERS)],
                wanneer=date.today() + timedelta(days=7 + i % 30),
            )
        url = f"{self.e.overleg_url}/v1/casussen/{casus_id}/bouwschema"
        for i in range(items):
            r = await self.s.request(
                "POST",
                url,
                user="notulist.bakker",
                json={
                    "overleg_id": str(overleg_id),
                    "onderdeel": ONDERDELEN[i % len(ONDERDELEN)],
                    "eigenaar": (*DEELNEMERS, "politie-zwb")[i % 5],
                    "categorie": CATEGORIEEN[i % len(CATEGORIEEN)],
                    "tekst": f"Benchitem {i + 1}: wat deze partner aan tafel inbracht.",
                },
            )
            if r.status_code != 201:
                raise RuntimeError(f"bouwschema-item: {r.status_code} {r.text[:300]}")


def run_overleg_bench(*, n: int = 200, say: Callable[[str], None] = print) -> list[Meting]:
    """Start a stack, build the data, measure; returns the figures (also printed)."""
    import asyncio

    with tempfile.TemporaryDirectory(prefix="zvh-bench-") as tmp:
        stack = Stack(var_dir=Path(tmp), ports=Ports.free(), say=lambda _m: None)
        say("starting a stack on free ports …")
        t0 = time.monotonic()
        stack.start()
        try:
            endpoints = stack.endpoints(telemetry_dir=Path(tmp) / "telemetry")

            async def opbouwen() -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
                async with PartnerSession(endpoints=endpoints, timeout_s=60) as s:
                    o = Opbouw(s, endpoints)
                    leeg = await o.casus(uitnodigen=DEELNEMERS[:1])
                    vol = await o.casus(uitnodigen=DEELNEMERS)
                    overleg_id = await o.overleg([vol, leeg])
                    say("adding 50 acties and 200 bouwschema items …")
                    await o.vul(vol, overleg_id, acties=50, items=200)
                    return leeg, vol, overleg_id

            leeg, vol, overleg_id = asyncio.run(opbouwen())
            say(f"data ready after {time.monotonic() - t0:.0f}s; measuring {n} requests per page …")
            base = stack.url("overleg")
            with httpx.Client(base_url=base, timeout=30) as c:
                sign_in(c, "notulist.bakker")
                metingen = [
                    meet(c, naam="reference: GET /healthz", url="/healthz", n=n),
                    meet(
                        c, naam="reference: casus page, empty casus", url=f"/casussen/{leeg}", n=n
                    ),
                    meet(c, naam="casus page, 50 acties + 200 items", url=f"/casussen/{vol}", n=n),
                    meet(
                        c,
                        naam="overlegmodus, 50 acties + 200 items",
                        url=f"/overleggen/{overleg_id}/modus/{vol}",
                        n=n,
                    ),
                ]
        finally:
            stack.stop()
    say(tabel(metingen))
    return metingen

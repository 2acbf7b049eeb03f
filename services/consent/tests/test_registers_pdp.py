"""The PDP decides with the registers at once: a change is visible to the very next decision.

Through the HTTP API of an app wired as bootstrap does, with a register cache that lives a minute
(``registerapp``): only the invalidation on write can make a change visible this fast.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
import uuid
from collections.abc import AsyncIterator, Collection
from pathlib import Path
from typing import Any

import pytest
from consent_fakes import MemoryDecisionLog, StaticEngine, als, verzoek
from register_app import Registerapp, registerapp
from zvh_consent.adapters.demo_convenanten import DEMO
from zvh_consent.adapters.regorus_engine import RegorusEngine
from zvh_consent.application.decide import REDEN_REGISTERS, Decide
from zvh_consent.application.ports import Registerlezing
from zvh_consent.application.register_invoer import RegisterInvoer
from zvh_consent.domain.convenant import nieuw_convenant
from zvh_consent.domain.toestemming import Toestemming
from zvh_contracts.pdp import DecisionRequest

P = "0123456789abcdef0123456789abcdef"
CASUS = str(uuid.UUID("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d"))
DEELNEMERS = ["politie-zwb", "ggz-wnb", "gemeente-bergen-op-zoom"]
WGBO = "convenant ZVH, binnen de behandelrelatie (WGBO, BW art. 7:457)"


@pytest.fixture
async def app(tmp_path: Path, regorus_engine: RegorusEngine) -> AsyncIterator[Registerapp]:
    async with registerapp(tmp_path, regorus_engine, demo=DEMO) as running:
        yield running


def zorg_item(user: str = "ggz.mulder", betrokkene: str = P, item: str = "i-zorg") -> Any:
    return verzoek(
        user,
        "read",
        doel="casusoverleg",
        deelnemers=DEELNEMERS,
        type="informatie-item",
        casus=CASUS,
        item=item,
        eigenaar="politie-zwb",
        categorie="zorg",
        betrokkene=betrokkene,
    ).model_dump(mode="json")


def actielijst(user: str) -> Any:
    return verzoek(
        user, "read", doel="casusoverleg", deelnemers=DEELNEMERS, type="actielijst", casus=CASUS
    ).model_dump(mode="json")


def toestemming(status: str, **changes: Any) -> dict[str, Any]:
    return {
        "betrokkene": P,
        "casus": CASUS,
        "doel": "casusoverleg",
        "ontvanger": "ggz-wnb",
        "categorie": "zorg",
        "status": status,
        "wijze": "mondeling",
        "leeftijdsgroep": "volwassen",
        "toestemming_door": "client",
        **changes,
    }


async def beslis(app: Registerapp, user: str, body: Any) -> dict[str, Any]:
    r = await app.client.post("/v1/decisions", json=body, headers=app.token(user))
    assert r.status_code == 200, r.text
    result: dict[str, Any] = r.json()
    return result


async def test_transact_refuse_grant_withdraw_each_seen_by_the_next_decision(
    app: Registerapp,
) -> None:
    """TransAct casus 2 in the PDP: the client refuses zorg for GGZ, grants later, withdraws."""
    regisseur = app.token("gemeente.visser")
    d = await beslis(app, "ggz.mulder", zorg_item())
    assert d["allow"] and d["grondslag"] == WGBO  # no toestemming yet: the convenant's basis
    assert {"redact:bsn", "redact:geboortedatum"} <= set(d["obligations"])

    r = await app.client.post("/v1/toestemmingen", json=toestemming("geweigerd"), headers=regisseur)
    assert r.status_code == 201
    d = await beslis(app, "ggz.mulder", zorg_item())
    assert not d["allow"]
    assert d["reasons"] == [
        "geweigerd: de cliënt heeft geen toestemming gegeven om zorg-informatie te delen met "
        "ggz-wnb (doel casusoverleg)"
    ]
    assert (await beslis(app, "ggz.mulder", actielijst("ggz.mulder")))["allow"]
    assert (await beslis(app, "agent.smit", zorg_item("agent.smit")))["allow"]  # the eigenaar

    app.klok.verder(minutes=5)
    r = await app.client.post("/v1/toestemmingen", json=toestemming("gegeven"), headers=regisseur)
    grant = r.json()["id"]
    d = await beslis(app, "ggz.mulder", zorg_item())
    assert d["allow"] and d["grondslag"] == "toestemming van de cliënt (AVG art. 6 lid 1 a)"

    app.klok.verder(minutes=5)
    start = time.perf_counter()
    r = await app.client.post(f"/v1/toestemmingen/{grant}/intrekken", headers=regisseur)
    assert r.status_code == 200
    d = await beslis(app, "ggz.mulder", zorg_item())
    elapsed = time.perf_counter() - start
    assert not d["allow"] and "geen toestemming" in d["reasons"][0]
    print(f"withdrawal recorded -> next decision denied: {elapsed * 1000:.1f} ms")
    assert elapsed < 1.0


async def test_an_expired_convenant_is_seen_by_the_next_decision(app: Registerapp) -> None:
    assert (await beslis(app, "agent.smit", actielijst("agent.smit")))["allow"]
    gisteren = (app.klok.now() - dt.timedelta(days=1)).date()
    r = await app.client.put(
        "/v1/convenanten/politie-zwb",
        json={
            "van": "2025-01-01",
            "tot": gisteren.isoformat(),
            "herzien_op": "2025-06-01",
            "categorieen": [{"categorie": "politie", "basis": "wettelijke taak (Wpg art. 19)"}],
        },
        headers=app.token("beheer.dekker"),
    )
    assert r.status_code == 200 and r.json()["geldig"] is False
    d = await beslis(app, "agent.smit", actielijst("agent.smit"))
    assert not d["allow"]
    assert d["reasons"] == [
        f"geweigerd: het convenant van politie-zwb is verlopen op {gisteren.isoformat()}"
    ]
    assert (await beslis(app, "agent.smit", zorg_item("agent.smit")))["allow"]  # its own item


async def test_a_doorbreking_opens_the_items_at_once_and_ends_on_time(app: Registerapp) -> None:
    politie = {**zorg_item("vt.dewit"), "context": {"doel": "casusoverleg", "deelnemers": []}}
    politie["resource"]["categorie"] = "politie"
    d = await beslis(app, "vt.dewit", politie)
    assert not d["allow"] and "veilig-thuis-wbr is geen deelnemer van deze casus" in d["reasons"]
    r = await app.client.post(
        "/v1/doorbrekingen",
        json={
            "type": "meldcode",
            "reden": "Signalen van kindermishandeling; politie-informatie nodig voor de weging.",
            "casus": CASUS,
            "eigenaar": "politie-zwb",
            "duur_uren": 2,
        },
        headers=app.token("vt.dewit"),
    )
    assert r.status_code == 201
    d = await beslis(app, "vt.dewit", politie)
    assert d["allow"]
    assert d["grondslag"] == "doorbreking: meldcode huiselijk geweld en kindermishandeling"
    assert "log-inzage" in d["obligations"]
    app.klok.verder(hours=2)
    assert not (await beslis(app, "vt.dewit", politie))["allow"]


async def test_one_register_read_per_batch(app: Registerapp) -> None:
    requests = [zorg_item(betrokkene=f"{i:032x}", item=f"i-{i}") for i in range(5)]
    requests.append(actielijst("ggz.mulder"))
    before = app.invoer.lezingen
    r = await app.client.post(
        "/v1/decisions/batch", json={"requests": requests}, headers=app.token("ggz.mulder")
    )
    assert r.status_code == 200
    assert [d["allow"] for d in r.json()["decisions"]] == [True] * 6
    assert app.invoer.lezingen == before + 1
    r = await app.client.post(
        "/v1/decisions/batch", json={"requests": requests}, headers=app.token("ggz.mulder")
    )
    assert app.invoer.lezingen == before + 1  # nothing changed: all from the cache


# --- the cache, with a fake register source ----------------------------------------------------


class Bron:
    """Counts reads; ``pauze`` lets a read wait for an event (to interleave a change)."""

    def __init__(self) -> None:
        self.reads: list[dict[str, Any]] = []
        self.convenant_tot: dt.date | None = None
        self.pauze: asyncio.Event | None = None
        self.gestart = asyncio.Event()
        self.fout: Exception | None = None

    async def lees(
        self,
        *,
        convenanten: bool,
        betrokkenen: Collection[str],
        doorbrekingen_van: str | None,
        nu: dt.datetime,
    ) -> Registerlezing:
        self.reads.append(
            {"convenanten": convenanten, "betrokkenen": set(betrokkenen), "user": doorbrekingen_van}
        )
        self.gestart.set()
        if self.fout is not None:
            raise self.fout
        if self.pauze is not None:
            await self.pauze.wait()
        c = nieuw_convenant(
            org="ggz-wnb",
            van=dt.date(2025, 1, 1),
            tot=self.convenant_tot,
            herzien_op=dt.date(2027, 1, 1),
            categorieen={"zorg": WGBO},
        )
        toestemmingen: dict[str, list[Toestemming]] = {b: [] for b in betrokkenen}
        return Registerlezing(
            convenanten=[c] if convenanten else None,
            toestemmingen=toestemmingen if betrokkenen else None,
            doorbrekingen=[] if doorbrekingen_van else None,
        )


class Monotonic:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


NU = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)


def vraag(betrokkene: str | None = P) -> DecisionRequest:
    return verzoek(
        "ggz.mulder", "read", type="informatie-item", categorie="zorg", betrokkene=betrokkene
    )


async def test_the_cache_lives_its_age_and_forgets_on_a_change() -> None:
    bron, klok = Bron(), Monotonic()
    invoer = RegisterInvoer(bron, max_leeftijd_s=0.5, monotonic=klok)
    [reg] = await invoer.voor([vraag()], requester=als("ggz.mulder"), nu=NU)
    assert reg["convenant"]["org"] == "ggz-wnb" and reg["toestemmingen"] == []
    assert reg["nu"] == "2026-11-24T09:00:00.000000Z" and reg["vandaag"] == "2026-11-24"
    assert bron.reads == [{"convenanten": True, "betrokkenen": {P}, "user": "ggz.mulder"}]

    await invoer.voor([vraag()], requester=als("ggz.mulder"), nu=NU)
    assert len(bron.reads) == 1  # cached
    await invoer.voor([vraag("f" * 32)], requester=als("ggz.mulder"), nu=NU)
    assert bron.reads[-1] == {"convenanten": False, "betrokkenen": {"f" * 32}, "user": None}

    klok.t = 0.6  # too old: read again
    await invoer.voor([vraag()], requester=als("ggz.mulder"), nu=NU)
    assert len(bron.reads) == 3

    invoer.vergeet()
    bron.convenant_tot = dt.date(2026, 1, 1)
    [reg] = await invoer.voor([vraag()], requester=als("ggz.mulder"), nu=NU)
    assert len(bron.reads) == 4 and reg["convenant"]["tot"] == "2026-01-01"


async def test_a_read_that_started_before_a_change_is_not_kept() -> None:
    bron = Bron()
    invoer = RegisterInvoer(bron, max_leeftijd_s=60)
    bron.pauze = asyncio.Event()
    oud = asyncio.create_task(invoer.voor([vraag()], requester=als("ggz.mulder"), nu=NU))
    await bron.gestart.wait()  # the read has started
    invoer.vergeet()  # a change committed while it ran
    bron.pauze.set()
    await oud
    bron.pauze = None
    await invoer.voor([vraag()], requester=als("ggz.mulder"), nu=NU)
    assert len(bron.reads) == 2  # the stale read was answered but not cached


async def test_no_cache_at_age_zero_and_a_bounded_cache() -> None:
    bron = Bron()
    invoer = RegisterInvoer(bron, max_leeftijd_s=0)
    for _ in range(3):
        await invoer.voor([vraag()], requester=als("ggz.mulder"), nu=NU)
    assert len(bron.reads) == 3
    bron = Bron()
    invoer = RegisterInvoer(bron, max_leeftijd_s=60, max_sleutels=2)
    for b in ("a" * 32, "b" * 32, "c" * 32, "a" * 32):
        await invoer.voor([vraag(b)], requester=als("ggz.mulder"), nu=NU)
    assert [r["betrokkenen"] for r in bron.reads[1:]] == [{"b" * 32}, {"c" * 32}, {"a" * 32}]


async def test_registers_that_cannot_be_read_deny_and_are_logged() -> None:
    bron = Bron()
    bron.fout = RuntimeError("database weg")
    log = MemoryDecisionLog()
    engine = StaticEngine({"allow": True, "reasons": ["x"], "grondslag": "g"})
    decide = Decide(engine=engine, decision_log=log, registers=RegisterInvoer(bron))
    decisions = await decide.many([vraag(), vraag()], requester=als("ggz.mulder"))
    assert [d.reasons for d in decisions] == [[REDEN_REGISTERS]] * 2
    assert not any(d.allow for d in decisions) and engine.inputs == []
    assert [s.beslissing.allow for s in log.schakels] == [False, False]

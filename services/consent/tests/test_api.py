"""The HTTP API through httpx's ASGI transport, with real regorus and a migrated SQLite log."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from consent_fakes import USERS, verzoek
from fastapi import FastAPI
from zvh_consent.adapters.db import MIGRATIONS
from zvh_consent.adapters.db.decision_log import SqlDecisionLog
from zvh_consent.adapters.regorus_engine import RegorusEngine
from zvh_consent.application.decide import Decide
from zvh_consent.application.ports import ConsentHandlers
from zvh_consent.config import ConsentSettings
from zvh_consent.entrypoints.api import make_router
from zvh_platform.auth import User, issue_token
from zvh_platform.db import make_engine, run_migrations, session_factory


@pytest.fixture
def settings(tmp_path: Path) -> ConsentSettings:
    return ConsentSettings(env="test", var_dir=tmp_path)


def token(settings: ConsentSettings, user_id: str) -> dict[str, str]:
    org, roles = USERS.get(user_id, ("zvh", ["service"]))
    user = User(id=user_id, naam="", org=org, roles=roles)
    secret = settings.token_secret.get_secret_value()
    return {"Authorization": f"Bearer {issue_token(user, secret=secret)}"}


@pytest.fixture
async def client(
    settings: ConsentSettings, regorus_engine: RegorusEngine
) -> AsyncIterator[httpx.AsyncClient]:
    await run_migrations(engine_url=settings.db_url(), script_location=MIGRATIONS)
    engine = make_engine(settings.db_url())
    log = SqlDecisionLog(session_factory(engine))
    app = FastAPI()
    app.include_router(make_router(settings))
    app.state.consent = ConsentHandlers(
        decide=Decide(engine=regorus_engine, decision_log=log), decision_log=log
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://consent") as c:
        yield c
    await engine.dispose()


def body(req: Any) -> dict[str, Any]:
    result: dict[str, Any] = req.model_dump(mode="json")
    return result


MELDING = verzoek("pr.jansen", "read", type="melding", item="m-1", eigenaar="politie-zwb")


async def test_decision_requires_a_token(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/decisions", json=body(MELDING))
    assert r.status_code == 401
    r = await client.post(
        "/v1/decisions", json=body(MELDING), headers={"Authorization": "Bearer nep"}
    )
    assert r.status_code == 401


async def test_service_token_gets_a_decision(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    r = await client.post(
        "/v1/decisions", json=body(MELDING), headers=token(settings, "svc-intake")
    )
    assert r.status_code == 200
    d = r.json()
    assert d["allow"] is True
    assert d["grondslag"] == "wettelijke taak / convenant"
    assert d["policy_version"].startswith("sha256:")
    assert d["decision_id"]


async def test_user_token_gets_a_deny_with_reason(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    req = verzoek("agent.smit", "read", type="melding", item="m-1")
    r = await client.post("/v1/decisions", json=body(req), headers=token(settings, "agent.smit"))
    assert r.status_code == 200
    assert r.json()["allow"] is False
    assert "geen regel staat dit toe" in r.json()["reasons"][0]


@pytest.mark.parametrize(
    "bad",
    [
        {},
        {"subject": {"user": "x", "org": "zvh"}, "action": "read"},
        {**body(MELDING), "extra": 1},
        {**body(MELDING), "subject": {"user": "", "org": "zvh", "roles": []}},
    ],
)
async def test_invalid_body_is_422(
    client: httpx.AsyncClient, settings: ConsentSettings, bad: dict[str, Any]
) -> None:
    r = await client.post("/v1/decisions", json=bad, headers=token(settings, "svc-intake"))
    assert r.status_code == 422


async def test_fg_reads_the_log_filtered(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    svc = token(settings, "svc-intake")
    await client.post("/v1/decisions", json=body(MELDING), headers=svc)
    actielijst = verzoek(
        "agent.smit",
        "read",
        doel="casusoverleg",
        deelnemers=["politie-zwb"],
        type="actielijst",
        casus="c-9",
    )
    await client.post("/v1/decisions", json=body(actielijst), headers=svc)

    r = await client.get(
        "/v1/decisions", params={"casus": "c-9"}, headers=token(settings, "fg.devries")
    )
    assert r.status_code == 200
    # newest first: the FG's own query about c-9 is itself decided and logged
    audit, regel = r.json()
    assert (audit["user"], audit["resource"]["type"], audit["allow"]) == (
        "fg.devries",
        "audit",
        True,
    )
    assert regel["user"] == "agent.smit" and regel["resource"]["casus"] == "c-9"
    assert regel["allow"] is True and regel["aanvrager"] == "svc-intake"
    assert len(regel["hash"]) == 64

    r = await client.get(
        "/v1/decisions", params={"user": "fg.devries"}, headers=token(settings, "fg.devries")
    )
    assert r.status_code == 200
    assert [x["resource"]["type"] for x in r.json()] == ["audit", "audit"]

    r = await client.get(
        "/v1/decisions", params={"limit": 2}, headers=token(settings, "fg.devries")
    )
    assert len(r.json()) == 2


async def test_others_may_not_read_the_log(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    r = await client.get("/v1/decisions", headers=token(settings, "pr.jansen"))
    assert r.status_code == 403
    assert r.json()["detail"] == "inzage in het beslissingenlog geweigerd"
    assert r.json()["reasons"]
    r = await client.get("/v1/decisions")
    assert r.status_code == 401


async def test_limit_is_bounded(client: httpx.AsyncClient, settings: ConsentSettings) -> None:
    r = await client.get(
        "/v1/decisions", params={"limit": 0}, headers=token(settings, "fg.devries")
    )
    assert r.status_code == 422


async def test_verify_reports_the_chain(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    svc = token(settings, "svc-intake")
    for _ in range(3):
        await client.post("/v1/decisions", json=body(MELDING), headers=svc)
    r = await client.get("/v1/decisions/verify", headers=svc)
    assert r.status_code == 200
    assert r.json()["ok"] is True and r.json()["count"] == 3
    assert (await client.get("/v1/decisions/verify")).status_code == 401


async def test_platform_pdp_client_speaks_this_api(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    from zvh_platform.pdp import PdpClient

    raw = token(settings, "svc-intake")["Authorization"].removeprefix("Bearer ")
    pdp = PdpClient(base_url="http://consent", timeout_s=2.0, client=client)
    allowed = await pdp.decide(MELDING, token=raw)
    denied = await pdp.decide(verzoek("ggz.mulder", "read", type="melding"), token=raw)
    assert allowed.allow and allowed.decision_id is not None
    assert not denied.allow and denied.reasons


def batch(*requests: Any) -> dict[str, Any]:
    return {"requests": [body(r) for r in requests]}


async def test_batch_answers_in_order_and_logs_each(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    svc = token(settings, "svc-overleg")
    await client.post("/v1/decisions", json=body(MELDING), headers=svc)
    geweigerd = verzoek("agent.smit", "read", type="melding", item="m-2")
    eigen = verzoek(
        "agent.smit",
        "read",
        doel="casusoverleg",
        type="informatie-item",
        casus="c-1",
        eigenaar="politie-zwb",
        categorie="justitie",
    )
    r = await client.post(
        "/v1/decisions/batch", json=batch(MELDING, geweigerd, eigen, geweigerd), headers=svc
    )
    assert r.status_code == 200
    decisions = r.json()["decisions"]
    assert [d["allow"] for d in decisions] == [True, False, True, False]
    assert "geen regel staat dit toe" in decisions[1]["reasons"][0]
    assert decisions[2]["grondslag"] == "eigenaar van de informatie"
    assert len({d["decision_id"] for d in decisions}) == 4
    await client.post("/v1/decisions", json=body(MELDING), headers=svc)

    check = (await client.get("/v1/decisions/verify", headers=svc)).json()
    assert check["ok"] is True and check["count"] == 6
    r = await client.get(
        "/v1/decisions", params={"limit": 10}, headers=token(settings, "fg.devries")
    )
    logged = [x for x in reversed(r.json()) if x["aanvrager"] == "svc-overleg"]
    assert [x["decision_id"] for x in logged[1:5]] == [d["decision_id"] for d in decisions]
    assert [x["resource"]["item"] for x in logged[1:5]] == ["m-1", "m-2", None, "m-2"]


async def test_batch_requires_a_token(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/decisions/batch", json=batch(MELDING))
    assert r.status_code == 401
    r = await client.post(
        "/v1/decisions/batch", json=batch(MELDING), headers={"Authorization": "Bearer nep"}
    )
    assert r.status_code == 401


@pytest.mark.parametrize(
    "bad",
    [
        {"requests": []},
        {"requests": [body(MELDING)] * 101},
        {"requests": [body(MELDING), {}]},
        {**batch(MELDING), "extra": 1},
        body(MELDING),
    ],
    ids=["leeg", "101", "ongeldig-verzoek", "extra-veld", "enkel-verzoek"],
)
async def test_invalid_batch_is_422_and_logs_nothing(
    client: httpx.AsyncClient, settings: ConsentSettings, bad: dict[str, Any]
) -> None:
    svc = token(settings, "svc-intake")
    r = await client.post("/v1/decisions/batch", json=bad, headers=svc)
    assert r.status_code == 422
    assert (await client.get("/v1/decisions/verify", headers=svc)).json()["count"] == 0


async def test_batch_of_100_is_accepted(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    svc = token(settings, "svc-intake")
    r = await client.post("/v1/decisions/batch", json=batch(*[MELDING] * 100), headers=svc)
    assert r.status_code == 200
    assert len(r.json()["decisions"]) == 100
    assert (await client.get("/v1/decisions/verify", headers=svc)).json()["count"] == 100


async def test_platform_pdp_client_speaks_the_batch_api(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    from zvh_platform.pdp import PdpClient

    raw = token(settings, "svc-intake")["Authorization"].removeprefix("Bearer ")
    pdp = PdpClient(base_url="http://consent", timeout_s=2.0, client=client)
    denied = verzoek("ggz.mulder", "read", type="melding")
    decisions = await pdp.decide_many([denied, MELDING, denied], token=raw)
    assert [d.allow for d in decisions] == [False, True, False]
    assert all(d.decision_id is not None for d in decisions)

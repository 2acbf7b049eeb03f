"""The HTTP API through httpx's ASGI transport, with real regorus and a migrated SQLite log."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from consent_fakes import USERS, verzoek
from fastapi import FastAPI
from zvh_consent.adapters.db import MIGRATIONS
from zvh_consent.adapters.db.decision_log import SqlDecisionLog
from zvh_consent.adapters.db.register_bron import SqlRegisterBron
from zvh_consent.adapters.db.uow import uow_factory
from zvh_consent.adapters.demo_convenanten import DEMO, demo_convenanten
from zvh_consent.adapters.regorus_engine import RegorusEngine
from zvh_consent.application import convenanten
from zvh_consent.application.decide import Decide
from zvh_consent.application.ports import ConsentHandlers, RegisterContext
from zvh_consent.application.register_invoer import RegisterInvoer
from zvh_consent.config import ConsentSettings
from zvh_consent.domain.beslissingenlog import REDEN_TE_LAAT
from zvh_consent.domain.tijd import vandaag
from zvh_consent.entrypoints.antwoorden import MAX_BODY_BYTES
from zvh_consent.entrypoints.api import make_router
from zvh_contracts.pdp import DEADLINE_HEADER
from zvh_platform.auth import User, lokaal_token
from zvh_platform.clock import SystemClock, utcnow
from zvh_platform.db import make_engine, run_migrations, session_factory


@pytest.fixture
def settings(tmp_path: Path) -> ConsentSettings:
    return ConsentSettings(env="test", var_dir=tmp_path)


def token(settings: ConsentSettings, user_id: str) -> dict[str, str]:
    org, roles = USERS.get(user_id, ("zvh", ["service"]))
    user = User(id=user_id, naam="", org=org, roles=roles)
    return {"Authorization": f"Bearer {lokaal_token(user)}"}


@pytest.fixture
async def client(
    settings: ConsentSettings, regorus_engine: RegorusEngine
) -> AsyncIterator[httpx.AsyncClient]:
    await run_migrations(engine_url=settings.db_url(), script_location=MIGRATIONS)
    engine = make_engine(settings.db_url())
    sessions = session_factory(engine)
    log = SqlDecisionLog(sessions)
    invoer = RegisterInvoer(SqlRegisterBron(sessions))
    decide = Decide(engine=regorus_engine, decision_log=log, registers=invoer)
    ctx = RegisterContext(uow=uow_factory(sessions), decide=decide, clock=SystemClock())
    await convenanten.zaai(
        ctx, convenanten=demo_convenanten(DEMO, vandaag=vandaag(utcnow()))
    )  # as bootstrap does at first start
    app = FastAPI()
    app.include_router(make_router(settings))
    app.state.consent = ConsentHandlers(decide=decide, decision_log=log, registers=ctx)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://consent") as c:
        yield c
    await engine.dispose()


def body(req: Any) -> dict[str, Any]:
    result: dict[str, Any] = req.model_dump(mode="json")
    return result


MELDING = verzoek("pr.jansen", "read", type="melding", item="m-1", eigenaar="politie-zwb")
VAN_GGZ = verzoek("pr.jansen", "read", type="melding", item="m-1", eigenaar="ggz-wnb")


async def test_decision_requires_a_token(client: httpx.AsyncClient) -> None:
    r = await client.post("/v1/decisions", json=body(MELDING))
    assert r.status_code == 401
    r = await client.post(
        "/v1/decisions", json=body(MELDING), headers={"Authorization": "Bearer nep"}
    )
    assert r.status_code == 401


async def test_user_token_gets_a_decision(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    r = await client.post("/v1/decisions", json=body(MELDING), headers=token(settings, "pr.jansen"))
    assert r.status_code == 200
    d = r.json()
    assert d["allow"] is True
    assert d["grondslag"] == "wettelijke taak / convenant"
    assert d["policy_version"].startswith("sha256:")
    assert d["decision_id"]


async def test_a_service_token_is_decided_as_that_service(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    """A service asking with its own token about pr.jansen's read is decided as the service."""
    r = await client.post(
        "/v1/decisions", json=body(MELDING), headers=token(settings, "svc-intake")
    )
    assert r.status_code == 200
    assert r.json()["allow"] is False
    [regel] = await log_as_fg(client, settings, user="svc-intake")
    assert (regel["user"], regel["org"], regel["roles"]) == ("svc-intake", "zvh", ["service"])


async def log_as_fg(
    client: httpx.AsyncClient, settings: ConsentSettings, **params: Any
) -> list[dict[str, Any]]:
    """The FG's view of the log (newest first), without the FG's own audit reads."""
    r = await client.get("/v1/decisions", params=params, headers=token(settings, "fg.devries"))
    assert r.status_code == 200
    return [x for x in r.json() if x["resource"]["type"] != "audit"]


async def test_a_body_naming_another_user_is_decided_and_logged_as_the_token_user(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    """Issue 7's acceptance: agent.smit cannot write "pr.jansen read melding m-1" into the log."""
    assert (
        await client.post("/v1/decisions", json=body(VAN_GGZ), headers=token(settings, "pr.jansen"))
    ).json()["allow"] is True
    r = await client.post(
        "/v1/decisions", json=body(VAN_GGZ), headers=token(settings, "agent.smit")
    )
    assert r.status_code == 200
    assert r.json()["allow"] is False  # pr.jansen would have been allowed
    batch_r = await client.post(
        "/v1/decisions/batch",
        json={"requests": [body(VAN_GGZ), {**body(VAN_GGZ), "subject": None}]},
        headers=token(settings, "agent.smit"),
    )
    assert [d["allow"] for d in batch_r.json()["decisions"]] == [False, False]
    logged = await log_as_fg(client, settings, limit=10)
    assert [(x["user"], x["org"], x["roles"], x["aanvrager"]) for x in logged] == [
        ("agent.smit", "politie-zwb", ["deelnemer"], "agent.smit")
    ] * 3 + [("pr.jansen", "zvh", ["procesregisseur"], "pr.jansen")]
    assert len(await log_as_fg(client, settings, user="pr.jansen")) == 1


async def test_subject_may_be_left_out(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    zonder = {k: v for k, v in body(MELDING).items() if k != "subject"}
    r = await client.post("/v1/decisions", json=zonder, headers=token(settings, "pr.jansen"))
    assert r.status_code == 200 and r.json()["allow"] is True


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
    r = await client.post("/v1/decisions", json=bad, headers=token(settings, "pr.jansen"))
    assert r.status_code == 422
    assert r.json()["detail"] == "ongeldige beslisvraag"


def _met(pad: str, waarde: Any) -> dict[str, Any]:
    """MELDING's body with the field at dotted ``pad`` set to ``waarde``."""
    data = body(MELDING)
    *parents, last = pad.split(".")
    node = data
    for part in parents:
        node = node[part]
    node[last] = waarde
    return data


@pytest.mark.parametrize(
    ("pad", "waarde", "veld", "melding"),
    [
        ("action", "r" * 51, "action", "mag hoogstens 50 tekens lang zijn"),
        ("subject.user", "u" * 101, "subject.user", "mag hoogstens 100 tekens lang zijn"),
        ("subject.org", "o" * 64, "subject.org", "mag hoogstens 63 tekens lang zijn"),
        ("subject.roles", ["r" * 51], "subject.roles[0]", "mag hoogstens 50 tekens lang zijn"),
        ("subject.roles", ["r"] * 21, "subject.roles", "mag hoogstens 20 elementen bevatten"),
        ("resource.type", "t" * 51, "resource.type", "mag hoogstens 50 tekens lang zijn"),
        ("resource.casus", "c" * 101, "resource.casus", "mag hoogstens 100 tekens lang zijn"),
        ("resource.item", "i" * 101, "resource.item", "mag hoogstens 100 tekens lang zijn"),
        ("resource.eigenaar", "e" * 64, "resource.eigenaar", "mag hoogstens 63 tekens lang zijn"),
        ("resource.categorie", "k" * 51, "resource.categorie", "mag hoogstens 50 tekens lang zijn"),
        ("context.doel", "d" * 51, "context.doel", "mag hoogstens 50 tekens lang zijn"),
        ("context.doel", "", "context.doel", "mag niet leeg zijn"),
        ("context.fase", 100, "context.fase", "mag hoogstens 99 zijn"),
        (
            "context.deelnemers",
            ["p"] * 101,
            "context.deelnemers",
            "mag hoogstens 100 elementen bevatten",
        ),
        (
            "context.deelnemers",
            ["p" * 64],
            "context.deelnemers[0]",
            "mag hoogstens 63 tekens lang zijn",
        ),
        (
            "context.toestemmingen",
            ["t"] * 201,
            "context.toestemmingen",
            "mag hoogstens 200 elementen bevatten",
        ),
        (
            "context.toestemmingen",
            ["t" * 51],
            "context.toestemmingen[0]",
            "mag hoogstens 50 tekens lang zijn",
        ),
    ],
)
async def test_every_field_has_a_length_limit(
    client: httpx.AsyncClient,
    settings: ConsentSettings,
    pad: str,
    waarde: Any,
    veld: str,
    melding: str,
) -> None:
    """A Dutch 422 naming the field; nothing is logged, and the value is not echoed."""
    headers = token(settings, "pr.jansen")
    r = await client.post("/v1/decisions", json=_met(pad, waarde), headers=headers)
    assert r.status_code == 422
    assert r.json() == {
        "detail": "ongeldige beslisvraag",
        "fouten": [{"veld": veld, "melding": melding}],
    }
    r = await client.post(
        "/v1/decisions/batch",
        json={"requests": [body(MELDING), _met(pad, waarde)]},
        headers=headers,
    )
    assert r.status_code == 422
    assert r.json()["fouten"] == [{"veld": f"requests[1].{veld}", "melding": melding}]
    assert (await client.get("/v1/decisions/verify", headers=headers)).json()["count"] == 0


async def test_a_body_beyond_the_size_limit_is_413(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    r = await client.post(
        "/v1/decisions",
        content=b" " * (MAX_BODY_BYTES + 1),
        headers={**token(settings, "pr.jansen"), "Content-Type": "application/json"},
    )
    assert r.status_code == 413
    assert "te groot" in r.json()["detail"]


async def test_the_openapi_documents_the_bodies(client: httpx.AsyncClient) -> None:
    app = FastAPI()
    app.include_router(make_router(ConsentSettings(env="test")))
    paths = app.openapi()["paths"]
    schema = paths["/v1/decisions"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert schema["properties"]["resource"]["properties"]["item"]["anyOf"][0]["maxLength"] == 100
    assert "$ref" not in str(schema)
    batch_body = paths["/v1/decisions/batch"]["post"]["requestBody"]
    assert batch_body["content"]["application/json"]["schema"]["properties"]["requests"]


async def test_fg_reads_the_log_filtered(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    await client.post("/v1/decisions", json=body(MELDING), headers=token(settings, "pr.jansen"))
    actielijst = verzoek(
        "agent.smit",
        "read",
        doel="casusoverleg",
        deelnemers=["politie-zwb"],
        type="actielijst",
        casus="c-9",
    )
    await client.post("/v1/decisions", json=body(actielijst), headers=token(settings, "agent.smit"))

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
    assert regel["allow"] is True and regel["aanvrager"] == "agent.smit"
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
    assert uuid.UUID(r.json()["decision_id"])  # the logged refusal's id
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
    svc = token(settings, "pr.jansen")
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

    raw = token(settings, "pr.jansen")["Authorization"].removeprefix("Bearer ")
    pdp = PdpClient(base_url="http://consent", timeout_s=2.0, client=client)
    allowed = await pdp.decide(MELDING, token=raw)
    denied = await pdp.decide(
        verzoek("pr.jansen", "read", doel="casusoverleg", type="melding"), token=raw
    )
    assert allowed.allow and allowed.decision_id is not None
    assert not denied.allow and denied.reasons


def batch(*requests: Any) -> dict[str, Any]:
    return {"requests": [body(r) for r in requests]}


async def test_batch_answers_in_order_and_logs_each(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    svc = token(settings, "agent.smit")
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
    assert [d["allow"] for d in decisions] == [True, False, True, False]  # 1st: eigenaar
    assert "geen regel staat dit toe" in decisions[1]["reasons"][0]
    assert decisions[2]["grondslag"] == "eigenaar van de informatie"
    assert len({d["decision_id"] for d in decisions}) == 4
    await client.post("/v1/decisions", json=body(MELDING), headers=svc)

    check = (await client.get("/v1/decisions/verify", headers=svc)).json()
    assert check["ok"] is True and check["count"] == 6
    r = await client.get(
        "/v1/decisions", params={"limit": 10}, headers=token(settings, "fg.devries")
    )
    logged = [x for x in reversed(r.json()) if x["aanvrager"] == "agent.smit"]
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
    svc = token(settings, "pr.jansen")
    r = await client.post("/v1/decisions/batch", json=bad, headers=svc)
    assert r.status_code == 422
    assert (await client.get("/v1/decisions/verify", headers=svc)).json()["count"] == 0


async def test_batch_of_100_is_accepted(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    svc = token(settings, "pr.jansen")
    r = await client.post("/v1/decisions/batch", json=batch(*[MELDING] * 100), headers=svc)
    assert r.status_code == 200
    assert len(r.json()["decisions"]) == 100
    assert (await client.get("/v1/decisions/verify", headers=svc)).json()["count"] == 100


async def test_platform_pdp_client_speaks_the_batch_api(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    from zvh_platform.pdp import PdpClient

    raw = token(settings, "pr.jansen")["Authorization"].removeprefix("Bearer ")
    pdp = PdpClient(base_url="http://consent", timeout_s=2.0, client=client)
    denied = verzoek("pr.jansen", "read", doel="casusoverleg", type="melding")
    decisions = await pdp.decide_many([denied, MELDING, denied], token=raw)
    assert [d.allow for d in decisions] == [False, True, False]
    assert all(d.decision_id is not None for d in decisions)


@pytest.mark.parametrize("waarde", ["morgen", "2030-03-01T12:00:00", "9" * 100])
async def test_an_invalid_deadline_is_422(
    client: httpx.AsyncClient, settings: ConsentSettings, waarde: str
) -> None:
    headers = {**token(settings, "pr.jansen"), DEADLINE_HEADER: waarde}
    for path, data in (("/v1/decisions", body(MELDING)), ("/v1/decisions/batch", batch(MELDING))):
        r = await client.post(path, json=data, headers=headers)
        assert r.status_code == 422
        assert r.json()["fouten"][0]["veld"] == DEADLINE_HEADER
    assert (await client.get("/v1/decisions/verify", headers=headers)).json()["count"] == 0


async def test_a_deadline_already_passed_is_logged_and_answered_as_a_deny(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    headers = {**token(settings, "pr.jansen"), DEADLINE_HEADER: "2020-01-01T00:00:00+00:00"}
    r = await client.post("/v1/decisions", json=body(MELDING), headers=headers)
    assert r.status_code == 200
    assert r.json()["allow"] is False and r.json()["reasons"][0] == REDEN_TE_LAAT
    [regel] = await log_as_fg(client, settings)
    assert regel["allow"] is False and regel["uiterlijk"].startswith("2020-01-01T00:00:00")


async def test_a_deadline_ahead_is_logged_with_the_decision(
    client: httpx.AsyncClient, settings: ConsentSettings
) -> None:
    headers = {**token(settings, "pr.jansen"), DEADLINE_HEADER: "2999-01-01T01:00:00+01:00"}
    r = await client.post("/v1/decisions/batch", json=batch(MELDING), headers=headers)
    assert r.json()["decisions"][0]["allow"] is True
    [regel] = await log_as_fg(client, settings)
    assert regel["allow"] is True and regel["uiterlijk"].startswith("2999-01-01T00:00:00")

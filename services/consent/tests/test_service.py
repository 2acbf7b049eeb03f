"""The service as bootstrap wires it: lifespan (migrations, broker), PDP, log, both engines."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from consent_fakes import verzoek
from opa_standin import OpaStandIn
from zvh_consent.bootstrap import create_app
from zvh_consent.config import ConsentSettings
from zvh_platform.auth import User, lokaal_token
from zvh_platform.testing import free_port

pytestmark = pytest.mark.broker


def settings_for(tmp_path: Path, kafka_bootstrap: str, **extra: object) -> ConsentSettings:
    return ConsentSettings(
        env="test",
        var_dir=tmp_path,
        telemetry_dir=tmp_path / "telemetry",
        kafka_bootstrap=kafka_bootstrap,
        **extra,  # type: ignore[arg-type]
    )


def service_headers(settings: ConsentSettings) -> dict[str, str]:
    """The procesregisseur's token: the PDP decides as the token's user."""
    user = User(id="pr.jansen", naam="", org="zvh", roles=["procesregisseur"])
    return {"Authorization": f"Bearer {lokaal_token(user)}"}


async def exercise(settings: ConsentSettings) -> dict[str, object]:
    """Start the app, ask one allowed and one denied question, verify the chain."""
    app = create_app(settings)
    headers = service_headers(settings)
    allowed = verzoek("pr.jansen", "read", type="melding", item="m-1")
    denied = verzoek("pr.jansen", "read", doel="casusoverleg", type="melding", item="m-1")
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://consent") as c:
            assert (await c.get("/healthz")).json() == {"status": "ok", "service": "consent"}
            a = await c.post("/v1/decisions", json=allowed.model_dump(mode="json"), headers=headers)
            d = await c.post("/v1/decisions", json=denied.model_dump(mode="json"), headers=headers)
            v = await c.get("/v1/decisions/verify", headers=headers)
    assert a.status_code == d.status_code == v.status_code == 200
    assert a.json()["allow"] is True and d.json()["allow"] is False
    assert v.json()["ok"] is True and v.json()["count"] == 2
    return {"allowed": a.json(), "denied": d.json()}


async def test_service_with_embedded_regorus(tmp_path: Path, kafka_bootstrap: str) -> None:
    result = await exercise(settings_for(tmp_path, kafka_bootstrap))
    assert (tmp_path / "consent.db").exists()
    assert result["allowed"]["grondslag"] == "wettelijke taak / convenant"  # type: ignore[index]


async def test_service_with_opa_server(
    tmp_path: Path, kafka_bootstrap: str, opa_standin: tuple[OpaStandIn, str]
) -> None:
    standin, url = opa_standin
    await exercise(settings_for(tmp_path, kafka_bootstrap, policy_engine="opa", opa_url=url))
    assert standin.queries == ["zvh/authz/decision", "zvh/authz/decision"]


async def test_service_denies_when_opa_is_down(tmp_path: Path, kafka_bootstrap: str) -> None:
    settings = settings_for(
        tmp_path, kafka_bootstrap, policy_engine="opa", opa_url=f"http://127.0.0.1:{free_port()}"
    )
    app = create_app(settings)
    headers = service_headers(settings)
    req = verzoek("pr.jansen", "read", type="melding", item="m-1")
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://consent") as c:
            r = await c.post("/v1/decisions", json=req.model_dump(mode="json"), headers=headers)
    assert r.status_code == 200
    assert r.json()["allow"] is False
    assert r.json()["reasons"] == ["geweigerd: de policy-server (OPA) is niet bereikbaar"]


async def test_first_start_seeds_the_demo_convenanten_once(
    tmp_path: Path, kafka_bootstrap: str
) -> None:
    settings = settings_for(tmp_path, kafka_bootstrap)
    headers = service_headers(settings)
    for _ in range(2):  # a restart seeds nothing more
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://consent") as c:
                lijst = (await c.get("/v1/convenanten", headers=headers)).json()
                historie = (
                    await c.get("/v1/convenanten/politie-zwb/historie", headers=headers)
                ).json()
    geldig = {x["org"]: x["geldig"] for x in lijst}
    assert set(geldig) == set(settings.region().partner_codes())
    assert [o for o, g in geldig.items() if not g] == ["gemeente-roosendaal"]
    assert len(historie) == 1 and historie[0]["door"] == "systeem"


async def test_production_seeds_nothing(tmp_path: Path, kafka_bootstrap: str) -> None:
    settings = settings_for(tmp_path, kafka_bootstrap, demo_convenanten=False)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://consent") as c:
            r = await c.get("/v1/convenanten", headers=service_headers(settings))
    assert r.json() == []

"""``/readyz``: each readiness check by name, a failing one takes the instance out of rotation."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from sqlalchemy import MetaData
from zvh_platform.db import make_engine
from zvh_platform.service import ServiceSpec, build_app, gereedheid
from zvh_platform.settings import ServiceSettings


class Broker:
    def __init__(self, antwoord: bool | Exception) -> None:
        self.antwoord = antwoord

    async def ping(self, timeout: float | None) -> bool:  # noqa: ASYNC109 (FastStream's signature)
        if isinstance(self.antwoord, Exception):
            raise self.antwoord
        return self.antwoord


class Pdp:
    def __init__(self, bereikbaar: bool) -> None:
        self._bereikbaar = bereikbaar

    async def bereikbaar(self, *, timeout_s: float = 2.0) -> bool:
        return self._bereikbaar


#: Nothing listens on port 1: connecting fails at once.
ONBEREIKBAAR = "postgresql+asyncpg://zvh@127.0.0.1:1/zvh"


def runtime(
    tmp_path: Path, *, broker: bool | Exception = True, pdp: bool = True, db_ok: bool = True
) -> Any:
    url = f"sqlite+aiosqlite:///{tmp_path / 'svc.db'}" if db_ok else ONBEREIKBAAR
    return SimpleNamespace(
        engine=make_engine(url),
        broker=Broker(broker),
        pdp=Pdp(pdp),
    )


async def test_every_check_by_name(tmp_path: Path) -> None:
    rt = runtime(tmp_path)
    try:
        assert await gereedheid(rt, needs_pdp=True) == {
            "database": True,
            "broker": True,
            "pdp": True,
        }
        assert await gereedheid(rt, needs_pdp=False) == {"database": True, "broker": True}
    finally:
        await rt.engine.dispose()


@pytest.mark.parametrize(
    ("storing", "kapot"),
    [
        ({"broker": False}, "broker"),
        ({"broker": ConnectionError("weg")}, "broker"),
        ({"pdp": False}, "pdp"),
        ({"db_ok": False}, "database"),
    ],
)
async def test_a_failing_check_is_named_and_never_raises(
    tmp_path: Path, storing: dict[str, Any], kapot: str
) -> None:
    rt = runtime(tmp_path, **storing)
    try:
        checks = await gereedheid(rt, needs_pdp=True)
    finally:
        await rt.engine.dispose()
    assert checks[kapot] is False
    assert all(ok for naam, ok in checks.items() if naam != kapot)


async def test_not_ready_before_the_service_started() -> None:
    spec = ServiceSpec(name="proef", metadata=MetaData(), migrations=Path("."))
    app = build_app(spec, ServiceSettings(service="proef", env="test"))  # lifespan not run
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://x") as c:
        r = await c.get("/readyz")
        gezond = await c.get("/healthz")
    assert r.status_code == 503 and r.json()["checks"] == {"gestart": False}
    assert gezond.status_code == 200

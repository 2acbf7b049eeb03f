"""Every service's app: security headers, request body limit and OpenAPI docs per environment."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse
from platform_helpers import settings_for
from pydantic import BaseModel
from sqlalchemy import MetaData
from zvh_platform.keys import SigningKey
from zvh_platform.region import DEMO_REGION_FILE
from zvh_platform.service import ServiceSpec, build_app
from zvh_platform.websec import CSP

STRONG = "x7Qp2LmZ9vR4tY8wK3nB6cF1hJ5dG0sA"
LIMIT = 1000


class Stuk(BaseModel):
    tekst: str


def _router() -> APIRouter:
    router = APIRouter()

    @router.get("/api/iets")
    async def iets() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/pagina", response_class=HTMLResponse)
    async def pagina() -> str:
        return "<!doctype html><html lang='nl'><body><p>Hallo</p></body></html>"

    @router.post("/api/ruw")
    async def ruw(request: Request) -> dict[str, int]:
        return {"gelezen": len(await request.body())}

    @router.post("/api/stuk")
    async def stuk(body: Stuk) -> dict[str, int]:
        return {"lengte": len(body.tekst)}

    return router


def _app(tmp_path: Path, **extra: Any) -> FastAPI:
    spec = ServiceSpec(name="proef", metadata=MetaData(), migrations=tmp_path, routers=[_router()])
    return build_app(spec, settings_for(tmp=tmp_path, max_body_bytes=LIMIT, **extra))


@pytest.fixture
async def client(tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=_app(tmp_path))
    async with httpx.AsyncClient(transport=transport, base_url="http://proef") as c:
        yield c


def _assert_security_headers(r: httpx.Response, csp: str = CSP) -> None:
    assert r.headers["content-security-policy"] == csp
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "same-origin"
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "camera=()" in r.headers["permissions-policy"]


async def test_api_response_and_ui_page_carry_security_headers(
    client: httpx.AsyncClient,
) -> None:
    api = await client.get("/api/iets")
    page = await client.get("/pagina")
    missing = await client.get("/bestaat-niet")
    assert api.status_code == 200 and page.status_code == 200 and missing.status_code == 404
    for r in (api, page, missing):
        _assert_security_headers(r)
    assert "script-src 'self';" in CSP and "unsafe-inline" not in CSP.split("script-src")[1][:20]
    assert "frame-ancestors 'none'" in CSP


def test_csp_allows_no_inline_script_or_style() -> None:
    directives = dict(d.strip().split(" ", 1) for d in CSP.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP


async def test_docs_on_in_test_with_relaxed_csp_only_there(client: httpx.AsyncClient) -> None:
    docs = await client.get("/docs")
    schema = await client.get("/openapi.json")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    assert schema.status_code == 200 and "/api/iets" in schema.json()["paths"]
    assert "cdn.jsdelivr.net" in docs.headers["content-security-policy"]
    assert docs.headers["x-frame-options"] == "DENY"
    assert "cdn.jsdelivr.net" not in schema.headers["content-security-policy"]


async def test_docs_off_in_production(tmp_path: Path) -> None:
    app = _app(
        tmp_path,
        env="production",
        signing_key=SigningKey.generate(issuer="zvh-proef").pem(),
        pseudonym_key=STRONG[::-1],
        region_file=DEMO_REGION_FILE,
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://proef"
    ) as c:
        for path in ("/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"):
            assert (await c.get(path)).status_code == 404, path
        api = await c.get("/api/iets")
    assert api.status_code == 200
    _assert_security_headers(api)


def _too_large(r: httpx.Response) -> None:
    assert r.status_code == 413
    assert r.json() == {"detail": f"verzoek te groot: hoogstens {LIMIT} bytes"}
    _assert_security_headers(r)


async def test_body_over_limit_with_content_length_is_refused(
    client: httpx.AsyncClient,
) -> None:
    r = await client.post("/api/ruw", content=b"x" * (LIMIT + 1))
    _too_large(r)
    ok = await client.post("/api/ruw", content=b"x" * LIMIT)
    assert ok.status_code == 200 and ok.json() == {"gelezen": LIMIT}


async def _chunks(total: int, size: int = 300) -> AsyncIterator[bytes]:
    sent = 0
    while sent < total:
        part = min(size, total - sent)
        sent += part
        yield b"x" * part


@pytest.mark.parametrize("path", ["/api/ruw", "/api/stuk"])
async def test_streamed_body_over_limit_without_content_length_is_refused(
    client: httpx.AsyncClient, path: str
) -> None:
    request = client.build_request("POST", path, content=_chunks(LIMIT + 200))
    assert "content-length" not in request.headers
    _too_large(await client.send(request))


async def test_streamed_body_under_limit_passes(client: httpx.AsyncClient) -> None:
    request = client.build_request("POST", "/api/ruw", content=_chunks(LIMIT - 1))
    assert "content-length" not in request.headers
    r = await client.send(request)
    assert r.status_code == 200 and r.json() == {"gelezen": LIMIT - 1}


def test_default_limit_is_two_mib(tmp_path: Path) -> None:
    assert settings_for(tmp=tmp_path).max_body_bytes == 2 * 1024 * 1024

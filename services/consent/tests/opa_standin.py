"""A tiny OPA-compatible HTTP server for tests (no OPA binary can be installed here).

Implements what ``opa-python-client`` calls: ``GET /health``, ``GET /v1/policies`` and
``POST /v1/data/<path>`` ``{"input": …}`` → ``{"result": …}`` (``{}`` when undefined, as OPA
does). It evaluates with the embedded regorus engine over the same policy files. ``mode``
simulates faults: ``error`` (HTTP 500), ``garbage`` (not JSON), ``hang`` (never answers).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from pathlib import Path

from aiohttp import web
from zvh_consent.adapters.regorus_engine import load_engine
from zvh_platform.testing import free_port


class OpaStandIn:
    def __init__(self, policy_dir: Path) -> None:
        self.policy_dir = policy_dir
        self.engine = load_engine(policy_dir)  # built on the loop thread that serves requests
        self.mode = "ok"
        self.queries: list[str] = []

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/health", self.health)
        app.router.add_get("/v1/policies", self.policies)
        app.router.add_get("/v1/policies/", self.policies)
        app.router.add_post("/v1/data/{path:.*}", self.data)
        return app

    async def health(self, request: web.Request) -> web.Response:
        return web.json_response({})

    async def policies(self, request: web.Request) -> web.Response:
        files = sorted(
            p.relative_to(self.policy_dir).as_posix() for p in self.policy_dir.rglob("*.rego")
        )
        return web.json_response({"result": [{"id": f} for f in files]})

    async def data(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"].strip("/")
        self.queries.append(path)
        if self.mode == "hang":
            await asyncio.Event().wait()
        if self.mode == "error":
            return web.json_response({"code": "internal_error", "message": "boom"}, status=500)
        if self.mode == "garbage":
            return web.Response(text="<html>proxy error</html>", content_type="text/html")
        body = await request.json()
        self.engine.set_input_json(json.dumps(body.get("input", {})))  # booleans stay booleans
        try:
            result = self.engine.eval_rule("data." + path.replace("/", "."))
        except RuntimeError:  # regorus raises for a rule that does not exist
            return web.json_response({})
        if result is None:
            return web.json_response({})
        return web.json_response({"result": result})


@contextlib.asynccontextmanager
async def serve(policy_dir: Path) -> AsyncIterator[tuple[OpaStandIn, str]]:
    """Run the stand-in on a free port; yields it and its base URL."""
    standin = OpaStandIn(policy_dir)
    runner = web.AppRunner(standin.app())
    await runner.setup()
    port = free_port()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    try:
        yield standin, f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()

"""Test helpers for overlegmodus: an overleg in the fake store, and an ASGI SSE reader."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta
from typing import Any

from overleg_fakes import NU, Store
from zvh_contracts.vocab import OverlegSoort
from zvh_overleg.domain.overleg import Overleg


def plan_overleg(
    store: Store, agenda: list[uuid.UUID], *, soort: OverlegSoort = OverlegSoort.CASUSOVERLEG
) -> uuid.UUID:
    overleg = Overleg(
        overleg_id=uuid.uuid4(),
        soort=soort,
        start=NU + timedelta(hours=2),
        eind=NU + timedelta(hours=3),
        locatie="Vergaderzaal 1",
        voorzitter="pr.jansen",
        agenda=list(agenda),
        gepland_op=NU,
        gepland_door="pr.jansen",
    )
    store.overleggen[overleg.overleg_id] = overleg
    return overleg.overleg_id


class SseStream:
    """Drives an ASGI app directly so a streaming response can be read while it runs
    (httpx's ASGITransport waits for the whole body)."""

    def __init__(self, app: Any, path: str, *, cookie: str) -> None:
        self._app = app
        self._path = path
        self._cookie = cookie
        self._queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._disconnect = asyncio.Event()
        self._requested = False
        self._buffer = ""
        self.status: int | None = None

    async def __aenter__(self) -> SseStream:
        path, _, query = self._path.partition("?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": [
                (b"host", b"test"),
                (b"accept", b"text/event-stream"),
                (b"cookie", self._cookie.encode()),
            ],
            "client": ("127.0.0.1", 1234),
            "server": ("test", 80),
            "app": self._app,
        }

        async def receive() -> dict[str, Any]:
            if not self._requested:
                self._requested = True
                return {"type": "http.request", "body": b"", "more_body": False}
            await self._disconnect.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            await self._queue.put(message)

        self._task = asyncio.create_task(self._app(scope, receive, send))
        start = await asyncio.wait_for(self._queue.get(), 5)
        assert start["type"] == "http.response.start"
        self.status = start["status"]
        return self

    async def body(self, deadline_s: float = 2.0) -> str:
        """The whole (non-streaming) body, for error responses."""
        async with asyncio.timeout(deadline_s):
            while True:
                msg = await self._queue.get()
                self._buffer += msg.get("body", b"").decode()
                if not msg.get("more_body"):
                    return self._buffer

    async def event(self, name: str, *, containing: str = "", deadline_s: float = 2.0) -> str:
        """The data of the next event ``name`` (whose data contains ``containing``), or fail
        after ``deadline_s`` seconds."""
        async with asyncio.timeout(deadline_s):
            while True:
                while "\n\n" in self._buffer:
                    raw, self._buffer = self._buffer.split("\n\n", 1)
                    fields = [line.split(":", 1) for line in raw.split("\n") if ":" in line]
                    kind = next((v.strip() for k, v in fields if k == "event"), "message")
                    data = "\n".join(
                        v[1:] if v.startswith(" ") else v for k, v in fields if k == "data"
                    )
                    if kind == name and containing in data:
                        return data
                msg = await self._queue.get()
                self._buffer += msg.get("body", b"").decode().replace("\r\n", "\n")

    async def __aexit__(self, *exc: object) -> None:
        self._disconnect.set()
        try:
            await asyncio.wait_for(self._task, 5)
        except TimeoutError:
            self._task.cancel()

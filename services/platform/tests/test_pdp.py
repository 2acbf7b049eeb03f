"""The PDP client denies with a clear reason on every kind of failure."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import uuid
from collections.abc import AsyncIterator

import httpx
import pytest
from zvh_contracts.pdp import (
    DEADLINE_HEADER,
    MAX_BATCH,
    Context,
    DecisionRequest,
    Resource,
    Subject,
)
from zvh_platform.pdp import PdpClient
from zvh_platform.testing import free_port

REQUEST = DecisionRequest(
    subject=Subject(user="pr.jansen", org="zvh", roles=["procesregisseur"]),
    action="read",
    resource=Resource(type="melding", item="m-1", eigenaar="politie-zwb"),
    context=Context(doel="triage"),
)


def _client(handler: httpx.MockTransport) -> PdpClient:
    return PdpClient(
        base_url="http://pdp", timeout_s=1.0, client=httpx.AsyncClient(transport=handler)
    )


async def test_allow_is_passed_through_with_token() -> None:
    seen: dict[str, str] = {}
    decision_id = uuid.uuid4()

    def handler(request: httpx.Request) -> httpx.Response:
        seen["auth"] = request.headers.get("authorization", "")
        seen["path"] = request.url.path
        body = json.loads(request.content)
        assert body["resource"]["eigenaar"] == "politie-zwb"
        return httpx.Response(
            200, json={"allow": True, "reasons": ["ok"], "decision_id": str(decision_id)}
        )

    decision = await _client(httpx.MockTransport(handler)).decide(REQUEST, token="tok")
    assert decision.allow is True
    assert decision.decision_id == decision_id
    assert seen == {"auth": "Bearer tok", "path": "/v1/decisions"}


@pytest.mark.parametrize(
    ("response", "reason"),
    [
        (httpx.Response(500, text="boom"), "HTTP 500"),
        (httpx.Response(403, json={"allow": True}), "HTTP 403"),
        (httpx.Response(200, text="<html>garbage"), "onleesbaar"),
        (httpx.Response(200, json={"allow": "yes"}), "onleesbaar"),
        (httpx.Response(200, json=[1, 2]), "onleesbaar"),
    ],
)
async def test_bad_answers_deny(response: httpx.Response, reason: str) -> None:
    decision = await _client(httpx.MockTransport(lambda _: response)).decide(REQUEST, token=None)
    assert decision.allow is False
    assert any(reason in r for r in decision.reasons)


async def test_connection_refused_denies() -> None:
    client = PdpClient(base_url=f"http://127.0.0.1:{free_port()}", timeout_s=1.0)
    try:
        decision = await client.decide(REQUEST, token=None)
    finally:
        await client.aclose()
    assert decision.allow is False
    assert "niet bereikbaar" in decision.reasons[0]


@contextlib.asynccontextmanager
async def _silent_server() -> AsyncIterator[int]:
    """A real TCP server that accepts and never answers (a hung PDP)."""
    writers: list[asyncio.StreamWriter] = []

    async def on_connect(_r: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        writers.append(w)

    server = await asyncio.start_server(on_connect, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield port
    finally:
        for w in writers:
            w.close()
        server.close()
        await server.wait_closed()


async def test_timeout_denies() -> None:
    async with _silent_server() as port:
        client = PdpClient(base_url=f"http://127.0.0.1:{port}", timeout_s=0.3)
        try:
            decision = await client.decide(REQUEST, token=None)
        finally:
            await client.aclose()
    assert decision.allow is False
    assert "timeout" in decision.reasons[0]


def _request(item: str) -> DecisionRequest:
    return REQUEST.model_copy(update={"resource": Resource(type="melding", item=item)})


REQUESTS = [_request("m-1"), _request("m-2"), _request("m-3")]


async def test_decide_many_posts_one_batch_and_keeps_order() -> None:
    seen: list[tuple[str, str, list[str]]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        items = [r["resource"]["item"] for r in json.loads(request.content)["requests"]]
        seen.append((request.url.path, request.headers.get("authorization", ""), items))
        return httpx.Response(
            200,
            json={"decisions": [{"allow": i != "m-2", "reasons": [i]} for i in items]},
        )

    decisions = await _client(httpx.MockTransport(handler)).decide_many(REQUESTS, token="tok")
    assert [(d.allow, d.reasons) for d in decisions] == [
        (True, ["m-1"]),
        (False, ["m-2"]),
        (True, ["m-3"]),
    ]
    assert seen == [("/v1/decisions/batch", "Bearer tok", ["m-1", "m-2", "m-3"])]


async def test_decide_many_splits_above_the_batch_limit() -> None:
    sizes: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests = json.loads(request.content)["requests"]
        sizes.append(len(requests))
        return httpx.Response(200, json={"decisions": [{"allow": True}] * len(requests)})

    many = [_request(f"m-{i}") for i in range(MAX_BATCH + 5)]
    decisions = await _client(httpx.MockTransport(handler)).decide_many(many, token=None)
    assert len(decisions) == MAX_BATCH + 5 and all(d.allow for d in decisions)
    assert sizes == [MAX_BATCH, 5]


async def test_decide_many_of_nothing_asks_nothing() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no call expected")

    assert await _client(httpx.MockTransport(handler)).decide_many([], token=None) == []


@pytest.mark.parametrize(
    ("response", "reason"),
    [
        (httpx.Response(500, text="boom"), "HTTP 500"),
        (httpx.Response(422, json={"decisions": []}), "HTTP 422"),
        (httpx.Response(200, text="<html>garbage"), "onleesbaar"),
        (httpx.Response(200, json=[1, 2]), "onleesbaar"),
        (httpx.Response(200, json={"decisions": "ja"}), "onleesbaar"),
        (httpx.Response(200, json={"decisions": [{"allow": True}] * 2 + [{}]}), "onleesbaar"),
        (httpx.Response(200, json={"decisions": [{"allow": True}] * 2 + [7]}), "onleesbaar"),
        (httpx.Response(200, json={"decisions": [{"allow": True}] * 2}), "2 beslissingen op 3"),
        (httpx.Response(200, json={"decisions": [{"allow": True}] * 4}), "4 beslissingen op 3"),
    ],
)
async def test_decide_many_bad_answers_deny_all(response: httpx.Response, reason: str) -> None:
    decisions = await _client(httpx.MockTransport(lambda _: response)).decide_many(
        REQUESTS, token=None
    )
    assert len(decisions) == 3
    for decision in decisions:
        assert decision.allow is False
        assert decision.reasons[0].startswith("geweigerd: ")
        assert reason in decision.reasons[0]


async def test_decide_many_connection_refused_denies_all() -> None:
    client = PdpClient(base_url=f"http://127.0.0.1:{free_port()}", timeout_s=1.0)
    try:
        decisions = await client.decide_many(REQUESTS, token=None)
    finally:
        await client.aclose()
    assert [d.allow for d in decisions] == [False] * 3
    assert all("niet bereikbaar" in d.reasons[0] for d in decisions)


async def test_decide_many_timeout_denies_all() -> None:
    async with _silent_server() as port:
        client = PdpClient(base_url=f"http://127.0.0.1:{port}", timeout_s=0.3)
        try:
            decisions = await client.decide_many(REQUESTS, token=None)
        finally:
            await client.aclose()
    assert [d.allow for d in decisions] == [False] * 3
    assert all("timeout" in d.reasons[0] for d in decisions)


async def test_the_deadline_travels_as_a_header_a_margin_before_the_client_gives_up() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers[DEADLINE_HEADER])
        return httpx.Response(200, json={"allow": True})

    before = dt.datetime.now(dt.UTC)
    client = PdpClient(
        base_url="http://pdp",
        timeout_s=2.0,
        client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    )
    await client.decide(REQUEST, token=None)
    await client.decide_many(REQUESTS, token=None)
    after = dt.datetime.now(dt.UTC)
    for raw in seen:
        uiterlijk = dt.datetime.fromisoformat(raw)
        assert uiterlijk.utcoffset() == dt.timedelta(0)
        # the default margin: a fifth of the budget, at most 250 ms
        assert (
            before + dt.timedelta(seconds=1.75) <= uiterlijk <= after + dt.timedelta(seconds=1.75)
        )
    assert len(seen) == 2


@contextlib.asynccontextmanager
async def _trickling_server(*, every_s: float) -> AsyncIterator[int]:
    """A PDP whose answer arrives a byte at a time: each byte within httpx's read timeout, the
    whole answer long after the client's budget."""
    body = json.dumps({"allow": True, "reasons": ["te laat"]}).encode()

    async def on_connect(reader: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        w.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
        w.write(f"Content-Length: {len(body)}\r\n\r\n".encode())
        with contextlib.suppress(ConnectionError):
            for i in range(len(body)):
                w.write(body[i : i + 1])
                await w.drain()
                await asyncio.sleep(every_s)  # a slow PDP, not a wait for an event
        w.close()

    server = await asyncio.start_server(on_connect, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()


async def test_an_answer_arriving_after_the_budget_is_refused() -> None:
    """httpx's timeouts are per read; the client's budget is for the whole answer."""
    async with _trickling_server(every_s=0.05) as port:
        client = PdpClient(base_url=f"http://127.0.0.1:{port}", timeout_s=0.3)
        try:
            decision = await client.decide(REQUEST, token=None)
        finally:
            await client.aclose()
    assert decision.allow is False
    assert "timeout" in decision.reasons[0]

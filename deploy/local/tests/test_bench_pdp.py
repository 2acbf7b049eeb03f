"""`zvh bench pdp`'s parts with tiny numbers (the bench itself is the live run; no timings here)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from zvh_local.bench_pdp import (
    DEADLINE_HEADER,
    QUESTION,
    Latencies,
    PdpFigures,
    consent_side,
    http_load,
    rows,
)


def test_rows_compare_http_with_raw_and_judge_the_goals() -> None:
    figures = PdpFigures(
        raw_per_s=10_000.0,
        in_process={1: {"per_s": 2000.0, "p50_ms": 0.4, "p99_ms": 1.0}},
        http=[
            Latencies(concurrency=1, per_s=1000.0, seconds=[0.001] * 99 + [0.006]),
            Latencies(concurrency=16, per_s=6000.0, seconds=[0.002] * 100),
        ],
        logged=100,
        asked=100,
        chain_ok=True,
    )
    table = {name: (figure, goal) for name, figure, goal in rows(figures)}
    assert table["reference: raw regorus evaluations/s"][0] == "10,000"
    assert table["PDP over HTTP, concurrency 1: decisions/s (p50 / p99 ms)"] == (
        "1,000 (1.00 / 1.00)",
        "p99 ≤ 5 ms: ok",
    )
    assert table["HTTP decisions/s ÷ raw evaluations/s"] == ("0.600", "≥ 0.5: ok")
    assert table["decisions asked over HTTP / in the log; chain verifies"][1] == "ok"
    figures.chain_ok = False
    assert (
        dict((n, g) for n, _f, g in rows(figures))[
            "decisions asked over HTTP / in the log; chain verifies"
        ]
        == "MISSED"
    )


def test_the_consent_side_measures_raw_and_in_process(tmp_path: Path) -> None:
    side = consent_side(n=40, var=tmp_path)
    assert side["raw_per_s"] > 0
    assert set(side["in_process"]) == {"1", "16"}
    assert all(m["per_s"] > 0 for m in side["in_process"].values())


@asynccontextmanager
async def fake_pdp(seen: list[bytes]) -> AsyncIterator[int]:
    """Answers every request on a keep-alive connection with an allow (what the bench checks)."""
    answer = json.dumps({"allow": True}, separators=(",", ":")).encode()

    async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except asyncio.IncompleteReadError:
                break
            length = next(
                int(line.split(b":")[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            )
            seen.append(head + await reader.readexactly(length))
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + f"Content-Length: {len(answer)}\r\n\r\n".encode()
                + answer
            )
        writer.close()

    server = await asyncio.start_server(on_connect, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        server.close()


async def test_http_load_posts_the_question_with_token_and_deadline() -> None:
    seen: list[bytes] = []
    async with fake_pdp(seen) as port:
        m = await http_load(port=port, token="tok", n=8, concurrency=4)
    assert (m.concurrency, len(m.seconds), len(seen)) == (4, 8, 8)
    head, _, body = seen[0].partition(b"\r\n\r\n")
    assert head.startswith(b"POST /v1/decisions HTTP/1.1")
    assert b"Authorization: Bearer tok" in head
    assert DEADLINE_HEADER.encode() in head
    assert json.loads(body) == QUESTION

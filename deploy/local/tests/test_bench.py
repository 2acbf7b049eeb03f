"""The bench's arithmetic: reading Server-Timing and percentiles."""

from __future__ import annotations

import httpx
import pytest
from zvh_local.bench import Meting, server_ms, tabel


def _answer(header: str | None) -> httpx.Response:
    headers = {"server-timing": header} if header is not None else {}
    return httpx.Response(200, headers=headers, request=httpx.Request("GET", "http://t/x"))


def test_server_ms_reads_the_app_entry() -> None:
    assert server_ms(_answer("db;dur=3.5, app;dur=12.25")) == 12.25


def test_server_ms_without_header_fails_loudly() -> None:
    with pytest.raises(RuntimeError, match="no Server-Timing"):
        server_ms(_answer(None))


def test_percentiles_and_goal_column() -> None:
    m = Meting(naam="casus page", ms=[float(i) for i in range(1, 101)])
    assert m.p50 == 50.5
    assert m.p95 == 95.0
    slow = Meting(naam="overlegmodus", ms=[150.0] * 10)
    lines = tabel([m, slow, Meting(naam="reference: /healthz", ms=[1.0])]).splitlines()
    assert lines[1].endswith("ok") and lines[2].endswith("MISSED")
    assert not lines[3].endswith(("ok", "MISSED"))

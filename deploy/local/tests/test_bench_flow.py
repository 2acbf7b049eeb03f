"""`zvh bench flow`'s arithmetic and its tap, without a stack (the bench itself is the live run)."""

from __future__ import annotations

import asyncio
import json
import math

import pytest
from zvh_local.bench_flow import FlowFigures, Latency, Tap, fresh_melding, pct, rows


def test_percentile_nearest_rank_and_empty() -> None:
    values = [float(i) for i in range(1, 101)]
    assert pct(values, 50) in (50.0, 51.0)
    assert pct(values, 99) == 99.0
    assert math.isnan(pct([], 50))


def test_report_rows_show_ratio_to_raw_and_every_service() -> None:
    run = FlowFigures(
        backend="sqlite",
        raw_per_s=1000.0,
        receipt_per_s=250.0,
        flows_per_s=12.5,
        steps_s={"triage→casus": [0.1, 0.2, 0.3]},
        latencies=[Latency(rate=20, seconds=[0.1] * 98 + [0.5] * 2)],
        rss_before_mb={"intake": 100.0},
        rss_after_mb={"intake": 101.0},
        cpu_ms_per_melding={"intake": 4.25},
    )
    table = dict(rows([run]))
    assert table["  ÷ raw (goal ≥ 0.25)"] == ["0.250"]
    assert table["  median triage→casus ms"] == ["200"]
    assert table["at 20/s melding→receipt p50 / p99 ms"] == ["100 / 500"]
    assert table["RSS intake before → after MB"] == ["100 → 101"]
    assert table["CPU ms per melding intake"] == ["4.2"]
    assert {"RSS consent before → after MB", "RSS overleg before → after MB"} <= set(table)


def test_fresh_meldingen_have_their_own_referentie() -> None:
    """Intake answers a known referentie as the same melding: every bench melding must be new."""
    assert fresh_melding().melder_referentie != fresh_melding().melder_referentie


async def test_tap_answers_waiters_and_late_askers() -> None:
    tap = Tap(bootstrap="unused:0", topic_names=[], keys={"t.v1": "id"})
    waiting = asyncio.create_task(tap.wait("t.v1", "a", timeout_s=5))
    await asyncio.sleep(0)  # let the waiter register (no event involved)
    tap._note([("ce_type", b"t.v1")], json.dumps({"id": "a", "x": 1}).encode(), 10.0)
    tap._note([("ce_type", b"t.v1")], json.dumps({"id": "b"}).encode(), 11.0)
    tap._note([("ce_type", b"other")], json.dumps({"id": "c"}).encode(), 12.0)
    first = await waiting
    assert (first.at, first.body["x"]) == (10.0, 1)
    assert (await tap.wait("t.v1", "b", timeout_s=5)).at == 11.0  # arrived before it was asked
    with pytest.raises(TimeoutError, match="no other"):
        await tap.wait("other", "c", timeout_s=0.01)

"""The local stack heals and keeps its data: a crashed service comes back by itself, and a new
start over the same var dir carries on with what the services committed (services as processes,
the real broker, free ports)."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from zvh_local.demo import Endpoints, PartnerSession, demo_meldingen
from zvh_local.ports import Ports
from zvh_local.restarts import RestartPolicy
from zvh_local.supervisor import Stack
from zvh_platform.auth import lokaal_token
from zvh_platform.region import load_region

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(480)]  # two stack starts; slow on a busy machine


@pytest.fixture
def said() -> list[str]:
    return []


@pytest.fixture
def make_stack(said: list[str]) -> Iterator[Any]:
    """Stacks on free ports that are always stopped at the end."""
    started: list[Stack] = []

    def make(var: Path, ports: Ports, **kw: Any) -> Stack:
        stack = Stack(var_dir=var, ports=ports, say=said.append, health_timeout_s=90, **kw)
        started.append(stack)
        stack.start()
        return stack

    yield make
    for stack in started:
        stack.stop()


def _endpoints(stack: Stack) -> Endpoints:
    return stack.endpoints()


def _fg_headers() -> dict[str, str]:
    fg = load_region(None).user("fg.devries")
    assert fg is not None
    return {"Authorization": f"Bearer {lokaal_token(fg)}"}


def _decision_log(stack: Stack) -> tuple[dict[str, Any], set[str]]:
    """The hash-chain check and the decision ids, as the FG reads them."""
    base, headers = stack.url("consent"), _fg_headers()
    check = httpx.get(f"{base}/v1/decisions/verify", headers=headers, timeout=10).json()
    rows = httpx.get(f"{base}/v1/decisions?limit=1000", headers=headers, timeout=10).json()
    return check, {r["decision_id"] for r in rows}


async def _melding_to_actie(s: PartnerSession) -> tuple[uuid.UUID, uuid.UUID]:
    """A melding from the partner through triage to a casus whose actie reaches the partner."""
    melding = await s.submit(demo_meldingen()[0])
    await s.read_melding(melding)
    await s.triage_casus(melding)
    casus = await s.wait_for_casus(melding)
    actie = await s.add_actie(casus, wat="Huisbezoek afleggen")
    await s.wait_for_actie(actie)
    return melding, casus


async def _carry_on(stack: Stack, melding: uuid.UUID, casus: uuid.UUID) -> uuid.UUID:
    """The earlier casus and melding are there, and a new melding flows to a new casus."""
    async with PartnerSession(endpoints=_endpoints(stack), timeout_s=60) as s:
        assert (await s.casus(casus))["casus_id"] == str(casus)
        assert (await s.read_melding(melding))["melding_id"] == str(melding)
        return (await _melding_to_actie(s))[1]


async def _flow(stack: Stack) -> tuple[uuid.UUID, uuid.UUID]:
    async with PartnerSession(endpoints=_endpoints(stack), timeout_s=60) as s:
        return await _melding_to_actie(s)


def test_a_crashed_service_comes_back_and_a_restart_keeps_the_data(
    tmp_path: Path, make_stack: Any, said: list[str]
) -> None:
    # One test for both, as each stack start of four service processes costs tens of seconds.
    var, ports = tmp_path / "var", Ports.free()
    first = make_stack(var, ports, restart_policy=RestartPolicy(first_delay_s=1))

    # 1. kill -9 a service: tick() (what the `zvh up` loop calls) starts it again by itself.
    intake = first.services["intake"]
    old_pid = intake.proc.pid
    intake.kill()
    deadline = time.monotonic() + 120
    while "   intake is healthy again" not in said:
        assert time.monotonic() < deadline, f"intake did not come back: {said[-3:]}"
        first.tick()  # the test never calls restart()
        time.sleep(0.2)
    assert intake.proc.pid != old_pid and intake.healthy()
    assert any(line.startswith("!! intake exited with code -9; restarting in 1 s") for line in said)

    # 2. the restarted intake takes a melding that flows to a casus and an actie at the partner.
    melding, casus = asyncio.run(_flow(first))
    check_before, decisions_before = _decision_log(first)
    assert check_before["ok"] and decisions_before
    first.stop()

    # 3. a new start over the same var dir (and the same ports, TIME_WAIT or not) carries on.
    said.clear()
    second = make_stack(var, ports)
    assert any("keeping the databases" in line for line in said)
    assert any("consumer offsets" in " ".join(line.split()) for line in said)  # broker losses
    check_after, decisions_after = _decision_log(second)
    assert check_after["ok"], check_after
    assert check_after["count"] >= check_before["count"]
    assert decisions_before <= decisions_after
    new_casus = asyncio.run(_carry_on(second, melding, casus))
    assert new_casus != casus
    assert _decision_log(second)[0]["ok"]

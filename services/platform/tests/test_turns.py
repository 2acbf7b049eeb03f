"""WriteTurns: one writer at a time, urgent before light before full, FIFO within a lane."""

from __future__ import annotations

import asyncio

import pytest
from zvh_platform.turns import Lane, WriteTurns


async def _hold(turns: WriteTurns, lane: Lane, name: str, order: list[str]) -> None:
    async with turns.turn(lane):
        order.append(name)
        await asyncio.sleep(0)  # yield inside the turn: nobody else may enter meanwhile


async def test_waiting_writers_go_by_lane_then_arrival() -> None:
    turns = WriteTurns()
    order: list[str] = []
    running = asyncio.Event()
    release = asyncio.Event()

    async def first() -> None:
        async with turns.turn(Lane.FULL):
            order.append("running")
            running.set()
            await release.wait()

    task = asyncio.create_task(first())
    await running.wait()
    waiters = [
        asyncio.create_task(_hold(turns, lane, name, order))
        for lane, name in [
            (Lane.FULL, "full-1"),
            (Lane.LIGHT, "light-1"),
            (Lane.FULL, "full-2"),
            (Lane.URGENT, "relay"),
            (Lane.LIGHT, "light-2"),
        ]
    ]
    for _ in range(5):  # let every waiter queue up
        await asyncio.sleep(0)
    assert order == ["running"]
    release.set()
    await asyncio.gather(task, *waiters)
    assert order == ["running", "relay", "light-1", "light-2", "full-1", "full-2"]


async def test_a_free_turn_is_taken_at_once_and_released_after_an_error() -> None:
    turns = WriteTurns()
    with pytest.raises(RuntimeError):
        async with turns.turn(Lane.FULL):
            raise RuntimeError("boom")
    order: list[str] = []
    await asyncio.wait_for(_hold(turns, Lane.FULL, "after", order), timeout=1)
    assert order == ["after"]


async def test_a_cancelled_waiter_does_not_keep_the_turn() -> None:
    turns = WriteTurns()
    order: list[str] = []
    release = asyncio.Event()
    running = asyncio.Event()

    async def first() -> None:
        async with turns.turn(Lane.FULL):
            running.set()
            await release.wait()

    holder = asyncio.create_task(first())
    await running.wait()
    cancelled = asyncio.create_task(_hold(turns, Lane.URGENT, "cancelled", order))
    later = asyncio.create_task(_hold(turns, Lane.FULL, "later", order))
    await asyncio.sleep(0)
    cancelled.cancel()
    release.set()
    await asyncio.wait_for(asyncio.gather(holder, later), timeout=1)
    assert cancelled.cancelled() and order == ["later"]


async def test_a_writer_cancelled_just_as_its_turn_came_hands_it_on() -> None:
    turns = WriteTurns()
    order: list[str] = []
    mine = turns.turn(Lane.FULL)
    await mine.__aenter__()
    unlucky = asyncio.create_task(_hold(turns, Lane.LIGHT, "unlucky", order))
    later = asyncio.create_task(_hold(turns, Lane.FULL, "later", order))
    await asyncio.sleep(0)  # both wait now
    await mine.__aexit__(None, None, None)  # grants the turn to ``unlucky`` without yielding
    unlucky.cancel()  # … which is cancelled before it could run
    await asyncio.wait_for(later, timeout=1)
    assert unlucky.cancelled() and order == ["later"]

"""One writer at a time per service, and the short or urgent writes first.

SQLite has a single write lock, and its busy handler sleeps and polls instead of queueing: when
several subscriptions commit batches back to back, the others can wait for many of them. So a
service's writers take turns here instead, lowest lane first and, within a lane, in arrival order:

* ``URGENT``: the outbox relay marking what it published (a few milliseconds), so answers never
  wait behind a flood;
* ``LIGHT``: a batch smaller than the subscription's maximum, from a partner whose consumer has
  caught up — its message waits for at most the batch that is running;
* ``FULL``: a full batch, from a subscription with a backlog; full batches take turns among
  themselves, so floods from several partners share what is left.

A flood cannot starve anyone: a partner that sends more than it gets through fills its batches
and moves to the ``FULL`` lane by itself.
"""

from __future__ import annotations

import asyncio
import enum
import heapq
import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class Lane(enum.IntEnum):
    URGENT = 0
    LIGHT = 1
    FULL = 2


class WriteTurns:
    """Turns for a service's writers (see the module docstring)."""

    def __init__(self) -> None:
        self._busy = False
        self._waiting: list[tuple[int, int, asyncio.Future[None]]] = []
        self._arrival = itertools.count()

    @asynccontextmanager
    async def turn(self, lane: Lane) -> AsyncIterator[None]:
        """Hold the turn for the body; waits for the running writer and every earlier lane."""
        if self._busy or self._waiting:
            granted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            heapq.heappush(self._waiting, (int(lane), next(self._arrival), granted))
            try:
                await granted
            except asyncio.CancelledError:
                if granted.done() and not granted.cancelled():
                    self._pass_on()  # the turn came just as we were cancelled: hand it on
                raise
        else:
            self._busy = True
        try:
            yield
        finally:
            self._pass_on()

    def _pass_on(self) -> None:
        while self._waiting:
            _, _, granted = heapq.heappop(self._waiting)
            if not granted.done():  # a cancelled waiter is skipped
                granted.set_result(None)
                return
        self._busy = False

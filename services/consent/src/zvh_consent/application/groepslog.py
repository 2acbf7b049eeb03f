"""Group commit for the decision log: one transaction for all the decisions waiting.

Concurrent ``Decide`` calls each hand their records to ``GroepsLog.append_many`` and wait. One
writer task takes **everything waiting** (whole callers, up to ``max_records``), appends it with a
single ``DecisionLog.append_many`` — one transaction, the hash chain extended once per group,
callers' records in arrival order — and then resolves each caller with its own records as
logged. No decision is answered before it is logged: a caller returns only once its group is
committed. While the writer waits for the database, new callers queue up and form the next
group, so under load a group grows with the load and the cost of a commit is shared; alone, a
caller is a group of one and waits for nothing but its own commit.

If a group cannot be appended, each caller in it is tried again alone, so one caller's bad
record (or a transient error) does not deny the others' decisions; a caller whose own append
fails gets that exception (``Decide`` turns it into a deny: nothing was logged).
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Sequence

from zvh_consent.application.ports import DecisionLog
from zvh_consent.domain.beslissingenlog import Beslissing, Schakel

log = logging.getLogger(__name__)

#: Most records in one group (one transaction); a caller's records are never split.
MAX_RECORDS = 1000

_Wachtend = tuple[list[Beslissing], "asyncio.Future[list[Schakel]]"]


class LogWriterStopped(RuntimeError):
    """The writer was cancelled (shutdown) before this caller's records were logged."""


class GroepsLog:
    """Appends through ``log`` in groups; everything else goes to ``log`` directly."""

    def __init__(self, log: DecisionLog, *, max_records: int = MAX_RECORDS) -> None:
        self.log = log
        self._max = max_records
        self._waiting: list[_Wachtend] = []
        self._writer: asyncio.Task[None] | None = None
        #: Sizes of the last groups appended (records per transaction), for tests and benches.
        self.groups: deque[int] = deque(maxlen=1000)

    async def append_many(self, records: Sequence[Beslissing]) -> list[Schakel]:
        """The records as logged, in order, once the group holding them is committed."""
        if not records:
            return []
        future: asyncio.Future[list[Schakel]] = asyncio.get_running_loop().create_future()
        self._waiting.append((list(records), future))
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write(), name="beslissingenlog-groep")
        return await future

    async def _write(self) -> None:
        group: list[_Wachtend] = []
        try:
            while self._waiting:
                group = self._take()
                await self._append(group)
                group = []
        except BaseException:  # cancelled (shutdown): nobody may wait for ever
            for _records, future in [*group, *self._waiting]:
                if not future.done():
                    future.set_exception(LogWriterStopped("de logschrijver is gestopt"))
            self._waiting.clear()
            raise

    def _take(self) -> list[_Wachtend]:
        """Whole callers from the front of the queue, up to ``max_records`` (at least one)."""
        count, size = 0, 0
        for records, _future in self._waiting:
            if count and size + len(records) > self._max:
                break
            count, size = count + 1, size + len(records)
        group, self._waiting = self._waiting[:count], self._waiting[count:]
        return group

    async def _append(self, group: list[_Wachtend]) -> None:
        records = [r for recs, _ in group for r in recs]
        try:
            schakels = await self.log.append_many(records)
            if len(schakels) != len(records):
                raise RuntimeError(f"the log returned {len(schakels)} records for {len(records)}")
        except Exception as exc:
            if len(group) == 1:
                _resolve(group[0][1], exc)
                return
            log.warning(
                "a group of %d appends failed (%s): each alone", len(group), type(exc).__name__
            )
            for item in group:
                await self._append([item])
            return
        self.groups.append(len(records))
        start = 0
        for recs, future in group:
            _resolve(future, schakels[start : start + len(recs)])
            start += len(recs)


def _resolve(future: asyncio.Future[list[Schakel]], outcome: list[Schakel] | Exception) -> None:
    if future.done():  # the caller went away (cancelled); its records are logged all the same
        return
    if isinstance(outcome, Exception):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)

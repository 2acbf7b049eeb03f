"""Group commit: concurrent appends share a transaction; nobody is answered before it is logged."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest
from consent_fakes import MemoryDecisionLog, StaticEngine, als, verzoek
from test_chain import beslissing
from zvh_consent.application.decide import Decide
from zvh_consent.application.groepslog import GroepsLog, LogWriterStopped
from zvh_consent.domain.beslissingenlog import Beslissing, Schakel

ALLOW = {"allow": True, "reasons": ["mag"], "obligations": [], "grondslag": "g"}


class GatedLog(MemoryDecisionLog):
    """Counts transactions; holds each append until ``gate`` is set (a slow commit)."""

    def __init__(self) -> None:
        super().__init__()
        self.transactions: list[int] = []
        self.gate = asyncio.Event()
        self.gate.set()
        self.entered = asyncio.Event()
        self.bad_items: set[str] = set()

    async def append_many(self, records: Sequence[Beslissing]) -> list[Schakel]:
        self.entered.set()
        await self.gate.wait()
        if any(r.item in self.bad_items for r in records):
            raise RuntimeError("kapotte rij")
        self.transactions.append(len(records))
        return await super().append_many(records)


def records(*ns: int) -> list[Beslissing]:
    return [beslissing(n) for n in ns]


async def test_callers_waiting_during_a_commit_share_the_next_transaction() -> None:
    log = GatedLog()
    groep = GroepsLog(log)
    log.gate.clear()
    first = asyncio.create_task(groep.append_many(records(1)))
    await log.entered.wait()  # the first group is committing
    rest = [asyncio.create_task(groep.append_many(records(2 * i, 2 * i + 1))) for i in range(1, 6)]
    await asyncio.sleep(0)  # let them queue (no event to wait for: they only enqueue)
    assert not first.done() and not any(t.done() for t in rest)  # nothing answered unlogged
    log.gate.set()
    [eerste] = await first
    answers = await asyncio.gather(*rest)
    assert log.transactions == [1, 10]  # one transaction for everything that waited
    assert eerste.seq == 1
    assert [[s.beslissing.item for s in a] for a in answers] == [
        [f"m-{2 * i}", f"m-{2 * i + 1}"] for i in range(1, 6)
    ]
    assert [s.seq for a in answers for s in a] == list(range(2, 12))
    assert (await log.verify_chain()).ok
    assert list(groep.groups) == [1, 10]


async def test_a_caller_alone_is_a_group_of_one() -> None:
    log = GatedLog()
    groep = GroepsLog(log)
    for n in range(1, 4):
        [s] = await groep.append_many(records(n))
        assert s.seq == n
    assert log.transactions == [1, 1, 1]
    assert await groep.append_many([]) == []


async def test_a_group_never_splits_a_caller_and_stays_under_the_limit() -> None:
    log = GatedLog()
    groep = GroepsLog(log, max_records=5)
    log.gate.clear()
    first = asyncio.create_task(groep.append_many(records(1)))
    await log.entered.wait()
    waiting = [
        asyncio.create_task(groep.append_many(records(*range(10 * i, 10 * i + size))))
        for i, size in enumerate([3, 3, 7, 1], start=1)
    ]
    await asyncio.sleep(0)
    log.gate.set()
    await first
    await asyncio.gather(*waiting)
    assert log.transactions == [1, 3, 3, 7, 1]  # 3+3 > 5; 7 alone though above the limit


async def test_one_bad_caller_does_not_deny_the_others() -> None:
    log = GatedLog()
    log.bad_items = {"m-5"}
    groep = GroepsLog(log)
    log.gate.clear()
    first = asyncio.create_task(groep.append_many(records(1)))
    await log.entered.wait()
    good = asyncio.create_task(groep.append_many(records(2, 3)))
    bad = asyncio.create_task(groep.append_many(records(4, 5)))
    also_good = asyncio.create_task(groep.append_many(records(6)))
    await asyncio.sleep(0)
    log.gate.set()
    await first
    assert [s.beslissing.item for s in await good] == ["m-2", "m-3"]
    with pytest.raises(RuntimeError, match="kapotte rij"):
        await bad
    assert [s.beslissing.item for s in await also_good] == ["m-6"]
    assert [s.beslissing.item for s in log.schakels] == ["m-1", "m-2", "m-3", "m-6"]
    assert (await log.verify_chain()).ok


async def test_a_stopped_writer_leaves_nobody_waiting() -> None:
    log = GatedLog()
    groep = GroepsLog(log)
    log.gate.clear()
    first = asyncio.create_task(groep.append_many(records(1)))
    await log.entered.wait()
    second = asyncio.create_task(groep.append_many(records(2)))
    await asyncio.sleep(0)
    assert groep._writer is not None
    groep._writer.cancel()
    for task in (first, second):
        with pytest.raises(LogWriterStopped):
            await task
    log.gate.set()
    [s] = await groep.append_many(records(3))  # a new writer starts for the next caller
    assert s.beslissing.item == "m-3"


async def test_concurrent_decisions_are_logged_in_shared_transactions() -> None:
    """Decide groups on its own: 16 concurrent questions, far fewer transactions, all logged."""
    log = GatedLog()
    decide = Decide(engine=StaticEngine(ALLOW), decision_log=log)
    question = verzoek("pr.jansen", "read", type="melding", item="m-1")
    log.gate.clear()
    tasks = [asyncio.create_task(decide(question, requester=als("pr.jansen"))) for _ in range(16)]
    await log.entered.wait()
    log.gate.set()
    decisions = await asyncio.gather(*tasks)
    assert all(d.allow for d in decisions)
    assert sum(log.transactions) == 16 and len(log.transactions) < 16
    assert {s.beslissing.decision_id for s in log.schakels} == {d.decision_id for d in decisions}
    assert (await log.verify_chain()).ok

"""Stacks for the fault suite: one per backend, shared by its scenarios; the long SMTP outage
runs in the background on a stack of its own, so the suite fits in CI's time."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import threading
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from zvh_local.faults.scenarios import (
    Duren,
    Resultaat,
    fault_stack,
    run_scenario,
    smtp_down_scenario,
)
from zvh_local.supervisor import Stack
from zvh_platform.testing import postgres_available

#: Flows per scenario (CI: a few; `zvh bench faults` runs many).
FLOWS = int(os.environ.get("ZVH_FAULT_FLOWS", "3"))
DUREN = Duren(smtp_down=float(os.environ.get("ZVH_FAULT_SMTP_DOWN_S", "600")))
LONG_TEST = "test_smtp_down_ten_minutes"


class Stacks:
    """At most one backend's stack runs at a time; switching stops the other."""

    def __init__(self) -> None:
        self._exit = ExitStack()
        self._backend: str | None = None
        self._stack: Stack | None = None

    def get(self, backend: str) -> Stack:
        if backend == "postgres" and (reason := postgres_available()):
            pytest.skip(f"fault suite on PostgreSQL skipped: {reason}")
        if self._backend != backend or self._stack is None:
            self.close()
            self._stack = self._exit.enter_context(fault_stack(backend))
            self._backend = backend
        return self._stack

    def close(self) -> None:
        self._exit.close()
        self._exit = ExitStack()
        self._stack = None
        self._backend = None


@pytest.fixture(scope="session")
def smtp_outage(request: pytest.FixtureRequest) -> Iterator[concurrent.futures.Future[Resultaat]]:
    """The ten-minute SMTP outage on SQLite, started first and run beside the other scenarios.

    Started only when its test is selected; if that test does not collect the result, the
    outage is cancelled at the end of the session.
    """
    future: concurrent.futures.Future[Resultaat] = concurrent.futures.Future()
    if not any(item.name == LONG_TEST for item in request.session.items):
        future.cancel()
        yield future
        return
    loop = asyncio.new_event_loop()

    def run() -> None:
        # The stack is started from this thread and lives as long as it (procs.child_preexec).
        try:
            with fault_stack("sqlite") as stack:
                scenario = smtp_down_scenario(DUREN)
                coro = run_scenario(stack, scenario, backend="sqlite", n=FLOWS)
                future.set_result(loop.run_until_complete(coro))
        except BaseException as exc:
            if not future.done():
                future.set_exception(exc)
        finally:
            loop.close()

    thread = threading.Thread(target=run, name="zvh-fault-smtp-outage", daemon=True)
    thread.start()
    yield future
    if thread.is_alive():
        for task in asyncio.all_tasks(loop) if not loop.is_closed() else ():
            loop.call_soon_threadsafe(task.cancel)
        thread.join(timeout=60)


@pytest.fixture(scope="session")
def stacks(smtp_outage: concurrent.futures.Future[Resultaat]) -> Iterator[Stacks]:
    pool = Stacks()
    try:
        yield pool
    finally:
        pool.close()

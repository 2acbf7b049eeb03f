"""One local stack (broker, SMTP, four service processes) on free ports for the e2e module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from zvh_local.demo import Endpoints
from zvh_local.ports import Ports
from zvh_local.supervisor import Stack
from zvh_platform.clock import MovableClock


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The whole chain as separate processes; never on the fixed local ports."""
    var = Path(tmp_path_factory.mktemp("zvh-var"))
    s = Stack(
        var_dir=var,
        ports=Ports.free(),
        say=lambda _msg: None,
        health_timeout_s=90,
        extra_env={
            # The test clock (test_termijnbewaking moves it; the others leave it at the real time).
            "ZVH_TEST_CLOCK_FILE": str(var / "klok"),
            "ZVH_TERMIJN_POLL_INTERVAL_S": "0.5",
        },
    )
    s.start()
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture
def endpoints(stack: Stack) -> Endpoints:
    return stack.endpoints()


@pytest.fixture
def klok(stack: Stack) -> MovableClock:
    """The services' clock, which this test may move forward (``ZVH_TEST_CLOCK_FILE``)."""
    return MovableClock(stack.var_dir / "klok")

"""One local stack (broker, SMTP, four service processes) on free ports for the e2e module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from zvh_local.demo import Endpoints
from zvh_local.ports import Ports
from zvh_local.supervisor import Stack


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The whole chain as separate processes; never on the fixed local ports."""
    var = Path(tmp_path_factory.mktemp("zvh-var"))
    s = Stack(var_dir=var, ports=Ports.free(), say=lambda _msg: None, health_timeout_s=90)
    s.start()
    try:
        yield s
    finally:
        s.stop()


@pytest.fixture
def endpoints(stack: Stack) -> Endpoints:
    return stack.endpoints()

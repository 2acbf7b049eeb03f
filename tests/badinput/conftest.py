"""One local stack (broker, SMTP, four service processes) on free ports for the bad-input suite."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from zvh_local.ports import Ports
from zvh_local.supervisor import Stack


@pytest.fixture(scope="package")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The whole chain as separate processes; never on the fixed local ports."""
    var = Path(tmp_path_factory.mktemp("zvh-badinput"))
    with Stack(var_dir=var, ports=Ports.free(), say=lambda _m: None, health_timeout_s=90) as s:
        yield s


@pytest.fixture
def seed() -> int:
    """The suite's seed; set ZVH_FUZZ_SEED to replay another run (failures name their case id)."""
    return int(os.environ.get("ZVH_FUZZ_SEED", "20251123"))

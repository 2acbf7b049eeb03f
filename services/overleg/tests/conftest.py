"""Overleg test fixtures; makes ``overleg_fakes`` importable under --import-mode=importlib."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from overleg_fakes import FakePdp, FakeUnitOfWork, FixedClock, Store


@pytest.fixture
def store() -> Store:
    return Store()


@pytest.fixture
def uow(store: Store):  # type: ignore[no-untyped-def]
    return lambda: FakeUnitOfWork(store)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def pdp() -> FakePdp:
    return FakePdp()

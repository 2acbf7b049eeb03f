"""Intake test fixtures; makes ``intake_fakes`` importable under --import-mode=importlib."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from intake_fakes import FakeClock, FakeUnitOfWork, Store

PARTNERS = frozenset(
    {"zvh", "politie-zwb", "ggz-wnb", "gemeente-roosendaal", "veilig-thuis-wbr", "om-zwb"}
)


@pytest.fixture
def store() -> Store:
    return Store()


@pytest.fixture
def uow_factory(store: Store):  # type: ignore[no-untyped-def]
    return lambda: FakeUnitOfWork(store)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def partners() -> frozenset[str]:
    return PARTNERS

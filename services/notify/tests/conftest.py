"""Notify test fixtures; makes ``notify_fakes`` importable under --import-mode=importlib."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from notify_fakes import FakeClock, FakeMailSender, FakePartners, FakeUnitOfWork, Store


@pytest.fixture
def store() -> Store:
    return Store()


@pytest.fixture
def uow_factory(store: Store):  # type: ignore[no-untyped-def]
    return lambda: FakeUnitOfWork(store)


@pytest.fixture
def partners() -> FakePartners:
    return FakePartners("politie-zwb", "ggz-wnb", "gemeente-roosendaal", "zvh")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sender() -> FakeMailSender:
    return FakeMailSender()

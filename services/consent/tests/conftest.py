"""Consent test fixtures; makes the helper modules here importable under --import-mode=importlib."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from consent_fakes import MemoryDecisionLog
from opa_standin import OpaStandIn, serve
from zvh_consent.adapters.opa_server import OpaServerEngine
from zvh_consent.adapters.policy_files import default_policy_dir
from zvh_consent.adapters.regorus_engine import RegorusEngine


@pytest.fixture
def policy_dir() -> Path:
    return default_policy_dir()


@pytest.fixture
def memory_log() -> MemoryDecisionLog:
    return MemoryDecisionLog()


@pytest.fixture
async def regorus_engine(policy_dir: Path) -> AsyncIterator[RegorusEngine]:
    engine = RegorusEngine(policy_dir)
    yield engine
    engine.close()


@pytest.fixture
async def opa_standin(policy_dir: Path) -> AsyncIterator[tuple[OpaStandIn, str]]:
    async with serve(policy_dir) as running:
        yield running


@pytest.fixture
async def opa_engine(
    opa_standin: tuple[OpaStandIn, str], policy_dir: Path
) -> AsyncIterator[OpaServerEngine]:
    engine = OpaServerEngine(url=opa_standin[1], policy_dir=policy_dir, timeout_s=2.0)
    yield engine
    await engine.close()

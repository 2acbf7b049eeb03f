"""The embedded policy engine: Microsoft's regorus, evaluated in-process.

A regorus ``Engine`` is *unsendable* (pyo3 panics when another thread touches it), so each engine
lives on one dedicated worker thread; the event loop awaits it, which also lets ``decide`` apply
a timeout. The same module runs the ``*_test.rego`` files (OPA's ``test_`` convention).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import re
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import regorus

from zvh_consent.adapters.policy_files import (
    DECISION_PACKAGE,
    DECISION_RULE,
    policy_files,
    policy_hash,
    test_files,
)
from zvh_consent.application.ports import PolicyEngineError


def load_engine(policy_dir: Path, *, with_tests: bool = False) -> regorus.Engine:
    """A regorus engine with every policy file (and the tests, when asked) loaded (Rego v1)."""
    engine = regorus.Engine()
    files = policy_files(policy_dir) + (test_files(policy_dir) if with_tests else [])
    failure: str | None = None
    for path in files:
        try:
            engine.add_policy(path.relative_to(policy_dir).as_posix(), path.read_text("utf-8"))
        except Exception as exc:
            failure = f"{path.name}: {first_line(exc)}"
            break
    if failure is not None:
        del engine  # must die on this thread, not with a traceback elsewhere
        raise ValueError(failure)
    return engine


def first_line(exc: BaseException) -> str:
    """regorus errors carry a Rust backtrace; keep the message only."""
    text = str(exc).split("Stack backtrace", 1)[0].strip()
    return text.splitlines()[0] if text else type(exc).__name__


class RegorusEngine:
    """``PolicyEngine`` backed by regorus on one worker thread."""

    def __init__(self, policy_dir: Path, *, rule: str | None = None) -> None:
        self._policy_dir = policy_dir
        self._rule = rule or f"data.{DECISION_PACKAGE}.{DECISION_RULE}"
        self._version = policy_hash(policy_dir)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="regorus")
        self._engine: regorus.Engine | None = None

    @property
    def policy_version(self) -> str:
        return self._version

    def warm_up(self) -> None:
        """Parse the policies now, so a broken policy fails start-up instead of every request."""
        self._executor.submit(self._loaded).result()

    async def evaluate(self, input_doc: Mapping[str, Any]) -> Mapping[str, Any]:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._evaluate, dict(input_doc))

    async def evaluate_many(
        self, input_docs: Sequence[Mapping[str, Any]]
    ) -> list[Mapping[str, Any] | PolicyEngineError]:
        """Several documents in one trip to the engine's thread (a batch of decisions).

        Each document gets its answer or its own ``PolicyEngineError``; one bad input does not
        spoil the others. Saves a thread hop per decision on a page that asks many at once.
        """
        loop = asyncio.get_running_loop()
        docs = [dict(d) for d in input_docs]
        return await loop.run_in_executor(self._executor, self._evaluate_each, docs)

    def _evaluate_each(
        self, docs: list[dict[str, Any]]
    ) -> list[Mapping[str, Any] | PolicyEngineError]:
        out: list[Mapping[str, Any] | PolicyEngineError] = []
        for doc in docs:
            try:
                out.append(self._evaluate(doc))
            except PolicyEngineError as exc:
                out.append(exc)
        return out

    def close(self) -> None:
        """Drop the engine on its own thread (pyo3 refuses elsewhere), then stop the thread."""
        self._executor.submit(self._drop)
        self._executor.shutdown(wait=False)

    def _drop(self) -> None:
        self._engine = None

    def _loaded(self) -> regorus.Engine:
        if self._engine is None:
            try:
                self._engine = load_engine(self._policy_dir)
            except Exception as exc:
                raise PolicyEngineError("geweigerd: de policy kon niet worden geladen") from exc
        return self._engine

    def _evaluate(self, input_doc: dict[str, Any]) -> Mapping[str, Any]:
        engine = self._loaded()
        try:
            # As JSON: regorus' dict conversion turns Python booleans into numbers (True → 1.0),
            # so `input.resource.ingetrokken == true` would never match. JSON is faster too.
            engine.set_input_json(json.dumps(input_doc))
            result = engine.eval_rule(self._rule)
        except Exception as exc:
            raise PolicyEngineError(f"geweigerd: policy-fout ({first_line(exc)})") from exc
        if result is None:
            raise PolicyEngineError("geweigerd: de policy gaf geen beslissing (undefined)")
        if not isinstance(result, Mapping):
            raise PolicyEngineError("geweigerd: de policy gaf een ongeldig antwoord")
        return result


# --- Rego tests ------------------------------------------------------------------------------

_PACKAGE = re.compile(r"^package\s+([A-Za-z0-9_.]+)", re.MULTILINE)
_TEST_RULE = re.compile(r"^(test_[A-Za-z0-9_]+)\b", re.MULTILINE)


@dataclasses.dataclass(frozen=True, kw_only=True)
class RegoTestResult:
    """One ``test_`` rule: passed only when it evaluated to ``true``."""

    file: str
    name: str
    passed: bool
    detail: str = ""


def discover_tests(policy_dir: Path) -> list[tuple[Path, str]]:
    """``(file, data.<package>.test_x)`` for every test rule, in file order, deduplicated."""
    found: list[tuple[Path, str]] = []
    for path in test_files(policy_dir):
        text = path.read_text("utf-8")
        package = _PACKAGE.search(text)
        if package is None:
            raise ValueError(f"{path}: no package declaration")
        seen: set[str] = set()
        for name in _TEST_RULE.findall(text):
            if name not in seen:
                seen.add(name)
                found.append((path, f"data.{package.group(1)}.{name}"))
    return found


def run_policy_tests(policy_dir: Path) -> list[RegoTestResult]:
    """Evaluate every ``test_`` rule with regorus; a test passes only if it is ``true``."""
    engine = load_engine(policy_dir, with_tests=True)
    results = []
    for path, rule in discover_tests(policy_dir):
        name = rule.rsplit(".", 1)[1]
        rel = path.relative_to(policy_dir).as_posix()
        try:
            value = engine.eval_rule(rule)
        except Exception as exc:
            results.append(
                RegoTestResult(file=rel, name=name, passed=False, detail=first_line(exc))
            )
            continue
        detail = "" if value is True else f"evaluated to {value!r}"
        results.append(RegoTestResult(file=rel, name=name, passed=value is True, detail=detail))
    return results

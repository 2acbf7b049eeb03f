"""schemathesis against every service's OpenAPI on the running stack: no request gets a 5xx.

Signed in as the demo procesregisseur (bearer token and UI cookie; a beheerder for ``/beheer``),
so the generated requests reach the handlers instead of stopping at 401. Deterministic
(``derandomize``) and bounded per operation, so CI stays fast; ZVH_SCHEMATHESIS_EXAMPLES
raises the budget for a deeper run.
"""

from __future__ import annotations

import asyncio
import os
import traceback
import uuid
from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Err, Result
from zvh_local.demo import run_demo
from zvh_local.services import SERVICES
from zvh_local.supervisor import Stack
from zvh_platform.auth import lokaal_token
from zvh_platform.region import load_region

EXAMPLES = int(os.environ.get("ZVH_SCHEMATHESIS_EXAMPLES", "8"))
#: Valid requests (reach the handlers) and schema-violating ones (reach the validation).
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


Auth = tuple[dict[str, str], dict[str, str]]


def _credentials(path: str) -> Auth:
    """The procesregisseur's credentials; a beheerder's for the ``/beheer`` routes."""
    region = load_region(None)
    user = region.user("pr.jansen")
    if path.startswith("/beheer"):
        user = next((u for u in region.users if "beheerder" in u.roles), user)
    assert user is not None
    token = lokaal_token(user, ttl_s=3600)
    return {"Authorization": f"Bearer {token}"}, {"zvh_sessie": token}


@pytest.fixture(scope="module")
def known_ids(stack: Stack) -> dict[str, str]:
    """Ids of a melding, casus, actie and overleg that exist (the demo journey made them), so
    generated requests also reach the handlers behind the 404 of a random id."""
    endpoints = stack.endpoints()
    result = asyncio.run(run_demo(endpoints=endpoints, say=lambda _m: None, timeout_s=60))
    ids: dict[str, uuid.UUID | None] = {
        "melding_id": result.melding_id,
        "casus_id": result.casus_id,
        "actie_id": result.actie_id,
        "overleg_id": result.overleg_id,
    }
    return {k: str(v) for k, v in ids.items() if v is not None}


def _fuzz(
    operation: Any,
    *,
    mode: GenerationMode,
    base: str | None,
    auth: Auth,
    ids: dict[str, str],
    statuses: Counter[int],
) -> None:
    """Up to EXAMPLES generated requests to one operation; raises on the first 5xx."""

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode))
    def call(case: schemathesis.Case) -> None:
        if ids:
            case.path_parameters = {**(case.path_parameters or {}), **ids}
        # none: an ASGI schema calls the app itself
        at: dict[str, Any] = {"base_url": base} if base else {}
        response = case.call_and_validate(
            headers=auth[0], cookies=auth[1], checks=[not_a_server_error], **at
        )
        statuses[response.status_code] += 1

    call()


def _ok(result: Result[Any, Any]) -> Any:
    """The operation, or the schema error that kept schemathesis from building it."""
    if isinstance(result, Err):
        raise result.err()
    return result.ok()


def test_the_harness_reports_a_server_error() -> None:
    """A 5xx behind a valid request is caught (the check is on, the failure is raised)."""
    from fastapi import FastAPI, HTTPException

    app = FastAPI()

    @app.get("/v1/dingen/{n}")
    def ding(n: int) -> dict[str, int]:
        if n % 2:
            raise HTTPException(500, "stuk")
        return {"n": n}

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operation = _ok(next(iter(schema.get_all_operations())))
    statuses: Counter[int] = Counter()
    with pytest.raises(FailureGroup) as raised:
        _fuzz(
            operation,
            mode=GenerationMode.POSITIVE,
            base=None,
            auth=({}, {}),
            ids={},
            statuses=statuses,
        )
    assert "[500] Internal Server Error" in "".join(traceback.format_exception(raised.value)), (
        "not a server-error failure"
    )


@pytest.mark.e2e
@pytest.mark.timeout(600)
@pytest.mark.parametrize("service", SERVICES)
def test_no_generated_request_gets_a_server_error(
    stack: Stack, known_ids: dict[str, str], service: str
) -> None:
    base = stack.url(service)
    schema = schemathesis.openapi.from_url(f"{base}/openapi.json")
    failures: list[str] = []
    statuses: Counter[int] = Counter()
    operations = 0
    for result in schema.get_all_operations():
        operation = _ok(result)
        operations += 1
        params = {p.name for p in operation.path_parameters}
        existing = {k: v for k, v in known_ids.items() if k in params}
        # Generated path ids (mostly 404), then once more with ids that exist.
        for mode in MODES:
            for ids in ({}, existing) if existing else ({},):
                try:
                    _fuzz(
                        operation,
                        mode=mode,
                        base=base,
                        auth=_credentials(operation.path),
                        ids=ids,
                        statuses=statuses,
                    )
                except Unsatisfiable:  # e.g. no schema-violating request exists for it
                    print(f"{operation.label}: no {mode} request can be generated")
                except (FailureGroup, Exception) as exc:  # the failing case, described
                    failures.append(f"{operation.label} {mode} {ids or ''}: {str(exc)[:1500]}")
    print(f"{service}: {operations} operations, answers by status {dict(sorted(statuses.items()))}")
    assert operations > 0
    # Signed in: most requests reach the handlers instead of stopping at 401.
    assert statuses[401] < sum(statuses.values()) / 2, statuses
    assert failures == [], "\n\n".join(failures)

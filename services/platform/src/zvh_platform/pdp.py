"""Client of the policy decision point (consent service, ``POST /v1/decisions[/batch]``).

Deny by default (docs/architecture.md rule 4): any error, timeout, non-200 or unparsable answer
becomes a local deny with a clear reason (for a batch: a deny for every request in it). Trace
context travels through the instrumented httpx client.

**The deadline.** Each call has one total budget, ``timeout_s`` (httpx's timeouts are per phase,
so the whole call runs under ``asyncio.timeout`` as well), and an answer that arrives after it is
refused: a deny, whatever it says. The call tells the PDP its deadline in the header
``x-zvh-pdp-deadline`` — ``margin_s`` *before* the point where this client gives up, so that an
answer the PDP logged before that deadline still has the margin to travel back. The PDP logs
(and answers) a decision it could only log after that deadline as a deny, so its log never shows
a disclosure this client did not act on. The margin covers the PDP's commit, the way back and
clock skew between hosts (keep their clocks synchronised; the local stack shares one clock).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Sequence
from typing import Any

import httpx
from pydantic import ValidationError
from zvh_contracts.pdp import (
    DEADLINE_HEADER,
    MAX_BATCH,
    Decision,
    DecisionBatchRequest,
    DecisionRequest,
)

log = logging.getLogger(__name__)

DECISIONS_PATH = "/v1/decisions"
BATCH_PATH = "/v1/decisions/batch"


class PdpClient:
    """Asks the PDP; never raises for PDP trouble, returns a deny instead."""

    def __init__(
        self,
        *,
        base_url: str,
        timeout_s: float,
        client: httpx.AsyncClient | None = None,
        margin_s: float | None = None,
    ) -> None:
        self._health_url = base_url.rstrip("/") + "/healthz"
        self._url = base_url.rstrip("/") + DECISIONS_PATH
        self._batch_url = base_url.rstrip("/") + BATCH_PATH
        self._timeout = timeout_s
        #: How long before giving up the PDP's deadline lies (default: a fifth, at most 250 ms).
        self._margin = min(0.25, timeout_s / 5) if margin_s is None else margin_s
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(timeout=timeout_s)

    async def bereikbaar(self, *, timeout_s: float = 2.0) -> bool:
        """Whether the PDP answers its health check (for a service's readiness)."""
        try:
            response = await self._client.get(self._health_url, timeout=timeout_s)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
        """The PDP's decision, or a deny naming why no decision could be had."""
        answer = await self._post(self._url, content=request.model_dump_json(), token=token)
        if isinstance(answer, str):
            return self._deny(answer)
        try:
            return _decision(answer.json())
        except (ValidationError, ValueError):
            return self._deny("PDP-antwoord onleesbaar")

    async def decide_many(
        self, requests: Sequence[DecisionRequest], *, token: str | None
    ) -> list[Decision]:
        """One decision per request, in order, in one round trip per ``MAX_BATCH`` requests.

        A batch that gets no usable answer (any error, non-200, malformed body, wrong number of
        decisions) is a deny for every request in it.
        """
        decisions: list[Decision] = []
        for start in range(0, len(requests), MAX_BATCH):
            decisions += await self._decide_batch(list(requests[start : start + MAX_BATCH]), token)
        return decisions

    async def _decide_batch(
        self, requests: list[DecisionRequest], token: str | None
    ) -> list[Decision]:
        body = DecisionBatchRequest(requests=requests).model_dump_json()
        answer = await self._post(self._batch_url, content=body, token=token)
        if isinstance(answer, str):
            return self._deny_all(answer, len(requests))
        try:
            data = answer.json()
            raw = data.get("decisions") if isinstance(data, dict) else None
            if not isinstance(raw, list):
                raise ValueError("no list of decisions")
            decisions = [_decision(d) for d in raw]
        except (ValidationError, ValueError):
            return self._deny_all("PDP-antwoord onleesbaar", len(requests))
        if len(decisions) != len(requests):
            return self._deny_all(
                f"PDP gaf {len(decisions)} beslissingen op {len(requests)} vragen", len(requests)
            )
        return decisions

    async def _post(self, url: str, *, content: str, token: str | None) -> httpx.Response | str:
        """The 200 response that arrived within the budget, or the reason there is none."""
        start = time.monotonic()
        uiterlijk = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self._timeout - self._margin)
        headers = {
            "Content-Type": "application/json",
            DEADLINE_HEADER: uiterlijk.isoformat(timespec="microseconds"),
        }
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            async with asyncio.timeout(self._timeout):
                response = await self._client.post(
                    url, content=content, headers=headers, timeout=self._timeout
                )
                await response.aread()
        except (httpx.TimeoutException, TimeoutError):
            return f"PDP gaf geen antwoord binnen {self._timeout:g}s (timeout)"
        except httpx.HTTPError as exc:
            return f"PDP niet bereikbaar ({type(exc).__name__})"
        except Exception as exc:
            return f"PDP-aanroep mislukt ({type(exc).__name__})"
        if time.monotonic() - start > self._timeout:
            return f"PDP antwoordde na de deadline van {self._timeout:g}s"
        if response.status_code != 200:
            return f"PDP antwoordde met HTTP {response.status_code}"
        return response

    @staticmethod
    def _deny_all(reason: str, count: int) -> list[Decision]:
        log.warning("PDP deny without decision for a batch of %d: %s", count, reason)
        return [Decision.deny(f"geweigerd: {reason}") for _ in range(count)]

    @staticmethod
    def _deny(reason: str) -> Decision:
        log.warning("PDP deny without decision: %s", reason)
        return Decision.deny(f"geweigerd: {reason}")

    async def aclose(self) -> None:
        """Close the HTTP client if this instance created it."""
        if self._owns_client:
            await self._client.aclose()


def _decision(data: Any) -> Decision:
    """One decision object; ``allow`` must be an explicit boolean (a missing one is not a deny)."""
    if not isinstance(data, dict) or not isinstance(data.get("allow"), bool):
        raise ValueError("no boolean allow")
    return Decision.model_validate(data)

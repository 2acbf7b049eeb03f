"""Client of the policy decision point (consent service, ``POST /v1/decisions[/batch]``).

Deny by default (DESIGN.md §3 rule 4): any error, timeout, non-200 or unparsable answer becomes a
local deny with a clear reason (for a batch: a deny for every request in it). Trace context
travels through the instrumented httpx client.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import httpx
from pydantic import ValidationError
from zvh_contracts.pdp import MAX_BATCH, Decision, DecisionBatchRequest, DecisionRequest

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
    ) -> None:
        self._url = base_url.rstrip("/") + DECISIONS_PATH
        self._batch_url = base_url.rstrip("/") + BATCH_PATH
        self._timeout = timeout_s
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(timeout=timeout_s)

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
        """The 200 response, or the reason there is none."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            response = await self._client.post(
                url,
                content=content,
                headers={**headers, "Content-Type": "application/json"},
                timeout=self._timeout,
            )
        except httpx.TimeoutException:
            return f"PDP gaf geen antwoord binnen {self._timeout:g}s (timeout)"
        except httpx.HTTPError as exc:
            return f"PDP niet bereikbaar ({type(exc).__name__})"
        except Exception as exc:
            return f"PDP-aanroep mislukt ({type(exc).__name__})"
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

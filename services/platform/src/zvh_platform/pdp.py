"""Client of the policy decision point (consent service, ``POST /v1/decisions``).

Deny by default (DESIGN.md §3 rule 4): any error, timeout, non-200 or unparsable answer becomes a
local deny with a clear reason. Trace context travels through the instrumented httpx client.
"""

from __future__ import annotations

import logging

import httpx
from pydantic import ValidationError
from zvh_contracts.pdp import Decision, DecisionRequest

log = logging.getLogger(__name__)

DECISIONS_PATH = "/v1/decisions"


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
        self._timeout = timeout_s
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(timeout=timeout_s)

    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
        """The PDP's decision, or a deny naming why no decision could be had."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            response = await self._client.post(
                self._url,
                content=request.model_dump_json(),
                headers={**headers, "Content-Type": "application/json"},
                timeout=self._timeout,
            )
        except httpx.TimeoutException:
            return self._deny(f"PDP gaf geen antwoord binnen {self._timeout:g}s (timeout)")
        except httpx.HTTPError as exc:
            return self._deny(f"PDP niet bereikbaar ({type(exc).__name__})")
        except Exception as exc:
            return self._deny(f"PDP-aanroep mislukt ({type(exc).__name__})")
        if response.status_code != 200:
            return self._deny(f"PDP antwoordde met HTTP {response.status_code}")
        try:
            data = response.json()
            if not isinstance(data, dict) or not isinstance(data.get("allow"), bool):
                raise ValueError("no boolean allow")
            return Decision.model_validate(data)
        except (ValidationError, ValueError):
            return self._deny("PDP-antwoord onleesbaar")

    @staticmethod
    def _deny(reason: str) -> Decision:
        log.warning("PDP deny without decision: %s", reason)
        return Decision.deny(f"geweigerd: {reason}")

    async def aclose(self) -> None:
        """Close the HTTP client if this instance created it."""
        if self._owns_client:
            await self._client.aclose()

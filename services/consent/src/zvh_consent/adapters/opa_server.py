"""The deploy policy engine: an OPA server beside the consent service, same policy files.

Queried with ``opa-python-client``'s async client. That client raises raw ``aiohttp`` errors
(and its own ``*Error`` classes) when OPA is down or answers oddly; every one of them becomes a
``PolicyEngineError``, which ``decide`` turns into a deny.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from opa_client import AsyncOpaClient

from zvh_consent.adapters.policy_files import DECISION_PACKAGE, DECISION_RULE, policy_hash
from zvh_consent.application.ports import PolicyEngineError

REDEN_ONBEREIKBAAR = "geweigerd: de policy-server (OPA) is niet bereikbaar"


class OpaServerEngine:
    """``PolicyEngine`` backed by an OPA server's Data API (``POST /v1/data/zvh/authz/decision``).

    ``policy_version`` is the hash of the local policy files, which deploy mounts into OPA.
    """

    def __init__(
        self,
        *,
        url: str,
        policy_dir: Path | None = None,
        timeout_s: float = 1.0,
        retries: int = 0,
        token: str | None = None,
    ) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"not an OPA URL: {url!r}")
        self._client_args: dict[str, Any] = {
            "host": parts.hostname,
            "port": parts.port or (443 if parts.scheme == "https" else 8181),
            "ssl": parts.scheme == "https",
            "timeout": timeout_s,
            "retries": retries,
            "token": token,
        }
        self._version = policy_hash(policy_dir) if policy_dir else "opa"
        self._client: AsyncOpaClient | None = None
        self._lock = asyncio.Lock()

    @property
    def policy_version(self) -> str:
        return self._version

    async def evaluate(self, input_doc: Mapping[str, Any]) -> Mapping[str, Any]:
        client = await self._connected()
        try:
            answer = await client.query_rule(
                input_data=dict(input_doc),
                package_path=DECISION_PACKAGE.replace(".", "/"),
                rule_name=DECISION_RULE,
            )
        except aiohttp.ClientResponseError as exc:
            raise PolicyEngineError(
                f"geweigerd: de policy-server gaf een fout (HTTP {exc.status})"
            ) from exc
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise PolicyEngineError(REDEN_ONBEREIKBAAR) from exc
        except Exception as exc:  # the client's own error classes, bad JSON, …
            raise PolicyEngineError("geweigerd: de policy-server gaf een fout") from exc
        if not isinstance(answer, Mapping) or "result" not in answer:
            raise PolicyEngineError("geweigerd: de policy gaf geen beslissing (undefined)")
        result = answer["result"]
        if not isinstance(result, Mapping):
            raise PolicyEngineError("geweigerd: de policy gaf een ongeldig antwoord")
        return result

    async def healthy(self) -> bool:
        """OPA's ``/health``; ``False`` instead of an exception when it is down."""
        try:
            client = await self._connected()
            return bool(await client.check_health())
        except Exception:
            return False

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close_connection()
            self._client = None

    async def _connected(self) -> AsyncOpaClient:
        """One aiohttp session, opened lazily inside the running event loop."""
        async with self._lock:
            if self._client is None:
                client = AsyncOpaClient(**self._client_args)
                await client.__aenter__()
                self._client = client
            return self._client

"""The webhook bridge's adapters: partners' callback addresses from the region, their secrets
from the environment, and the HTTP client that POSTs the callbacks."""

from __future__ import annotations

import os
from collections.abc import Mapping

import httpx
from zvh_platform.region import Region

from zvh_notify.application.ports import WebhookDoel, WebhookFout


class RegionWebhooks:
    """The region's webhook partners; secrets are read from the environment on each use, so a
    rotated secret takes effect without a restart. The region file names only the variables."""

    def __init__(self, region: Region, environ: Mapping[str, str] | None = None) -> None:
        self._region = region
        self._environ = environ if environ is not None else os.environ

    def codes(self) -> list[str]:
        return sorted(p.code for p in self._region.webhook_partners())

    def doel(self, code: str) -> WebhookDoel | None:
        p = self._region.partner(code)
        if p is None or p.webhook is None:
            return None
        return WebhookDoel(
            code=p.code,
            url=p.webhook.url,
            secret=self._environ.get(p.webhook.secret_env) or None,
            inbound_secret=self._environ.get(p.webhook.inbound_secret_env) or None,
        )


class HttpxWebhookSender:
    """POSTs a callback; anything but a 2xx in time is a WebhookFout naming only the cause."""

    def __init__(self, *, timeout_s: float = 10.0) -> None:
        self._timeout_s = timeout_s

    async def post(self, *, url: str, headers: dict[str, str], body: bytes) -> None:
        try:
            async with httpx.AsyncClient(timeout=self._timeout_s, follow_redirects=False) as c:
                response = await c.post(url, content=body, headers=headers)
        except httpx.TimeoutException as exc:
            raise WebhookFout(f"WebhookTimeout: geen antwoord binnen {self._timeout_s:g}s") from exc
        except httpx.HTTPError as exc:
            raise WebhookFout(f"WebhookOnbereikbaar: {type(exc).__name__}") from exc
        if not 200 <= response.status_code < 300:
            raise WebhookFout(f"WebhookGeweigerd: HTTP {response.status_code}")

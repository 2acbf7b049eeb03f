"""HTTP client for the consent service's toestemming register, forwarding the user's token."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from zvh_platform.idempotency import HEADER, current_key

from zvh_overleg.adapters.intake import _reasons
from zvh_overleg.application.toestemmingen import (
    ConsentFout,
    ConsentGeweigerd,
    ConsentNietGevonden,
    ConsentOngeldig,
)


def _ongeldig(response: httpx.Response) -> ConsentOngeldig:
    """``{detail, fouten: [{veld, melding}]}`` (consent's 422) as a ConsentOngeldig."""
    try:
        body = response.json()
    except ValueError:
        return ConsentOngeldig("ongeldige toestemming", [])
    if not isinstance(body, dict):
        return ConsentOngeldig("ongeldige toestemming", [])
    fouten = [
        (str(f.get("veld", "")), str(f.get("melding", "")))
        for f in body.get("fouten") or []
        if isinstance(f, dict)
    ]
    detail = body.get("detail")
    return ConsentOngeldig(detail if isinstance(detail, str) else "ongeldige toestemming", fouten)


class ConsentClient:
    """Adapter for ConsentPort over httpx; every failure becomes a ConsentFout."""

    def __init__(
        self, *, base_url: str, timeout_s: float = 5.0, client: httpx.AsyncClient | None = None
    ) -> None:
        self._base = base_url.rstrip("/")
        self._client = client or httpx.AsyncClient(timeout=timeout_s)

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _call(self, method: str, path: str, *, token: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {token}"}
        key = current_key()
        if method != "GET" and key is not None:  # the UI form's key: a double submit acts once
            headers[HEADER] = key
        try:
            response = await self._client.request(
                method, self._base + path, headers=headers, **kwargs
            )
        except httpx.HTTPError as exc:
            raise ConsentFout(f"consent niet bereikbaar: {type(exc).__name__}") from exc
        if response.status_code in (401, 403):
            raise ConsentGeweigerd(_reasons(response))
        if response.status_code == 404:
            raise ConsentNietGevonden("toestemming niet gevonden")
        if response.status_code == 422:
            raise _ongeldig(response)
        if response.status_code >= 400:
            raise ConsentFout(f"consent antwoordde {response.status_code}")
        try:
            return response.json()
        except ValueError as exc:
            raise ConsentFout("onverwacht antwoord van consent") from exc

    async def toestemmingen(self, *, casus: uuid.UUID, token: str) -> list[dict[str, Any]]:
        body = await self._call("GET", "/v1/toestemmingen", token=token, params={"casus": casus})
        if not isinstance(body, list):
            raise ConsentFout("onverwacht antwoord van consent")
        return [t for t in body if isinstance(t, dict)]

    async def toestemming(self, toestemming_id: uuid.UUID, *, token: str) -> dict[str, Any]:
        return await self._dict("GET", f"/v1/toestemmingen/{toestemming_id}", token=token)

    async def vastleggen(self, invoer: dict[str, Any], *, token: str) -> dict[str, Any]:
        return await self._dict("POST", "/v1/toestemmingen", token=token, json=invoer)

    async def intrekken(self, toestemming_id: uuid.UUID, *, token: str) -> dict[str, Any]:
        return await self._dict(
            "POST", f"/v1/toestemmingen/{toestemming_id}/intrekken", token=token
        )

    async def _dict(self, method: str, path: str, *, token: str, **kwargs: Any) -> dict[str, Any]:
        body = await self._call(method, path, token=token, **kwargs)
        if not isinstance(body, dict):
            raise ConsentFout("onverwacht antwoord van consent")
        return body

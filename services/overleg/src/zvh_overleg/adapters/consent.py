"""HTTP client for the consent service's registers (toestemmingen, doorbrekingen, inzage,
convenanten), forwarding the user's token."""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

import httpx

from zvh_overleg.adapters.doorgeven import namens_gebruiker
from zvh_overleg.adapters.intake import _reasons
from zvh_overleg.application.privacy import ConsentBestaatAl
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
    """Adapter for ConsentPort and PrivacyPort over httpx; every failure becomes a ConsentFout."""

    def __init__(
        self, *, base_url: str, timeout_s: float = 5.0, client: httpx.AsyncClient | None = None
    ) -> None:
        self._base = base_url.rstrip("/")
        self._client = client or httpx.AsyncClient(timeout=timeout_s)

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _call(self, method: str, path: str, *, token: str, **kwargs: Any) -> Any:
        try:
            response = await namens_gebruiker(
                self._client, method, self._base + path, token=token, **kwargs
            )
        except httpx.HTTPError as exc:
            raise ConsentFout(f"consent niet bereikbaar: {type(exc).__name__}") from exc
        if response.status_code in (401, 403):
            raise ConsentGeweigerd(_reasons(response))
        if response.status_code == 404:
            raise ConsentNietGevonden("niet gevonden")
        if response.status_code == 409:
            raise ConsentBestaatAl(_reasons(response)[0])
        if response.status_code == 422:
            raise _ongeldig(response)
        if response.status_code >= 400:
            raise ConsentFout(f"consent antwoordde {response.status_code}")
        try:
            return response.json()
        except ValueError as exc:
            raise ConsentFout("onverwacht antwoord van consent") from exc

    async def toestemmingen(self, *, casus: uuid.UUID, token: str) -> list[dict[str, Any]]:
        return await self._list("/v1/toestemmingen", token=token, params={"casus": casus})

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

    async def _list(self, path: str, *, token: str, **kwargs: Any) -> list[dict[str, Any]]:
        body = await self._call("GET", path, token=token, **kwargs)
        if not isinstance(body, list):
            raise ConsentFout("onverwacht antwoord van consent")
        return [r for r in body if isinstance(r, dict)]

    # --- doorbrekingen, inzage, convenanten (PrivacyPort) ---------------------------------------

    async def doorbrekingen(
        self, *, onbeoordeeld: bool, limit: int, token: str
    ) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"limit": limit}
        if onbeoordeeld:
            params["onbeoordeeld"] = "true"
        return await self._list("/v1/doorbrekingen", token=token, params=params)

    async def doorbreken(self, invoer: dict[str, Any], *, token: str) -> dict[str, Any]:
        return await self._dict("POST", "/v1/doorbrekingen", token=token, json=invoer)

    async def beoordelen(
        self, doorbreking_id: uuid.UUID, invoer: dict[str, Any], *, token: str
    ) -> dict[str, Any]:
        return await self._dict(
            "POST", f"/v1/doorbrekingen/{doorbreking_id}/beoordeling", token=token, json=invoer
        )

    async def inzage_persoon(self, vraag: dict[str, Any], *, token: str) -> dict[str, Any]:
        # In the body, never the URL: it may hold a BSN.
        return await self._dict("POST", "/v1/inzage/persoon", token=token, json=vraag)

    async def inzage_eigenaar(
        self, *, uitkomst: str, limit: int, token: str
    ) -> list[dict[str, Any]]:
        body = await self._dict(
            "GET", "/v1/inzage/eigenaar", token=token, params={"uitkomst": uitkomst, "limit": limit}
        )
        regels = body.get("regels")
        if not isinstance(regels, list):
            raise ConsentFout("onverwacht antwoord van consent")
        return [r for r in regels if isinstance(r, dict)]

    async def convenanten(self, *, token: str) -> list[dict[str, Any]]:
        return await self._list("/v1/convenanten", token=token)

    async def convenant(self, org: str, *, token: str) -> dict[str, Any]:
        return await self._dict("GET", f"/v1/convenanten/{quote(org, safe='')}", token=token)

    async def convenant_historie(self, org: str, *, token: str) -> list[dict[str, Any]]:
        return await self._list(f"/v1/convenanten/{quote(org, safe='')}/historie", token=token)

    async def convenant_nieuw(self, invoer: dict[str, Any], *, token: str) -> dict[str, Any]:
        return await self._dict("POST", "/v1/convenanten", token=token, json=invoer)

    async def convenant_vastleggen(
        self, org: str, invoer: dict[str, Any], *, token: str
    ) -> dict[str, Any]:
        return await self._dict(
            "PUT", f"/v1/convenanten/{quote(org, safe='')}", token=token, json=invoer
        )

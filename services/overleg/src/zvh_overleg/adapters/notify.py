"""HTTP client for notify's termijn signals (the postvak), forwarding the user's token."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

import httpx

from zvh_overleg.adapters.doorgeven import namens_gebruiker
from zvh_overleg.application.postvak import PostvakFout, PostvakGeweigerd, Termijnsignaal
from zvh_overleg.config import NotifyClientSettings


class NotifyClient:
    """Adapter for PostvakPort over httpx; every failure becomes a PostvakFout."""

    @classmethod
    def from_settings(cls, settings: NotifyClientSettings) -> NotifyClient:
        return cls(base_url=settings.notify_url)

    def __init__(
        self, *, base_url: str, timeout_s: float = 5.0, client: httpx.AsyncClient | None = None
    ) -> None:
        self._base = base_url.rstrip("/")
        self._client = client or httpx.AsyncClient(timeout=timeout_s)

    async def aclose(self) -> None:
        await self._client.aclose()

    async def termijnsignalen(self, *, token: str) -> list[Termijnsignaal]:
        try:
            response = await namens_gebruiker(
                self._client, "GET", f"{self._base}/v1/termijnsignalen", token=token
            )
        except httpx.HTTPError as exc:
            raise PostvakFout(f"notify niet bereikbaar: {type(exc).__name__}") from exc
        if response.status_code == 403:
            body = response.json() if response.content else {}
            raise PostvakGeweigerd(list(body.get("reasons") or ["toegang geweigerd"]))
        if response.status_code != 200:
            raise PostvakFout(f"notify antwoordde {response.status_code}")
        body = response.json()
        if not isinstance(body, list):
            raise PostvakFout("onverwacht antwoord van notify")
        return [_signaal(s) for s in body]


def _signaal(s: dict[str, Any]) -> Termijnsignaal:
    return Termijnsignaal(
        soort=str(s["soort"]),
        termijn=str(s["termijn"]),
        casus_id=uuid.UUID(s["casus_id"]) if s.get("casus_id") else None,
        overleg_id=uuid.UUID(s["overleg_id"]) if s.get("overleg_id") else None,
        melding_id=uuid.UUID(s["melding_id"]) if s.get("melding_id") else None,
        actie_id=uuid.UUID(s["actie_id"]) if s.get("actie_id") else None,
        ontvanger=str(s["ontvanger"]),
        uiterlijk=date.fromisoformat(s["uiterlijk"]),
        verstuurd_op=datetime.fromisoformat(s["verstuurd_op"]) if s.get("verstuurd_op") else None,
    )

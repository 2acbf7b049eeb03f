"""HTTP client for the intake service, forwarding the signed-in user's token."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import httpx

from zvh_overleg.adapters.doorgeven import namens_gebruiker
from zvh_overleg.application.intake import (
    IntakeConflict,
    IntakeFout,
    IntakeGeweigerd,
    IntakeNietGevonden,
    IntakeOngeldig,
)
from zvh_overleg.application.meldpunt import IntakeVeldfouten
from zvh_overleg.config import IntakeClientSettings


def _reasons(response: httpx.Response) -> list[str]:
    """Reasons from ``{detail, reasons}`` (or FastAPI's ``{detail: {detail, reasons}}``)."""
    try:
        body = response.json()
    except ValueError:
        return ["toegang geweigerd"]
    if isinstance(body, dict) and isinstance(body.get("detail"), dict) and "reasons" not in body:
        body = body["detail"]
    if isinstance(body, dict):
        if body.get("reasons"):
            return [str(r) for r in body["reasons"]]
        if isinstance(body.get("detail"), str):
            return [body["detail"]]
    return ["toegang geweigerd"]


def _detail(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    detail = body.get("detail") if isinstance(body, dict) else body
    if isinstance(detail, list):
        return "; ".join(str(d.get("msg", d)) if isinstance(d, dict) else str(d) for d in detail)
    return str(detail)


def _veldfouten(response: httpx.Response) -> dict[str, str]:
    """Field → Dutch error from a 422: FastAPI's ``detail: [{loc, msg}]``, or intake's own
    ``{detail|redenen|fouten: [{veld, melding}]}``."""
    try:
        body = response.json()
    except ValueError:
        return {}
    lijst: Any = body
    if isinstance(body, dict):
        lijst = next(
            (
                body[k]
                for k in ("redenen", "fouten", "velden", "detail")
                if isinstance(body.get(k), list | dict)
            ),
            [],
        )
        if isinstance(lijst, dict):
            lijst = next(
                (
                    lijst[k]
                    for k in ("redenen", "fouten", "velden")
                    if isinstance(lijst.get(k), list)
                ),
                [],
            )
    velden: dict[str, str] = {}
    for fout in lijst if isinstance(lijst, list) else []:
        if not isinstance(fout, dict):
            continue
        veld = fout.get("veld")
        if veld is None and isinstance(fout.get("loc"), list) and fout["loc"]:
            veld = fout["loc"][-1]
        tekst = fout.get("melding") or fout.get("msg") or fout.get("reden")
        if tekst:
            velden.setdefault(str(veld or "melding"), str(tekst))
    return velden


class IntakeClient:
    """Adapter for IntakePort over httpx; every failure becomes an IntakeFout."""

    @classmethod
    def from_settings(cls, settings: IntakeClientSettings) -> IntakeClient:
        return cls(base_url=settings.intake_url)

    def __init__(
        self, *, base_url: str, timeout_s: float = 5.0, client: httpx.AsyncClient | None = None
    ) -> None:
        self._base = base_url.rstrip("/")
        self._client = client or httpx.AsyncClient(timeout=timeout_s)

    async def aclose(self) -> None:
        await self._client.aclose()

    async def _call(self, method: str, path: str, *, token: str, **kwargs: Any) -> httpx.Response:
        try:
            response = await namens_gebruiker(
                self._client, method, self._base + path, token=token, **kwargs
            )
        except httpx.HTTPError as exc:
            raise IntakeFout(f"intake niet bereikbaar: {type(exc).__name__}") from exc
        if response.status_code == 403:
            raise IntakeGeweigerd(_reasons(response))
        if response.status_code == 404:
            raise IntakeNietGevonden("melding niet gevonden")
        if response.status_code == 409:
            raise IntakeConflict(_detail(response))
        if response.status_code == 422:
            raise IntakeOngeldig(_detail(response))
        if response.status_code >= 400:
            raise IntakeFout(f"intake antwoordde {response.status_code}")
        return response

    async def te_trieren(self, *, token: str) -> list[dict[str, Any]]:
        response = await self._call(
            "GET", "/v1/meldingen", token=token, params={"status": "te-trieren"}
        )
        body = response.json()
        if not isinstance(body, list):
            raise IntakeFout("onverwacht antwoord van intake")
        return body

    async def melding(self, melding_id: uuid.UUID, *, token: str) -> dict[str, Any]:
        response = await self._call(
            "GET", f"/v1/meldingen/{melding_id}", token=token, params={"doel": "triage"}
        )
        body = response.json()
        if not isinstance(body, dict):
            raise IntakeFout("onverwacht antwoord van intake")
        return body

    async def trieer(
        self, melding_id: uuid.UUID, *, triage: dict[str, Any], token: str
    ) -> dict[str, Any]:
        response = await self._call(
            "POST", f"/v1/meldingen/{melding_id}/triage", token=token, json=triage
        )
        body = response.json()
        return body if isinstance(body, dict) else {}

    async def labels(self, melding_ids: list[uuid.UUID], *, token: str) -> list[dict[str, Any]]:
        if not melding_ids:
            return []
        response = await self._call(
            "GET",
            "/v1/meldingen/labels",
            token=token,
            params={"ids": ",".join(str(m) for m in melding_ids), "doel": "casusoverleg"},
        )
        body = response.json()
        labels = body.get("labels") if isinstance(body, dict) else None
        if not isinstance(labels, list):
            raise IntakeFout("onverwacht antwoord van intake")
        return [entry for entry in labels if isinstance(entry, dict)]

    async def aanhoudingen(self, *, token: str) -> dict[str, Any]:
        response = await self._call("GET", "/v1/aanhoudingen", token=token)
        body = response.json()
        if not isinstance(body, dict) or not isinstance(body.get("lijsten"), list):
            raise IntakeFout("onverwacht antwoord van intake")
        return body

    async def markeer_aanhouding(
        self, aanhouding: uuid.UUID, *, markering: str, token: str
    ) -> dict[str, Any]:
        response = await self._call(
            "POST",
            f"/v1/aanhoudingen/{aanhouding}/markering",
            token=token,
            json={"markering": markering},
        )
        body = response.json()
        if not isinstance(body, dict):
            raise IntakeFout("onverwacht antwoord van intake")
        return body

    async def tellingen(self, *, van: date, tot: date, token: str) -> list[dict[str, Any]]:
        response = await self._call(
            "GET",
            "/v1/meldingen/tellingen",
            token=token,
            params={"van": van.isoformat(), "tot": tot.isoformat()},
        )
        body = response.json()
        if not isinstance(body, list):
            raise IntakeFout("onverwacht antwoord van intake")
        return [rij for rij in body if isinstance(rij, dict)]

    async def vpt_overzicht(self, *, jaar: int, organisatie: str, token: str) -> dict[str, Any]:
        """Intake's aggregate VPT counts of one organisation in a year: no ids, no content."""
        response = await self._call(
            "GET",
            "/v1/vpt-overzicht",
            token=token,
            params={"jaar": str(jaar), "organisatie": organisatie},
        )
        body = response.json()
        if not isinstance(body, dict):
            raise IntakeFout("onverwacht antwoord van intake")
        return body

    async def meld_vpt_incident(self, melding: dict[str, Any], *, token: str) -> dict[str, Any]:
        try:
            response = await namens_gebruiker(
                self._client, "POST", self._base + "/v1/vpt-incidenten", token=token, json=melding
            )
        except httpx.HTTPError as exc:
            raise IntakeFout(f"intake niet bereikbaar: {type(exc).__name__}") from exc
        if response.status_code == 422:
            raise IntakeVeldfouten(_veldfouten(response) or {"melding": _detail(response)})
        if response.status_code == 403:
            raise IntakeGeweigerd(_reasons(response))
        if response.status_code >= 400:
            raise IntakeFout(f"intake antwoordde {response.status_code}")
        body = response.json()
        if not isinstance(body, dict):
            raise IntakeFout("onverwacht antwoord van intake")
        return body

    async def vpt_incidenten(self, *, token: str) -> list[dict[str, Any]]:
        response = await self._call("GET", "/v1/vpt-incidenten", token=token)
        body = response.json()
        if isinstance(body, dict) and isinstance(body.get("incidenten"), list):
            body = body["incidenten"]
        if not isinstance(body, list):
            raise IntakeFout("onverwacht antwoord van intake")
        return [rij for rij in body if isinstance(rij, dict)]

    async def vpt_incident(self, incident_id: uuid.UUID, *, token: str) -> dict[str, Any]:
        response = await self._call("GET", f"/v1/vpt-incidenten/{incident_id}", token=token)
        body = response.json()
        if not isinstance(body, dict):
            raise IntakeFout("onverwacht antwoord van intake")
        return body

    async def vpt_nazorg_gedaan(
        self, incident_id: uuid.UUID, *, contact: str, op: date, token: str
    ) -> dict[str, Any]:
        response = await self._call(
            "POST",
            f"/v1/vpt-incidenten/{incident_id}/nazorg",
            token=token,
            json={"contact": contact, "op": op.isoformat()},
        )
        body = response.json()
        return body if isinstance(body, dict) else {}

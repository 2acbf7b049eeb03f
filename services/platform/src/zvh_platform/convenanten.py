"""Client of the consent service's convenant register (``GET /v1/convenanten[/{org}/geldig]``).

Intake and overleg ask it before they invite an organisation to a casus (issue 7): an
organisation without a valid convenant cannot be invited. Nothing is kept here — every question goes
to consent with the user's token. Deny by default (docs/architecture.md rule 4): when consent cannot
be reached, answers late or unreadably, every organisation asked about counts as *not* valid, with
that reason.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import httpx

log = logging.getLogger(__name__)

LIST_PATH = "/v1/convenanten"


@dataclass(frozen=True)
class Geldigheid:
    """May ``org`` be invited today? ``reden`` says why not (Dutch, without the org's name)."""

    org: str
    geldig: bool
    reden: str


def _datum(value: Any) -> str:
    try:
        return dt.date.fromisoformat(str(value)).strftime("%d-%m-%Y")
    except ValueError:
        return str(value)


def beoordeel(org: str, row: dict[str, Any] | None, *, vandaag: dt.date) -> Geldigheid:
    """The validity of one register row (``ConvenantUit``) as consent reported it."""
    if row is None:
        return Geldigheid(org=org, geldig=False, reden="er is geen convenant met het ZVH")
    if row.get("geldig") is True:
        return Geldigheid(org=org, geldig=True, reden="geldig convenant")
    van, tot = row.get("van"), row.get("tot")
    if tot is not None and str(tot) < vandaag.isoformat():
        return Geldigheid(
            org=org, geldig=False, reden=f"het convenant is verlopen op {_datum(tot)}"
        )
    if van is not None and str(van) > vandaag.isoformat():
        return Geldigheid(
            org=org, geldig=False, reden=f"het convenant gaat pas in op {_datum(van)}"
        )
    return Geldigheid(org=org, geldig=False, reden="het convenant is niet geldig")


class ConvenantClient:
    """Asks consent; never raises for consent trouble, answers "not valid" instead."""

    def __init__(
        self, *, base_url: str, timeout_s: float, client: httpx.AsyncClient | None = None
    ) -> None:
        self._url = base_url.rstrip("/") + LIST_PATH
        self._timeout = timeout_s
        self._owns_client = client is None
        self._client = client or httpx.AsyncClient(timeout=timeout_s)

    async def geldig(self, org: str, *, token: str | None) -> Geldigheid:
        """One organisation's validity today."""
        return (await self.geldigheden([org], token=token))[org]

    async def geldigheden(self, orgs: Iterable[str], *, token: str | None) -> dict[str, Geldigheid]:
        """The validity of each of ``orgs`` in one round trip (the register's list endpoint)."""
        wanted = list(dict.fromkeys(orgs))
        if not wanted:
            return {}
        answer = await self._get(token)
        if isinstance(answer, str):
            log.warning(
                "convenant register unavailable for %d organisation(s): %s", len(wanted), answer
            )
            reden = f"het convenantregister is niet te raadplegen ({answer})"
            return {o: Geldigheid(org=o, geldig=False, reden=reden) for o in wanted}
        vandaag = dt.datetime.now(dt.UTC).date()
        return {o: beoordeel(o, answer.get(o), vandaag=vandaag) for o in wanted}

    async def _get(self, token: str | None) -> dict[str, dict[str, Any]] | str:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        try:
            async with asyncio.timeout(self._timeout):
                response = await self._client.get(self._url, headers=headers, timeout=self._timeout)
        except (httpx.TimeoutException, TimeoutError):
            return f"geen antwoord binnen {self._timeout:g}s"
        except httpx.HTTPError as exc:
            return f"consent niet bereikbaar: {type(exc).__name__}"
        except Exception as exc:
            return f"aanroep mislukt: {type(exc).__name__}"
        if response.status_code != 200:
            return f"consent antwoordde met HTTP {response.status_code}"
        try:
            rows = response.json()
            if not isinstance(rows, list):
                raise ValueError("no list")
            return {str(r["org"]): r for r in rows if isinstance(r, dict) and "org" in r}
        except (ValueError, KeyError):
            return "antwoord onleesbaar"

    async def aclose(self) -> None:
        """Close the HTTP client if this instance created it."""
        if self._owns_client:
            await self._client.aclose()

"""ConvenantClient: one GET of the register for many organisations; deny when consent fails."""

from __future__ import annotations

import asyncio
import datetime as dt

import httpx
from zvh_platform.convenanten import ConvenantClient

VANDAAG = dt.datetime.now(dt.UTC).date()
GISTEREN = VANDAAG - dt.timedelta(days=1)


def _row(org: str, *, geldig: bool, tot: dt.date | None = None, van: dt.date = GISTEREN) -> dict:
    return {
        "org": org,
        "van": (van - dt.timedelta(days=400)).isoformat() if tot else van.isoformat(),
        "tot": tot.isoformat() if tot else None,
        "herzien_op": VANDAAG.isoformat(),
        "geldig": geldig,
        "herziening_verlopen": False,
        "categorieen": [],
    }


def _client(transport: httpx.MockTransport, timeout_s: float = 1.0) -> ConvenantClient:
    return ConvenantClient(
        base_url="http://consent/",
        timeout_s=timeout_s,
        client=httpx.AsyncClient(transport=transport),
    )


async def test_one_request_for_all_with_the_reasons() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(
            200,
            json=[
                _row("politie-zwb", geldig=True),
                _row("gemeente-roosendaal", geldig=False, tot=GISTEREN),
                _row("nieuw-org", geldig=False, van=VANDAAG + dt.timedelta(days=3)),
            ],
        )

    got = await _client(httpx.MockTransport(handler)).geldigheden(
        ["politie-zwb", "gemeente-roosendaal", "nieuw-org", "onbekend"], token="tok"
    )
    assert len(seen) == 1 and seen[0].url.path == "/v1/convenanten"
    assert seen[0].headers["Authorization"] == "Bearer tok"
    assert got["politie-zwb"].geldig
    assert not got["gemeente-roosendaal"].geldig
    assert got["gemeente-roosendaal"].reden == (
        f"het convenant is verlopen op {GISTEREN.strftime('%d-%m-%Y')}"
    )
    assert got["nieuw-org"].reden.startswith("het convenant gaat pas in op")
    assert got["onbekend"].reden == "er is geen convenant met het ZVH"


async def test_deny_when_consent_fails() -> None:
    for response in (
        httpx.Response(500),
        httpx.Response(403, json={"detail": "geweigerd"}),
        httpx.Response(200, content=b"geen json"),
        httpx.Response(200, json={"org": "x"}),
    ):
        got = await _client(httpx.MockTransport(lambda _, r=response: r)).geldig(
            "politie-zwb", token="tok"
        )
        assert not got.geldig and "niet te raadplegen" in got.reden, response


async def test_deny_when_unreachable_or_slow() -> None:
    def weg(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("weg", request=request)

    got = await _client(httpx.MockTransport(weg)).geldig("politie-zwb", token=None)
    assert not got.geldig and "consent niet bereikbaar" in got.reden

    async def traag(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(1)
        return httpx.Response(200, json=[_row("politie-zwb", geldig=True)])

    got = await _client(httpx.MockTransport(traag), timeout_s=0.05).geldig(
        "politie-zwb", token=None
    )
    assert not got.geldig and "geen antwoord binnen 0.05s" in got.reden


async def test_nothing_asked_for_no_organisations() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no request expected")

    assert await _client(httpx.MockTransport(handler)).geldigheden([], token="t") == {}

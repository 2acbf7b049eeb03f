"""The sociale kaart and the actie form on a phone-size screen (Chromium over the fakes app):
nothing sticks out sideways, and the search works by the GET form alone (no JavaScript)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import uvicorn
from overleg_fakes import FakePdp, Store, open_casus
from overleg_web_fakes import FakeIntake, make_app, sessie_cookie
from zvh_overleg.entrypoints.web.session import COOKIE
from zvh_platform.testing import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

CHROMIUM = Path("/usr/bin/chromium")
HAS_CHROMIUM = CHROMIUM.exists()
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: The elements whose right edge lies beyond the viewport.
UITSTEKERS = """Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : ''))"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
async def served() -> AsyncIterator[tuple[str, str, str]]:
    if not HAS_CHROMIUM:
        pytest.skip("browser test skipped: /usr/bin/chromium missing (make browser-deps)")
    store = Store()
    casus_id = await open_casus(
        store, uit_te_nodigen_partners=["gemeente-bergen-op-zoom", "politie-zwb", "ggz-wnb"]
    )
    app, svc = make_app(store=store, pdp=FakePdp(), intake=FakeIntake())
    sleutel = await sessie_cookie(svc, "pr.jansen")
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning"))
    task = asyncio.create_task(server.serve())

    async def gestart() -> bool:
        return server.started

    await wait_for(gestart, timeout_s=10)
    try:
        yield f"http://127.0.0.1:{port}", str(casus_id), sleutel
    finally:
        server.should_exit = True
        await task


async def test_sociale_kaart_and_actie_form_fit_a_phone(served) -> None:  # type: ignore[no-untyped-def]
    from playwright.async_api import async_playwright

    base, casus_id, sleutel = served
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            ctx = await browser.new_context(
                viewport={"width": 390, "height": 844}, java_script_enabled=False
            )
            await ctx.add_cookies([{"name": COOKIE, "value": sleutel, "url": base}])
            page = await ctx.new_page()
            await page.goto(f"{base}/sociale-kaart")
            assert await page.evaluate(UITSTEKERS) == []
            await page.fill("#kaart-zoek", "zorgmijders")
            await page.click("#kaart-zoeken")
            await page.wait_for_url("**/sociale-kaart?zoek=zorgmijders*")
            assert await page.locator("section[id^=partner-]").count() == 1
            assert await page.locator("#partner-bemoeizorg-wbr").is_visible()
            await page.goto(f"{base}/casussen/{casus_id}")
            assert await page.locator("#deelnemers-diensten").is_visible()
            assert await page.evaluate(UITSTEKERS) == []
        finally:
            await browser.close()

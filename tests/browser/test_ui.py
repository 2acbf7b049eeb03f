"""The staff UI in a real browser: sign in, triage a melding as casus, add an actie.

Playwright drives Debian's Chromium (/usr/bin/chromium) against a local stack on free ports with
the demo meldingen seeded.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from zvh_local.aanmelden import browser_sign_in
from zvh_local.demo import UITVOERDER, seed
from zvh_local.ports import Ports
from zvh_local.supervisor import Stack

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "casus.png"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not CHROMIUM.exists():
        pytest.skip(
            "browser test skipped: /usr/bin/chromium is missing "
            "(install it with `apt-get install chromium` or `make browser-deps`)"
        )
    var = Path(tmp_path_factory.mktemp("zvh-ui-var"))
    s = Stack(var_dir=var, ports=Ports.free(), say=lambda _m: None)
    s.start()
    try:
        endpoints = s.endpoints(telemetry_dir=var / "telemetry")
        asyncio.run(seed(endpoints=endpoints, say=lambda _m: None))
        yield s
    finally:
        s.stop()


def test_triage_as_casus_and_add_an_actie(stack: Stack) -> None:
    from playwright.sync_api import expect, sync_playwright

    base = stack.url("overleg")
    wat = "Huisbezoek afleggen en hulpaanbod bespreken"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="nl-NL")
            page.set_default_timeout(20_000)

            browser_sign_in(page, base, "pr.jansen")

            page.goto(f"{base}/triage")
            first = page.locator("#triage-wachtrij a.triage-link").first
            expect(first).to_be_visible()
            first.click()
            melding_id = page.url.rstrip("/").rsplit("/", 1)[-1]

            page.get_by_role("group", name="Uitkomst").get_by_label("Casus").check()
            page.get_by_label("AVE-fase").select_option("4")
            page.get_by_role("group", name="Cliënt geïnformeerd").get_by_label("Ja").check()
            page.get_by_label("Gemeente Bergen op Zoom").check()
            page.get_by_role("button", name="Triage vastleggen").click()

            # overleg opens the casus from the event; the page waits for it (poll with deadline)
            deadline = time.monotonic() + 30
            while "/casussen/" not in page.url:
                if time.monotonic() > deadline:
                    pytest.fail(f"no casus page for melding {melding_id}; still at {page.url}")
                try:
                    page.wait_for_url(re.compile(r".*/casussen/[0-9a-f-]+"), timeout=2_000)
                except Exception:
                    page.goto(f"{base}/triage/{melding_id}/casus")
            expect(page.get_by_role("heading", level=1)).to_contain_text("Casus")

            page.get_by_label("Wat").fill(wat)
            page.get_by_label("Wie").select_option(UITVOERDER)
            page.get_by_label("Wanneer").fill((date.today() + timedelta(days=14)).isoformat())
            page.get_by_role("button", name="Actie toevoegen").click()

            rij = page.locator("#actielijst-tabel tbody tr", has_text=wat)
            expect(rij).to_be_visible()
            expect(rij.locator(f'td[data-partner="{UITVOERDER}"]')).to_be_visible()
            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
            heading = page.get_by_role("heading", level=1).inner_text()
        finally:
            browser.close()
    assert heading.startswith("Casus")
    assert SCREENSHOT.stat().st_size > 0

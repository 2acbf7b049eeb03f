"""The procesregisseur's dashboard in a real browser: charts drawn, signals shown, axe clean.

A stack as processes on free ports; a melding from politie-zwb becomes a casus with two acties
for the gemeente (one due today: amber, one in a month: green). pr.jansen opens /dashboard:
every chart is drawn on its canvas (Chart.js from the npm registry, our own dashboard.js, no
inline script under the CSP), each table is still there for screen readers, and axe-core
reports no violations. Playwright drives Debian's Chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from zvh_local.aanmelden import browser_sign_in
from zvh_local.demo import UITVOERDER, Endpoints, PartnerSession, demo_meldingen, kenmerk
from zvh_local.ports import Ports
from zvh_local.supervisor import Stack

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

CHROMIUM = Path("/usr/bin/chromium")
CHARTJS = (
    Path(__file__).resolve().parents[2]
    / "services/overleg/src/zvh_overleg/entrypoints/web/static/vendor/chart.umd.min.js"
)
SCREENSHOT = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "dashboard.png"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
]


@dataclass
class Opzet:
    stack: Stack
    vandaag: uuid.UUID
    later: uuid.UUID


async def _opzetten(endpoints: Endpoints) -> tuple[uuid.UUID, uuid.UUID]:
    async with PartnerSession(endpoints=endpoints, timeout_s=45) as s:
        melding_id = await s.submit(demo_meldingen()[0])
        await s.read_melding(melding_id)
        await s.triage_casus(melding_id, uitnodigen=(UITVOERDER,))
        casus_id = await s.wait_for_casus(melding_id)
        vandaag = await s.add_actie(
            casus_id, wat=f"Huisbezoek {kenmerk()}", wie=UITVOERDER, wanneer=date.today()
        )
        later = await s.add_actie(
            casus_id,
            wat=f"Evaluatie {kenmerk()}",
            wie=UITVOERDER,
            wanneer=date.today() + timedelta(days=30),
        )
    return vandaag, later


@pytest.fixture(scope="module")
def opzet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opzet]:
    if not CHROMIUM.exists():
        pytest.skip(
            "browser test skipped: /usr/bin/chromium is missing "
            "(install it with `apt-get install chromium` or `make browser-deps`)"
        )
    if not CHARTJS.exists():
        pytest.skip("browser test skipped: chart.js was not fetched (`make install` with npm)")
    var = Path(tmp_path_factory.mktemp("zvh-dashboard-var"))
    stack = Stack(var_dir=var, ports=Ports.free(), say=lambda _m: None)
    stack.start()
    try:
        vandaag, later = asyncio.run(_opzetten(stack.endpoints(telemetry_dir=var / "telemetry")))
        yield Opzet(stack=stack, vandaag=vandaag, later=later)
    finally:
        stack.stop()


def _axe(page: Any) -> list[dict[str, Any]]:
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page).response
    violations: list[dict[str, Any]] = list(response.get("violations", []))
    print(f"axe dashboard: {len(response.get('passes', []))} rules passed")
    for v in violations:
        print(f"axe dashboard: {v.get('impact')} {v.get('id')}: {v.get('help')} {v.get('nodes')}")
    return violations


def test_dashboard_draws_its_charts_and_passes_axe(opzet: Opzet) -> None:
    from playwright.sync_api import expect, sync_playwright

    base = opzet.stack.url("overleg")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            ctx = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
            page = ctx.new_page()
            page.set_default_timeout(20_000)
            browser_sign_in(page, base, "pr.jansen")  # its provider's CDN stylesheet is aborted
            fouten: list[str] = []  # from here on: our pages only
            page.on("console", lambda m: fouten.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: fouten.append(str(e)))

            page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
                "link", name="Dashboard"
            ).click()
            expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")

            canvassen = page.locator("canvas[data-tabel]")
            expect(canvassen).to_have_count(3)
            expect(page.locator('canvas[data-getekend="ja"]')).to_have_count(3)
            for i in range(3):
                canvas = canvassen.nth(i)
                tabel = canvas.get_attribute("data-tabel")
                expect(page.locator(f"table#{tabel}")).to_be_visible()  # the fallback
                assert canvas.evaluate("c => c.width > 0 && c.height > 0")
                assert canvas.evaluate("c => Boolean(c.chart) && c.chart.data.labels.length > 0")

            expect(page.locator(f'tr[data-actie="{opzet.vandaag}"]')).to_have_attribute(
                "data-rag", "oranje"
            )
            expect(page.locator(f'tr[data-actie="{opzet.later}"]')).to_have_count(0)
            gemeente = page.locator(f'#tabel-acties-partner tr[data-partner="{UITVOERDER}"]')
            expect(gemeente.locator('td[data-rag="oranje"]')).to_have_text("1")
            expect(gemeente.locator('td[data-rag="groen"]')).to_have_text("1")
            expect(page.locator('#tabel-fase tr[data-fase="4"] td')).to_have_text("1")
            # the "al bekend" count arrives as a fragment from intake's queue (htmx)
            expect(page.locator("#bekend-telling")).to_have_attribute("data-bekend", "0")

            SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
            violations = _axe(page)
        finally:
            browser.close()
    assert violations == [], f"axe violations on the dashboard: {violations}"
    assert fouten == [], f"errors in the console (a CSP refusal shows here): {fouten}"

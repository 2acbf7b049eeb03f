"""The staff UI under its Content-Security-Policy in a real browser: no page trips it.

The CSP allows no inline script and no inline style (``zvh_platform.websec.CSP``). A template
with a ``<style>`` block or a ``style=`` attribute, or htmx injecting its indicator ``<style>``,
would be refused by the browser and reported; this test visits the main pages as the users who
see them and fails on any report. Reports are caught twice: Chromium's console message ("…
violates the following Content Security Policy directive …") and a ``securitypolicyviolation``
listener installed before any page script runs.

Playwright drives Debian's Chromium (/usr/bin/chromium) against a local stack on free ports with
the demo meldingen seeded, one casus with an actie and an overleg planned on it.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from zvh_local.aanmelden import browser_sign_in
from zvh_local.demo import PartnerSession, seed
from zvh_local.ports import Ports
from zvh_local.supervisor import Stack

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
]
#: Runs in every page before its own scripts (Playwright's init scripts are not subject to the
#: page's CSP) and keeps each violation the page reports.
LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} ${e.blockedURI} ${e.sample || ""}`);
});
"""


@dataclass
class Opgezet:
    stack: Stack
    melding_id: uuid.UUID
    casus_id: uuid.UUID
    overleg_id: uuid.UUID


async def _opzetten(stack: Stack, var: Path) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """Seed the demo meldingen, triage the first as casus with an actie, plan an overleg on it."""
    endpoints = stack.endpoints(telemetry_dir=var / "telemetry")
    melding_ids = await seed(endpoints=endpoints, say=lambda _m: None)
    async with PartnerSession(endpoints=endpoints, timeout_s=45) as s:
        await s.read_melding(melding_ids[0])
        await s.triage_casus(melding_ids[0])
        casus_id = await s.wait_for_casus(melding_ids[0])
        await s.add_actie(casus_id, wat="Huisbezoek afleggen")
        overleg_id = await s.plan_overleg([casus_id])
        s.provider.shutdown()
    # the second melding stays in the triage queue: its triage page is visited
    return melding_ids[1], casus_id, overleg_id


@pytest.fixture(scope="module")
def opgezet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Opgezet]:
    if not CHROMIUM.exists():
        pytest.skip(
            "browser test skipped: /usr/bin/chromium is missing "
            "(install it with `apt-get install chromium` or `make browser-deps`)"
        )
    var = Path(tmp_path_factory.mktemp("zvh-csp-var"))
    stack = Stack(var_dir=var, ports=Ports.free(), say=lambda _m: None)
    stack.start()
    try:
        melding_id, casus_id, overleg_id = asyncio.run(_opzetten(stack, var))
        yield Opgezet(stack, melding_id, casus_id, overleg_id)
    finally:
        stack.stop()


class Bewaker:
    """A signed-in browser context that records every CSP report of every page it opens."""

    def __init__(self, browser: Any, base: str, user: str) -> None:
        self.base = base
        self.console: list[str] = []
        self.ctx = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        self.ctx.add_init_script(LISTENER)
        self.page = self.ctx.new_page()
        self.page.set_default_timeout(20_000)
        self.page.on("console", self._console)
        browser_sign_in(self.page, base, user)

    def _console(self, message: Any) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(f"{self.page.url}: {message.text}")

    def violations(self) -> list[str]:
        """What the page reported so far, by console and by listener."""
        reported: list[str] = self.page.evaluate("window.__cspViolations || []")
        return [*self.console, *(f"{self.page.url}: {v}" for v in reported)]

    def bezoek(self, path: str) -> list[str]:
        """Open ``path`` (must answer 200) and return the CSP reports of that visit."""
        self.console.clear()
        response = self.page.goto(f"{self.base}{path}", wait_until="load")
        assert response is not None and response.status == 200, (path, response)
        return self.violations()


def test_main_pages_report_no_csp_violation(opgezet: Opgezet) -> None:
    from playwright.sync_api import sync_playwright

    base = opgezet.stack.url("overleg")
    c, o = opgezet.casus_id, opgezet.overleg_id
    pages = {
        "pr.jansen": [
            "/triage",
            f"/triage/{opgezet.melding_id}",
            "/casussen",
            f"/casussen/{c}",
            f"/casussen/{c}/toestemmingen",
            "/overleggen",
            "/overleggen/nieuw",
            f"/overleggen/{o}",
            f"/overleggen/{o}/wijzigen",
            f"/overleggen/{o}/modus",
            f"/overleggen/{o}/projectie",
            f"/overleggen/{o}/verslag",
            "/inzage",
        ],
        "fg.devries": ["/fg/doorbrekingen", "/fg/inzage"],
        "beheer.dekker": ["/beheer/convenanten"],
    }
    gevonden: dict[str, list[str]] = {}
    htmx_gezien = False
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for user, paths in pages.items():
                bewaker = Bewaker(browser, base, user)
                gevonden[f"{user} (start page after signing in)"] = bewaker.violations()
                for path in paths:
                    gevonden[f"{user} {path}"] = bewaker.bezoek(path)
                    htmx_gezien |= bewaker.page.evaluate("typeof window.htmx === 'object'")
                bewaker.ctx.close()
        finally:
            browser.close()
    for bezoek, meldingen in gevonden.items():
        print(f"{bezoek}: {len(meldingen)} CSP reports")
    fouten = {bezoek: m for bezoek, m in gevonden.items() if m}
    assert not fouten, f"pages tripped the Content-Security-Policy: {fouten}"
    # htmx ran (so its indicator style would have been injected had it not been turned off)
    assert htmx_gezien, "htmx was not loaded on any page; run `make install` to fetch it"


def test_the_harness_reports_an_inline_style(opgezet: Opgezet) -> None:
    """Keeps the check honest: an inline <style> and style= added to a page are both caught."""
    from playwright.sync_api import sync_playwright

    base = opgezet.stack.url("overleg")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            bewaker = Bewaker(browser, base, "pr.jansen")
            assert bewaker.bezoek("/casussen") == []
            with bewaker.page.expect_console_message(
                lambda m: "Content Security Policy" in m.text, timeout=10_000
            ):
                bewaker.page.evaluate(
                    """() => {
                      const head = document.head, body = document.body;
                      head.insertAdjacentHTML("beforeend", "<style>p { color: red }</style>");
                      body.insertAdjacentHTML("beforeend", '<p style="color: red">x</p>');
                    }"""
                )
            bewaker.page.wait_for_function("window.__cspViolations.length >= 2", timeout=10_000)
            meldingen = bewaker.violations()
        finally:
            browser.close()
    assert any("Content Security Policy" in m for m in meldingen), meldingen
    assert sum("style-src" in m and "Content Security" not in m for m in meldingen) >= 2, meldingen

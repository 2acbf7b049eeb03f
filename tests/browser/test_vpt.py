"""Issue 10 acceptance: one incident from report to closing in a real browser, on the real stack.

wt.yilmaz (wijkteam, gemeente Bergen op Zoom) reports an incident on a phone-size screen; his
leidinggevende lg.peters sees it at once in /vpt, sees the first nazorg contact due and registers
it as done; the assigned VPT casemanager (read from the dossier page) records the aangifte with
domiciliekeuze and adds a court date, which appears as an actie; then the closing. Screenshots go
to var/screenshots/vpt/ (look at them: the meldpunt must fit a phone).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from zvh_local.aanmelden import browser_sign_in, session_cookies
from zvh_local.ports import Ports
from zvh_local.supervisor import Stack
from zvh_platform.testing import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots" / "vpt"
TELEFOON: Any = {"width": 390, "height": 844}  # playwright ViewportSize


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not CHROMIUM.exists():
        pytest.skip(
            "browser test skipped: /usr/bin/chromium is missing "
            "(install it with `apt-get install chromium` or `make browser-deps`)"
        )
    var = Path(tmp_path_factory.mktemp("zvh-vpt-var"))
    keten = Stack(var_dir=var, ports=Ports.free(), say=lambda _m: None)
    keten.start()
    try:
        yield keten
    finally:
        keten.stop()


def _shot(page: Any, naam: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{naam}.png"), full_page=True)


def _dossier_er(base: str, user: str, pad: str) -> None:
    """Wait until overleg opened the dossier from intake's event (polled over HTTP with the
    user's own session, in a thread of its own beside Playwright's sync API)."""
    cookies = session_cookies(base, user)

    async def er() -> bool:
        async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=10) as c:
            return (await c.get(pad)).status_code == 200

    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, wait_for(er, timeout_s=45, interval_s=0.25)).result()


def _open_dossier(page: Any, base: str, user: str, pad: str) -> None:
    _dossier_er(base, user, pad)
    antwoord = page.goto(f"{base}{pad}")
    assert antwoord is not None and antwoord.status == 200


def test_incident_from_report_to_closing(stack: Stack) -> None:
    from playwright.sync_api import expect, sync_playwright

    base = stack.url("overleg")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            # 1. the employee reports on a phone
            telefoon = browser.new_context(
                locale="nl-NL", viewport=TELEFOON, is_mobile=True, has_touch=True
            )
            page = telefoon.new_page()
            page.set_default_timeout(20_000)
            browser_sign_in(page, base, "wt.yilmaz")
            page.goto(f"{base}/meldpunt")
            _shot(page, "1-meldpunt-telefoon")
            breedte = page.evaluate("document.documentElement.scrollWidth")
            assert breedte <= TELEFOON["width"], f"de meldpunt-pagina is {breedte}px breed"
            page.get_by_label("Waar gebeurde het?").fill("Huisbezoek")
            page.get_by_label("Bedreiging").check()
            page.get_by_label("Verbaal geweld (schelden, beledigen)").check()
            page.locator("#politie-nee").check()
            page.locator("#impact-4").check()
            page.get_by_label("Uw leidinggevende").select_option("lg.peters")
            page.get_by_role("button", name="Melding versturen").click()
            expect(page.locator("#ontvangen")).to_be_visible()
            incident = page.locator("#incident-nummer").inner_text().strip()
            dossier_url = page.locator("#naar-dossier").get_attribute("href")
            assert incident and dossier_url
            _shot(page, "2-ontvangen-telefoon")
            # the employee reads the own report back on the phone
            _open_dossier(page, base, "wt.yilmaz", dossier_url)
            expect(page.locator("#melding-plaats")).to_have_text("Huisbezoek")
            expect(page.locator("#aangifte-formulier")).to_have_count(0)
            breedte = page.evaluate("document.documentElement.scrollWidth")
            assert breedte <= TELEFOON["width"], f"het dossier is {breedte}px breed op een telefoon"
            _shot(page, "2b-dossier-medewerker-telefoon")
            telefoon.close()

            # 2. the leidinggevende sees it at once, and the first nazorg contact is due
            ctx = browser.new_context(locale="nl-NL")
            page = ctx.new_page()
            page.set_default_timeout(20_000)
            browser_sign_in(page, base, "lg.peters")
            page.get_by_role("link", name="VPT-dossiers").click()
            expect(page.locator(f'#vpt-lijst tr[data-incident="{incident}"]')).to_be_visible()
            _shot(page, "3-lijst-leidinggevende")
            _open_dossier(page, base, "lg.peters", dossier_url)
            eerste = page.locator("#nazorg-eerste")
            expect(eerste).to_have_attribute("data-staat", "te-doen")
            expect(eerste).to_contain_text("Nu te doen")
            casemanager = page.locator("#casemanager").get_attribute("data-user")
            assert casemanager in ("vpt.dewit", "vpt.smits"), casemanager
            page.locator("#nazorg-gedaan-eerste").click()
            expect(page.locator("#nazorg-eerste")).to_have_attribute("data-staat", "gedaan")
            expect(page.locator("#nazorg-eerste")).to_contain_text("Geregistreerd als gedaan")
            expect(page.locator("#aangifte-formulier")).to_have_count(0)  # he only reads
            _shot(page, "4-dossier-leidinggevende")
            ctx.close()

            # 3. the assigned casemanager: aangifte with domiciliekeuze, a zitting as actie
            ctx = browser.new_context(locale="nl-NL")
            page = ctx.new_page()
            page.set_default_timeout(20_000)
            browser_sign_in(page, base, casemanager)
            _open_dossier(page, base, casemanager, dossier_url)
            page.get_by_label("Datum aangifte").fill(date.today().isoformat())
            page.get_by_label("Proces-verbaalnummer").fill("PL2000-2026123456")
            page.get_by_label("Aangifte onder werkadres (domiciliekeuze)").check()
            page.get_by_label("Werkadres (alleen bij domiciliekeuze)").fill("Stadskantoor")
            page.get_by_role("button", name="Aangifte vastleggen").click()
            expect(page.locator("#bericht")).to_contain_text("aangifte is vastgelegd")
            expect(page.locator("#aangifte-domicilie")).to_have_text("Ja (domiciliekeuze)")
            zitting = date.today() + timedelta(days=60)
            page.get_by_label("Datum zitting").fill(zitting.isoformat())
            page.get_by_label("Soort zitting").select_option("politierechter")
            page.get_by_label("Plaats (rechtbank)").fill("Rechtbank Zeeland-West-Brabant, Breda")
            page.get_by_role("button", name="Zitting toevoegen").click()
            actie = page.locator("#vpt-acties tr", has_text="Begeleiding bij zitting")
            expect(actie).to_contain_text(zitting.strftime("%d-%m-%Y"))
            _shot(page, "5-dossier-casemanager")

            # 4. closing before the evaluation is refused in Dutch
            page.locator("#afsluitreden-afgerond").check()
            page.get_by_role("button", name="Dossier afsluiten").click()
            expect(page.locator("#foutsamenvatting")).to_contain_text(
                re.compile("evaluatie is vastgelegd")
            )
            _shot(page, "6-afsluiten-zonder-evaluatie")

            # 5. the evaluation with the team sets a maatregel (owner + date), then closing
            _open_dossier(page, base, casemanager, dossier_url)
            page.get_by_label("Wat gebeurde er?").fill("Bewoner werd boos bij het huisbezoek.")
            page.get_by_label("Wat ging goed?").fill("Collega trok zich tijdig terug.")
            page.get_by_label("Wat moet anders?").fill(
                "Huisbezoek bij deze bewoner met z'n tweeën."
            )
            page.get_by_label("Besproken met het team").check()
            page.get_by_label("Aantal deelnemers (bij bespreking met het team)").fill("6")
            page.get_by_role("button", name="Evaluatie vastleggen").click()
            expect(page.locator("#evaluatie-vastgelegd")).to_contain_text("met het team")
            klaar = date.today() + timedelta(days=30)
            page.get_by_label("Maatregel", exact=True).fill("Werkinstructie huisbezoek met twee")
            page.get_by_label("Wie voert hem uit (naam, functie of organisatie)").fill(
                "Teamleider wijkteam"
            )
            page.get_by_label("Klaar op").fill(klaar.isoformat())
            page.get_by_role("button", name="Maatregel toevoegen").click()
            maatregel = page.locator("#maatregelen-lijst li", has_text="Werkinstructie huisbezoek")
            expect(maatregel).to_have_attribute("data-status", "open")
            expect(maatregel).to_contain_text("Teamleider wijkteam")
            _shot(page, "7-evaluatie-maatregel")
            page.locator("#afsluitreden-afgerond").check()
            page.get_by_role("button", name="Dossier afsluiten").click()
            expect(page.locator("#status-afgesloten")).to_be_visible()
            _shot(page, "8-afgesloten")
            ctx.close()
        finally:
            browser.close()

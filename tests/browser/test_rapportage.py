"""The quarterly report in a real browser against the real stack (services as processes).

politie-zwb submits five meldingen about Woensdrecht (GM0873, a gemeente no other test or demo
melding uses); the procesregisseur triages each as casus and overleg opens five casussen. In the
browser pr.jansen opens /rapportage, chooses the current quarter and Woensdrecht, reads the
table, downloads the XLSX (a Playwright download) and the test opens it with openpyxl and checks
the counts against what it made. Five is the smallest count the report shows as it is.
"""

from __future__ import annotations

import asyncio
import random
import threading
import uuid
from collections.abc import Coroutine, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from zvh_local.aanmelden import browser_sign_in
from zvh_local.demo import MELDER, Endpoints, PartnerSession, melding_over, unieke_bsn
from zvh_local.demo import kenmerk as nieuw_kenmerk
from zvh_local.ports import Ports
from zvh_local.supervisor import Stack

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

T = TypeVar("T")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
NL = ZoneInfo("Europe/Amsterdam")
WOENSDRECHT = "GM0873"
AANTAL = 5


class Lus:
    """An asyncio loop in a daemon thread: the partner session next to Playwright's sync API."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, T], *, timeout_s: float = 120) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout_s)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


def kwartaal_nu() -> str:
    nu = datetime.now(NL)
    return f"{nu.year}-Q{(nu.month - 1) // 3 + 1}"


async def _meldingen_en_casussen(endpoints: Endpoints) -> list[uuid.UUID]:
    """Five meldingen about Woensdrecht, each triaged as casus; the casussen's ids."""
    async with PartnerSession(endpoints=endpoints, timeout_s=45, partners=(MELDER,)) as s:
        try:
            casussen = []
            rng = random.Random()
            for _ in range(AANTAL):
                melding = melding_over(
                    unieke_bsn(rng), kenmerk=nieuw_kenmerk(), gemeente=WOENSDRECHT
                )
                melding_id = await s.submit(melding)
                await s.read_melding(melding_id)
                await s.triage_casus(melding_id, uitnodigen=("ggz-wnb",))
                casussen.append(await s.wait_for_casus(melding_id))
            return casussen
        finally:
            s.provider.shutdown()


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, list[uuid.UUID]]]:
    if not CHROMIUM.exists():
        pytest.skip(
            "browser test skipped: /usr/bin/chromium is missing "
            "(install it with `apt-get install chromium` or `make browser-deps`)"
        )
    var = Path(tmp_path_factory.mktemp("zvh-rapportage-var"))
    stack = Stack(var_dir=var, ports=Ports.free(), say=lambda _m: None)
    stack.start()
    lus = Lus()
    try:
        casussen = lus.run(_meldingen_en_casussen(stack.endpoints(telemetry_dir=var / "telemetry")))
        yield stack, casussen
    finally:
        lus.close()
        stack.stop()


def test_report_page_and_xlsx_download(
    stack: tuple[Stack, list[uuid.UUID]], tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    keten, casussen = stack
    assert len(set(casussen)) == AANTAL
    base = keten.url("overleg")
    kwartaal = kwartaal_nu()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            ctx = browser.new_context(locale="nl-NL", accept_downloads=True)
            page = ctx.new_page()
            page.set_default_timeout(20_000)
            browser_sign_in(page, base, "pr.jansen")
            page.get_by_role("link", name="Rapportage").click()
            page.wait_for_url(f"{base}/rapportage")
            page.get_by_label("Kwartaal").fill(kwartaal)
            page.get_by_label("Gemeente").select_option(WOENSDRECHT)
            page.get_by_role("button", name="Toon rapportage").click()
            page.wait_for_url(lambda url: f"gemeente={WOENSDRECHT}" in url)
            titel = page.locator("#rapportage-titel").inner_text()
            assert "Woensdrecht" in titel, titel

            def cel(tabel: str, onderdeel: str) -> str:
                rij = page.locator(
                    f"#tabel-{tabel} tr",
                    has=page.get_by_role("rowheader", name=onderdeel, exact=True),
                )
                return rij.locator("td").inner_text().strip()

            assert cel("casussen", "Geopend in het kwartaal") == str(AANTAL)
            assert cel("meldingen-uitkomst", "Casus") == str(AANTAL)

            with page.expect_download() as download:
                page.locator("#download-xlsx").click()
            pad = tmp_path / download.value.suggested_filename
            download.value.save_as(pad)
            assert pad.name == f"zvh-rapportage-{kwartaal}-{WOENSDRECHT}.xlsx"
            ctx.close()
        finally:
            browser.close()

    blad = load_workbook(pad).active
    assert blad is not None
    rijen = list(blad.iter_rows(values_only=True))
    assert rijen[0][0] is not None and "Woensdrecht" in str(rijen[0][0])
    waarden = {(r[2], r[3]): r[4] for r in rijen[2:]}
    assert waarden[("Meldingen per melder", "Politie Zeeland-West-Brabant")] == AANTAL
    assert waarden[("Meldingen per melder", "Totaal meldingen")] == AANTAL
    assert waarden[("Meldingen per uitkomst van de triage", "Casus")] == AANTAL
    assert waarden[("Meldingen per uitkomst van de triage", "Advies")] == 0
    assert waarden[("Casussen", "Geopend in het kwartaal")] == AANTAL
    assert waarden[("Casussen", "Lopend aan het eind van het kwartaal")] == AANTAL
    assert waarden[("Afgesloten casussen per reden", "Afgesloten in het kwartaal")] == 0

"""Live pages in a real browser (Chromium + htmx + htmx-ext-sse) over the fakes app: the
projectie follows what the notulist records, and the casus page's actielijst follows new acties,
within 2 s and without a reload."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from modus_helpers import plan_overleg
from overleg_fakes import FakePdp, FakeUnitOfWork, FixedClock, Store, getrieerd
from overleg_web_fakes import FakeIntake, make_app, sessie_cookie
from zvh_overleg.application.handlers import handle_melding_event
from zvh_overleg.entrypoints.web.session import COOKIE
from zvh_overleg.entrypoints.web.templating import HTMX_FILE, HTMX_SSE_FILE

pytestmark = [pytest.mark.browser, pytest.mark.timeout(120)]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served() -> Iterator[tuple[str, uuid.UUID, uuid.UUID, str]]:
    missing = [str(p) for p in (CHROMIUM, HTMX_FILE, HTMX_SSE_FILE) if not p.exists()]
    if missing:
        pytest.skip(f"browser test skipped: missing {', '.join(missing)} (make install, chromium)")
    import uvicorn

    store = Store()
    casus_id = asyncio.run(
        handle_melding_event(
            event_id=uuid.uuid4(),
            event=getrieerd(),
            uow=lambda: FakeUnitOfWork(store),
            clock=FixedClock(),
        )
    )
    assert casus_id
    overleg_id = plan_overleg(store, [casus_id])
    app, svc = make_app(store=store, pdp=FakePdp(), intake=FakeIntake())
    sleutel = asyncio.run(sessie_cookie(svc, "notulist.bakker"))
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, port=port, log_level="warning", timeout_graceful_shutdown=1)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", overleg_id, casus_id, sleutel
    finally:
        server.should_exit = True
        thread.join(10)


def test_projectie_and_casus_page_follow_the_notulist_live(served) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect, sync_playwright

    base, overleg_id, casus_id, sleutel = served
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            ctx = browser.new_context(locale="nl-NL")
            notulist = ctx.new_page()
            notulist.set_default_timeout(10_000)
            # signed in as the notulist (the OIDC sign-in itself is tested in tests/browser)
            ctx.add_cookies([{"name": COOKIE, "value": sleutel, "url": base}])
            notulist.goto(f"{base}/overleggen/{overleg_id}/modus")

            scherm = ctx.new_page()
            scherm.goto(f"{base}/overleggen/{overleg_id}/projectie")
            expect(scherm.locator("#projectie-casus")).to_have_attribute(
                "data-casus-id", str(casus_id)
            )
            casus = ctx.new_page()
            casus.goto(f"{base}/casussen/{casus_id}")
            # no wait for the EventSource: a stream always starts with the current state
            for p in (scherm, casus):
                p.evaluate("window.__zelfde_pagina = true")

            notulist.locator("#item-onderdeel").select_option("kansen")
            notulist.locator("#item-eigenaar").select_option("politie-zwb")
            notulist.locator("#item-categorie").select_option("politie")
            notulist.locator("#item-tekst").fill("Wijkagent heeft goed contact")
            notulist.get_by_role("button", name="Toevoegen aan bouwschema").click()
            expect(scherm.locator("#projectie [data-item-id]")).to_contain_text(
                "Wijkagent heeft goed contact", timeout=2_000
            )

            notulist.locator("#actie-wat").fill("Gesprek met verhuurder")
            notulist.locator("#actie-wie").select_option("politie-zwb")
            notulist.locator("#actie-wanneer").fill("2030-03-20")
            notulist.get_by_role("button", name="Actie toevoegen").click()
            expect(casus.locator("#actielijst-tabel")).to_contain_text(
                "Gesprek met verhuurder", timeout=2_000
            )
            expect(scherm.locator("#projectie-actielijst")).to_contain_text(
                "Gesprek met verhuurder", timeout=2_000
            )
            for p in (scherm, casus):
                assert p.evaluate("window.__zelfde_pagina") is True, "the page reloaded"
        finally:
            browser.close()

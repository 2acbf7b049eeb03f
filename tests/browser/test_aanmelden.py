"""Sign-in through the organisation's identity provider, in a real browser against real processes.

The stack runs the OIDC stand-in (a real provider per organisation, `oidc-provider-mock`) beside
the four services. Chromium goes through the code flow with PKCE; after logging out, the old
session cookie opens nothing and the short-lived tokens derived from the session are refused by
the other services too.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from zvh_local.aanmelden import browser_sign_in
from zvh_local.ports import Ports
from zvh_local.supervisor import Stack
from zvh_platform.auth import SESSION_CACHE_S, issue_token
from zvh_platform.keys import SigningKey
from zvh_platform.region import load_region

pytestmark = [pytest.mark.browser, pytest.mark.timeout(240)]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not CHROMIUM.exists():
        pytest.skip("browser test skipped: /usr/bin/chromium is missing (make browser-deps)")
    s = Stack(var_dir=tmp_path_factory.mktemp("zvh-oidc"), ports=Ports.free(), say=lambda _m: None)
    s.start()
    try:
        yield s
    finally:
        s.stop()


def _sid(stack: Stack, user_id: str) -> str:
    """The public id of the user's newest session, read from overleg's own database."""
    with sqlite3.connect(stack.var_dir / "overleg.db") as db:
        rows = db.execute("SELECT sid, gebruiker FROM sessies ORDER BY begonnen_op DESC").fetchall()
    return next(sid for sid, gebruiker in rows if f'"{user_id}"' in gebruiker)


def test_sign_in_with_pkce_and_logout_ends_cookie_and_tokens(stack: Stack) -> None:
    from playwright.sync_api import sync_playwright

    base = stack.url("overleg")
    authorize: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            ctx = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
            page = ctx.new_page()
            page.set_default_timeout(20_000)
            page.on(
                "request",
                lambda r: authorize.append(r.url) if "/oauth2/authorize" in r.url else None,
            )
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.context.route("https://cdn.jsdelivr.net/**", lambda route: route.abort())
            page.goto(f"{base}/aanmelden")
            page.screenshot(path=str(SCREENSHOTS / "aanmelden.png"), full_page=True)
            browser_sign_in(page, base, "pr.jansen")
            assert page.url == f"{base}/triage"
            assert page.get_by_text("Pieter Jansen").first.is_visible()

            # The code flow went to the ZVH's own provider, with PKCE (S256) and a nonce.
            query = parse_qs(urlsplit(authorize[0]).query)
            zvh = stack.region.partner("zvh")
            assert zvh is not None and zvh.identiteit is not None
            assert authorize[0].startswith(zvh.identiteit.issuer + "/oauth2/authorize")
            assert query["code_challenge_method"] == ["S256"]
            assert len(query["code_challenge"][0]) >= 43 and query["nonce"][0]
            assert query["response_type"] == ["code"] and "state" in query

            cookies = {c["name"]: c["value"] for c in ctx.cookies()}
            sessie = cookies["zvh_sessie"]
            assert sessie.count(".") == 0, "an opaque key, not a token"

            # A token as overleg derives it from this session (its key, the session's sid).
            user = load_region(None).user("pr.jansen")
            assert user is not None
            token = issue_token(
                user, key=SigningKey.development("zvh-overleg"), sid=_sid(stack, "pr.jansen")
            )
            bearer = {"Authorization": f"Bearer {token}"}
            intake = httpx.get(f"{stack.url('intake')}/v1/meldingen", headers=bearer, timeout=10)
            assert intake.status_code == 200, intake.text

            page.get_by_role("button", name="Afmelden").click()
            page.wait_for_url(f"{base}/aanmelden?afgemeld=1")
            assert page.get_by_text("U bent afgemeld.").is_visible()
            page.screenshot(path=str(SCREENSHOTS / "afgemeld.png"), full_page=True)
        finally:
            browser.close()

    # The old cookie opens nothing any more.
    with httpx.Client(base_url=base, cookies={"zvh_sessie": sessie}, timeout=10) as old:
        r = old.get("/triage")
    assert r.status_code == 303 and r.headers["location"].startswith("/aanmelden")
    # And the token derived from the session is refused by the other services: at once by
    # overleg, within the short cache (SESSION_CACHE_S) by the others.
    afgemeld = time.monotonic()
    deadline = afgemeld + SESSION_CACHE_S + 10
    while True:
        r = httpx.get(f"{stack.url('intake')}/v1/meldingen", headers=bearer, timeout=10)
        if r.status_code == 401 or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    assert r.status_code == 401 and "sessie" in r.json()["detail"]
    ms = 1000 * (time.monotonic() - afgemeld)
    print(f"intake refused the session's token {ms:.0f} ms after logout")
    assert httpx.get(f"{base}/v1/casussen", headers=bearer, timeout=10).status_code == 401

"""The staff UI under the platform's web hardening: headers, no inline script, cookie flags.

The real app (``create_app``) is used, with the fakes' services put in place of the lifespan's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from overleg_fakes import FakePdp, Store, open_casus
from overleg_web_fakes import FakeIntake, aanmelden, client, csrf_veld, make_app, signed_in
from zvh_overleg.bootstrap import create_app
from zvh_overleg.config import OverlegSettings
from zvh_overleg.entrypoints import web
from zvh_overleg.entrypoints.web.aanmelden import secure_cookie
from zvh_overleg.entrypoints.web.session import COOKIE

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTR = re.compile(r"<[^>]*\sstyle\s*=", re.I)
STYLE_TAG = re.compile(r"<style\b", re.I)
#: Every template of every service (only overleg has any today).
TEMPLATES = sorted(Path(__file__).parents[2].glob("*/src/**/templates/**/*.html"))


@pytest.fixture
def real_app(store: Store, pdp: FakePdp, tmp_path: Path) -> FastAPI:
    _, svc = make_app(store=store, pdp=pdp, intake=FakeIntake())
    app = create_app(OverlegSettings(env="test", var_dir=tmp_path))
    app.state.overleg = svc
    return app


def assert_no_inline_script(html: str) -> None:
    """Nothing the CSP (``script-src 'self'``, no inline) would block or that needs 'unsafe-*'."""
    for attrs, body in SCRIPT_TAG.findall(html):
        assert "src=" in attrs and not body.strip(), f"inline script: {attrs} {body[:80]}"
    assert not EVENT_HANDLER.search(html), "inline event handler attribute"
    assert "javascript:" not in html.lower()
    assert not STYLE_ATTR.search(html), "style attribute"
    assert not STYLE_TAG.search(html), "inline <style> block"


async def test_ui_page_api_and_static_carry_security_headers(real_app: FastAPI) -> None:
    async with client(real_app) as c:
        page = await c.get("/aanmelden")
        css = await c.get("/static/zvh-theme.css")
        health = await c.get("/healthz")
    assert page.status_code == 200 and css.status_code == 200 and health.status_code == 200
    for r in (page, css, health):
        csp = r.headers["content-security-policy"]
        assert "script-src 'self';" in csp and "frame-ancestors 'none'" in csp
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin"
        assert "permissions-policy" in r.headers


async def test_main_pages_have_no_inline_script(real_app: FastAPI, store: Store) -> None:
    casus_id = await open_casus(store)
    async with client(real_app) as c:
        aanmelden = await c.get("/aanmelden")
    assert aanmelden.status_code == 200
    pages = [aanmelden.text]
    async with signed_in(real_app) as c:
        for path in ("/triage", "/casussen", f"/casussen/{casus_id}", "/overleggen"):
            r = await c.get(path)
            assert r.status_code == 200, path
            pages.append(r.text)
    for html in pages:
        assert_no_inline_script(html)


def test_inline_script_check_catches_what_it_should() -> None:
    for bad in (
        "<script>alert(1)</script>",
        '<button onclick="x()">',
        '<a href="javascript:x()">',
        '<p style="color:red">',
        "<style>.x { color: red }</style>",
        '<STYLE media="print">',
    ):
        with pytest.raises(AssertionError):
            assert_no_inline_script(bad)
    assert_no_inline_script('<script src="/static/vendor/htmx.min.js" defer></script>')


def test_no_template_carries_inline_style() -> None:
    """No ``style-src 'unsafe-inline'`` in the CSP: a ``<style>`` or ``style=`` would be refused."""
    assert len(TEMPLATES) > 20, TEMPLATES  # the glob finds overleg's templates
    for template in TEMPLATES:
        text = template.read_text(encoding="utf-8")
        assert not STYLE_TAG.search(text), f"<style> in {template.name}: move it to static CSS"
        assert not STYLE_ATTR.search(text), f"style= in {template.name}: use a class"


async def test_pages_turn_off_htmx_injected_indicator_style(real_app: FastAPI) -> None:
    async with client(real_app) as c:
        page = await c.get("/aanmelden")
        css = await c.get("/static/zvh-theme.css")
    if 'src="/static/vendor/htmx.min.js"' not in page.text:
        pytest.skip("htmx is not served (make install fetches it), so nothing to configure")
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles":false}'>""" in page.text
    assert ".htmx-indicator" in css.text


async def test_verslag_and_inzagerapport_css_are_served(real_app: FastAPI) -> None:
    async with client(real_app) as c:
        for name in ("verslag.css", "inzagerapport.css"):
            r = await c.get(f"/static/{name}")
            assert r.status_code == 200 and "@page" in r.text, name
            assert r.headers["content-type"].startswith("text/css")


async def test_session_cookie_is_httponly_lax_and_not_secure_on_local_http(
    real_app: FastAPI,
) -> None:
    async with client(real_app) as c:
        r = await aanmelden(c, "pr.jansen")
    assert r.status_code == 303
    sessie = next(v for k, v in r.headers.multi_items() if k == "set-cookie" and COOKIE in v)
    flags = [f.strip().lower() for f in sessie.split(";")]
    assert flags[0].startswith(f"{COOKIE}=")
    assert "httponly" in flags and "samesite=lax" in flags and "path=/" in flags
    assert "secure" not in flags


async def test_a_cross_origin_form_post_is_refused(real_app: FastAPI, store: Store) -> None:
    """A page elsewhere posts a form to us with the browser's cookies: no CSRF token, 403."""
    casus_id = await open_casus(store)
    actie = {"wat": "Huisbezoek", "wie": "politie-zwb", "wanneer": "2030-03-20"}
    async with client(real_app) as c:
        await aanmelden(c, "pr.jansen")
        aanval = await c.post(
            f"/casussen/{casus_id}/acties",
            data=actie,
            headers={"origin": "https://kwaadwillend.example"},
        )
        vervalst = await c.post(
            f"/casussen/{casus_id}/acties", data={**actie, "csrftoken": "verzonnen"}
        )
        pagina = (await c.get(f"/casussen/{casus_id}")).text
        echt = await c.post(f"/casussen/{casus_id}/acties", data={**actie, **csrf_veld(pagina)})
    assert aanval.status_code == 403 and "Formulier geweigerd" in aanval.text
    assert aanval.headers["content-security-policy"]  # the refusal carries the headers too
    assert vervalst.status_code == 403
    assert echt.status_code == 303, echt.text
    assert len(store.casussen[casus_id].acties) == 1, "only the genuine form added an actie"


async def test_the_sign_in_form_may_lead_to_the_identity_providers_only(real_app: FastAPI) -> None:
    async with client(real_app) as c:
        csp = (await c.get("/aanmelden")).headers["content-security-policy"]
    form_action = next(d for d in csp.split(";") if d.strip().startswith("form-action"))
    assert form_action.split()[1] == "'self'"
    assert "http://127.0.0.1:9400" in form_action and "*" not in form_action


def test_session_cookie_is_secure_outside_local_and_test() -> None:
    assert secure_cookie("production")
    assert not secure_cookie("local") and not secure_cookie("test")


async def test_every_post_form_carries_the_csrf_token(real_app: FastAPI, store: Store) -> None:
    """Also forms from imported macros (they need ``with context`` to see the request)."""
    casus_id = await open_casus(store)
    async with signed_in(real_app) as c:
        pages = {
            p: (await c.get(p)).text
            for p in ("/triage", "/casussen", f"/casussen/{casus_id}", "/overleggen/nieuw")
        }
    forms = 0
    for path, html in pages.items():
        for form in re.findall(r"<form\b[^>]*method=\"post\"[^>]*>.*?</form>", html, re.S):
            forms += 1
            assert 'name="csrftoken"' in form, f"{path}: {form[:120]}"
    assert forms >= 5


def test_macros_with_forms_are_imported_with_context() -> None:
    templates = Path(web.__file__).parent / "templates"
    with_forms = {p.name for p in templates.glob("_*.html") if "<form" in p.read_text()}
    for page in templates.glob("*.html"):
        for name, rest in re.findall(r'{%\s*from "([^"]+)" import ([^%]*)%}', page.read_text()):
            if name in with_forms:
                assert "with context" in rest, f"{page.name} imports {name} without context"

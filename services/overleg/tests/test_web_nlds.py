"""The staff UI on NL Design System components: stylesheets, theme, badges, no retired classes.

docs/ui.md says how a page is built; these tests keep the pages on that path.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from overleg_fakes import FakePdp, Store, open_casus
from overleg_web_fakes import FakeIntake, client, make_app, signed_in
from zvh_overleg.entrypoints.web.templating import STATIC_DIR, badge

ROOT = Path(__file__).resolve().parents[3]
TEMPLATES = sorted((STATIC_DIR.parent / "templates").glob("*.html"))
STYLESHEETS = [
    "/static/vendor/utrecht-design-tokens.css",
    "/static/vendor/utrecht-component-library.css",
    "/static/zvh-theme.css",
]
#: The hand-written classes the components replaced; a template using one again looks unstyled.
RETIRED = {
    "knop", "knop--secundair", "knop--klein", "melding", "melding--info", "melding--succes",
    "melding--fout", "melding--waarschuwing", "foutsamenvatting", "veld", "veldfout", "hint",
    "intro", "lijst", "gegevens", "label", "tabel", "formulier", "knoppen", "status", "kop",
    "menu", "voet", "inhoud", "skiplink",
}  # fmt: skip
CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')


@pytest.fixture
def app(store: Store, pdp: FakePdp) -> FastAPI:
    return make_app(store=store, pdp=pdp, intake=FakeIntake())[0]


async def test_every_page_links_the_nlds_css_then_the_zvh_theme(app: FastAPI, store: Store) -> None:
    casus_id = await open_casus(store)
    async with client(app) as c:
        aanmelden = await c.get("/aanmelden")
    async with signed_in(app) as c:
        casus = await c.get(f"/casussen/{casus_id}")
    for page in (aanmelden, casus):
        assert '<html lang="nl" class="utrecht-theme zvh-theme">' in page.text
        links = re.findall(r'<link rel="stylesheet" href="([^"]+)">', page.text)
        # the theme comes last: our tokens win over Utrecht's base tokens
        assert links[: len(STYLESHEETS)] == STYLESHEETS
    assert 'class="utrecht-nav-bar zvh-menu" aria-label="Hoofdmenu"' in casus.text
    assert 'class="utrecht-skip-link utrecht-skip-link--visible-on-focus" href="#inhoud"' in (
        casus.text
    )


async def test_the_theme_sets_tokens_and_a_visible_focus_ring(app: FastAPI) -> None:
    async with client(app) as c:
        css = await c.get("/static/zvh-theme.css")
        oud = await c.get("/static/overleg.css")
    assert css.status_code == 200 and oud.status_code == 404
    theme = css.text[css.text.index(".zvh-theme {") :]
    for token in (
        "--utrecht-button-primary-action-background-color",
        "--utrecht-link-color",
        "--utrecht-nav-bar-background-color",
        "--utrecht-select-background-image",
    ):
        assert token + ":" in theme, token
    focus = re.search(r"\.zvh-theme :focus-visible \{([^}]*)\}", css.text)
    assert focus and "outline: 3px solid" in focus.group(1)


def test_the_makefile_fetches_the_pinned_packages_into_the_linked_files() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "npm pack --silent @utrecht/component-library-css@9.0.4" in makefile
    assert "npm pack --silent @utrecht/design-tokens@5.0.1" in makefile
    for href in STYLESHEETS[:2]:
        assert href.removeprefix("/static/") in makefile, href
    assert "static/vendor/" in (ROOT / ".gitignore").read_text()


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_templates_use_no_retired_hand_written_class(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    gebruikt = {t for m in CLASS_ATTR.finditer(text) for t in m.group(1).split()}
    assert not gebruikt & RETIRED, f"{template.name}: use the NLDS class (docs/ui.md)"


@pytest.mark.parametrize(
    ("waarde", "variant"),
    [("afgerond", "success"), ("loopt", "active"), ("niet-mogelijk", "danger"),
     ("acuut", "danger"), ("verlopen", "danger"), ("ingetrokken", "inactive"),
     ("normaal", "neutral"), ("iets-nieuws", "neutral")],
)  # fmt: skip
def test_badge_variant_per_value(waarde: str, variant: str) -> None:
    assert badge(waarde) == variant

"""A whole casusoverleg in a real browser against the real stack, as one story.

Two meldingen from politie-zwb become casus A (gemeente invited) and casus B (GGZ invited); the
procesregisseur plans the overleg in the UI; each partner gets only its own casussen in the
invitation (Kafka) and the e-mail carries an iCalendar file; GGZ declines in the UI; the
notulist runs the overlegmodus while a second browser shows the projectie live (no reload); the
verslag is finalised and every partner's PDF holds its own casussen and entries, never another
partner's. Playwright drives Debian's Chromium (/usr/bin/chromium).

The partner side (Kafka inboxes, the intake/overleg APIs) runs on an asyncio loop in a
background thread, since Playwright's sync API owns the main thread.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import io
import mailbox
import re
import shutil
import subprocess
import threading
import uuid
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest
from zvh_local.aanmelden import browser_sign_in
from zvh_local.demo import (
    MELDER,
    OVERLEG_UITGENODIGD,
    UITVOERDER,
    Endpoints,
    PartnerSession,
    demo_meldingen,
)
from zvh_local.demo import kenmerk as nieuw_kenmerk
from zvh_local.ports import Ports
from zvh_local.supervisor import Stack
from zvh_platform.testing import wait_for

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

T = TypeVar("T")

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
]
NL = ZoneInfo("Europe/Amsterdam")

POLITIE = MELDER
GEMEENTE = UITVOERDER
GGZ = "ggz-wnb"


class Lus:
    """An asyncio loop in a daemon thread: runs the partner session next to Playwright."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Coroutine[Any, Any, T], *, timeout_s: float = 90) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout_s)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@dataclass
class Keten:
    stack: Stack
    lus: Lus
    sessie: PartnerSession
    casus_a: uuid.UUID
    casus_b: uuid.UUID
    #: the open actie for gemeente on casus A, to be reviewed in the overlegmodus
    open_actie: uuid.UUID
    open_actie_wat: str


async def _opzetten(s: PartnerSession, *, open_actie_wat: str) -> tuple[uuid.UUID, ...]:
    """Two meldingen from politie-zwb, triaged as casus A (+gemeente) and B (+GGZ)."""
    melding_a, melding_b = demo_meldingen()
    ids = []
    for melding, uitnodigen in ((melding_a, (GEMEENTE,)), (melding_b, (GGZ,))):
        melding_id = await s.submit(melding)
        await s.read_melding(melding_id)
        await s.triage_casus(melding_id, uitnodigen=uitnodigen)
        ids.append(await s.wait_for_casus(melding_id))
    casus_a, casus_b = ids
    actie = await s.add_actie(casus_a, wat=open_actie_wat, wie=GEMEENTE)
    return casus_a, casus_b, actie


@pytest.fixture(scope="module")
def keten(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Keten]:
    if not CHROMIUM.exists():
        pytest.skip(
            "browser test skipped: /usr/bin/chromium is missing "
            "(install it with `apt-get install chromium` or `make browser-deps`)"
        )
    var = Path(tmp_path_factory.mktemp("zvh-overleg-var"))
    stack = Stack(var_dir=var, ports=Ports.free(), say=lambda _m: None)
    stack.start()
    lus: Lus | None = None
    sessie: PartnerSession | None = None
    try:
        endpoints = stack.endpoints(telemetry_dir=var / "telemetry")
        lus = Lus()
        sessie = lus.run(_sessie(endpoints))
        wat = f"Schuldhulp aanmelden kenmerk {uuid.uuid4().hex[:8]}"
        casus_a, casus_b, actie = lus.run(_opzetten(sessie, open_actie_wat=wat))
        yield Keten(
            stack=stack,
            lus=lus,
            sessie=sessie,
            casus_a=casus_a,
            casus_b=casus_b,
            open_actie=actie,
            open_actie_wat=wat,
        )
    finally:
        if lus is not None:
            if sessie is not None:
                lus.run(sessie.aclose())
                sessie.provider.shutdown()
            lus.close()
        stack.stop()


async def _sessie(endpoints: Endpoints) -> PartnerSession:
    s = PartnerSession(endpoints=endpoints, timeout_s=45, partners=(POLITIE, GEMEENTE, GGZ))
    return await s.__aenter__()


# -- helpers -------------------------------------------------------------------------------------


def _plat(text: str) -> str:
    """Text without any whitespace: PDF extraction breaks lines (and spaces) where it likes."""
    return "".join(text.split())


def _aanmelden(browser: Any, base: str, user: str) -> tuple[Any, Any]:
    """A new browser context signed in as ``user``; returns (context, page)."""
    ctx = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = ctx.new_page()
    page.set_default_timeout(20_000)
    browser_sign_in(page, base, user)
    return ctx, page


def _plan_tijden(nu: datetime) -> tuple[datetime, datetime]:
    """Today 09:00–10:30 in NL time, or from this minute on if it is not 09:00 yet.

    The meeting must have begun for the verslag to be finalised, and today is allowed.
    """
    nu_nl = nu.astimezone(NL).replace(second=0, microsecond=0)
    start = datetime.combine(nu_nl.date(), time(9, 0), tzinfo=NL)
    start = min(start, nu_nl)
    return start, start + timedelta(minutes=90)


def _uitnodiging_ics(maildir: Path, *, adres: str, overleg_id: uuid.UUID) -> bytes | None:
    """The ``uitnodiging.ics`` of the invitation e-mail to ``adres`` for this overleg."""
    if not maildir.exists():
        return None
    box = mailbox.Maildir(str(maildir), create=False)
    for key in box.iterkeys():
        msg = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
        if adres not in str(msg["To"]):
            continue
        for part in msg.iter_attachments():  # type: ignore[attr-defined]
            if part.get_filename() != "uitnodiging.ics":
                continue
            data = part.get_payload(decode=True)
            if isinstance(data, bytes) and str(overleg_id).encode() in data:
                return data
    return None


def _axe(page: Any, naam: str) -> list[dict[str, Any]]:
    """Run axe-core on ``page``; returns the violations (printed for the report)."""
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page).response
    violations: list[dict[str, Any]] = list(response.get("violations", []))
    print(f"axe {naam}: {len(response.get('passes', []))} rules passed")
    for v in violations:
        print(
            f"axe {naam}: {v.get('impact')} {v.get('id')} ({len(v.get('nodes', []))}x): "
            f"{v.get('help')}"
        )
    if not violations:
        print(f"axe {naam}: no violations")
    return violations


def _pdf_tekst(body: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(body))
    return "\n".join(p.extract_text() or "" for p in reader.pages)


def _render_pagina_1(pdf: Path, png: Path) -> None:
    """Page 1 of ``pdf`` as PNG with poppler's pdftoppm; prints why when it cannot."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        print("verslag PNG not rendered: pdftoppm missing (apt-get install poppler-utils)")
        return
    subprocess.run(
        [
            tool,
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-r",
            "90",
            "-singlefile",
            str(pdf),
            str(png.with_suffix("")),
        ],
        check=True,
        timeout=60,
    )
    assert png.stat().st_size > 0


def _zelfde_pagina(page: Any) -> Callable[[], list[str]]:
    """Mark ``page`` and count its main-frame navigations from now on."""
    navigaties: list[str] = []
    page.on(
        "framenavigated",
        lambda frame: navigaties.append(frame.url) if frame == page.main_frame else None,
    )
    page.evaluate("window.__zelfde_pagina = true")
    return lambda: navigaties


# -- the story -------------------------------------------------------------------------------


def test_een_heel_casusoverleg(keten: Keten) -> None:
    from playwright.sync_api import expect, sync_playwright

    base = keten.stack.url("overleg")
    s, lus = keten.sessie, keten.lus
    casus_a, casus_b = keten.casus_a, keten.casus_b
    start, eind = _plan_tijden(datetime.now(NL))
    kenmerk = nieuw_kenmerk()
    tekst_politie = f"Politie inbreng {kenmerk} drie incidenten met buren"
    tekst_gemeente = f"Gemeente inbreng {kenmerk} huurachterstand loopt op"
    tekst_ggz = f"GGZ inbreng {kenmerk} zorgmijdend sinds voorjaar"
    actie_gemeente = f"Huisbezoek plannen {kenmerk}"
    actie_ggz = f"Bemoeizorg inschakelen {kenmerk}"
    review_reden = f"Wachtlijst schuldhulp vol {kenmerk}"
    afmeld_reden = f"Geen behandelaar beschikbaar {kenmerk}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            # 2. pr.jansen plans the overleg through the form
            _, pr = _aanmelden(browser, base, "pr.jansen")
            pr.goto(f"{base}/overleggen/nieuw")
            pr.locator("#overleg-datum").fill(start.date().isoformat())
            pr.locator("#overleg-begintijd").fill(start.strftime("%H:%M"))
            pr.locator("#overleg-eindtijd").fill(eind.strftime("%H:%M"))
            pr.locator("#overleg-locatie").fill("ZVH De Markiezaten, vergaderzaal 2")
            pr.locator("#overleg-soort").select_option("casusoverleg")
            pr.locator("#overleg-voorzitter").select_option("pr.jansen")
            for volgorde, casus_id in enumerate((casus_a, casus_b), start=1):
                pr.locator(f"#agenda-{casus_id}").check()
                pr.locator(f"#volgorde-{casus_id}").fill(str(volgorde))
            pr.get_by_role("button", name="Overleg plannen").click()
            expect(pr).to_have_url(re.compile(r".*/overleggen/[0-9a-f-]{36}(\?.*)?$"))
            overleg_id = uuid.UUID(pr.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1])
            expect(pr.locator("#agenda-lijst li[data-casus-id]")).to_have_count(2)
            expect(pr.locator("#agenda-lijst li[data-casus-id]").first).to_have_attribute(
                "data-casus-id", str(casus_a)
            )

            # 3. each partner is invited for its own casus only; the e-mail carries the .ics
            gemeente_uitn = lus.run(
                s.wait_for_partner_event(OVERLEG_UITGENODIGD, org=GEMEENTE, about=overleg_id)
            ).json()
            ggz_uitn = lus.run(
                s.wait_for_partner_event(OVERLEG_UITGENODIGD, org=GGZ, about=overleg_id)
            ).json()
            assert gemeente_uitn["casus_ids"] == [str(casus_a)]
            assert ggz_uitn["casus_ids"] == [str(casus_b)]

            adres = f"{GEMEENTE}@partners.zvh.local"

            async def ics() -> bytes | None:
                return _uitnodiging_ics(
                    keten.stack.var_dir / "mail", adres=adres, overleg_id=overleg_id
                )

            from icalendar import Calendar

            kalender = Calendar.from_ical(lus.run(wait_for(ics, timeout_s=45, interval_s=0.25)))
            events = [c for c in kalender.walk() if c.name == "VEVENT"]
            assert len(events) == 1
            dtstart = events[0].decoded("DTSTART")
            assert isinstance(dtstart, datetime) and dtstart.tzinfo is not None
            assert dtstart == start
            assert dtstart.replace(tzinfo=None) == start.replace(tzinfo=None), "not in NL time"
            assert str(events[0]["UID"]).endswith("@zvh-keten")

            # 4. GGZ declines in the UI with a reason; the procesregisseur sees it
            _, ggz = _aanmelden(browser, base, "ggz.mulder")
            ggz.goto(f"{base}/overleggen/{overleg_id}")
            ggz.get_by_label("Wij komen niet").check()
            ggz.get_by_label("Reden").fill(afmeld_reden)
            ggz.get_by_role("button", name="Antwoord versturen").click()
            expect(ggz.locator("#melding-beantwoord")).to_be_visible()

            pr.goto(f"{base}/overleggen/{overleg_id}")
            afgemeld = pr.locator(
                f'#genodigden li[data-partner="{GGZ}"][data-antwoord="komt-niet"]'
            )
            expect(afgemeld).to_be_visible()
            expect(afgemeld).to_contain_text(afmeld_reden)

            # 5. the notulist runs the overlegmodus, starting with casus A
            _, notulist = _aanmelden(browser, base, "notulist.bakker")
            notulist.goto(f"{base}/overleggen/{overleg_id}/modus")
            expect(notulist.locator("#casus-id")).to_have_text(str(casus_a))

            review = f"#review-{keten.open_actie}"
            notulist.locator(f"{review}-status").select_option("niet-mogelijk")
            notulist.locator(f"{review}-door").select_option(GEMEENTE)
            notulist.locator(f"{review}-reden").fill(review_reden)
            notulist.locator(review).get_by_role("button", name="Status vastleggen").click()
            expect(notulist.locator(f"#actie-{keten.open_actie}")).to_have_attribute(
                "data-status", "niet-mogelijk"
            )
            lus.run(s.wait_for_actie_status(casus_a, keten.open_actie, status="niet-mogelijk"))

            # the projectie in a second browser context, before any bouwschema entry
            _, scherm = _aanmelden(browser, base, "pr.jansen")
            scherm.goto(f"{base}/overleggen/{overleg_id}/projectie")
            expect(scherm.locator("#projectie-casus")).to_have_attribute(
                "data-casus-id", str(casus_a)
            )
            projectie_url = scherm.url
            navigaties = _zelfde_pagina(scherm)

            def inbreng(*, onderdeel: str, eigenaar: str, categorie: str, tekst: str) -> None:
                notulist.locator("#item-onderdeel").select_option(onderdeel)
                notulist.locator("#item-eigenaar").select_option(eigenaar)
                notulist.locator("#item-categorie").select_option(categorie)
                notulist.locator("#item-tekst").fill(tekst)
                notulist.get_by_role("button", name="Toevoegen aan bouwschema").click()
                expect(
                    notulist.locator(f'#bouwschema [data-eigenaar="{eigenaar}"]', has_text=tekst)
                ).to_be_visible()
                expect(
                    scherm.locator(f'#projectie [data-eigenaar="{eigenaar}"]', has_text=tekst)
                ).to_be_visible(timeout=2_000)

            inbreng(onderdeel="beeld", eigenaar=POLITIE, categorie="politie", tekst=tekst_politie)
            inbreng(
                onderdeel="bedreigingen",
                eigenaar=GEMEENTE,
                categorie="financieel",
                tekst=tekst_gemeente,
            )

            notulist.locator("#actie-wat").fill(actie_gemeente)
            notulist.locator("#actie-wie").select_option(GEMEENTE)
            notulist.locator("#actie-wanneer").fill((date.today() + timedelta(days=14)).isoformat())
            notulist.get_by_role("button", name="Actie toevoegen").click()
            expect(
                notulist.locator("#actielijst-tabel tr", has_text=actie_gemeente)
            ).to_be_visible()
            expect(
                scherm.locator("#projectie-actielijst tr", has_text=actie_gemeente)
            ).to_be_visible(timeout=2_000)

            volgende = date.today() + timedelta(days=28)
            notulist.get_by_label("Datum volgend overleg").fill(volgende.isoformat())
            notulist.get_by_role("button", name="Datum vastleggen").click()
            expect(notulist.locator("#volgend-overleg-gepland time")).to_have_attribute(
                "datetime", re.compile(rf"^{volgende.isoformat()}")
            )
            expect(scherm.locator("#projectie-volgend-overleg")).to_be_visible(timeout=2_000)

            assert scherm.url == projectie_url
            assert navigaties() == [], f"the projectie navigated: {navigaties()}"
            assert scherm.evaluate("window.__zelfde_pagina") is True, "the projectie reloaded"

            notulist.screenshot(path=str(SCREENSHOTS / "overlegmodus.png"), full_page=True)
            scherm.screenshot(path=str(SCREENSHOTS / "projectie.png"), full_page=True)
            axe_modus = _axe(notulist, "overlegmodus")
            axe_projectie = _axe(scherm, "projectie")
            for naam, violations in (("overlegmodus", axe_modus), ("projectie", axe_projectie)):
                critical = [v["id"] for v in violations if v.get("impact") == "critical"]
                assert critical == [], f"critical axe violations on {naam}: {critical}"

            # casus B: the projectie follows the notulist there
            notulist.locator("#volgende-casus").click()
            expect(notulist.locator("#casus-id")).to_have_text(str(casus_b))
            expect(scherm.locator("#projectie-casus")).to_have_attribute(
                "data-casus-id", str(casus_b), timeout=2_000
            )
            inbreng(onderdeel="kansen", eigenaar=GGZ, categorie="zorg", tekst=tekst_ggz)
            notulist.locator("#actie-wat").fill(actie_ggz)
            notulist.locator("#actie-wie").select_option(GGZ)
            notulist.locator("#actie-wanneer").fill((date.today() + timedelta(days=7)).isoformat())
            notulist.get_by_role("button", name="Actie toevoegen").click()
            expect(notulist.locator("#actielijst-tabel tr", has_text=actie_ggz)).to_be_visible()
            assert scherm.url == projectie_url and navigaties() == []

            # 6. pr.jansen finalises the verslag; each partner reads its own PDF
            pr.goto(f"{base}/overleggen/{overleg_id}")
            pr.locator("#verslag-vaststellen").click()
            expect(pr.locator("#verslag")).to_have_attribute("data-concept", "nee")
            pr.goto(f"{base}/overleggen/{overleg_id}")
            expect(pr.locator("#overleg-status")).to_have_attribute(
                "data-status", "verslag-vastgesteld"
            )

            alle_items = {POLITIE: tekst_politie, GEMEENTE: tekst_gemeente, GGZ: tekst_ggz}
            acties_a = [keten.open_actie_wat, actie_gemeente]
            acties_b = [actie_ggz]
            verwacht = {
                "gemeente.visser": (GEMEENTE, acties_a, acties_b),
                "ggz.mulder": (GGZ, acties_b, acties_a),
                "agent.smit": (POLITIE, acties_a + acties_b, []),
            }
            pdfs: dict[str, bytes] = {}
            for user, (org, eigen_acties, andere_acties) in verwacht.items():
                ctx, _ = _aanmelden(browser, base, user)
                r = ctx.request.get(f"{base}/overleggen/{overleg_id}/verslag.pdf")
                assert r.status == 200, f"{user}: {r.status} {r.text()[:300]}"
                assert r.headers["content-type"].startswith("application/pdf")
                pdfs[user] = r.body()
                tekst = _plat(_pdf_tekst(pdfs[user]))
                for wat in eigen_acties:
                    assert _plat(wat) in tekst, f"{user} misses actie {wat!r}"
                for wat in andere_acties:
                    assert _plat(wat) not in tekst, f"{user} sees actie {wat!r} of another casus"
                assert _plat(alle_items[org]) in tekst, f"{user} misses its own entry"
                for ander, item in alle_items.items():
                    if ander != org:
                        assert _plat(item) not in tekst, f"{user} sees {ander}'s entry"
                # the reasons stay with the partner that gave them
                if org != GEMEENTE:
                    assert _plat(review_reden) not in tekst, f"{user} sees gemeente's reden"
                if org != GGZ:
                    assert _plat(afmeld_reden) not in tekst, f"{user} sees GGZ's afmeldreden"
                ctx.close()

            # 7. page 1 of the gemeente's verslag as PNG
            pdf_pad = SCREENSHOTS / "verslag-gemeente.pdf"
            pdf_pad.write_bytes(pdfs["gemeente.visser"])
            _render_pagina_1(pdf_pad, SCREENSHOTS / "verslag.png")
            pdf_pad.unlink()
        finally:
            browser.close()

    for naam in ("overlegmodus.png", "projectie.png"):
        assert (SCREENSHOTS / naam).stat().st_size > 0


def test_toestemming_doorbreken_en_het_inzageverzoek(keten: Keten) -> None:
    """Casus B (politie + GGZ): the procesregisseur records the client's refusal in the form; the
    GGZ sees politie's entry hidden, with why, and breaks the glass; the FG reviews it and
    answers an inzageverzoek by BSN, page and PDF. Every page passes axe-core."""
    from playwright.sync_api import expect, sync_playwright

    base = keten.stack.url("overleg")
    s, lus, casus = keten.sessie, keten.lus, keten.casus_b
    kenmerk = nieuw_kenmerk()
    tekst = f"Wapen in huis aangetroffen {kenmerk}"
    overleg_id = lus.run(s.plan_overleg([casus]))
    politie = {"eigenaar": POLITIE, "categorie": "politie", "tekst": tekst}
    lus.run(s.bouwschema(casus, overleg_id=overleg_id, **politie))
    client = demo_meldingen()[1].betrokkenen[0]
    reden = f"Acute dreiging met een wapen, kinderen in huis {kenmerk}"
    overtredingen: dict[str, list[dict[str, Any]]] = {}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            # 1. the client's refusal, recorded by the procesregisseur in the form
            _, pr = _aanmelden(browser, base, "pr.jansen")
            pr.goto(f"{base}/casussen/{casus}/toestemmingen")
            overtredingen["toestemmingen"] = _axe(pr, "toestemmingen")
            pr.locator("#t-betrokkene").select_option(label="Cliënt")
            pr.locator("#t-status-geweigerd").check()
            pr.locator("#t-ontvanger").select_option(GGZ)
            pr.locator("#t-categorie").select_option("zorg")
            pr.locator("#t-wijze-mondeling").check()
            pr.locator("#t-leeftijdsgroep").select_option("volwassen")
            pr.locator("#t-door-client").check()
            pr.get_by_role("button", name="Toestemming vastleggen").click()
            expect(pr.get_by_text("De toestemming is vastgelegd.")).to_be_visible()
            rij = pr.locator("tr", has_text="GGZ Westelijk Noord-Brabant").first
            expect(rij).to_contain_text("geweigerd")

            # 2. the GGZ sees politie's entry hidden, with the reason, and breaks the glass
            _, ggz = _aanmelden(browser, base, "ggz.mulder")
            ggz.goto(f"{base}/casussen/{casus}")
            verborgen = ggz.locator("#bouwschema li[data-zicht=verborgen]")
            expect(verborgen).to_have_count(1)
            expect(verborgen).to_contain_text("Verborgen")
            assert tekst not in ggz.content()
            overtredingen["casus verborgen"] = _axe(ggz, "casus (verborgen)")
            verborgen.get_by_text("Doorbreken", exact=True).click()
            verborgen.locator("select[name=type]").select_option("vitaal-belang")
            verborgen.locator("textarea[name=reden]").fill(reden)
            verborgen.get_by_role("button", name="Doorbreken en lezen").click()
            expect(ggz.locator("#doorbreking-melding")).to_contain_text("vitaal belang")
            expect(ggz.locator("#bouwschema")).to_contain_text(tekst)
            ggz.screenshot(path=str(SCREENSHOTS / "doorbreking.png"), full_page=True)

            # 3. the FG: the doorbreking with its reason, reviewed in the list
            _, fg = _aanmelden(browser, base, "fg.devries")
            fg.goto(f"{base}/fg/doorbrekingen")
            rij = fg.locator("tr", has_text=reden)
            expect(rij).to_contain_text("Daan Mulder")
            overtredingen["doorbrekingen"] = _axe(fg, "doorbrekingen")
            rij.get_by_text("Beoordelen").click()
            rij.get_by_label("Terecht", exact=True).check()
            rij.get_by_role("button", name=re.compile("Beoordeling vastleggen")).click()
            expect(fg.locator("tr", has_text=reden)).to_contain_text("terecht")

            # 4. the inzageverzoek: by BSN (never in the page or URL), the page and its PDF
            fg.goto(f"{base}/fg/inzage")
            overtredingen["inzage"] = _axe(fg, "inzageverzoek")
            fg.get_by_label("BSN").fill(client.bsn or "")
            fg.get_by_role("button", name="Overzicht opvragen").click()
            expect(fg.locator("main")).to_contain_text("Daan Mulder")
            assert (client.bsn or "-") not in fg.content() and (client.bsn or "-") not in fg.url
            overtredingen["rapport"] = _axe(fg, "inzagerapport")
            fg.screenshot(path=str(SCREENSHOTS / "inzagerapport.png"), full_page=True)
            with fg.expect_download() as download:
                fg.get_by_role("button", name="Download als PDF").click()
            pdf = _plat(_pdf_tekst(Path(download.value.path()).read_bytes()))
            assert _plat("Daan Mulder") in pdf and _plat("vitaal belang") in pdf.lower()
        finally:
            browser.close()
    assert {naam: v for naam, v in overtredingen.items() if v} == {}

"""The FG's doorbrekingen and inzageverzoek (with its PDF), "wie las onze informatie" and the
beheerder's convenant register: consent through a fake PrivacyPort, the HTTP client against a
mock transport."""

from __future__ import annotations

import io
import json
import logging
import re
import uuid

import httpx
import pytest
from overleg_fakes import FakePdp, Store
from overleg_web_fakes import DD, LEGEND, FakeIntake, make_app, signed_in
from privacy_fakes import (
    DOORBREKING_ID,
    PSEUDONIEM,
    FakePrivacy,
    convenant,
    doorbreking,
    regel,
)
from zvh_overleg.adapters.consent import ConsentClient
from zvh_overleg.application.privacy import ConsentBestaatAl, convenant_status, persoon_vraag
from zvh_overleg.application.toestemmingen import ConsentGeweigerd, ConsentOngeldig

BSN = "123456782"


@pytest.fixture
def privacy() -> FakePrivacy:
    return FakePrivacy()


@pytest.fixture
def app(store: Store, privacy: FakePrivacy):  # type: ignore[no-untyped-def]
    app, svc = make_app(store=store, pdp=FakePdp(), intake=FakeIntake())
    svc.privacy = privacy
    return app


def fout_bij(html: str, veld: str) -> str:
    m = re.search(
        rf'<p class="utrecht-form-field-error-message" id="{veld}-fout">.*?</span>(.*?)</p>',
        html,
        re.S,
    )
    assert m, f"no error next to #{veld}"
    return m.group(1)


def rijen(html: str, attr: str) -> list[str]:
    return re.findall(rf'<tr {attr}="([^"]+)"', html)


# --- navigation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "links"),
    [
        ("fg.devries", {"/fg/doorbrekingen", "/fg/inzage", "/inzage"}),
        ("beheer.dekker", {"/beheer/convenanten", "/inzage"}),
        ("ggz.mulder", {"/inzage"}),
    ],
)
async def test_the_menu_links_by_role(app, user: str, links: set[str]) -> None:
    async with signed_in(app, user) as c:
        html = (await c.get("/inzage")).text
    menu = re.search(r'<nav [^>]*aria-label="Hoofdmenu".*?</nav>', html, re.S)
    assert menu
    alle = {"/fg/doorbrekingen", "/fg/inzage", "/beheer/convenanten", "/inzage"}
    gevonden = {h for h in alle if f'href="{h}"' in menu.group(0)}
    assert gevonden == links
    assert "Wie las onze informatie" in menu.group(0)


# --- doorbrekingen -------------------------------------------------------------------------------


async def test_doorbrekingen_newest_first_with_status_and_review_form(app, privacy) -> None:
    oud = uuid.uuid4()
    privacy.doorbreking_rijen = [
        doorbreking(
            id=str(oud),
            van="2030-03-01T08:00:00+00:00",
            tot="2030-03-01T12:00:00+00:00",
            type="meldcode",
            beoordeling={
                "oordeel": "terecht",
                "toelichting": "Meldcode correct gevolgd",
                "door": "fg.devries",
                "op": "2030-03-02T09:00:00+00:00",
            },
        ),
        doorbreking(),  # 09:00–13:00 on the fixed clock's day (10:00): actief
    ]
    async with signed_in(app, "fg.devries") as c:
        r = await c.get("/fg/doorbrekingen")
    assert r.status_code == 200
    html = r.text
    assert rijen(html, "data-doorbreking") == [str(DOORBREKING_ID), str(oud)]
    assert f'data-doorbreking="{DOORBREKING_ID}" data-status="actief"' in html
    assert f'data-doorbreking="{oud}" data-status="verlopen"' in html
    assert "Acute dreiging" in html and "Fatima Bos" in html and "Veilig Thuis" in html
    assert 'href="/casussen/00000000-0000-4000-8000-0000000000c1"' in html
    # a review form only for the unreviewed one; the reviewed one shows its oordeel
    assert f'action="/fg/doorbrekingen/{DOORBREKING_ID}/beoordeling"' in html
    assert f'action="/fg/doorbrekingen/{oud}/beoordeling"' not in html
    assert "Meldcode correct gevolgd" in html and "<strong>Terecht</strong>" in html
    assert f"{LEGEND}Oordeel</legend>" in html
    assert f'<label for="b-{DOORBREKING_ID}-toelichting" class="utrecht-form-label">' in html
    assert privacy.call("doorbrekingen") == {"onbeoordeeld": False, "limit": 200}


async def test_filter_alleen_onbeoordeeld_is_asked_of_consent(app, privacy) -> None:
    async with signed_in(app, "fg.devries") as c:
        r = await c.get("/fg/doorbrekingen?onbeoordeeld=1")
    assert r.status_code == 200 and 'id="geen-doorbrekingen"' in r.text
    assert 'name="onbeoordeeld" value="1" checked' in r.text
    assert privacy.call("doorbrekingen")["onbeoordeeld"] is True


async def test_review_posts_the_oordeel_and_confirms(app, privacy) -> None:
    privacy.doorbreking_rijen = [doorbreking()]
    async with signed_in(app, "fg.devries") as c:
        r = await c.post(
            f"/fg/doorbrekingen/{DOORBREKING_ID}/beoordeling",
            data={
                "idempotency_key": str(uuid.uuid4()),
                "oordeel": "onterecht",
                "toelichting": " Geen acuut gevaar aangetoond ",
            },
        )
        assert r.status_code == 303
        assert r.headers["location"] == "/fg/doorbrekingen?beoordeeld=1"
        pagina = await c.get(r.headers["location"])
    assert 'id="beoordeling-vastgelegd"' in pagina.text
    doorbreking_id, invoer = privacy.call("beoordelen")
    assert doorbreking_id == DOORBREKING_ID
    assert invoer == {"oordeel": "onterecht", "toelichting": "Geen acuut gevaar aangetoond"}


async def test_review_errors_next_to_the_fields(app, privacy) -> None:
    privacy.doorbreking_rijen = [doorbreking()]
    async with signed_in(app, "fg.devries") as c:
        leeg = await c.post(f"/fg/doorbrekingen/{DOORBREKING_ID}/beoordeling", data={})
        assert leeg.status_code == 422 and not [n for n, *_ in privacy.calls if n == "beoordelen"]
        assert "terecht, onterecht of onduidelijk" in fout_bij(
            leeg.text, f"b-{DOORBREKING_ID}-oordeel"
        )
        privacy.ongeldig = ConsentOngeldig(
            "ongeldige beoordeling", [("toelichting", "minstens 10 tekens")]
        )
        r = await c.post(
            f"/fg/doorbrekingen/{DOORBREKING_ID}/beoordeling",
            data={"oordeel": "terecht", "toelichting": "kort"},
        )
    assert r.status_code == 422
    assert "minstens 10 tekens" in fout_bij(r.text, f"b-{DOORBREKING_ID}-toelichting")
    assert 'value="terecht" checked' in r.text and ">kort</textarea>" in r.text
    assert '<details class="wijzig-uitklap" open>' in r.text


@pytest.mark.parametrize(
    ("methode", "pad", "data"),
    [
        ("GET", "/fg/doorbrekingen", None),
        (
            "POST",
            f"/fg/doorbrekingen/{DOORBREKING_ID}/beoordeling",
            {"oordeel": "terecht", "toelichting": "ok"},
        ),
        ("POST", "/fg/inzage", {"bsn": BSN}),
        ("POST", "/fg/inzage/pdf", {"betrokkene": PSEUDONIEM}),
        ("GET", "/inzage", None),
        ("GET", "/beheer/convenanten", None),
    ],
)
async def test_consents_403_is_geen_toegang_with_the_reason(
    app, privacy, methode: str, pad: str, data: dict[str, str] | None
) -> None:
    privacy.weiger = ["alleen de functionaris gegevensbescherming"]
    async with signed_in(app, "ggz.mulder") as c:
        r = await c.request(methode, pad, data=data)
    assert r.status_code == 403
    assert "Geen toegang" in r.text and "alleen de functionaris gegevensbescherming" in r.text
    assert BSN not in r.text


# --- inzageverzoek (FG) -------------------------------------------------------------------------


async def test_inzage_form_says_the_bsn_is_not_stored(app) -> None:
    async with signed_in(app, "fg.devries") as c:
        r = await c.get("/fg/inzage")
    assert r.status_code == 200
    assert 'method="post" action="/fg/inzage"' in r.text
    assert "Het BSN wordt niet opgeslagen" in r.text
    for veld in ("i-bsn", "i-voornaam", "i-achternaam", "i-geboortedatum"):
        assert f'<label for="{veld}" class="utrecht-form-label">' in r.text
    assert "idempotency_key" not in r.text  # a read: no key (its fingerprint would hold the BSN)


async def test_inzage_report_by_bsn_never_shows_the_bsn(app, privacy, caplog) -> None:
    privacy.regels = [
        regel(),
        regel(
            seq=2,
            tijd="2030-03-02T10:00:00+00:00",
            user="zorg.koster",
            org="bemoeizorg-wbr",
            allow=False,
            reasons=["geen toestemming"],
            grondslag=None,
            doel="signalering",
        ),
    ]
    caplog.set_level(logging.DEBUG)
    async with signed_in(app, "fg.devries") as c:
        r = await c.post("/fg/inzage", data={"bsn": "1234.56.782"})
    assert r.status_code == 200
    assert privacy.call("inzage_persoon") == {"bsn": BSN}
    html = r.text
    assert BSN not in html and "1234.56.782" not in html
    assert BSN not in caplog.text
    assert f'id="kenmerk">{PSEUDONIEM[:8]}<' in html
    assert f'id="telling-totaal"{DD}>2<' in html and f'id="telling-toegestaan"{DD}>1<' in html
    assert f'id="telling-geweigerd"{DD}>1<' in html
    assert rijen(html, "data-seq") == ["2", "1"]  # newest first
    assert "Karim Smit" in html and "Wim Koster" in html and "Politie" in html
    assert "Toegestaan" in html and "Geweigerd" in html and "signalering" in html
    assert "geen toestemming" in html
    assert f'name="betrokkene" value="{PSEUDONIEM}"' in html and 'action="/fg/inzage/pdf"' in html
    assert r.headers["cache-control"] == "no-store"


async def test_inzage_by_name_when_there_is_no_bsn(app, privacy) -> None:
    async with signed_in(app, "fg.devries") as c:
        r = await c.post(
            "/fg/inzage",
            data={
                "bsn": "",
                "voornaam": "Jan",
                "achternaam": "Jansen",
                "geboortedatum": "1990-05-17",
            },
        )
    assert r.status_code == 200 and 'id="geen-regels"' in r.text
    assert privacy.call("inzage_persoon") == {
        "voornaam": "Jan",
        "achternaam": "Jansen",
        "geboortedatum": "1990-05-17",
    }


async def test_inzage_errors_never_echo_the_bsn(app, privacy) -> None:
    async with signed_in(app, "fg.devries") as c:
        leeg = await c.post("/fg/inzage", data={"voornaam": "Jan"})
        fout = await c.post("/fg/inzage", data={"bsn": "12345"})
        privacy.ongeldig = ConsentOngeldig("ongeldig", [("bsn", "geen geldig BSN (elfproef)")])
        elfproef = await c.post("/fg/inzage", data={"bsn": "123456789"})
    assert leeg.status_code == 422 and "achternaam" in fout_bij(leeg.text, "i-achternaam")
    assert 'value="Jan"' in leeg.text
    assert "9 cijfers" in fout_bij(fout.text, "i-bsn") and "12345" not in fout.text
    assert elfproef.status_code == 422 and "elfproef" in fout_bij(elfproef.text, "i-bsn")
    assert "123456789" not in elfproef.text
    assert [a for n, a, _ in privacy.calls if n == "inzage_persoon"] == [{"bsn": "123456789"}]


async def test_inzage_pdf_has_heading_date_and_the_rows(store: Store, privacy) -> None:
    pypdf = pytest.importorskip("pypdf")
    from zvh_overleg.adapters.pdf import WeasyPdf

    app, svc = make_app(store=store, pdp=FakePdp(), intake=FakeIntake())
    svc.privacy, svc.pdf = privacy, WeasyPdf()
    privacy.regels = [
        regel(),
        regel(seq=2, user="zorg.koster", org="bemoeizorg-wbr", allow=False, doel="signalering"),
    ]
    async with signed_in(app, "fg.devries") as c:
        r = await c.post("/fg/inzage/pdf", data={"betrokkene": PSEUDONIEM})
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert f"inzage-{PSEUDONIEM[:8]}.pdf" in r.headers["content-disposition"]
    assert privacy.call("inzage_persoon") == {"betrokkene": PSEUDONIEM}
    tekst = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(r.content)).pages)
    tekst = " ".join(tekst.split())
    assert "Overzicht van verwerkingen" in tekst and "4 maart 2030" in tekst
    assert PSEUDONIEM[:8] in tekst and PSEUDONIEM not in tekst
    assert "Karim Smit" in tekst and "Wim Koster" in tekst
    assert "Toegestaan" in tekst and "Geweigerd" in tekst and "signalering" in tekst
    assert "Download als PDF" not in tekst
    # inzagerapport.css reached the renderer: A4 landscape (WeasyPrint's default is portrait),
    # pages numbered by its @page rule
    pagina = pypdf.PdfReader(io.BytesIO(r.content)).pages[0].mediabox
    assert float(pagina.width) > float(pagina.height)
    assert "pagina 1 van" in tekst


async def test_inzage_pdf_refuses_anything_but_a_pseudonym(app, privacy) -> None:
    async with signed_in(app, "fg.devries") as c:
        r = await c.post("/fg/inzage/pdf", data={"betrokkene": BSN})
    assert r.status_code == 422 and privacy.calls == [] and BSN not in r.text


# --- wie las onze informatie --------------------------------------------------------------------


async def test_wie_las_onze_informatie(app, privacy) -> None:
    privacy.regels = [regel(), regel(seq=5, tijd="2030-03-03T10:00:00+00:00", allow=False)]
    async with signed_in(app, "ggz.mulder") as c:
        r = await c.get("/inzage?uitkomst=geweigerd")
        onzin = await c.get("/inzage?uitkomst=iets")
    assert r.status_code == 200
    html = r.text
    assert rijen(html, "data-seq") == ["5", "1"]
    assert "Karim Smit" in html and "Politie" in html and "zorg" in html
    assert "casusoverleg" in html and "convenant" in html
    assert 'href="/casussen/00000000-0000-4000-8000-0000000000c1"' in html
    assert '<option value="geweigerd" selected>' in html
    for kop in ("Wanneer", "Wie", "Organisatie", "Casus", "Categorie", "Doel", "Grondslag"):
        assert f'<th scope="col" class="utrecht-table__header-cell">{kop}</th>' in html
    vragen = [a for n, a, _ in privacy.calls if n == "inzage_eigenaar"]
    assert vragen == [{"uitkomst": "geweigerd", "limit": 500}, {"uitkomst": "alle", "limit": 500}]
    assert onzin.status_code == 200


# --- convenanten ----------------------------------------------------------------------------------


def test_convenant_status_on_the_dutch_date() -> None:
    from overleg_fakes import NU

    assert convenant_status(convenant("a"), nu=NU) == "geldig"
    assert convenant_status(convenant("a", tot="2030-03-03"), nu=NU) == "verlopen"
    assert convenant_status(convenant("a", tot="2030-03-04"), nu=NU) == "geldig"
    assert convenant_status(convenant("a", van="2030-03-05"), nu=NU) == "nog-niet"
    assert convenant_status(convenant("a", herzien_op="2030-03-03"), nu=NU) == "herzien"


def test_persoon_vraag_rules() -> None:
    assert persoon_vraag(bsn="12345678", voornaam="", achternaam="", geboortedatum="") == (
        {"bsn": "012345678"},
        [],
    )
    _, fouten = persoon_vraag(bsn="", voornaam="A", achternaam="B", geboortedatum="x")
    assert [v for v, _ in fouten] == ["geboortedatum"]


async def test_convenanten_list_with_status_and_new_form(app, privacy) -> None:
    privacy.convenant_rijen = {
        "politie-zwb": convenant("politie-zwb"),
        "gemeente-roosendaal": convenant("gemeente-roosendaal", tot="2025-12-31", geldig=False),
        "ggz-wnb": convenant("ggz-wnb", herzien_op="2029-12-31", herziening_verlopen=True),
        "veilig-thuis-wbr": convenant("veilig-thuis-wbr", van="2030-06-01", geldig=False),
    }
    async with signed_in(app, "beheer.dekker") as c:
        r = await c.get("/beheer/convenanten")
    html = r.text
    assert r.status_code == 200
    for org, status in (
        ("politie-zwb", "geldig"),
        ("gemeente-roosendaal", "verlopen"),
        ("ggz-wnb", "herzien nodig"),
        ("veilig-thuis-wbr", "nog niet ingegaan"),
    ):
        rij = re.search(rf'<tr data-org="{org}".*?</tr>', html, re.S)
        assert rij and f">{status}</span>" in rij.group(0), org
    assert "wettelijke taak (Wpg art. 19)" in html
    assert 'href="/beheer/convenanten/politie-zwb"' in html
    assert 'action="/beheer/convenanten"' in html and 'id="c-basis-zorg"' in html
    assert '<option value="bemoeizorg-wbr"' in html  # no convenant yet: offered
    assert '<option value="politie-zwb"' not in html
    async with signed_in(app, "pr.jansen") as c:
        alleen_lezen = await c.get("/beheer/convenanten")
    assert 'data-org="politie-zwb"' in alleen_lezen.text
    assert 'id="convenant-nieuw"' not in alleen_lezen.text  # the form is the beheerder's


def nieuw_formulier(**kw: str) -> dict[str, str]:
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "org": "bemoeizorg-wbr",
        "van": "2030-03-01",
        "tot": "",
        "herzien_op": "2031-03-01",
        "basis_zorg": "  toestemming  cliënt ",
        "basis_wonen": "",
    }
    data.update(kw)
    return data


async def test_new_convenant_posts_consents_body(app, privacy) -> None:
    async with signed_in(app, "beheer.dekker") as c:
        r = await c.post("/beheer/convenanten", data=nieuw_formulier())
    assert r.status_code == 303
    assert r.headers["location"] == "/beheer/convenanten/bemoeizorg-wbr?gewijzigd=1"
    assert privacy.call("convenant_nieuw") == {
        "org": "bemoeizorg-wbr",
        "van": "2030-03-01",
        "tot": None,
        "herzien_op": "2031-03-01",
        "categorieen": [{"categorie": "zorg", "basis": "toestemming cliënt"}],
    }


async def test_new_convenant_errors(app, privacy) -> None:
    async with signed_in(app, "beheer.dekker") as c:
        leeg = await c.post("/beheer/convenanten", data=nieuw_formulier(basis_zorg="", van=""))
        privacy.ongeldig = ConsentOngeldig(
            "ongeldig convenant",
            [
                ("categorieen.zorg", "noem de grondslag (minstens 5 tekens)"),
                ("herzien_op", "mag niet voor de ingangsdatum (van) liggen"),
            ],
        )
        ongeldig = await c.post("/beheer/convenanten", data=nieuw_formulier())
        privacy.ongeldig = None
        privacy.bestaat_al = True
        dubbel = await c.post("/beheer/convenanten", data=nieuw_formulier())
    assert leeg.status_code == 422
    assert "minstens één categorie" in fout_bij(leeg.text, "c-categorieen")
    assert "datum" in fout_bij(leeg.text, "c-van")
    assert ongeldig.status_code == 422
    assert "minstens 5 tekens" in fout_bij(ongeldig.text, "c-basis-zorg")
    assert "ingangsdatum" in fout_bij(ongeldig.text, "c-herzien")
    assert 'value="  toestemming  cliënt "' in ongeldig.text  # input kept
    assert dubbel.status_code == 422 and "al een convenant" in fout_bij(dubbel.text, "c-org")


async def test_convenant_page_with_historie_and_edit(app, privacy) -> None:
    privacy.convenant_rijen = {"politie-zwb": convenant("politie-zwb", tot="2032-12-31")}
    privacy.historie_rijen = [
        {
            "seq": 1,
            "org": "politie-zwb",
            "tijd": "2025-01-01T09:00:00Z",
            "door": "beheer.dekker",
            "door_org": "zvh",
            "actie": "vastgelegd",
            "wijzigingen": {"tot": [None, "2032-12-31"]},
        },
        {
            "seq": 2,
            "org": "politie-zwb",
            "tijd": "2026-01-01T09:00:00Z",
            "door": "beheer.dekker",
            "door_org": "zvh",
            "actie": "gewijzigd",
            "wijzigingen": {"herzien_op": ["2030-01-01", "2031-01-01"]},
        },
    ]
    async with signed_in(app, "beheer.dekker") as c:
        pagina = await c.get("/beheer/convenanten/politie-zwb")
        r = await c.post(
            "/beheer/convenanten/politie-zwb",
            data={
                "idempotency_key": str(uuid.uuid4()),
                "van": "2025-01-01",
                "tot": "2033-12-31",
                "herzien_op": "2031-01-01",
                "basis_politie": "wettelijke taak (Wpg art. 19)",
            },
        )
    html = pagina.text
    assert pagina.status_code == 200
    assert rijen(html, "data-seq") == ["2", "1"]  # newest first
    assert "2030-01-01 → 2031-01-01" in html and "— → 2032-12-31" in html
    assert 'value="2032-12-31"' in html and 'value="wettelijke taak (Wpg art. 19)"' in html
    assert r.status_code == 303
    org, invoer = privacy.call("convenant_vastleggen")
    assert org == "politie-zwb" and invoer["tot"] == "2033-12-31"
    assert invoer["categorieen"] == [
        {"categorie": "politie", "basis": "wettelijke taak (Wpg art. 19)"}
    ]


async def test_convenant_page_for_an_organisation_without_one(app, privacy) -> None:
    async with signed_in(app, "beheer.dekker") as c:
        r = await c.get("/beheer/convenanten/bemoeizorg-wbr")
    assert r.status_code == 200 and 'id="geen-convenant"' in r.text
    assert "Convenant vastleggen" in r.text and 'id="geen-historie"' in r.text


# --- the HTTP client ------------------------------------------------------------------------------


async def test_client_paths_bodies_and_answers() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        pad = request.url.path
        if pad == "/v1/convenanten" and request.method == "POST":
            return httpx.Response(409, json={"detail": "heeft al een convenant"})
        if pad == "/v1/inzage/persoon":
            return httpx.Response(200, json={"betrokkene": PSEUDONIEM, "regels": [regel()]})
        if pad.endswith("/beoordeling"):
            return httpx.Response(403, json={"detail": "geweigerd", "reasons": ["alleen de FG"]})
        if pad == "/v1/inzage/eigenaar":
            body = {"eigenaar": "ggz-wnb", "uitkomst": "toegestaan", "regels": [regel()]}
            return httpx.Response(200, json=body)
        if request.method == "GET":
            return httpx.Response(200, json=[doorbreking()])
        return httpx.Response(201, json=doorbreking())

    client = ConsentClient(
        base_url="http://consent.test/",
        client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
    )
    rows = await client.doorbrekingen(onbeoordeeld=True, limit=50, token="tok")
    assert rows[0]["id"] == str(DOORBREKING_ID)
    assert dict(seen[-1].url.params) == {"onbeoordeeld": "true", "limit": "50"}
    assert seen[-1].headers["authorization"] == "Bearer tok"

    await client.doorbreken({"type": "meldcode", "eigenaar": "ggz-wnb"}, token="tok")
    assert seen[-1].method == "POST" and json.loads(seen[-1].content)["type"] == "meldcode"

    with pytest.raises(ConsentGeweigerd) as geweigerd:
        await client.beoordelen(DOORBREKING_ID, {"oordeel": "terecht"}, token="tok")
    assert geweigerd.value.reasons == ["alleen de FG"]
    assert seen[-1].url.path == f"/v1/doorbrekingen/{DOORBREKING_ID}/beoordeling"

    antwoord = await client.inzage_persoon({"bsn": BSN}, token="tok")
    assert antwoord["betrokkene"] == PSEUDONIEM
    assert BSN not in str(seen[-1].url) and json.loads(seen[-1].content) == {"bsn": BSN}

    assert await client.inzage_eigenaar(uitkomst="toegestaan", limit=10, token="tok") == [regel()]
    assert dict(seen[-1].url.params) == {"uitkomst": "toegestaan", "limit": "10"}

    with pytest.raises(ConsentBestaatAl):
        await client.convenant_nieuw({"org": "ggz-wnb"}, token="tok")
    await client.convenant_vastleggen("ggz-wnb", {"van": "2030-01-01"}, token="tok")
    assert (seen[-1].method, seen[-1].url.path) == ("PUT", "/v1/convenanten/ggz-wnb")
    await client.convenant_historie("ggz-wnb", token="tok")
    assert seen[-1].url.path == "/v1/convenanten/ggz-wnb/historie"
    await client.aclose()

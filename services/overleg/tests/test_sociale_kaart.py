"""The sociale kaart: the search over the region (domain) and the page and actie form (web)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from overleg_fakes import FakePdp, Store, open_casus
from overleg_web_fakes import FakeIntake, client, make_app, signed_in
from zvh_overleg.domain.sociale_kaart import (
    deelnemers_op_kaart,
    kaartregel,
    soorten_in,
    zoek_partners,
)
from zvh_platform.region import Region, demo_region

NU = datetime(2030, 3, 5, 10, tzinfo=UTC)  # a Tuesday morning


def regio() -> Region:
    return Region.model_validate(
        {
            "naam": "T",
            "lange_wachttijd_dagen": 20,
            "partners": [
                {
                    "code": "ggz-x",
                    "naam": "GGZ X",
                    "email": "g@x.nl",
                    "soort": "ggz",
                    "diensten": [
                        {
                            "code": "fact",
                            "naam": "FACT-team",
                            "omschrijving": "Ambulante behandeling",
                            "wachttijd_dagen": 40,
                            "wachttijd_bijgewerkt_op": "2030-03-01",
                        },
                        {
                            "code": "crisis",
                            "naam": "Crisisdienst",
                            "wachttijd_dagen": 0,
                            "wachttijd_bijgewerkt_op": "2030-03-01",
                        },
                    ],
                },
                {
                    "code": "stichting-y",
                    "naam": "Stichting Y",
                    "email": "y@x.nl",
                    "soort": "ervaringsdeskundige",
                    "contactpersonen": [{"rol": "Coördinator", "naam": "Sem"}],
                },
                {"code": "politie-z", "naam": "Politie Z", "email": "p@x.nl"},  # no soort
            ],
        }
    )


@pytest.mark.parametrize(
    ("zoek", "soort", "codes"),
    [
        ("", None, ["ggz-x", "stichting-y", "politie-z"]),
        ("fact", None, ["ggz-x"]),  # a dienst's naam
        ("AMBULANTE", None, ["ggz-x"]),  # its omschrijving, case ignored
        ("coordinator", None, ["stichting-y"]),  # a contactpersoon's rol, accents ignored
        ("ervaringsdeskundige", None, ["stichting-y"]),  # the soort
        ("politie", None, ["politie-z"]),  # the naam (and the code's guessed soort)
        ("ggz crisis", None, ["ggz-x"]),  # every word must match
        ("ggz sem", None, []),  # ... in the same partner
        ("", "ggz", ["ggz-x"]),
        ("", "politie", ["politie-z"]),  # no soort in the file: the code's prefix says
        ("fact", "politie", []),
        ("", "kapper", []),  # an unknown soort finds nothing
        ("   ", "", ["ggz-x", "stichting-y", "politie-z"]),
    ],
)
def test_zoek_partners(zoek: str, soort: str | None, codes: list[str]) -> None:
    assert [p.code for p in zoek_partners(regio(), zoek=zoek, soort=soort)] == codes


def test_a_kaartregel_marks_long_wachttijden_by_the_regions_threshold() -> None:
    region = regio()
    ggz = region.partner("ggz-x")
    assert ggz is not None
    r = kaartregel(region, ggz, nu=NU)
    assert [(d.dienst.code, d.lang) for d in r.diensten] == [("fact", True), ("crisis", False)]
    assert r.lange_wachttijd == 40 and r.soort_naam == "ggz" and r.piket is None
    zonder = kaartregel(region, region.partners[1], nu=NU)
    assert zonder.lange_wachttijd is None and zonder.diensten == []
    assert [k.partner.code for k in deelnemers_op_kaart(region, ["onbekend", "ggz-x"], nu=NU)] == [
        "ggz-x"
    ]
    assert soorten_in(region) == [
        ("politie", "politie"),
        ("ggz", "ggz"),
        ("ervaringsdeskundige", "ervaringsdeskundige"),
    ]


@pytest.fixture
def app_svc(store: Store, pdp: FakePdp):  # type: ignore[no-untyped-def]
    return make_app(store=store, pdp=pdp, intake=FakeIntake())


def partner_blok(html: str, code: str) -> str:
    found = re.search(rf'<section class="blok" id="partner-{code}".*?</section>', html, re.S)
    assert found, code
    return found.group(0)


async def test_the_page_needs_sign_in_and_is_in_everyones_menu(app_svc) -> None:
    app, _ = app_svc
    async with client(app) as c:
        r = await c.get("/sociale-kaart")
    assert r.status_code in (302, 303, 401) and "Coördinator" not in r.text
    for user in ("pr.jansen", "ggz.mulder", "fg.devries"):
        async with signed_in(app, user) as c:
            page = await c.get("/sociale-kaart")
        assert page.status_code == 200, user
        assert 'href="/sociale-kaart" aria-current="page">Sociale kaart</a>' in page.text


async def test_the_page_shows_diensten_wachttijden_contacts_and_piket(app_svc) -> None:
    app, _ = app_svc
    async with signed_in(app, "ggz.mulder") as c:
        page = (await c.get("/sociale-kaart")).text
    assert page.count('<section class="blok" id="partner-') == len(demo_region().partners)
    ggz = partner_blok(page, "ggz-wnb")
    assert "FACT-team" in ggz and "Wachttijd 56 dagen" in ggz and "30 oktober 2026" in ggz
    fact = re.search(r'<li [^>]*id="dienst-ggz-wnb-fact".*?</li>', ggz, re.S)
    assert fact and 'data-lange-wachttijd="ja"' in fact.group(0)
    assert "lange wachttijd</span>" in fact.group(0)
    crisis = re.search(r'<li [^>]*id="dienst-ggz-wnb-crisisdienst".*?</li>', ggz, re.S)
    assert crisis and "lange wachttijd" not in crisis.group(0)
    assert "Prioriteitsafspraak (convenant): Convenant ZVH: een ZVH-casus krijgt" in ggz
    assert "<strong>zorgcoördinator</strong>: Daan Mulder" in ggz
    assert 'href="tel:0164289400"' in ggz and "maandag 08:30-17:00" in ggz
    # the piket on duty: the number for everybody, the turn's name for its own staff and the ZVH
    assert "Nu bereikbaar via" in ggz and "(Crisisdienst GGZ WNB)" in ggz
    gemeente = partner_blok(page, "gemeente-bergen-op-zoom")
    assert "Nu bereikbaar via" in gemeente and "Piket AIT" not in gemeente
    assert "ervaringsdeskundige" in partner_blok(page, "ervaringsdeskundigen-wbr")
    assert "bemoeizorg" in partner_blok(page, "bemoeizorg-wbr")


async def test_the_search_is_a_get_form_on_the_server(app_svc) -> None:
    app, _ = app_svc
    async with signed_in(app, "agent.smit") as c:
        form = (await c.get("/sociale-kaart")).text
        assert '<form method="get" action="/sociale-kaart"' in form
        assert '<option value="ervaringsdeskundige" >ervaringsdeskundige</option>' in form
        gevonden = (await c.get("/sociale-kaart", params={"zoek": "zorgmijders"})).text
        per_soort = (await c.get("/sociale-kaart", params={"soort": "gemeente"})).text
        niets = (await c.get("/sociale-kaart", params={"zoek": "xyzzy"})).text
        te_lang = await c.get("/sociale-kaart", params={"zoek": "x" * 201})
    assert re.findall(r'<section class="blok" id="partner-([^"]+)"', gevonden) == ["bemoeizorg-wbr"]
    assert 'value="zorgmijders"' in gevonden and 'id="kaart-wissen"' in gevonden
    assert re.findall(r'<section class="blok" id="partner-([^"]+)"', per_soort) == [
        "gemeente-bergen-op-zoom",
        "gemeente-roosendaal",
    ]
    assert '<option value="gemeente" selected>' in per_soort
    assert 'id="kaart-niets-gevonden"' in niets and "<section" not in niets.split("</form>")[1]
    assert te_lang.status_code == 422


async def test_the_actie_form_shows_soort_wachttijd_and_prioriteit_per_deelnemer(
    app_svc, store: Store
) -> None:
    casus_id = await open_casus(
        store, uit_te_nodigen_partners=["gemeente-bergen-op-zoom", "politie-zwb", "ggz-wnb"]
    )
    app, _ = app_svc
    async with signed_in(app) as c:
        page = (await c.get(f"/casussen/{casus_id}")).text
    select = re.search(r'<select id="actie-wie".*?</select>', page, re.S)
    assert select
    opties = dict(re.findall(r'<option value="([^"]+)" >([^<]*)</option>', select.group(0)))
    assert opties["ggz-wnb"] == "GGZ Westelijk Noord-Brabant (ggz) (lange wachttijd: 56 dagen)"
    assert opties["politie-zwb"] == "Politie Zeeland-West-Brabant (politie)"  # 7 days: short
    assert "(lange wachttijd: 35 dagen)" in opties["gemeente-bergen-op-zoom"]
    assert '<a href="/sociale-kaart" id="actie-sociale-kaart"' in page
    lijst = re.search(
        r'<ul class="utrecht-unordered-list" id="deelnemers-diensten".*?\n  </ul>', page, re.S
    )
    assert lijst
    ggz = re.search(r'<li [^>]*data-deelnemer="ggz-wnb">.*?</ul>', lijst.group(0), re.S)
    assert ggz and "FACT-team: wachttijd 56 dagen (30 oktober 2026)" in ggz.group(0)
    assert "lange wachttijd</span>. Prioriteitsafspraak: Convenant ZVH" in ggz.group(0)


async def test_ervaringsdeskundige_and_bemoeizorg_can_join_and_be_given_an_actie(
    app_svc, store: Store
) -> None:
    casus_id = await open_casus(store, uit_te_nodigen_partners=["gemeente-bergen-op-zoom"])
    app, _ = app_svc
    async with signed_in(app) as c:
        page = (await c.get(f"/casussen/{casus_id}")).text
        toevoegen = re.search(r'<select id="deelnemer-partner".*?</select>', page, re.S)
        assert toevoegen
        assert (
            '<option value="ervaringsdeskundigen-wbr" >Ervaringsdeskundigen West-Brabant'
            " (ervaringsdeskundige)</option>" in toevoegen.group(0)
        )
        assert "Bemoeizorg West-Brabant (bemoeizorg)</option>" in toevoegen.group(0)
        for partner in ("ervaringsdeskundigen-wbr", "bemoeizorg-wbr"):
            r = await c.post(
                f"/casussen/{casus_id}/deelnemers", data={"partner": partner, "reden": "inzet"}
            )
            assert r.status_code == 303, r.text
            r = await c.post(
                f"/casussen/{casus_id}/acties",
                data={"wat": "Kennismaken", "wie": partner, "wanneer": "2030-03-20"},
            )
            assert r.status_code == 303, r.text
        page = (await c.get(f"/casussen/{casus_id}")).text
    assert {a.wie for a in store.casussen[casus_id].acties} == {
        "ervaringsdeskundigen-wbr",
        "bemoeizorg-wbr",
    }
    # in the actie form's "wie" now, marked by its longest wachttijd (nazorg na detentie)
    assert (
        "Ervaringsdeskundigen West-Brabant (ervaringsdeskundige) (lange wachttijd: 30 dagen)"
        "</option>" in page
    )


async def test_the_overlegmodus_actie_form_marks_deelnemers_too(app_svc, store: Store) -> None:
    from modus_helpers import plan_overleg

    casus_id = await open_casus(store, uit_te_nodigen_partners=["ggz-wnb", "politie-zwb"])
    overleg_id = plan_overleg(store, [casus_id])
    app, _ = app_svc
    async with signed_in(app, "notulist.bakker") as c:
        page = (await c.get(f"/overleggen/{overleg_id}/modus/{casus_id}")).text
    select = re.search(r'<select id="actie-wie".*?</select>', page, re.S)
    assert select, page[:500]
    assert (
        '<option value="ggz-wnb" >GGZ Westelijk Noord-Brabant (ggz) (lange wachttijd: 56 dagen)'
        "</option>" in select.group(0)
    )
    assert '<option value="politie-zwb" >Politie Zeeland-West-Brabant (politie)</option>' in (
        select.group(0)
    )
    assert '<a href="/sociale-kaart" id="actie-sociale-kaart"' in page

"""UI routes over ASGI with fakes: sign-in, triage queue and form, casus page, adding an actie."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import httpx
import jwt
import pytest
from overleg_fakes import FakePdp, FakeUnitOfWork, FixedClock, Store, open_casus
from overleg_web_fakes import LEGEND, MELDING_ID, FakeIntake, client, make_app, signed_in
from zvh_overleg.entrypoints.web import triage as triage_routes
from zvh_overleg.entrypoints.web.session import COOKIE


@pytest.fixture
def intake() -> FakeIntake:
    return FakeIntake()


@pytest.fixture
def app_svc(store: Store, pdp: FakePdp, intake: FakeIntake):  # type: ignore[no-untyped-def]
    return make_app(store=store, pdp=pdp, intake=intake)


async def test_aanmelden_goes_through_the_users_organisation_and_sets_an_opaque_cookie(
    app_svc,
) -> None:
    app, svc = app_svc
    async with client(app) as c:
        page = await c.get("/aanmelden")
        assert page.status_code == 200
        assert '<html lang="nl" class="utrecht-theme zvh-theme">' in page.text
        assert 'href="#inhoud"' in page.text and '<main id="inhoud"' in page.text
        assert (
            '<label for="organisatie" class="utrecht-form-label">Organisatie</label>' in page.text
        )
        assert (
            '<label for="gebruiker" class="utrecht-form-label">Gebruiker</label>' in page.text
        )  # local: demo users
        assert "Pieter Jansen" in page.text and "procesregisseur" in page.text
        naar_idp = await c.post("/aanmelden", data={"gebruiker": "pr.jansen"})
        assert naar_idp.status_code == 303
        terug = httpx.URL(naar_idp.headers["location"])
        # the ZVH's own issuer, because pr.jansen works for the ZVH
        assert terug.params["iss"] == svc.settings.region().partner("zvh").identiteit.issuer
        r = await c.get(
            "/aanmelden/terug", params={"state": terug.params["state"], "code": "pr.jansen"}
        )
        assert r.status_code == 303 and r.headers["location"] == "/triage"
        cookie = r.headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie
        assert "samesite=lax" in cookie.lower() and "secure" not in cookie.lower()
        waarde = c.cookies[COOKIE]
        assert "." not in waarde, "the cookie is a random key, not a token with the user in it"
        assert (await c.get("/triage")).status_code == 200
        # the state is used once: the same callback again is refused
        again = await c.get(
            "/aanmelden/terug", params={"state": terug.params["state"], "code": "pr.jansen"}
        )
        assert again.status_code == 400 and "verlopen of al gebruikt" in again.text
    assert len(svc.identiteit.verifiers) == 1 and len(svc.identiteit.verifiers[0]) >= 43


async def test_the_organisation_comes_from_the_issuer_not_from_a_claim(app_svc) -> None:
    """GGZ's provider vouches for someone claiming ZVH roles: they sign in as GGZ, roles mapped."""
    app, svc = app_svc
    async with client(app) as c:
        r = await c.post("/aanmelden", data={"organisatie": "ggz-wnb"})
        state = httpx.URL(r.headers["location"]).params["state"]
        r = await c.get("/aanmelden/terug", params={"state": state, "code": "pr.jansen"})
        # pr.jansen's roles (procesregisseur) mean nothing at GGZ's issuer: refused, no session
        assert r.status_code == 403 and "geen rol in ZVH keten" in r.text
        assert COOKIE not in c.cookies
        r = await c.post("/aanmelden", data={"organisatie": "ggz-wnb"})
        state = httpx.URL(r.headers["location"]).params["state"]
        r = await c.get("/aanmelden/terug", params={"state": state, "code": "ggz.mulder"})
        assert r.status_code == 303
    sessie = next(iter(svc.sessies.register.sessies.values()))
    assert (sessie.user.org, sessie.user.roles) == ("ggz-wnb", ["deelnemer"])


async def test_aanmelden_without_a_choice_shows_error_summary(app_svc) -> None:
    app, _ = app_svc
    async with client(app) as c:
        r = await c.post("/aanmelden", data={"gebruiker": "onbekend"})
        assert r.status_code == 422
        assert "Er is iets niet goed ingevuld" in r.text and 'href="#gebruiker"' in r.text
        r = await c.post("/aanmelden", data={})
        assert r.status_code == 422 and 'href="#organisatie"' in r.text


async def test_production_offers_organisations_and_no_demo_users(store, pdp, intake) -> None:
    app, _ = make_app(store=store, pdp=pdp, intake=intake, env="production")
    async with client(app) as c:
        page = await c.get("/aanmelden")
        assert page.status_code == 200 and 'id="organisatie"' in page.text
        assert 'id="gebruiker"' not in page.text and "Pieter Jansen" not in page.text
        ongeldig = await c.post("/aanmelden", data={"gebruiker": "pr.jansen"})
        assert ongeldig.status_code == 422 and COOKIE not in c.cookies
        r = await c.post("/aanmelden", data={"organisatie": "politie-zwb"})
    assert r.status_code == 303 and r.headers["location"].startswith("https://idp.test/")


async def test_logout_ends_the_session_and_its_tokens(app_svc) -> None:
    app, svc = app_svc
    async with signed_in(app) as c:
        oud = c.cookies[COOKIE]
        sessie = next(iter(svc.sessies.register.sessies.values()))
        assert (await c.get(f"/intern/sessies/{sessie.sid}")).json() == {"actief": True}
        r = await c.post("/afmelden")
        assert r.status_code == 303 and r.headers["location"] == "/aanmelden?afgemeld=1"
        assert "U bent afgemeld." in (await c.get(r.headers["location"])).text
        status = await c.get(f"/intern/sessies/{sessie.sid}")
        assert status.status_code == 404 and status.json() == {"actief": False}
    async with client(app) as c:
        c.cookies.set(COOKIE, oud)
        r = await c.get("/triage")
    assert r.status_code == 303 and r.headers["location"].startswith("/aanmelden")


async def test_an_idle_session_ends(store, pdp, intake) -> None:
    klok = FixedClock()
    app, _ = make_app(store=store, pdp=pdp, intake=intake, clock=klok)
    async with signed_in(app) as c:
        klok.now_value += timedelta(minutes=20)
        assert (await c.get("/triage")).status_code == 200  # counts as activity
        klok.now_value += timedelta(minutes=29)
        assert (await c.get("/triage")).status_code == 200
        klok.now_value += timedelta(minutes=31)
        r = await c.get("/triage")
    assert r.status_code == 303 and r.headers["location"].startswith("/aanmelden")


async def test_pages_need_sign_in(app_svc) -> None:
    app, _ = app_svc
    async with client(app) as c:
        r = await c.get("/triage")
    assert r.status_code == 303 and r.headers["location"].startswith("/aanmelden")


async def test_triage_queue_renders_in_dutch_with_the_users_token(app_svc, intake) -> None:
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.get("/triage")
    assert r.status_code == 200
    assert "Te triëren meldingen" in r.text
    assert f'href="/triage/{MELDING_ID}"' in r.text and "PZWB-2030-0042" in r.text
    assert "4 maart 2030" in r.text
    # intake gets a short-lived token derived from the session, never the cookie itself
    assert intake.tokens and intake.tokens[0] != c.cookies[COOKIE]
    claims = jwt.decode(intake.tokens[0], options={"verify_signature": False})
    assert claims["sub"] == "pr.jansen" and claims["iss"] == "zvh-overleg" and claims["sid"]
    assert claims["exp"] - claims["iat"] <= 300


async def test_triage_page_shows_content_and_the_form(app_svc) -> None:
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.get(f"/triage/{MELDING_ID}")
    assert r.status_code == 200
    text = r.text
    assert "Herhaalde meldingen van huiselijk geweld" in text
    for label in ("Casus", "Advies", "Terugverwezen", "AVE-fase", "Ja", "Nee"):
        assert re.search(
            rf'<label for="[^"]+" class="utrecht-form-label[^"]*">{label}</label>', text
        ), label
    assert f"{LEGEND}Uitkomst</legend>" in text and f"{LEGEND}Cliënt geïnformeerd</legend>" in text
    assert 'id="partner-gemeente-bergen-op-zoom"' in text
    assert ">Triage vastleggen</button>" in text


async def test_triage_page_shows_dutch_message_on_deny(app_svc, intake) -> None:
    intake.weiger_inzage = ["geen toestemming voor dit doel"]
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.get(f"/triage/{MELDING_ID}")
    assert r.status_code == 403
    assert "U mag de inhoud van deze melding niet inzien" in r.text
    assert "geen toestemming voor dit doel" in r.text


async def test_triage_form_errors_are_summarised(app_svc, intake) -> None:
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.post(
            f"/triage/{MELDING_ID}", data={"uitkomst": "casus", "client_geinformeerd": "nee"}
        )
    assert r.status_code == 422
    assert "Kies een AVE-fase voor de casus." in r.text
    assert "Vul de reden in waarom de cliënt niet geïnformeerd is." in r.text
    assert 'aria-invalid="true"' in r.text
    assert intake.triages == []


async def test_triage_casus_redirects_to_casus_page_when_opened(
    app_svc, intake, store: Store
) -> None:
    async def consumer(melding_id, triage):  # type: ignore[no-untyped-def]
        # the consumer opening the casus, as if the getrieerd event arrived
        await open_casus(
            store,
            melding_id=melding_id,
            melder="politie-zwb",
            uit_te_nodigen_partners=triage["uit_te_nodigen_partners"],
        )

    intake.on_triage = consumer
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.post(
            f"/triage/{MELDING_ID}",
            data={
                "uitkomst": "casus",
                "ave_fase": "4",
                "client_geinformeerd": "ja",
                "partners": ["gemeente-bergen-op-zoom"],
            },
        )
        assert r.status_code == 303
        assert r.headers["location"].startswith("/casussen/")
        page = await c.get(r.headers["location"])
    [(melding_id, body, _)] = intake.triages
    assert melding_id == MELDING_ID
    assert body == {
        "uitkomst": "casus",
        "ave_fase": 4,
        "client_geinformeerd": True,
        "reden_niet_geinformeerd": None,
        "herbeoordeling_op": None,
        "uit_te_nodigen_partners": ["gemeente-bergen-op-zoom"],
        "model": "makelaar",  # the checklist's suggestion: nothing ticked, two leefgebieden
    }
    assert page.status_code == 200
    assert "Gemeente" in page.text and 'data-partner="gemeente-bergen-op-zoom"' in page.text


async def test_triage_casus_waits_page_when_casus_is_late(
    app_svc, store: Store, monkeypatch
) -> None:
    monkeypatch.setattr(triage_routes, "CASUS_WAIT_S", 0.0)
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.post(
            f"/triage/{MELDING_ID}",
            data={"uitkomst": "casus", "ave_fase": "3", "client_geinformeerd": "ja"},
        )
        assert r.headers["location"] == f"/triage/{MELDING_ID}/casus"
        wacht = await c.get(r.headers["location"])
        assert wacht.status_code == 200 and "Casus wordt aangemaakt" in wacht.text
        assert 'hx-trigger="every 1s"' in wacht.text
        casus_id = await open_casus(store, melding_id=MELDING_ID)
        hx = await c.get(f"/triage/{MELDING_ID}/casus", headers={"HX-Request": "true"})
        assert hx.headers["HX-Redirect"] == f"/casussen/{casus_id}"
        plain = await c.get(f"/triage/{MELDING_ID}/casus")
        assert plain.status_code == 303


async def test_triage_advies_goes_back_to_queue(app_svc, intake) -> None:
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.post(
            f"/triage/{MELDING_ID}", data={"uitkomst": "advies", "client_geinformeerd": "ja"}
        )
        assert r.status_code == 303 and r.headers["location"].startswith("/triage?vastgelegd=")
        again = await c.post(
            f"/triage/{MELDING_ID}", data={"uitkomst": "advies", "client_geinformeerd": "ja"}
        )
    assert again.status_code == 409 and "al getrieerd" in again.text


async def test_triage_form_sends_the_text_for_the_melder_with_its_uitkomst_only(
    app_svc, intake
) -> None:
    """The advies (or the reason for a terugverwijzing) goes to intake, which sends it to the
    melder; a text typed for the other uitkomst is left out."""
    app, _ = app_svc
    async with signed_in(app) as c:
        page = await c.get(f"/triage/{MELDING_ID}")
        assert (
            '<label for="advies" class="utrecht-form-label">Advies aan de melder</label>'
            in page.text
        )
        assert (
            '<label for="reden-terugverwijzing" class="utrecht-form-label">'
            "Reden van terugverwijzing</label>" in page.text
        )
        r = await c.post(
            f"/triage/{MELDING_ID}",
            data={
                "uitkomst": "advies",
                "client_geinformeerd": "ja",
                "advies": "  Bespreek het in het wijkteam. ",
                "reden_terugverwijzing": "niet bedoeld",
            },
        )
    assert r.status_code == 303
    [(_, body, _)] = intake.triages
    assert body["advies"] == "Bespreek het in het wijkteam."
    assert "reden_terugverwijzing" not in body


async def test_casus_page_add_actie_and_see_it(app_svc, store: Store, pdp: FakePdp) -> None:
    casus_id = await open_casus(store)
    app, _ = app_svc
    async with signed_in(app) as c:
        page = await c.get(f"/casussen/{casus_id}")
        assert page.status_code == 200
        for label in ("Wat", "Wie", "Wanneer"):
            assert re.search(
                rf'<label for="actie-[a-z]+" class="utrecht-form-label">{label}</label>', page.text
            )
        assert ">Actie toevoegen</button>" in page.text
        assert "Er staan nog geen acties" in page.text
        r = await c.post(
            f"/casussen/{casus_id}/acties",
            data={
                "wat": "Huisbezoek afleggen",
                "wie": "gemeente-bergen-op-zoom",
                "wanneer": "2030-03-20",
            },
        )
        assert r.status_code == 303
        page = await c.get(r.headers["location"])
        fragment = await c.get(f"/casussen/{casus_id}/actielijst")
    assert "Huisbezoek afleggen" in page.text and "De actie is toegevoegd" in page.text
    assert "Huisbezoek afleggen" in fragment.text and "<html" not in fragment.text
    assert "20 maart 2030" in fragment.text and "Open" in fragment.text
    assert {r.action for r in pdp.requests} == {"read", "write"}


async def test_add_actie_in_the_past_shows_dutch_error(app_svc, store: Store) -> None:
    casus_id = await open_casus(store)
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.post(
            f"/casussen/{casus_id}/acties",
            data={"wat": "Bellen", "wie": "politie-zwb", "wanneer": "2030-03-01"},
        )
    assert r.status_code == 422
    assert "mag niet in het verleden liggen" in r.text and 'href="#actie-wanneer"' in r.text
    assert store.casussen[casus_id].acties == []


async def test_casus_page_denied_by_pdp(store: Store, intake) -> None:
    casus_id = await open_casus(store)
    app, _ = make_app(
        store=store, pdp=FakePdp(allow=False, reasons=["geen deelnemer"]), intake=intake
    )
    async with signed_in(app, "ggz.mulder") as c:
        r = await c.get(f"/casussen/{casus_id}")
    assert r.status_code == 403 and "geen deelnemer" in r.text
    assert "tijdlijn" not in r.text.lower()  # nothing fetched beside the check is shown


async def test_terugkoppeling_shows_in_the_fragment(app_svc, store: Store) -> None:
    from zvh_contracts import topics
    from zvh_contracts.partner.actie_v1 import ActieTeruggekoppeld
    from zvh_contracts.vocab import Terugkoppelstatus
    from zvh_overleg.application.handlers import handle_partner_event

    casus_id = await open_casus(store)
    app, _ = app_svc
    async with signed_in(app) as c:
        await c.post(
            f"/casussen/{casus_id}/acties",
            data={"wat": "Bellen", "wie": "politie-zwb", "wanneer": "2030-03-20"},
        )
        [actie] = store.casussen[casus_id].acties
        await handle_partner_event(
            event_id=uuid.uuid4(),
            topic=topics.partner_to_zvh("politie-zwb"),
            event=ActieTeruggekoppeld(
                casus_id=casus_id, actie_id=actie.actie_id, status=Terugkoppelstatus.LOOPT
            ),
            uow=lambda: FakeUnitOfWork(store),
            clock=FixedClock(),
        )
        fragment = await c.get(f"/casussen/{casus_id}/actielijst")
    assert 'data-status="loopt"' in fragment.text and "Loopt" in fragment.text
    # the status shows as an NL Design System badge in its colour (templating.BADGES)
    assert 'utrecht-status-badge utrecht-status-badge--active">Loopt<' in fragment.text


async def test_casussen_list_and_static_css(app_svc, store: Store) -> None:
    casus_id = await open_casus(store)
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.get("/casussen")
        css = await c.get("/static/zvh-theme.css")
    assert f'href="/casussen/{casus_id}"' in r.text
    assert css.status_code == 200 and ":focus" in css.text


async def test_menu_offers_triage_only_to_the_procesregisseur(app_svc) -> None:
    app, _ = app_svc
    async with signed_in(app) as c:
        regie = await c.get("/casussen")
    async with signed_in(app, "agent.smit") as c:
        partner = await c.get("/casussen")
    assert 'href="/triage"' in regie.text
    assert 'href="/triage"' not in partner.text and 'href="/overleggen"' in partner.text

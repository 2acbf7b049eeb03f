"""The casemanagement model on the casus page (model, termijnen, change with a reason) and the
inclusion checklist on the triage page, over ASGI with the fakes."""

from __future__ import annotations

import re

import pytest
from overleg_fakes import BeleidPdp, FakePdp, Store, open_casus
from overleg_web_fakes import MELDING_ID, FakeIntake, make_app, signed_in
from zvh_contracts.vocab import Casemanagementmodel as M


@pytest.fixture
def pdp() -> FakePdp:
    return BeleidPdp()


@pytest.fixture
def intake() -> FakeIntake:
    return FakeIntake()


@pytest.fixture
def app_svc(store: Store, pdp: FakePdp, intake: FakeIntake):  # type: ignore[no-untyped-def]
    return make_app(store=store, pdp=pdp, intake=intake)


def fout_bij(html: str, veld: str) -> str:
    m = re.search(
        rf'<p class="utrecht-form-field-error-message" id="{veld}-fout">.*?</span>(.*?)</p>',
        html,
        re.S,
    )
    assert m, f"no error next to #{veld}"
    return m.group(1)


def termijnen(html: str) -> dict[str, str]:
    return dict(
        re.findall(r'<li data-termijn="([a-z-]+)"[^>]*>.*?<time datetime="([0-9-]+)">', html, re.S)
    )


async def test_a_makelaar_casus_shows_its_model_and_termijnen_without_eerste_hulp(
    app_svc, store
) -> None:
    casus_id = await open_casus(store)  # no model in the event: makelaar
    app, _ = app_svc
    async with signed_in(app) as c:
        page = await c.get(f"/casussen/{casus_id}")
    assert page.status_code == 200
    assert 'id="casus-model" data-model="makelaar"' in page.text
    # opened Monday 4 March 2030: two and three werkdagen later
    assert termijnen(page.text) == {"eerste-contact": "2030-03-06", "hulp-gestart": "2030-03-07"}


async def test_an_intensief_casus_has_the_eerste_hulp_termijn(app_svc, store) -> None:
    casus_id = await open_casus(store, casemanagementmodel=M.INTENSIEF)
    app, _ = app_svc
    async with signed_in(app) as c:
        page = await c.get(f"/casussen/{casus_id}")
    assert 'data-model="intensief"' in page.text
    assert termijnen(page.text)["eerste-hulp"] == "2030-06-04"


async def test_changing_the_model_needs_a_reason_which_the_history_keeps(app_svc, store) -> None:
    casus_id = await open_casus(store)
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.post(f"/casussen/{casus_id}/model", data={"naar": "intensief", "reden": " "})
        assert r.status_code == 422
        assert "Vul de reden" in fout_bij(r.text, "model-reden")
        assert store.casussen[casus_id].casemanagementmodel is M.MAKELAAR
        r = await c.post(f"/casussen/{casus_id}/model", data={"naar": "makelaar", "reden": "x"})
        assert r.status_code == 422 and "al" in fout_bij(r.text, "model-naar")
        r = await c.post(
            f"/casussen/{casus_id}/model", data={"naar": "intensief", "reden": "zes leefgebieden"}
        )
        assert r.status_code == 303
        page = await c.get(f"/casussen/{casus_id}")
    assert store.casussen[casus_id].casemanagementmodel is M.INTENSIEF
    assert 'data-model="intensief"' in page.text and "eerste-hulp" in termijnen(page.text)
    [regel] = re.findall(r'<li data-soort="model"[^>]*>(.*?)</li>', page.text)[1:]
    assert "Makelaar (coördinatie) → Intensief casemanagement" in regel
    assert "Reden: zes leefgebieden" in regel
    # the reason stays in overleg: nothing about the change went out
    assert all("zes leefgebieden" not in repr(e) for _, e, _ in store.outbox)


async def test_a_partner_cannot_change_the_model(app_svc, store) -> None:
    casus_id = await open_casus(store)
    app, _ = app_svc
    async with signed_in(app, "agent.smit") as c:
        page = await c.get(f"/casussen/{casus_id}")
        r = await c.post(f"/casussen/{casus_id}/model", data={"naar": "intensief", "reden": "x"})
    assert 'id="model-formulier"' not in page.text
    assert r.status_code == 403
    assert store.casussen[casus_id].casemanagementmodel is M.MAKELAAR


CASUS = {"uitkomst": "casus", "ave_fase": "4", "client_geinformeerd": "ja"}


async def test_the_triage_page_shows_the_checklist_and_its_suggestion(app_svc) -> None:
    app, _ = app_svc
    async with signed_in(app) as c:
        page = await c.get(f"/triage/{MELDING_ID}")
        # the fake melding has two leefgebieden: nothing ticked suggests makelaar
        assert 'id="leefgebieden-aantal" data-aantal="2"' in page.text
        assert 'id="model-voorstel" data-model="makelaar"' in page.text
        for control in ("acuut-geweld", "keten-zorg", "keten-veiligheid", "keten-straf"):
            assert f'id="{control}"' in page.text, control
        bijgewerkt = await c.post(
            f"/triage/{MELDING_ID}",
            data={**CASUS, "acuut_geweld": "ja", "leefgebieden": "2", "actie": "voorstel"},
        )
    assert bijgewerkt.status_code == 200
    assert 'id="model-voorstel" data-model="coordinatie-plus"' in bijgewerkt.text
    assert 'id="acuut-geweld" name="acuut_geweld" value="ja" checked' in bijgewerkt.text


async def test_following_the_suggestion_sends_it_without_a_reason(app_svc, intake, store) -> None:
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.post(
            f"/triage/{MELDING_ID}",
            data={**CASUS, "leefgebieden": "2", "ketens": ["zorg", "straf"], "model": ""},
        )
    assert r.status_code == 303
    [(_, body, _)] = intake.triages
    assert body["model"] == "coordinatie-plus"
    keuze = store.modelkeuzes[MELDING_ID]
    assert (keuze.voorgesteld, keuze.gekozen, keuze.reden) == (
        M.COORDINATIE_PLUS,
        M.COORDINATIE_PLUS,
        None,
    )


async def test_choosing_otherwise_needs_a_reason_kept_with_the_casus(
    app_svc, intake, store
) -> None:
    async def consumer(melding_id, triage):  # type: ignore[no-untyped-def]
        await open_casus(store, melding_id=melding_id, casemanagementmodel=triage["model"])

    intake.on_triage = consumer
    app, _ = app_svc
    data = {**CASUS, "acuut_geweld": "ja", "leefgebieden": "2", "model": "makelaar"}
    async with signed_in(app) as c:
        r = await c.post(f"/triage/{MELDING_ID}", data=data)
        assert r.status_code == 422
        assert "reden" in fout_bij(r.text, "model-reden")
        assert "Coördinatie-plus" in fout_bij(r.text, "model-reden")
        assert intake.triages == [] and store.modelkeuzes == {}
        r = await c.post(
            f"/triage/{MELDING_ID}", data={**data, "model_reden": "hulp loopt al bij de GGZ"}
        )
        assert r.status_code == 303
        page = await c.get(r.headers["location"])
    [(_, body, _)] = intake.triages
    assert body["model"] == "makelaar" and "model_reden" not in body
    assert "hulp loopt al" not in repr(body)  # the reason is not sent to intake
    assert 'data-model="makelaar"' in page.text
    [regel] = re.findall(r'<li data-soort="model"[^>]*>(.*?)</li>', page.text)
    assert "bij triage" in regel and "voorgesteld: Coördinatie-plus" in regel
    assert "Reden: hulp loopt al bij de GGZ" in regel
    assert all("hulp loopt al" not in repr(e) for _, e, _ in store.outbox)


async def test_advies_sends_no_model(app_svc, intake, store) -> None:
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.post(
            f"/triage/{MELDING_ID}",
            data={
                "uitkomst": "advies",
                "client_geinformeerd": "ja",
                "advies": "Bel het wijkteam.",
                "leefgebieden": "6",
                "model": "makelaar",
            },
        )
    assert r.status_code == 303
    [(_, body, _)] = intake.triages
    assert "model" not in body and store.modelkeuzes == {}


async def test_enter_in_a_field_records_the_triage_not_the_suggestion(app_svc) -> None:
    """Implicit submission uses the form's first submit button: it must be the one that records
    the triage (no ``actie=voorstel``), not "Voorstel bijwerken"."""
    app, _ = app_svc
    async with signed_in(app) as c:
        page = (await c.get(f"/triage/{MELDING_ID}")).text
    form = page[page.index('id="triage-formulier"') :]
    first = re.search(r"<button[^>]*type=\"submit\"[^>]*>", form)
    assert first is not None
    assert 'id="triage-standaard"' in first.group(0) and "name=" not in first.group(0)

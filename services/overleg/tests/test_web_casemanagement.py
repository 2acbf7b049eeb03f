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
    m = re.search(rf'<p class="veldfout" id="{veld}-fout">.*?</span>(.*?)</p>', html, re.S)
    assert m, f"no error next to #{veld}"
    return m.group(1)


def termijnen(html: str) -> dict[str, str]:
    return dict(
        re.findall(r'<li data-termijn="([a-z-]+)">.*?<time datetime="([0-9-]+)">', html, re.S)
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
    [regel] = re.findall(r'<li data-soort="model">(.*?)</li>', page.text)[1:]
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

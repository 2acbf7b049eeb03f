"""Issue 7: an organisation without a valid convenant cannot be invited to a casus.

The casus API and the "Deelnemer toevoegen" form refuse it with a Dutch 422 naming it and why;
the casus page and the triage form show it disabled, with the reason as text. The register is
the fake from ``make_app`` (as in the demo region: Gemeente Roosendaal's convenant expired).
"""

from __future__ import annotations

import pytest
from overleg_fakes import VERLOPEN_REDEN, BeleidPdp, FakeConvenanten, FakePdp, Store, open_casus
from overleg_web_fakes import MELDING_ID, FakeIntake, client, make_app, signed_in, token_for

WEIGERING = f"Gemeente Roosendaal kan niet worden uitgenodigd: {VERLOPEN_REDEN}"


@pytest.fixture
def pdp() -> FakePdp:
    return BeleidPdp()


@pytest.fixture
def app_svc(store: Store, pdp: FakePdp):  # type: ignore[no-untyped-def]
    return make_app(store=store, pdp=pdp, intake=FakeIntake())


async def test_api_refuses_a_deelnemer_without_a_valid_convenant(app_svc, store: Store) -> None:
    app, svc = app_svc
    casus_id = await open_casus(store)
    auth = {"Authorization": f"Bearer {token_for(svc, 'pr.jansen')}"}
    url = f"/v1/casussen/{casus_id}/deelnemers"
    async with client(app) as c:
        r = await c.post(url, headers=auth, json={"partner": "gemeente-roosendaal", "reden": "x"})
        ok = await c.post(url, headers=auth, json={"partner": "veilig-thuis-wbr", "reden": "zorg"})
    assert r.status_code == 422
    assert r.json()["detail"] == [
        {"loc": ["body", "partner"], "msg": WEIGERING, "type": "value_error"}
    ]
    assert "gemeente-roosendaal" not in store.casussen[casus_id].deelnemers
    assert ok.status_code == 204 and "veilig-thuis-wbr" in store.casussen[casus_id].deelnemers


async def test_api_denies_when_the_register_cannot_be_asked(store: Store, pdp: FakePdp) -> None:
    onbereikbaar = "het convenantregister is niet te raadplegen (consent niet bereikbaar)"
    app, svc = make_app(
        store=store,
        pdp=pdp,
        intake=FakeIntake(),
        convenanten=FakeConvenanten({"veilig-thuis-wbr": onbereikbaar}),
    )
    casus_id = await open_casus(store)
    auth = {"Authorization": f"Bearer {token_for(svc, 'pr.jansen')}"}
    async with client(app) as c:
        r = await c.post(
            f"/v1/casussen/{casus_id}/deelnemers",
            headers=auth,
            json={"partner": "veilig-thuis-wbr", "reden": "zorg"},
        )
    assert r.status_code == 422 and onbereikbaar in r.json()["detail"][0]["msg"]
    assert "veilig-thuis-wbr" not in store.casussen[casus_id].deelnemers


async def test_regie_check_comes_before_the_convenant(app_svc, store: Store) -> None:
    app, svc = app_svc
    casus_id = await open_casus(store)
    auth = {"Authorization": f"Bearer {token_for(svc, 'notulist.bakker')}"}
    async with client(app) as c:
        r = await c.post(
            f"/v1/casussen/{casus_id}/deelnemers",
            headers=auth,
            json={"partner": "gemeente-roosendaal", "reden": "x"},
        )
    assert r.status_code == 403


async def test_form_refuses_and_keeps_the_reason(app_svc, store: Store) -> None:
    app, _ = app_svc
    casus_id = await open_casus(store)
    async with signed_in(app) as c:
        r = await c.post(
            f"/casussen/{casus_id}/deelnemers",
            data={"partner": "gemeente-roosendaal", "reden": "schulden in beeld"},
        )
    assert r.status_code == 422
    assert 'id="deelnemer-partner-fout"' in r.text and WEIGERING in r.text
    assert "schulden in beeld</textarea>" in r.text  # nothing of the form is lost
    assert "gemeente-roosendaal" not in store.casussen[casus_id].deelnemers


async def test_casus_page_shows_the_org_disabled_with_the_reason(app_svc, store: Store) -> None:
    app, _ = app_svc
    casus_id = await open_casus(store)
    async with signed_in(app) as c:
        page = await c.get(f"/casussen/{casus_id}")
    assert page.status_code == 200
    assert (
        '<option value="gemeente-roosendaal" disabled>Gemeente Roosendaal '
        f"(niet uit te nodigen: {VERLOPEN_REDEN})</option>" in page.text
    )
    assert '<option value="veilig-thuis-wbr" >' in page.text  # a valid partner stays a choice
    assert 'aria-describedby="deelnemer-convenant"' in page.text
    assert f"{WEIGERING}.</li>" in page.text


async def test_triage_form_shows_the_org_disabled_with_the_reason(app_svc) -> None:
    app, _ = app_svc
    async with signed_in(app) as c:
        page = await c.get(f"/triage/{MELDING_ID}")
    assert page.status_code == 200
    assert (
        'id="partner-gemeente-roosendaal" name="partners" value="gemeente-roosendaal" disabled '
        'aria-describedby="partner-gemeente-roosendaal-reden"' in page.text
    )
    assert (
        f'id="partner-gemeente-roosendaal-reden">Niet uit te nodigen: {VERLOPEN_REDEN}.</span>'
        in page.text
    )
    assert (
        'id="partner-veilig-thuis-wbr" name="partners" value="veilig-thuis-wbr"  '
        'class="utrecht-checkbox utrecht-checkbox--html-input">' in page.text
    )


async def test_triage_post_refuses_and_keeps_the_form(app_svc) -> None:
    app, svc = app_svc
    async with signed_in(app) as c:
        r = await c.post(
            f"/triage/{MELDING_ID}",
            data={
                "uitkomst": "casus",
                "ave_fase": "3",
                "client_geinformeerd": "ja",
                "partners": ["veilig-thuis-wbr", "gemeente-roosendaal"],
            },
        )
    assert r.status_code == 422
    assert 'id="partners-fout"' in r.text and WEIGERING in r.text
    assert 'value="veilig-thuis-wbr" checked' in r.text  # the other choices stay
    assert svc.intake.triages == []  # type: ignore[attr-defined]

"""The casus page's veiligheidssignalen over ASGI with the fakes: the procesregisseur sets,
renews and withdraws one; every deelnemer sees it at the top and beside each actie, without any
incident content; a deelnemer cannot set one, a non-deelnemer sees none (issue 10, part 5)."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime

import pytest
from overleg_fakes import BeleidPdp, FakePdp, FixedClock, Store, open_casus
from overleg_web_fakes import FakeIntake, csrf_veld, make_app, signed_in
from zvh_overleg.domain.veiligheidssignaal import Signaalstand
from zvh_overleg.domain.vpt import open_vpt_dossier

NU = datetime(2030, 3, 6, 9, 0, tzinfo=UTC)
DEELNEMERS = ["politie-zwb", "gemeente-bergen-op-zoom"]
ZETTEN = {
    "code": "niet-alleen-op-huisbezoek",
    "geldig_van": "2030-03-06",
    "geldig_tot": "2030-06-01",
    "herbeoordeling_op": "2030-05-01",
}


@pytest.fixture
def pdp() -> FakePdp:
    return BeleidPdp()


@pytest.fixture
def app_svc(store: Store, pdp: FakePdp):  # type: ignore[no-untyped-def]
    return make_app(store=store, pdp=pdp, intake=FakeIntake(), clock=FixedClock(NU))


def alert(html: str) -> str | None:
    m = re.search(r'<div role="alert" id="veiligheidssignaal-alert".*?</div>', html, re.S)
    return m.group(0) if m else None


def fout_bij(html: str, veld: str) -> str:
    m = re.search(
        rf'<p class="utrecht-form-field-error-message" id="{veld}-fout">.*?</span>(.*?)</p>',
        html,
        re.S,
    )
    assert m, f"no error next to #{veld}"
    return m.group(1)


async def _zet(c, casus_id, **data):  # type: ignore[no-untyped-def]
    pagina = await c.get(f"/casussen/{casus_id}")
    return await c.post(
        f"/casussen/{casus_id}/veiligheidssignalen",
        data={**ZETTEN, **data, **csrf_veld(pagina.text)},
    )


async def test_procesregisseur_sets_and_every_deelnemer_sees_it(app_svc, store) -> None:
    casus_id = await open_casus(store, uit_te_nodigen_partners=DEELNEMERS)
    app, _ = app_svc
    async with signed_in(app) as c:
        voor = await c.get(f"/casussen/{casus_id}")
        assert alert(voor.text) is None
        assert 'id="signaal-formulier"' in voor.text
        assert 'id="veiligheidssignalen-leeg"' in voor.text
        r = await _zet(c, casus_id)
        assert r.status_code == 303, r.text
        assert r.headers["location"].endswith("#veiligheidssignalen")
        r = await c.post(
            f"/casussen/{casus_id}/acties",
            data={"wat": "Huisbezoek", "wie": "gemeente-bergen-op-zoom", "wanneer": "2030-03-20"},
        )
        assert r.status_code == 303
        regie = await c.get(f"/casussen/{casus_id}")
    [signaal] = store.veiligheidssignalen.values()
    assert (signaal.gezet_door, signaal.geldig_tot, signaal.herbeoordeling_op) == (
        "pr.jansen",
        date(2030, 6, 1),
        date(2030, 5, 1),
    )
    assert "Arbowet" in signaal.grondslag
    assert re.search(
        r'<li data-signaal-id="[^"]+" data-veiligheidssignaal="niet-alleen-op-huisbezoek" '
        r'data-stand="actief"',
        regie.text,
    )

    async with signed_in(app, "agent.smit") as c:
        page = await c.get(f"/casussen/{casus_id}")
        fragment = await c.get(f"/casussen/{casus_id}/actielijst")
    melding = alert(page.text)
    assert melding is not None
    assert "Niet alleen op huisbezoek" in melding and "1 juni 2030" in melding
    # the deelnemer sees no forms nor the history
    assert 'id="signaal-formulier"' not in page.text
    assert 'id="veiligheidssignalen"' not in page.text
    # beside the actie, on the page and in the polled fragment
    for html in (page.text, fragment.text):
        [rij] = re.findall(r'<tr id="actie-[^"]+".*?</tr>', html, re.S)
        assert 'data-veiligheidssignaal="niet-alleen-op-huisbezoek"' in rij
        assert ">Niet alleen op huisbezoek</span>" in rij


async def test_a_deelnemer_cannot_set_a_signal(app_svc, store) -> None:
    casus_id = await open_casus(store, uit_te_nodigen_partners=DEELNEMERS)
    app, _ = app_svc
    async with signed_in(app, "agent.smit") as c:
        r = await _zet(c, casus_id)
    assert r.status_code == 403
    assert "Alleen de procesregisseur" in r.text
    assert store.veiligheidssignalen == {}


async def test_a_non_deelnemer_sees_no_signal(app_svc, store, pdp) -> None:
    casus_id = await open_casus(store, uit_te_nodigen_partners=DEELNEMERS)
    app, _ = app_svc
    async with signed_in(app) as c:
        assert (await _zet(c, casus_id)).status_code == 303
    pdp.requests.clear()
    async with signed_in(app, "ggz.mulder") as c:
        page = await c.get(f"/casussen/{casus_id}")
    assert page.status_code == 403  # not even the casus
    assert "Niet alleen op huisbezoek" not in page.text
    # the veiligheidssignalen are not even asked for before the casus is allowed
    assert not [r for r in pdp.requests if r.resource.type == "veiligheidssignaal"]


async def test_wrong_input_comes_back_in_dutch_next_to_the_field(app_svc, store) -> None:
    casus_id = await open_casus(store, uit_te_nodigen_partners=DEELNEMERS)
    app, _ = app_svc
    async with signed_in(app) as c:
        zonder = await _zet(c, casus_id, code="")
        te_lang = await _zet(c, casus_id, geldig_tot="2030-12-31")
        herbeoordeling = await _zet(c, casus_id, herbeoordeling_op="2030-07-01")
    assert zonder.status_code == 422
    assert fout_bij(zonder.text, "signaal-code").strip() == "Kies een veiligheidssignaal."
    assert "hoogstens zes maanden" in fout_bij(te_lang.text, "signaal-geldig-tot")
    assert 'value="2030-12-31"' in te_lang.text  # what was typed stays
    assert "op of vóór de einddatum" in fout_bij(herbeoordeling.text, "signaal-herbeoordeling-op")
    assert store.veiligheidssignalen == {}


async def test_renew_and_withdraw_and_an_expired_signal_is_shown_to_the_regie_only(
    store, pdp
) -> None:
    casus_id = await open_casus(store, uit_te_nodigen_partners=DEELNEMERS)
    app, _ = make_app(store=store, pdp=pdp, intake=FakeIntake(), clock=FixedClock(NU))
    async with signed_in(app) as c:
        assert (await _zet(c, casus_id)).status_code == 303
        [signaal_id] = store.veiligheidssignalen
        pagina = await c.get(f"/casussen/{casus_id}")
        r = await c.post(
            f"/casussen/{casus_id}/veiligheidssignalen/{signaal_id}/verlengen",
            data={
                "geldig_tot": "2030-05-01",
                "herbeoordeling_op": "2030-04-01",
                **csrf_veld(pagina.text),
            },
        )
        assert r.status_code == 422
        assert "einddatum na 01-06-2030" in fout_bij(r.text, f"verleng-{signaal_id}-geldig-tot")
        r = await c.post(
            f"/casussen/{casus_id}/veiligheidssignalen/{signaal_id}/verlengen",
            data={
                "geldig_tot": "2030-08-01",
                "herbeoordeling_op": "2030-07-01",
                **csrf_veld(pagina.text),
            },
        )
        assert r.status_code == 303
    assert store.veiligheidssignalen[signaal_id].geldig_tot == date(2030, 8, 1)

    # after 1 August the signal has expired: the regie sees it as verlopen, deelnemers not at all
    later, _ = make_app(
        store=store,
        pdp=pdp,
        intake=FakeIntake(),
        clock=FixedClock(datetime(2030, 8, 2, tzinfo=UTC)),
    )
    async with signed_in(later) as c:
        regie = await c.get(f"/casussen/{casus_id}")
    assert alert(regie.text) is None
    assert (
        f'data-signaal-id="{signaal_id}" data-veiligheidssignaal="niet-alleen-op-huisbezoek" '
        'data-stand="verlopen"' in regie.text
    )
    async with signed_in(later, "agent.smit") as c:
        deelnemer = await c.get(f"/casussen/{casus_id}")
    assert "Niet alleen op huisbezoek" not in deelnemer.text

    async with signed_in(app) as c:
        pagina = await c.get(f"/casussen/{casus_id}")
        r = await c.post(
            f"/casussen/{casus_id}/veiligheidssignalen/{signaal_id}/intrekken",
            data=csrf_veld(pagina.text),
        )
        assert r.status_code == 303
        na = await c.get(f"/casussen/{casus_id}")
    assert store.veiligheidssignalen[signaal_id].stand(NU.date()) is Signaalstand.INGETROKKEN
    assert alert(na.text) is None
    assert 'data-stand="ingetrokken"' in na.text


async def test_the_signal_carries_no_free_text(app_svc, store) -> None:
    """Whatever else is posted (a toelichting), only the code and dates are kept."""
    casus_id = await open_casus(store, uit_te_nodigen_partners=DEELNEMERS)
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await _zet(c, casus_id, toelichting="cliënt sloeg de huisarts-xq7 met een stok")
        assert r.status_code == 303
        page = await c.get(f"/casussen/{casus_id}")
    [signaal] = store.veiligheidssignalen.values()
    assert "huisarts-xq7" not in repr(signaal)
    assert "huisarts-xq7" not in page.text


async def test_the_regie_is_told_of_an_incident_that_named_the_casus(app_svc, store) -> None:
    """An incident against a professional that names the casus shows in the regie's signal
    section (when and which organisation, nothing else); a deelnemer sees no trace of it."""
    casus_id = await open_casus(store, uit_te_nodigen_partners=DEELNEMERS)
    dossier = open_vpt_dossier(
        incident_id=uuid.uuid4(),
        organisatie="gemeente-bergen-op-zoom",
        melder="wt.yilmaz",
        casemanager="vpt.dewit",
        gemeld_op=datetime(2030, 3, 5, 14, 0, tzinfo=UTC),
        geopend_op=NU,
        casus_id=casus_id,
    )
    store.vpt_dossiers[dossier.dossier_id] = dossier
    anders = open_vpt_dossier(
        incident_id=uuid.uuid4(),
        organisatie="ggz-wnb",
        melder=None,
        casemanager="vpt.smits",
        gemeld_op=NU,
        geopend_op=NU,
    )
    store.vpt_dossiers[anders.dossier_id] = anders
    app, _ = app_svc
    async with signed_in(app) as c:
        regie = (await c.get(f"/casussen/{casus_id}")).text
    m = re.search(r'<div id="vpt-meldingen-bij-casus".*?</ul>', regie, re.S)
    assert m, "the procesregisseur is not told of the incident"
    assert "5 maart 2030" in m.group(0) and "Gemeente Bergen op Zoom" in m.group(0)
    assert "GGZ" not in m.group(0)  # an incident naming no casus of this client stays out
    async with signed_in(app, "agent.smit") as c:
        deelnemer = (await c.get(f"/casussen/{casus_id}")).text
    assert "vpt-meldingen-bij-casus" not in deelnemer
    assert "incident tegen een professional" not in deelnemer

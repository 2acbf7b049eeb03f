"""Casus lifecycle pages over ASGI with fakes: forms, errors next to fields, scoping,
labels, timeline, list filters, partner terugkoppeling and the triage heropenen choice."""

from __future__ import annotations

import re
import uuid
from typing import Any

import pytest
from overleg_fakes import MORGEN, NU, BeleidPdp, FakePdp, Store, open_casus
from overleg_web_fakes import MELDING_ID, FakeIntake, client, make_app, signed_in, token_for
from zvh_contracts.overleg import casus_v1 as ev
from zvh_overleg.application.intake import IntakeGeweigerd
from zvh_overleg.domain.model import Actie


class LabelIntake(FakeIntake):
    """The fake intake plus labels and eerdere_meldingen."""

    def __init__(self) -> None:
        super().__init__()
        self.labels_calls: list[list[uuid.UUID]] = []
        self.label_map: dict[uuid.UUID, tuple[str, str]] = {}
        self.weiger_labels = False
        self.eerdere: list[dict[str, Any]] = []

    async def labels(self, melding_ids: list[uuid.UUID], *, token: str) -> list[dict[str, Any]]:
        self.labels_calls.append(list(melding_ids))
        if self.weiger_labels:
            raise IntakeGeweigerd(["alleen ZVH-regie"])
        return [
            {"melding_id": str(m), "melder_referentie": r, "initialen": i}
            for m, (r, i) in self.label_map.items()
            if m in melding_ids
        ]

    async def melding(self, melding_id: uuid.UUID, *, token: str) -> dict[str, Any]:
        body = await super().melding(melding_id, token=token)
        body["eerdere_meldingen"] = self.eerdere
        return body


@pytest.fixture
def intake() -> LabelIntake:
    return LabelIntake()


@pytest.fixture
def pdp() -> FakePdp:
    """The policy as overleg expects it: the forms a user gets are the PDP's answer."""
    return BeleidPdp()


@pytest.fixture
def app_svc(store: Store, pdp: FakePdp, intake: LabelIntake):  # type: ignore[no-untyped-def]
    return make_app(store=store, pdp=pdp, intake=intake)


def fout_bij(html: str, veld: str) -> str:
    """The Dutch message shown next to a field (``<p id="<veld>-fout">``)."""
    m = re.search(
        rf'<p class="utrecht-form-field-error-message" id="{veld}-fout">.*?</span>(.*?)</p>',
        html,
        re.S,
    )
    assert m, f"no error next to #{veld}"
    return m.group(1)


async def test_casus_page_shows_label_timeline_and_regie_forms(app_svc, intake, store) -> None:
    casus_id = await open_casus(store, ave_fase=3)
    melding_id = store.casussen[casus_id].melding_id
    intake.label_map[melding_id] = ("PZWB-2030-0042", "J.T.")
    app, _ = app_svc
    async with signed_in(app) as c:
        page = await c.get(f"/casussen/{casus_id}")
    assert page.status_code == 200
    assert (
        '<h1 id="casus-titel" class="utrecht-heading-1">'
        'Casus <span id="casus-label">PZWB-2030-0042 · J.T.</span>' in page.text
    )
    assert intake.labels_calls == [[melding_id]]
    assert 'id="tijdlijn"' in page.text and 'data-soort="geopend"' in page.text
    for control in (
        "fase-naar",
        "fase-reden",
        "cg-ja",
        "cg-herbeoordeling-op",
        "cg-reden",
        "casusregisseur",
        "deelnemer-partner",
        "deelnemer-reden",
        "verwijder-partner",
        "verwijder-reden",
        "afsluitreden-doel-bereikt",
        "afsluit-toelichting",
        "casus-afsluiten",
    ):
        assert f'id="{control}"' in page.text, control
    assert 'value="gemeente.visser"' in page.text, "casusregisseur candidate of a deelnemer"


async def test_label_refused_falls_back_without_error(app_svc, intake, store) -> None:
    casus_id = await open_casus(store)
    intake.weiger_labels = True
    app, _ = app_svc
    async with signed_in(app) as c:
        page = await c.get(f"/casussen/{casus_id}")
        lijst = await c.get("/casussen")
    assert page.status_code == 200
    assert (
        '<h1 id="casus-titel" class="utrecht-heading-1">'
        f'Casus <span id="casus-label">{str(casus_id)[:8]}<' in page.text
    )
    assert lijst.status_code == 200 and f"Casus {str(casus_id)[:8]}" in lijst.text


async def test_fase_form_errors_next_to_fields_and_success(app_svc, store) -> None:
    casus_id = await open_casus(store, ave_fase=3)
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.post(f"/casussen/{casus_id}/fase", data={"naar": "4", "reden": " "})
        assert r.status_code == 422
        assert "Vul de reden" in fout_bij(r.text, "fase-reden")
        assert 'href="#fase-reden"' in r.text
        assert store.casussen[casus_id].ave_fase == 3 and len(store.outbox) == 1
        r = await c.post(f"/casussen/{casus_id}/fase", data={"naar": "5", "reden": "wapens"})
        assert r.status_code == 303
        page = await c.get(r.headers["location"])
    assert store.casussen[casus_id].ave_fase == 5
    assert isinstance(store.outbox[-1][1], ev.FaseGewijzigd)
    assert (
        'id="wijziging-opgeslagen"' in page.text
        and "Opgeschaald van AVE-fase 3 naar 5" in page.text
    )


async def test_client_geinformeerd_form(app_svc, store) -> None:
    casus_id = await open_casus(store)
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.post(
            f"/casussen/{casus_id}/client-geinformeerd",
            data={"client_geinformeerd": "nee", "herbeoordeling_op": "2030-01-01", "reden": "x"},
        )
        assert r.status_code == 422
        assert "verleden" in fout_bij(r.text, "cg-herbeoordeling-op")
        r = await c.post(
            f"/casussen/{casus_id}/client-geinformeerd",
            data={"client_geinformeerd": "nee", "herbeoordeling_op": "kapot", "reden": "x"},
        )
        assert "geldige" in fout_bij(r.text, "cg-herbeoordeling-op")
        r = await c.post(
            f"/casussen/{casus_id}/client-geinformeerd",
            data={
                "client_geinformeerd": "nee",
                "herbeoordeling_op": MORGEN.isoformat(),
                "reden": "veiligheid",
            },
        )
        assert r.status_code == 303
    c_ = store.casussen[casus_id]
    assert (c_.client_geinformeerd, c_.herbeoordeling_op) == (False, MORGEN)


async def test_deelnemers_casusregisseur_and_afsluiten_forms(app_svc, store) -> None:
    casus_id = await open_casus(store, uit_te_nodigen_partners=["gemeente-bergen-op-zoom"])
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.post(f"/casussen/{casus_id}/deelnemers", data={"partner": "ggz-wnb"})
        assert "Vul de reden" in fout_bij(r.text, "deelnemer-reden")
        r = await c.post(
            f"/casussen/{casus_id}/deelnemers", data={"partner": "ggz-wnb", "reden": "zorg"}
        )
        assert r.status_code == 303
        r = await c.post(
            f"/casussen/{casus_id}/deelnemers/verwijderen",
            data={"partner": "politie-zwb", "reden": "x"},
        )
        assert "melder" in fout_bij(r.text, "verwijder-partner")
        r = await c.post(
            f"/casussen/{casus_id}/casusregisseur", data={"casusregisseur": "ggz.mulder"}
        )
        assert "uit de lijst" in fout_bij(r.text, "casusregisseur")
        r = await c.post(
            f"/casussen/{casus_id}/casusregisseur", data={"casusregisseur": "gemeente.visser"}
        )
        assert r.status_code == 303
        r = await c.post(f"/casussen/{casus_id}/afsluiten", data={"afsluitreden": "anders"})
        assert "toelichting" in fout_bij(r.text, "afsluit-toelichting")
        r = await c.post(f"/casussen/{casus_id}/afsluiten", data={"afsluitreden": "doel-bereikt"})
        assert r.status_code == 303
        page = await c.get(f"/casussen/{casus_id}")
        actie = await c.post(
            f"/casussen/{casus_id}/acties",
            data={"wat": "x", "wie": "politie-zwb", "wanneer": MORGEN.isoformat()},
        )
    assert "ggz-wnb" in store.casussen[casus_id].deelnemers
    assert store.casussen[casus_id].casusregisseur == "gemeente.visser"
    assert 'data-status="afgesloten"' in page.text and 'id="actie-formulier"' not in page.text
    assert "Lotte Visser" in page.text
    assert actie.status_code == 422 and "afgesloten" in fout_bij(actie.text, "actie-wat")


@pytest.mark.parametrize("user", ["notulist.bakker", "gemeente.visser"])
async def test_others_get_no_regie_forms_and_403(app_svc, store, user: str) -> None:
    casus_id = await open_casus(store, uit_te_nodigen_partners=["gemeente-bergen-op-zoom"])
    app, _ = app_svc
    async with signed_in(app, user) as c:
        page = await c.get(f"/casussen/{casus_id}")
        r = await c.post(f"/casussen/{casus_id}/fase", data={"naar": "1", "reden": "x"})
    assert page.status_code == 200 and 'id="fase-formulier"' not in page.text
    assert r.status_code == 403 and store.casussen[casus_id].ave_fase == 4


async def test_partner_reports_back_on_own_actie_only(app_svc, store) -> None:
    casus_id = await open_casus(store, uit_te_nodigen_partners=["ggz-wnb"])
    eigen = Actie(
        actie_id=uuid.uuid4(),
        casus_id=casus_id,
        wat="Gesprek",
        wie="ggz-wnb",
        wanneer=MORGEN,
        toegewezen_op=NU,
    )
    ander = Actie(
        actie_id=uuid.uuid4(),
        casus_id=casus_id,
        wat="Check",
        wie="politie-zwb",
        wanneer=MORGEN,
        toegewezen_op=NU,
    )
    store.casussen[casus_id].acties += [eigen, ander]
    app, _ = app_svc
    async with signed_in(app, "ggz.mulder") as c:
        page = await c.get(f"/casussen/{casus_id}")
        assert f'id="terugkoppeling-{eigen.actie_id}"' in page.text
        assert f'id="terugkoppeling-{ander.actie_id}"' not in page.text
        url = f"/casussen/{casus_id}/acties/{eigen.actie_id}/terugkoppeling"
        r = await c.post(url, data={"status": "niet-mogelijk", "toelichting": ""})
        assert r.status_code == 422
        assert "niet mogelijk" in fout_bij(r.text, f"tk-toelichting-{eigen.actie_id}")
        r = await c.post(
            f"/casussen/{casus_id}/acties/{ander.actie_id}/terugkoppeling",
            data={"status": "afgerond"},
        )
        assert r.status_code == 403
        r = await c.post(url, data={"status": "loopt", "toelichting": "gebeld"})
        assert r.status_code == 303
        page = await c.get(f"/casussen/{casus_id}")
    assert store.casussen[casus_id].acties[0].status.value == "loopt"
    assert isinstance(store.outbox[-1][1], ev.ActieTeruggekoppeld)
    assert "Teruggekoppeld: loopt" in page.text
    # the toelichting is the partner's own informatie-item: shown to it (the PDP allowed) in
    # the toelichtingen, with why; nowhere else (not in the timeline)
    sectie = page.text.split('id="toelichtingen"', 1)
    assert len(sectie) == 2 and "gebeld" not in sectie[0]
    assert '<p class="utrecht-paragraph inbreng__tekst">gebeld</p>' in sectie[1]
    assert "Gedeeld op grond van:" in sectie[1]


async def test_pr_sees_no_terugkoppel_form(app_svc, store) -> None:
    casus_id = await open_casus(store, uit_te_nodigen_partners=["ggz-wnb"])
    store.casussen[casus_id].acties.append(
        Actie(
            actie_id=uuid.uuid4(),
            casus_id=casus_id,
            wat="G",
            wie="ggz-wnb",
            wanneer=MORGEN,
            toegewezen_op=NU,
        )
    )
    app, _ = app_svc
    async with signed_in(app) as c:
        page = await c.get(f"/casussen/{casus_id}")
    assert 'id="terugkoppelen"' not in page.text


async def test_casussen_list_filters_search_and_scope(app_svc, intake, store) -> None:
    a = await open_casus(store, ave_fase=2, uit_te_nodigen_partners=["ggz-wnb"])
    b = await open_casus(store, ave_fase=5, uit_te_nodigen_partners=[])
    store.casussen[b].afgesloten_op = NU
    store.casussen[a].acties.append(
        Actie(
            actie_id=uuid.uuid4(),
            casus_id=a,
            wat="G",
            wie="ggz-wnb",
            wanneer=NU.date().replace(day=1),
            toegewezen_op=NU,
        )
    )
    intake.label_map[store.casussen[a].melding_id] = ("PZWB-7", "A.B.")
    app, _ = app_svc

    def rows(html: str) -> set[str]:
        return set(re.findall(r'<tr id="casus-([0-9a-f-]+)"', html))

    async with signed_in(app) as c:
        alle = await c.get("/casussen")
        assert rows(alle.text) == {str(a), str(b)} and len(intake.labels_calls) == 1
        assert 'id="filter-zoek"' in alle.text and 'id="filter-verlopen"' in alle.text
        assert rows((await c.get("/casussen?status=open")).text) == {str(a)}
        assert rows((await c.get("/casussen?status=afgesloten")).text) == {str(b)}
        assert rows((await c.get("/casussen?fase=5")).text) == {str(b)}
        assert rows((await c.get("/casussen?deelnemer=ggz-wnb")).text) == {str(a)}
        assert rows((await c.get("/casussen?verlopen=1")).text) == {str(a)}
        assert rows((await c.get("/casussen?zoek=pzwb-7")).text) == {str(a)}
        assert rows((await c.get(f"/casussen?zoek={str(b)[:8]}")).text) == {str(b)}
        leeg = await c.get("/casussen?zoek=bestaat-niet")
        assert 'id="casussen-niets-gevonden"' in leeg.text
    async with signed_in(app, "ggz.mulder") as c:
        assert rows((await c.get("/casussen")).text) == {str(a)}


async def test_triage_shows_known_casussen_and_sends_the_choice(app_svc, intake, store) -> None:
    oud = await open_casus(store, ave_fase=2)
    store.casussen[oud].afgesloten_op = NU
    oude_melding = store.casussen[oud].melding_id
    intake.eerdere = [
        {
            "melding_id": str(oude_melding),
            "melder": "politie-zwb",
            "ontvangen_op": "2029-01-01T10:00:00+00:00",
            "status": "getrieerd",
            "uitkomst": "casus",
        }
    ]
    app, _ = app_svc
    async with signed_in(app) as c:
        page = await c.get(f"/triage/{MELDING_ID}")
        assert "Deze persoon is al bekend" in page.text
        assert 'id="bestaande-nieuw"' in page.text and "checked" in page.text
        assert f'id="bestaande-{oud}"' in page.text and "heropenen" in page.text
        form = {"uitkomst": "casus", "ave_fase": "3", "client_geinformeerd": "ja"}
        fout = await c.post(
            f"/triage/{MELDING_ID}", data={**form, "bestaande_casus_id": str(uuid.uuid4())}
        )
        assert fout.status_code == 422 and "bestaande casus" in fout_bij(
            fout.text, "bestaande-nieuw"
        )
        niet_aangeboden = await open_casus(store)
        fout = await c.post(
            f"/triage/{MELDING_ID}", data={**form, "bestaande_casus_id": str(niet_aangeboden)}
        )
        assert fout.status_code == 422 and "bestaande casus" in fout.text
        assert intake.triages == []

        async def consumer(melding_id, triage):  # type: ignore[no-untyped-def]
            await open_casus(
                store,
                melding_id=melding_id,
                bestaande_casus_id=uuid.UUID(triage["bestaande_casus_id"]),
            )

        intake.on_triage = consumer
        r = await c.post(f"/triage/{MELDING_ID}", data={**form, "bestaande_casus_id": str(oud)})
    assert r.status_code == 303 and r.headers["location"] == f"/casussen/{oud}"
    [(_, body, _)] = intake.triages
    assert body["bestaande_casus_id"] == str(oud)
    assert not store.casussen[oud].afgesloten


async def test_triage_without_known_casussen_has_no_section(app_svc, intake) -> None:
    app, _ = app_svc
    async with signed_in(app) as c:
        page = await c.get(f"/triage/{MELDING_ID}")
        r = await c.post(
            f"/triage/{MELDING_ID}",
            data={"uitkomst": "advies", "ave_fase": "", "client_geinformeerd": "ja"},
        )
    assert "Deze persoon is al bekend" not in page.text
    assert r.status_code == 303 and "bestaande_casus_id" not in intake.triages[0][1]


async def test_lifecycle_api(app_svc, store) -> None:
    casus_id = await open_casus(store, ave_fase=3, uit_te_nodigen_partners=["ggz-wnb"])
    app, svc = app_svc
    h = {"Authorization": f"Bearer {token_for(svc, 'pr.jansen')}"}
    async with client(app) as c:
        r = await c.post(f"/v1/casussen/{casus_id}/fase", json={"naar": 4, "reden": ""}, headers=h)
        assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "reden"]
        assert (
            await c.post(f"/v1/casussen/{casus_id}/fase", json={"naar": 4, "reden": "x"}, headers=h)
        ).status_code == 204
        assert (
            await c.post(
                f"/v1/casussen/{casus_id}/client-geinformeerd",
                json={"client_geinformeerd": True, "reden": "gesprek"},
                headers=h,
            )
        ).status_code == 204
        assert (
            await c.post(
                f"/v1/casussen/{casus_id}/deelnemers",
                json={"partner": "woonkwartier", "reden": "woning"},
                headers=h,
            )
        ).status_code == 204
        assert (
            await c.delete(
                f"/v1/casussen/{casus_id}/deelnemers/woonkwartier?reden=klaar", headers=h
            )
        ).status_code == 204
        assert (
            await c.post(
                f"/v1/casussen/{casus_id}/casusregisseur",
                json={"gebruiker": "gemeente.visser"},
                headers=h,
            )
        ).status_code == 422
        assert (
            await c.post(
                f"/v1/casussen/{casus_id}/afsluiten", json={"reden": "doel-bereikt"}, headers=h
            )
        ).status_code == 204
        detail = (await c.get(f"/v1/casussen/{casus_id}", headers=h)).json()
        partner = {"Authorization": f"Bearer {token_for(svc, 'ggz.mulder')}"}
        r = await c.post(
            f"/v1/casussen/{casus_id}/fase", json={"naar": 1, "reden": "x"}, headers=partner
        )
    assert r.status_code == 403 and r.json()["reasons"]
    assert detail["afsluitreden"] == "doel-bereikt" and detail["afgesloten_op"]
    assert detail["ave_fase"] == 4 and "woonkwartier" not in detail["deelnemers"]


async def test_print_stylesheet_prints_the_actielijst_only(app_svc) -> None:
    app, _ = app_svc
    async with client(app) as c:
        css = (await c.get("/static/zvh-theme.css")).text
    blok = css[css.index("@media print") :]
    assert "form" in blok and ".tijdlijn" in blok and ".regie" in blok
    assert ".utrecht-table" in blok and "#actielijst" not in blok.split("{")[0]


async def test_reasons_only_in_the_regie_section_for_the_procesregisseur(app_svc, store) -> None:
    casus_id = await open_casus(store, ave_fase=3, uit_te_nodigen_partners=["ggz-wnb"])
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.post(f"/casussen/{casus_id}/fase", data={"naar": "2", "reden": "GEHEIM-X"})
        assert r.status_code == 303
        pr = await c.get(f"/casussen/{casus_id}")
    async with signed_in(app, "ggz.mulder") as c:
        partner = await c.get(f"/casussen/{casus_id}")
    assert 'id="regie-historie"' in pr.text and "GEHEIM-X" in pr.text
    tijdlijn = pr.text[pr.text.index('id="tijdlijn"') : pr.text.index("</ol>")]
    assert "Afgeschaald van AVE-fase 3 naar 2" in tijdlijn and "GEHEIM-X" not in tijdlijn
    assert partner.status_code == 200 and "GEHEIM-X" not in partner.text
    assert "Afgeschaald van AVE-fase 3 naar 2" in partner.text


async def test_list_views_are_scoped_by_the_pdp_fg_sees_no_casus_metadata(
    app_svc, store, pdp
) -> None:
    """The casussen list (page and API) asks the PDP ``list`` of ``casus`` per casus: the FG
    sees none, a partner only those it takes part in; overleg has no scope of its own."""
    a = await open_casus(store, uit_te_nodigen_partners=["ggz-wnb"])
    b = await open_casus(store, uit_te_nodigen_partners=[])
    app, svc = app_svc

    def rows(html: str) -> set[str]:
        return set(re.findall(r'<tr id="casus-([0-9a-f-]+)"', html))

    async with signed_in(app, "fg.devries") as c:
        fg = await c.get("/casussen")
    assert fg.status_code == 200 and rows(fg.text) == set()
    assert str(a) not in fg.text and str(b) not in fg.text
    assert "geen casussen die u mag zien" in fg.text  # not "there are none"
    async with signed_in(app, "ggz.mulder") as c:
        assert rows((await c.get("/casussen")).text) == {str(a)}
    async with signed_in(app, "notulist.bakker") as c:
        assert rows((await c.get("/casussen")).text) == {str(a), str(b)}
    lijst = [q for q in pdp.requests if q.action == "list"]
    assert {q.resource.type for q in lijst} == {"casus"}
    assert all(q.resource.casus and q.context.deelnemers for q in lijst)
    async with client(app) as c:
        for user, verwacht in (("fg.devries", set()), ("ggz.mulder", {str(a)})):
            auth = {"Authorization": f"Bearer {token_for(svc, user)}"}
            r = await c.get("/v1/casussen", headers=auth)
            assert {x["casus_id"] for x in r.json()} == verwacht
    # no decision (the PDP down): nothing is listed, not even for the procesregisseur
    svc.pdp = FakePdp(allow=False, reasons=["geweigerd: PDP niet bereikbaar"])
    async with signed_in(app) as c:
        assert rows((await c.get("/casussen")).text) == set()


async def test_which_casus_a_triaged_melding_became_is_decided_by_the_pdp(
    app_svc, store, pdp
) -> None:
    casus_id = await open_casus(store, melding_id=MELDING_ID, uit_te_nodigen_partners=["ggz-wnb"])
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.get(f"/triage/{MELDING_ID}/casus")
    assert r.status_code == 303 and r.headers["location"] == f"/casussen/{casus_id}"
    [vraag] = [q for q in pdp.requests if q.resource.type == "casus"]
    assert (vraag.action, vraag.context.doel) == ("read", "triage")
    store.casussen[casus_id].deelnemers = ["ggz-wnb"]  # the melder, politie, takes no part now
    for user in ("fg.devries", "agent.smit"):
        async with signed_in(app, user) as c:
            r = await c.get(f"/triage/{MELDING_ID}/casus")
            hx = await c.get(f"/triage/{MELDING_ID}/casus", headers={"HX-Request": "true"})
        assert r.status_code == 403 and hx.status_code == 403
        assert str(casus_id) not in r.text and "HX-Redirect" not in hx.headers
        assert "geen regel staat dit toe (read casus, doel triage)" in r.text  # the PDP's why


async def test_the_forms_on_the_casus_page_follow_the_pdps_answers(app_svc, store, pdp) -> None:
    """Actielijst and regie forms: the PDP's ``write`` answers, asked in the page's one round
    trip (no role list in the page)."""
    casus_id = await open_casus(store)
    app, _ = app_svc
    async with signed_in(app, "notulist.bakker") as c:
        page = await c.get(f"/casussen/{casus_id}")
    assert 'id="actie-formulier"' in page.text and 'id="fase-formulier"' not in page.text
    [batch] = [b for b in pdp.batches if len(b) == 3]
    assert [(q.action, q.resource.type) for q in batch] == [
        ("read", "actielijst"),
        ("write", "actielijst"),
        ("write", "casus"),
    ]

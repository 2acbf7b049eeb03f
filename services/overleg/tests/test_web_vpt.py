"""Meldpunt and VPT dossier pages with fakes: the report goes to intake with the user's token
and keeps what was typed on an error; the list and the dossier follow the PDP; only the assigned
casemanager sees and uses the forms; a zitting becomes an actie; closing waits for the
evaluation."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

from overleg_fakes import Store
from overleg_web_fakes import FakeIntake, csrf_veld, make_app, signed_in
from vpt_helpers import ORG, VptBeleidPdp, geregistreerd
from zvh_overleg.application import vpt
from zvh_overleg.application.intake import IntakeFout, IntakeGeweigerd
from zvh_overleg.application.meldpunt import IntakeVeldfouten
from zvh_overleg.domain.vpt import dossier_id_van

INCIDENT = uuid.UUID("0f4e8d2c-6b1a-4c3e-9d5f-7a8b9c0d1e2f")
DOSSIER = dossier_id_van(INCIDENT)


class FakeMeldpunt:
    def __init__(self) -> None:
        self.meldingen: list[tuple[dict[str, Any], str]] = []
        self.nazorg: list[tuple[uuid.UUID, str, date]] = []
        self.fout: Exception | None = None
        self.gedaan: dict[str, str] = {}

    async def meld_vpt_incident(self, melding: dict[str, Any], *, token: str) -> dict[str, Any]:
        if self.fout is not None:
            raise self.fout
        self.meldingen.append((melding, token))
        return {"incident_id": str(INCIDENT)}

    async def vpt_incidenten(self, *, token: str) -> list[dict[str, Any]]:
        return [await self.vpt_incident(INCIDENT, token=token)]

    async def vpt_incident(self, incident_id: uuid.UUID, *, token: str) -> dict[str, Any]:
        return {
            "incident_id": str(INCIDENT),
            "organisatie": ORG,
            "gemeld_op": "2030-03-01T09:00:00+00:00",
            "gebeurd_op": "2030-03-01T08:30:00+00:00",
            "plaats": "Huisbezoek",
            "soorten": ["bedreiging"],
            "politie_ter_plaatse": False,
            "impact": 4,
            "medewerker": "Yusuf Yilmaz",
            "urgent": False,
            "nazorg": [
                {
                    "contact": c,
                    "uiterlijk": u,
                    "gedaan_op": self.gedaan.get(c),
                    "door": None,
                }
                for c, u in (("eerste", "2030-03-04"), ("een-week", "2030-03-08"))
            ],
            "casemanager": "vpt.dewit",
        }

    async def vpt_nazorg_gedaan(
        self, incident_id: uuid.UUID, *, contact: str, op: date, token: str
    ) -> dict[str, Any]:
        self.nazorg.append((incident_id, contact, op))
        self.gedaan[contact] = op.isoformat()
        return {}


def _app(store: Store):  # type: ignore[no-untyped-def]
    app, svc = make_app(store=store, pdp=VptBeleidPdp(), intake=FakeIntake())
    svc.meldpunt = FakeMeldpunt()
    return app, svc


async def _dossier(svc) -> None:  # type: ignore[no-untyped-def]
    await vpt.open_dossier(
        event_id=uuid.uuid4(), event=geregistreerd(INCIDENT), uow=svc.uow, clock=svc.clock
    )


MELDING = {
    "gebeurd_op": "2030-03-04T09:30",
    "plaats": "Huisbezoek",
    "soorten": ["bedreiging", "verbaal"],
    "politie_ter_plaatse": "nee",
    "impact": "4",
    "leidinggevende": "lg.peters",
    "toelichting": "Schreeuwde en dreigde.",
}


async def test_meldpunt_sends_the_report_with_the_users_token(store: Store) -> None:
    app, svc = _app(store)
    async with signed_in(app, "wt.yilmaz") as c:
        pagina = (await c.get("/meldpunt")).text
        assert 'name="soorten" value="fysiek"' in pagina
        assert '<option value="lg.peters"' in pagina  # a leidinggevende of the own org
        assert "ggz" not in re.findall(r'<select id="leidinggevende".*?</select>', pagina, re.S)[0]
        sleutel = re.search(r'name="idempotency_key" value="([^"]+)"', pagina)
        assert sleutel is not None
        r = await c.post(
            "/meldpunt",
            data={**MELDING, "idempotency_key": sleutel.group(1), **csrf_veld(pagina)},
        )
    assert r.status_code == 200, r.text
    assert str(INCIDENT) in r.text
    [(melding, token)] = svc.meldpunt.meldingen
    assert token
    assert melding["soorten"] == ["bedreiging", "verbaal"]
    assert melding["impact"] == 4 and melding["politie_ter_plaatse"] is False
    assert melding["leidinggevende"] == "lg.peters"
    assert melding["medewerker"] == "Yusuf Yilmaz"
    assert melding["gebeurd_op"].startswith("2030-03-04T09:30:00+01:00")
    assert melding["referentie"] == f"meldpunt-{sleutel.group(1)}"


async def test_meldpunt_errors_are_dutch_and_keep_the_input(store: Store) -> None:
    app, svc = _app(store)
    async with signed_in(app, "wt.yilmaz") as c:
        veld = csrf_veld((await c.get("/meldpunt")).text)
        r = await c.post("/meldpunt", data={**MELDING, "soorten": [], "impact": "", **veld})
        assert r.status_code == 422
        assert "Kies wat er gebeurde" in r.text and "Kies hoe groot de impact" in r.text
        assert 'value="Huisbezoek"' in r.text and "Schreeuwde en dreigde." in r.text
        assert svc.meldpunt.meldingen == []
        svc.meldpunt.fout = IntakeVeldfouten({"plaats": "De plaats is te lang."})
        r = await c.post("/meldpunt", data={**MELDING, **veld})
        assert r.status_code == 422
        assert 'id="plaats-fout"' in r.text or "De plaats is te lang." in r.text
        assert 'id="politie-nee" name="politie_ter_plaatse" value="nee" checked' in r.text
        svc.meldpunt.fout = IntakeFout("weg")
        r = await c.post("/meldpunt", data={**MELDING, **veld})
        assert r.status_code == 502
        assert "Uw gegevens staan er nog" in r.text and "Schreeuwde en dreigde." in r.text


async def test_list_and_dossier_follow_the_policy(store: Store) -> None:
    app, svc = _app(store)
    await _dossier(svc)
    async with signed_in(app, "lg.peters") as c:
        lijst = await c.get("/vpt")
        assert f'href="/vpt/{DOSSIER}"' in lijst.text
        pagina = await c.get(f"/vpt/{DOSSIER}")
        assert pagina.status_code == 200
        assert "Huisbezoek" in pagina.text and "Anouk de Wit" in pagina.text
        assert 'id="aangifte-formulier"' not in pagina.text  # reads, does not write
        assert 'id="nazorg-gedaan-eerste"' in pagina.text  # the leidinggevende does nazorg
    async with signed_in(app, "vpt.smits") as c:
        r = await c.get(f"/vpt/{DOSSIER}")
        assert r.status_code == 403
        assert "Huisbezoek" not in r.text
    async with signed_in(app, "pr.jansen") as c:
        assert (await c.get(f"/vpt/{DOSSIER}")).status_code == 403


async def test_list_leaves_out_what_the_pdp_refuses(store: Store) -> None:
    app, svc = _app(store)
    await _dossier(svc)

    class GeenIntake(FakeMeldpunt):
        async def vpt_incidenten(self, *, token: str) -> list[dict[str, Any]]:
            raise IntakeGeweigerd(["nee"])

    svc.meldpunt = GeenIntake()
    async with signed_in(app, "vpt.smits") as c:
        r = await c.get("/vpt")
        assert str(DOSSIER) not in r.text and 'id="intake-fout"' in r.text
    async with signed_in(app, "vpt.dewit") as c:
        assert f'href="/vpt/{DOSSIER}"' in (await c.get("/vpt")).text


async def test_nazorg_is_registered_through_intake(store: Store) -> None:
    app, svc = _app(store)
    await _dossier(svc)
    async with signed_in(app, "lg.peters") as c:
        pagina = (await c.get(f"/vpt/{DOSSIER}")).text
        assert 'data-contact="eerste" data-gedaan="nee" data-staat="te-doen"' in pagina
        assert 'data-contact="een-week" data-gedaan="nee" data-staat="gepland"' in pagina
        assert "Geregistreerd als gedaan" not in pagina
        r = await c.post(
            f"/vpt/{DOSSIER}/nazorg",
            data={"contact": "eerste", "op": "2030-03-04", **csrf_veld(pagina)},
        )
        assert r.status_code == 303
        pagina = (await c.get(r.headers["location"])).text
    assert svc.meldpunt.nazorg == [(INCIDENT, "eerste", date(2030, 3, 4))]
    assert 'data-contact="eerste" data-gedaan="ja" data-staat="gedaan"' in pagina
    assert 'data-contact="een-week" data-gedaan="nee" data-staat="te-doen"' in pagina
    assert "Geregistreerd als gedaan" in pagina


async def test_casemanager_records_aangifte_and_zitting_others_may_not(store: Store) -> None:
    app, svc = _app(store)
    await _dossier(svc)
    async with signed_in(app, "vpt.dewit") as c:
        pagina = (await c.get(f"/vpt/{DOSSIER}")).text
        veld = csrf_veld(pagina)
        assert 'id="aangifte-formulier"' in pagina
        r = await c.post(
            f"/vpt/{DOSSIER}/aangifte",
            data={"gedaan_op": "2030-03-02", "pv_nummer": "12345", "domiciliekeuze": "ja", **veld},
        )
        assert r.status_code == 422
        assert "geen geldig proces-verbaalnummer" in r.text
        assert 'value="12345"' in r.text  # kept
        r = await c.post(
            f"/vpt/{DOSSIER}/aangifte",
            data={
                "gedaan_op": "2030-03-02",
                "pv_nummer": "PL2000-2030123456",
                "domiciliekeuze": "ja",
                **veld,
            },
        )
        assert r.status_code == 303
        r = await c.post(
            f"/vpt/{DOSSIER}/zitting",
            data={"datum": "2030-06-01", "soort": "politierechter", "plaats": "Breda", **veld},
        )
        assert r.status_code == 303
        pagina = (await c.get(f"/vpt/{DOSSIER}")).text
        assert "PL2000-2030123456" in pagina and "Ja (domiciliekeuze)" in pagina
        assert "Begeleiding bij zitting 01-06-2030" in pagina
        # once filled, the aangifte form folds away (correcting stays possible)
        assert re.search(r'id="aangifte-formulier-wijzigen"\s*>', pagina)
        assert re.search(r'id="verzuim-formulier-wijzigen"\s*open>', pagina)
        r = await c.post(f"/vpt/{DOSSIER}/afsluiten", data={"afsluitreden": "afgerond", **veld})
        assert r.status_code == 422
        assert "evaluatie" in r.text
    d = store.vpt_dossiers[DOSSIER]
    assert not d.afgesloten and d.aangifte is not None and d.aangifte.domiciliekeuze
    async with signed_in(app, "lg.peters") as c:
        veld = csrf_veld((await c.get(f"/vpt/{DOSSIER}")).text)
        r = await c.post(f"/vpt/{DOSSIER}/verzuim", data={"verzuimdagen": "3", **veld})
        assert r.status_code == 403
    assert store.vpt_dossiers[DOSSIER].verzuimdagen is None


async def test_closing_after_the_evaluation(store: Store) -> None:
    app, svc = _app(store)
    await _dossier(svc)

    class Ja:
        async def vastgesteld(self, dossier_id: uuid.UUID) -> bool:
            return dossier_id == DOSSIER

    svc.vpt_evaluaties = Ja()
    async with signed_in(app, "vpt.dewit") as c:
        veld = csrf_veld((await c.get(f"/vpt/{DOSSIER}")).text)
        r = await c.post(f"/vpt/{DOSSIER}/afsluiten", data={"afsluitreden": "afgerond", **veld})
        assert r.status_code == 303
        pagina = (await c.get(f"/vpt/{DOSSIER}")).text
    assert 'id="status-afgesloten"' in pagina and 'id="aangifte-formulier"' not in pagina
    assert store.vpt_dossiers[DOSSIER].afgesloten


def test_nazorg_staten() -> None:
    from zvh_overleg.application.meldpunt import nazorg_staten

    rijen: list[dict[str, Any]] = [
        {"contact": "eerste", "uiterlijk": "2030-03-04", "gedaan_op": "2030-03-03"},
        {"contact": "een-week", "uiterlijk": "2030-03-08", "gedaan_op": None},
        {"contact": "zes-weken", "uiterlijk": "2030-04-12", "gedaan_op": None},
    ]
    staten = lambda v: [r["staat"] for r in nazorg_staten(rijen, vandaag=v)]  # noqa: E731
    assert staten(date(2030, 3, 5)) == ["gedaan", "te-doen", "gepland"]
    assert staten(date(2030, 3, 9)) == ["gedaan", "te-laat", "gepland"]


async def test_no_catch_all_route_beside_the_evaluation(store: Store) -> None:
    """h-evaluatie's POST /vpt/{id}/evaluatie and …/maatregelen are not answered here."""
    app, svc = _app(store)
    await _dossier(svc)
    from zvh_overleg.entrypoints.web import vpt as web_vpt

    paden = {getattr(r, "path", "") for r in web_vpt.router.routes}
    assert "/vpt/{dossier_id:uuid}/aangifte" in paden
    assert not any("{onderdeel" in p for p in paden)
    async with signed_in(app, "vpt.dewit") as c:
        veld = csrf_veld((await c.get(f"/vpt/{DOSSIER}")).text)
        r = await c.post(f"/vpt/{DOSSIER}/evaluatie", data=veld)
    assert r.status_code in (404, 405)

"""The evaluation section's forms, the PEP on them, and the yearly VPT overview (page + CSV),
with a fake dossier lookup, fake intake counts and a PDP playing the vpt rules."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import UTC, date, datetime

import pytest
from overleg_fakes import FakePdp, FixedClock, Store
from overleg_web_fakes import FakeIntake, make_app, signed_in
from vpt_evaluatie_fakes import DOSSIER_ID, ORG, FakeDossierSleutels, FakeVptIntake, sleutels
from zvh_contracts.pdp import Decision, DecisionRequest
from zvh_overleg.application.intake import IntakeFout
from zvh_overleg.entrypoints.web.templating import make_templates

NU = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
#: The dossier's casemanager (an existing demo user stands in for vpt.dewit).
CM = "pr.jansen"
ANDER = "gemeente.visser"


class VptPdp(FakePdp):
    """vpt-dossier write: only the assigned casemanager; vpt-overzicht read: own organisation,
    or the ZVH for any (and for all together)."""

    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
        self.requests.append(request)
        s, r = request.subject, request.resource
        assert s is not None
        if r.type == "vpt-dossier" and request.action == "write":
            ok = request.context.doel == "vpt-casemanagement" and s.user == r.casemanager
        elif r.type == "vpt-overzicht" and request.action == "read":
            ok = request.context.doel == "verantwoording" and (
                s.org == "zvh" or (r.organisatie is not None and s.org == r.organisatie)
            )
        else:
            ok = False
        if ok:
            return Decision(allow=True, reasons=["toegestaan"])
        return Decision(allow=False, reasons=["alleen de casemanager van het dossier"])


class Intake(FakeIntake, FakeVptIntake):
    def __init__(self) -> None:
        FakeIntake.__init__(self)
        FakeVptIntake.__init__(
            self,
            {
                "totaal": 24,
                "per_soort": {"verbaal": 18, "bedreiging": 9, "fysiek": 2},
                "politie_ter_plaatse": 6,
                "urgent": 1,
            },
        )


@pytest.fixture
def opzet():  # type: ignore[no-untyped-def]
    store, pdp, intake = Store(), VptPdp(), Intake()
    app, svc = make_app(store=store, pdp=pdp, intake=intake, clock=FixedClock(NU))
    svc.dossier_sleutels = FakeDossierSleutels(
        {DOSSIER_ID: sleutels(casemanager=CM, gemeld_op=datetime(2026, 2, 3, 8, tzinfo=UTC))}
    )
    return app, svc, store, pdp, intake


EVALUATIE = {
    "wat_gebeurde": "Cliënt bedreigde de medewerker aan de balie.",
    "wat_ging_goed": "Collega's kwamen direct.",
    "wat_moet_anders": "Balie afschermen.",
    "met_team": "1",
    "deelnemers": "7",
}


async def test_the_casemanager_records_the_evaluation_and_maatregelen(opzet) -> None:  # type: ignore[no-untyped-def]
    app, _, store, pdp, _ = opzet
    async with signed_in(app, CM) as c:
        r = await c.post(f"/vpt/{DOSSIER_ID}/evaluatie", data=EVALUATIE)
        assert r.status_code == 303, r.text
        assert r.headers["location"] == f"/vpt/{DOSSIER_ID}#evaluatie"
        e = store.vpt_evaluaties[DOSSIER_ID]
        assert (e.organisatie, e.gemeld_jaar, e.deelnemers, e.door) == (ORG, 2026, 7, CM)
        [vraag] = [q for q in pdp.requests if q.resource.type == "vpt-dossier"]
        assert (vraag.action, vraag.context.doel) == ("write", "vpt-casemanagement")
        assert (vraag.resource.eigenaar, vraag.resource.melder, vraag.resource.casemanager) == (
            ORG,
            "wt.yilmaz",
            CM,
        )
        r = await c.post(
            f"/vpt/{DOSSIER_ID}/maatregelen",
            data={"wat": "Balie afschermen", "eigenaar": "Facilitair", "wanneer": "2026-12-15"},
        )
        assert r.status_code == 303, r.text
        [m] = store.vpt_maatregelen.values()
        assert (m.wat, m.wanneer, m.status.value) == (
            "Balie afschermen",
            date(2026, 12, 15),
            "open",
        )
        r = await c.post(
            f"/vpt/{DOSSIER_ID}/maatregelen/{m.maatregel_id}/status", data={"status": "gedaan"}
        )
        assert r.status_code == 303, r.text
        assert store.vpt_maatregelen[m.maatregel_id].status.value == "gedaan"


async def test_someone_else_may_not_write_and_nothing_is_stored(opzet) -> None:  # type: ignore[no-untyped-def]
    app, _, store, _, _ = opzet
    async with signed_in(app, ANDER) as c:
        r = await c.post(f"/vpt/{DOSSIER_ID}/evaluatie", data=EVALUATIE)
        assert r.status_code == 403
        assert "alleen de casemanager van het dossier" in r.text
        r = await c.post(
            f"/vpt/{DOSSIER_ID}/maatregelen",
            data={"wat": "x", "eigenaar": "y", "wanneer": "2026-12-15"},
        )
        assert r.status_code == 403
    assert store.vpt_evaluaties == {} and store.vpt_maatregelen == {}


async def test_an_unknown_dossier_is_404_and_without_the_lookup_too(opzet) -> None:  # type: ignore[no-untyped-def]
    app, svc, store, _, _ = opzet
    async with signed_in(app, CM) as c:
        r = await c.post(f"/vpt/{uuid.uuid4()}/evaluatie", data=EVALUATIE)
        assert r.status_code == 404 and "Dit VPT-dossier bestaat niet." in r.text
        svc.dossier_sleutels = None
        r = await c.post(f"/vpt/{DOSSIER_ID}/evaluatie", data=EVALUATIE)
        assert r.status_code == 404
    assert store.vpt_evaluaties == {}


async def test_a_mistake_comes_back_with_the_dutch_message_by_its_field(opzet) -> None:  # type: ignore[no-untyped-def]
    app, _, store, _, _ = opzet
    async with signed_in(app, CM) as c:
        r = await c.post(f"/vpt/{DOSSIER_ID}/evaluatie", data={**EVALUATIE, "wat_ging_goed": "  "})
        assert r.status_code == 422
        assert 'href="#evaluatie-wat_ging_goed"' in r.text
        assert "Vul in: wat er goed ging." in r.text
        # what was typed stays
        assert "Balie afschermen.</textarea>" in r.text
        r = await c.post(f"/vpt/{DOSSIER_ID}/evaluatie", data={**EVALUATIE, "deelnemers": "veel"})
        assert r.status_code == 422 and "als getal" in r.text
        # a maatregel before the evaluation
        r = await c.post(
            f"/vpt/{DOSSIER_ID}/maatregelen",
            data={"wat": "x", "eigenaar": "y", "wanneer": "2026-12-15"},
        )
        assert r.status_code == 422 and "Leg eerst de evaluatie vast" in r.text
        await c.post(f"/vpt/{DOSSIER_ID}/evaluatie", data=EVALUATIE)
        r = await c.post(
            f"/vpt/{DOSSIER_ID}/maatregelen",
            data={"wat": "x", "eigenaar": "y", "wanneer": "2026-11-01"},
        )
        assert r.status_code == 422
        assert 'href="#maatregel-wanneer"' in r.text and "in het verleden" in r.text
        r = await c.post(
            f"/vpt/{DOSSIER_ID}/maatregelen/{uuid.uuid4()}/status", data={"status": "gedaan"}
        )
        assert r.status_code == 404
        r = await c.post(
            f"/vpt/{DOSSIER_ID}/maatregelen/{uuid.uuid4()}/status", data={"status": "klaar"}
        )
        assert r.status_code == 422
        assert 'href="#maatregelen"' in r.text and "open, gedaan of vervallen" in r.text
    assert store.vpt_maatregelen == {}


async def test_the_section_renders_the_evaluation_and_an_overdue_maatregel(opzet) -> None:  # type: ignore[no-untyped-def]
    from zvh_overleg.application.vpt_evaluatie import evaluatie_context

    app, svc, _, _, _ = opzet
    async with signed_in(app, CM) as c:
        await c.post(f"/vpt/{DOSSIER_ID}/evaluatie", data=EVALUATIE)
        await c.post(
            f"/vpt/{DOSSIER_ID}/maatregelen",
            data={"wat": "Cameratoezicht", "eigenaar": "Teamleider", "wanneer": "2026-11-30"},
        )
    ctx = await evaluatie_context(
        svc.uow, DOSSIER_ID, vandaag=date(2026, 12, 2), mag_schrijven=False
    )
    html = make_templates().env.get_template("_vpt_evaluatie.html").render(**ctx)
    assert "Cliënt bedreigde de medewerker aan de balie." in html
    assert "met het team (7 deelnemers)" in html
    rij = re.search(r'<li id="maatregel-[^"]+"[^>]*>', html)
    assert rij is not None and "data-te-laat" in rij.group(0)
    assert "te laat" in html
    assert "<form" not in html  # no write access: no forms
    ctx["mag_schrijven"] = True
    html = make_templates().env.get_template("_vpt_evaluatie.html").render(**ctx)
    assert f'action="/vpt/{DOSSIER_ID}/maatregelen"' in html
    assert "selected>Open</option>" in html


async def test_the_yearly_overview_page_for_an_organisation(opzet) -> None:  # type: ignore[no-untyped-def]
    app, _, _, pdp, intake = opzet
    async with signed_in(app, CM) as c:
        await c.post(f"/vpt/{DOSSIER_ID}/evaluatie", data=EVALUATIE)
        r = await c.get("/vpt/overzicht", params={"jaar": "2026", "organisatie": ORG})
    assert r.status_code == 200, r.text
    assert intake.vragen[-1][:2] == (2026, ORG)
    [vraag] = [q for q in pdp.requests if q.resource.type == "vpt-overzicht"]
    assert (vraag.action, vraag.context.doel, vraag.resource.organisatie) == (
        "read",
        "verantwoording",
        ORG,
    )
    assert "Maak er melding van" in r.text
    # 18 verbaal shown; 2 fysiek suppressed; 1 evaluated of 24 suppressed, share hidden
    assert re.search(r'Verbale agressie</th><td data-waarde="18"[^>]*>18<', r.text)
    assert re.search(r'Fysiek geweld</th><td data-waarde=""[^>]*>&lt; 5<', r.text)
    assert re.search(r'Geëvalueerd</th><td data-waarde=""[^>]*>&lt; 5<', r.text)
    assert 'id="aandeel-geevalueerd"' in r.text


async def test_the_csv_holds_the_same_suppressed_figures(opzet) -> None:  # type: ignore[no-untyped-def]
    app, _, _, _, _ = opzet
    async with signed_in(app, CM) as c:
        r = await c.get("/vpt/overzicht.csv", params={"jaar": "2026", "organisatie": ORG})
    assert r.status_code == 200
    assert (
        r.headers["content-disposition"] == f'attachment; filename="vpt-overzicht-2026-{ORG}.csv"'
    )
    rijen = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert rijen[0] == ["jaar", "organisatie", "tabel", "onderdeel", "waarde", "weergave"]
    per_onderdeel = {(t, o): (w, s) for _, _, t, o, w, s in rijen[1:]}
    assert per_onderdeel[("Gemelde incidenten naar soort", "Verbale agressie")] == ("18", "18")
    assert per_onderdeel[("Gemelde incidenten naar soort", "Fysiek geweld")] == ("", "< 5")
    assert per_onderdeel[("Omstandigheden", "Urgent gemeld")] == ("", "< 5")


async def test_a_partner_user_sees_only_its_own_organisation(opzet) -> None:  # type: ignore[no-untyped-def]
    app, _, _, _, intake = opzet
    async with signed_in(app, ANDER) as c:
        r = await c.get("/vpt/overzicht")  # defaults: this year, own organisation
        assert r.status_code == 200
        assert intake.vragen[-1][:2] == (2026, ORG)
        assert "Alle organisaties" not in r.text
        r = await c.get("/vpt/overzicht", params={"organisatie": "ggz-wnb"})
        assert r.status_code == 403
        assert len(intake.vragen) == 1  # refused before intake was asked


async def test_bad_choices_and_intake_down(opzet) -> None:  # type: ignore[no-untyped-def]
    app, _, _, _, intake = opzet
    async with signed_in(app, CM) as c:
        r = await c.get("/vpt/overzicht", params={"jaar": "1999"})
        assert r.status_code == 400 and "Kies een jaar van 2000 tot en met 2026." in r.text
        r = await c.get("/vpt/overzicht", params={"organisatie": "bestaat-niet"})
        assert r.status_code == 400 and "hoort niet bij deze regio" in r.text
        intake.antwoord = IntakeFout("weg")
        r = await c.get("/vpt/overzicht")
        assert r.status_code == 503
        intake.antwoord = {"totaal": "veel", "per_soort": {}}
        r = await c.get("/vpt/overzicht")
        assert r.status_code == 503


async def test_zvh_staff_see_one_organisation_at_a_time(opzet) -> None:  # type: ignore[no-untyped-def]
    app, svc, _, _, intake = opzet
    async with signed_in(app, CM) as c:
        r = await c.get("/vpt/overzicht", params={"jaar": "2026"})
        assert r.status_code == 200
        eerste = svc.partners()[0]
        assert intake.vragen[-1][:2] == (2026, eerste)
        assert f"VPT-jaaroverzicht 2026 — {svc.partner_naam(eerste)}" in r.text
        r = await c.get("/vpt/overzicht", params={"jaar": "2026", "organisatie": "ggz-wnb"})
        assert r.status_code == 200
        assert intake.vragen[-1][:2] == (2026, "ggz-wnb")

"""Overleg pages over ASGI with fakes: plan form errors, agenda scoping per partner, answers in
the UI, attendance, verslag per reader (HTML and PDF with WeasyPrint)."""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import replace
from datetime import timedelta

import pytest
from overleg_fakes import NU, FixedClock, Store
from overleg_web_fakes import FakeIntake, aanmelden, make_app, signed_in
from planning_fakes import EigenaarPdp, twee_casussen
from zvh_contracts.overleg import overleg_v1 as ev
from zvh_contracts.pdp import Decision
from zvh_overleg.domain.bouwschema import Categorie, Gevoeligheid, Informatieitem, Onderdeel
from zvh_overleg.domain.model import Casus
from zvh_overleg.domain.overleg import OverlegStatus
from zvh_overleg.entrypoints.web.templating import VERSLAG_CSS

DATUM = "2030-03-06"  # NU is Monday 4 March 2030, 11:00 NL time


@pytest.fixture
def klok() -> FixedClock:
    return FixedClock()


@pytest.fixture
def pdp() -> EigenaarPdp:
    return EigenaarPdp()


@pytest.fixture
def app_svc(store: Store, pdp: EigenaarPdp, klok: FixedClock):  # type: ignore[no-untyped-def]
    return make_app(store=store, pdp=pdp, intake=FakeIntake(), clock=klok)


@pytest.fixture
def casussen(store: Store) -> tuple[Casus, Casus]:
    return twee_casussen(store)


def plan_data(*agenda: uuid.UUID, **kw: str) -> dict[str, object]:
    data: dict[str, object] = {
        "datum": DATUM,
        "begintijd": "13:00",
        "eindtijd": "15:00",
        "locatie": "Vergaderzaal De Schelde",
        "soort": "casusoverleg",
        "voorzitter": "pr.jansen",
        "agenda": [str(c) for c in agenda],
    }
    for i, c in enumerate(agenda):
        data[f"volgorde-{c}"] = str(i + 1)
    data.update(kw)
    return data


async def plan(app, *agenda: uuid.UUID) -> uuid.UUID:  # type: ignore[no-untyped-def]
    async with signed_in(app) as c:
        r = await c.post("/overleggen/nieuw", data=plan_data(*agenda))
    assert r.status_code == 303, r.text
    return uuid.UUID(r.headers["location"].split("/")[2].split("?")[0])


async def test_plan_form_has_stable_ids_and_menu(app_svc, casussen) -> None:
    app, _ = app_svc
    a, _ = casussen
    async with signed_in(app) as c:
        agenda = await c.get("/overleggen")
        form = await c.get("/overleggen/nieuw")
    assert 'href="/overleggen" aria-current="page">Overleggen</a>' in agenda.text
    assert ">Overleg plannen</a>" in agenda.text
    for veld in ("datum", "begintijd", "eindtijd", "locatie", "soort", "voorzitter"):
        assert f'id="overleg-{veld}"' in form.text, veld
    assert f'id="agenda-{a.casus_id}"' in form.text and f'id="volgorde-{a.casus_id}"' in form.text
    assert ">Overleg plannen</button>" in form.text


async def test_plan_form_errors_next_to_fields_and_nothing_saved(
    app_svc, casussen, store: Store
) -> None:
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.post(
            "/overleggen/nieuw",
            data=plan_data(begintijd="15:00", eindtijd="14:00", locatie=""),
        )
        assert r.status_code == 422
        assert "De eindtijd moet na de begintijd liggen." in r.text
        assert re.search(r'id="overleg-eindtijd-fout"', r.text)
        assert 'href="#overleg-eindtijd"' in r.text
        r = await c.post("/overleggen/nieuw", data=plan_data(begintijd="13:00", eindtijd="14:00"))
        assert r.status_code == 422 and "Zet minstens één casus op de agenda." in r.text
        assert 'id="agenda-fout"' in r.text
        r = await c.post("/overleggen/nieuw", data=plan_data(casussen[0].casus_id, locatie="   "))
        assert r.status_code == 422 and 'id="overleg-locatie-fout"' in r.text
        assert 'aria-invalid="true"' in r.text
        r = await c.post(
            "/overleggen/nieuw", data=plan_data(casussen[0].casus_id, datum="2030-03-01")
        )
        assert "Het overleg mag niet in het verleden liggen." in r.text
        r = await c.post("/overleggen/nieuw", data=plan_data(casussen[0].casus_id, datum="morgen"))
        assert 'id="overleg-datum-fout"' in r.text
    assert store.overleggen == {} and store.outbox == []


async def test_plan_keeps_chosen_order_and_publishes(app_svc, casussen, store: Store) -> None:
    app, _ = app_svc
    a, b = casussen
    data = plan_data(a.casus_id, b.casus_id)
    data[f"volgorde-{a.casus_id}"], data[f"volgorde-{b.casus_id}"] = "2", "1"
    async with signed_in(app) as c:
        r = await c.post("/overleggen/nieuw", data=data)
    assert r.status_code == 303
    [overleg] = store.overleggen.values()
    assert overleg.agenda == [b.casus_id, a.casus_id]
    assert overleg.start.isoformat() == "2030-03-06T12:00:00+00:00"  # 13:00 NL (CET)
    [(_, event, _)] = store.outbox
    assert isinstance(event, ev.OverlegGepland)


async def test_partner_users_see_only_their_overleggen_and_casussen(
    app_svc, casussen, store: Store
) -> None:
    app, _ = app_svc
    a, b = casussen
    overleg_id = await plan(app, a.casus_id, b.casus_id)
    alleen_a = await plan(app, a.casus_id)
    async with signed_in(app, "ggz.mulder") as c:
        lijst = await c.get("/overleggen")
        pagina = await c.get(f"/overleggen/{overleg_id}")
        ander = await c.get(f"/overleggen/{alleen_a}")
    assert f"overleg-{overleg_id}" in lijst.text and f"overleg-{alleen_a}" not in lijst.text
    assert "Overleg plannen" not in lijst.text
    assert f'data-casus-id="{b.casus_id}"' in pagina.text
    assert str(a.casus_id) not in pagina.text  # not its casus: not even the id
    assert 'data-partner="gemeente-bergen-op-zoom"' not in pagina.text
    assert ander.status_code == 403
    async with signed_in(app, "pr.jansen") as c:
        pagina = await c.get(f"/overleggen/{overleg_id}")
    assert f'data-casus-id="{a.casus_id}"' in pagina.text
    assert f'data-casus-id="{b.casus_id}"' in pagina.text
    assert 'href="/overleggen/' + str(overleg_id) + '/modus"' in pagina.text
    assert "verslag uiterlijk" in pagina.text and "11 maart 2030" in pagina.text


async def test_answer_in_the_ui(app_svc, casussen, store: Store) -> None:
    app, _ = app_svc
    a, _ = casussen
    overleg_id = await plan(app, a.casus_id)
    async with signed_in(app, "gemeente.visser") as c:
        pagina = await c.get(f"/overleggen/{overleg_id}")
        for sel in ('id="antwoord-komt"', 'id="antwoord-komt-niet"', 'id="antwoord-reden"'):
            assert sel in pagina.text
        assert ">Antwoord versturen</button>" in pagina.text
        r = await c.post(f"/overleggen/{overleg_id}/antwoord", data={"antwoord": "komt-niet"})
        assert r.status_code == 422 and 'id="antwoord-reden-fout"' in r.text
        assert "Vul de reden in waarom u niet komt." in r.text
        r = await c.post(
            f"/overleggen/{overleg_id}/antwoord",
            data={"antwoord": "komt-niet", "reden": "Teamdag gemeente"},
        )
        assert r.status_code == 303
    async with signed_in(app, "agent.smit") as c:
        r = await c.post(f"/overleggen/{overleg_id}/antwoord", data={"antwoord": "komt"})
        assert r.status_code == 303
        pagina = await c.get(f"/overleggen/{overleg_id}")
    assert 'data-partner="gemeente-bergen-op-zoom" data-antwoord="komt-niet"' in pagina.text
    assert 'data-partner="politie-zwb" data-antwoord="komt"' in pagina.text
    assert "Teamdag gemeente" not in pagina.text  # the gemeente's reason is its own
    async with signed_in(app) as c:
        pagina = await c.get(f"/overleggen/{overleg_id}")
    assert "Teamdag gemeente" in pagina.text
    async with signed_in(app, "ggz.mulder") as c:
        r = await c.post(f"/overleggen/{overleg_id}/antwoord", data={"antwoord": "komt"})
    assert r.status_code == 403
    assert [x.partner for x in store.overleggen[overleg_id].antwoorden] == [
        "gemeente-bergen-op-zoom",
        "politie-zwb",
    ]


def _item(store: Store, *, casus_id, overleg_id, eigenaar: str, tekst: str) -> uuid.UUID:  # type: ignore[no-untyped-def]
    item = Informatieitem(
        item_id=uuid.uuid4(),
        casus_id=casus_id,
        onderdeel=Onderdeel.BEELD,
        eigenaar=eigenaar,
        categorie=Categorie.ALGEMEEN,
        tekst=tekst,
        ingebracht_op=NU + timedelta(days=2),
        vastgelegd_door="notulist.bakker",
        overleg_id=overleg_id,
        gevoeligheid=Gevoeligheid.NORMAAL,
    )
    store.informatie[item.item_id] = item
    return item.item_id


async def _gehouden_en_vastgesteld(app, store, klok, casussen):  # type: ignore[no-untyped-def]
    a, b = casussen
    overleg_id = await plan(app, a.casus_id, b.casus_id)
    politie = _item(
        store,
        casus_id=a.casus_id,
        overleg_id=overleg_id,
        eigenaar="politie-zwb",
        tekst="Politie: drie meldingen overlast",
    )
    gemeente = _item(
        store,
        casus_id=a.casus_id,
        overleg_id=overleg_id,
        eigenaar="gemeente-bergen-op-zoom",
        tekst="Gemeente: schuldhulp loopt",
    )
    klok.now_value = NU + timedelta(days=2, hours=3)
    async with signed_in(app) as c:
        pagina = await c.get(f"/overleggen/{overleg_id}")
        assert 'id="verslag-vaststellen"' in pagina.text
        r = await c.post(
            f"/overleggen/{overleg_id}/aanwezigheid",
            data={"aanwezig-politie-zwb": "ja", "aanwezig-gemeente-bergen-op-zoom": "nee"},
        )
        assert r.status_code == 303
        concept = await c.get(f"/overleggen/{overleg_id}/verslag")
        assert concept.status_code == 200 and 'data-concept="ja"' in concept.text
        r = await c.post(f"/overleggen/{overleg_id}/verslag/vaststellen")
        assert r.status_code == 303
        r = await c.post(f"/overleggen/{overleg_id}/verslag/vaststellen")
        assert r.status_code == 409 and "Het verslag van dit overleg is al vastgesteld." in r.text
    return overleg_id, politie, gemeente


async def test_concept_verslag_only_for_zvh_regie(app_svc, casussen, store: Store) -> None:
    app, _ = app_svc
    overleg_id = await plan(app, casussen[0].casus_id)
    async with signed_in(app, "agent.smit") as c:
        r = await c.get(f"/overleggen/{overleg_id}/verslag")
    assert r.status_code == 403 and "nog niet vastgesteld" in r.text


async def test_verslag_per_partner_shows_only_its_own_items(
    app_svc, casussen, store: Store, klok: FixedClock
) -> None:
    app, _ = app_svc
    a, b = casussen
    overleg_id, politie, gemeente = await _gehouden_en_vastgesteld(app, store, klok, casussen)
    assert store.overleggen[overleg_id].status is OverlegStatus.VERSLAG_VASTGESTELD
    async with signed_in(app, "gemeente.visser") as c:
        r = await c.get(f"/overleggen/{overleg_id}/verslag")
    assert r.status_code == 200 and 'id="verslag"' in r.text
    assert f'data-casus-id="{a.casus_id}"' in r.text and str(b.casus_id) not in r.text
    assert f'data-item-id="{gemeente}"' in r.text and f'data-item-id="{politie}"' not in r.text
    assert "Gemeente: schuldhulp loopt" in r.text and "drie meldingen" not in r.text
    assert "Huisbezoek afleggen" in r.text  # the actielijst is shared with every deelnemer
    # the print rules live in verslag.css (no inline <style> under the CSP)
    assert '<link rel="stylesheet" href="/static/verslag.css">' in r.text
    assert "@media print" in VERSLAG_CSS.read_text()
    async with signed_in(app, "agent.smit") as c:
        r = await c.get(f"/overleggen/{overleg_id}/verslag")
    assert f'data-item-id="{politie}"' in r.text and f'data-item-id="{gemeente}"' not in r.text
    assert f'data-casus-id="{b.casus_id}"' in r.text
    async with signed_in(app) as c:
        r = await c.get(f"/overleggen/{overleg_id}/verslag")
    assert f'data-item-id="{politie}"' in r.text and f'data-item-id="{gemeente}"' in r.text
    assert 'data-concept="nee"' in r.text
    [event] = [e for _, e, _ in store.outbox if isinstance(e, ev.VerslagVastgesteld)]
    assert event.aanwezig == ["politie-zwb"]
    async with signed_in(app, "fg.devries") as c:
        r = await c.get(f"/overleggen/{overleg_id}/verslag")
    assert r.status_code == 403


async def test_verslag_pdf_per_partner(app_svc, casussen, store: Store, klok: FixedClock) -> None:
    from pypdf import PdfReader
    from zvh_overleg.adapters.pdf import WeasyPdf

    app, svc = app_svc
    svc.pdf = WeasyPdf()
    overleg_id, _, _ = await _gehouden_en_vastgesteld(app, store, klok, casussen)
    async with signed_in(app, "gemeente.visser") as c:
        r = await c.get(f"/overleggen/{overleg_id}/verslag.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    tekst = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    tekst = " ".join(tekst.split())
    assert "Gemeente: schuldhulp loopt" in tekst
    assert "drie meldingen" not in tekst
    assert "Huisbezoek afleggen" in tekst
    # verslag.css reached the renderer: its @page rule numbers the pages and sets A4 portrait
    assert "pagina 1 van" in tekst
    pagina = PdfReader(io.BytesIO(r.content)).pages[0].mediabox
    assert float(pagina.width) < float(pagina.height)


async def test_change_and_cancel_in_the_ui(app_svc, casussen, store: Store) -> None:
    app, _ = app_svc
    a, b = casussen
    overleg_id = await plan(app, a.casus_id, b.casus_id)
    async with signed_in(app) as c:
        form = await c.get(f"/overleggen/{overleg_id}/wijzigen")
        assert 'value="Vergaderzaal De Schelde"' in form.text and 'value="13:00"' in form.text
        r = await c.post(
            f"/overleggen/{overleg_id}/wijzigen",
            data=plan_data(a.casus_id, locatie="https://meet.example/zvh"),
        )
        assert r.status_code == 303
        r = await c.post(f"/overleggen/{overleg_id}/annuleren")
        assert r.status_code == 303
        r = await c.post(f"/overleggen/{overleg_id}/annuleren")
        assert r.status_code == 409  # a second cancel changes nothing (one event below)
        r = await c.post(
            f"/overleggen/{overleg_id}/wijzigen", data=plan_data(a.casus_id, locatie="Zaal 9")
        )
        assert r.status_code == 422
        assert "Dit overleg is geannuleerd en kan niet meer worden gewijzigd." in r.text
        pagina = await c.get(f"/overleggen/{overleg_id}")
    assert 'data-status="geannuleerd"' in pagina.text and 'id="overleg-wijzigen"' not in pagina.text
    gewijzigd = [e for _, e, _ in store.outbox if isinstance(e, ev.OverlegGewijzigd)]
    assert [(e.sequence, e.afgemeld) for e in gewijzigd] == [(1, ["ggz-wnb"])]
    [geannuleerd] = [e for _, e, _ in store.outbox if isinstance(e, ev.OverlegGeannuleerd)]
    assert geannuleerd.sequence == 2
    assert store.overleggen[overleg_id].locatie == "https://meet.example/zvh"


async def test_partner_cannot_plan(app_svc, casussen, store: Store) -> None:
    app, _ = app_svc
    async with signed_in(app, "agent.smit") as c:
        formulier = await c.get("/overleggen/nieuw")
        reeks = await c.get("/overleggen/reeks/nieuw")
        r = await c.post("/overleggen/nieuw", data=plan_data(casussen[0].casus_id))
    for pagina in (formulier, reeks, r):  # the PDP's own Dutch reason on the page
        assert pagina.status_code == 403
        assert "alleen de procesregisseur van het ZVH plant overleggen" in pagina.text
    assert store.overleggen == {}


async def test_a_deelnemer_does_not_notuleren_or_change(
    app_svc, casussen, store: Store, klok: FixedClock
) -> None:
    app, _ = app_svc
    a, _ = casussen
    overleg_id = await plan(app, a.casus_id)
    klok.now_value = NU + timedelta(days=2, hours=3)
    async with signed_in(app, "agent.smit") as c:
        pagina = await c.get(f"/overleggen/{overleg_id}")
        aanwezig = await c.post(
            f"/overleggen/{overleg_id}/aanwezigheid", data={"aanwezig-politie-zwb": "ja"}
        )
        wijzigen = await c.get(f"/overleggen/{overleg_id}/wijzigen")
        annuleren = await c.post(f"/overleggen/{overleg_id}/annuleren")
    assert pagina.status_code == 200
    assert 'id="aanwezigheid-formulier"' not in pagina.text
    assert 'id="overleg-acties"' not in pagina.text
    assert aanwezig.status_code == 403
    assert "alleen de procesregisseur of notulist van het ZVH notuleert het overleg" in (
        aanwezig.text
    )
    assert wijzigen.status_code == 403 and annuleren.status_code == 403
    assert "alleen de procesregisseur van het ZVH plant overleggen" in annuleren.text
    assert overleg_id not in store.aanwezigheid
    assert store.overleggen[overleg_id].status is OverlegStatus.GEPLAND


async def test_the_notulist_records_attendance_but_does_not_finalise(
    app_svc, casussen, store: Store, klok: FixedClock, pdp: EigenaarPdp
) -> None:
    app, _ = app_svc
    a, _ = casussen
    overleg_id = await plan(app, a.casus_id)
    klok.now_value = NU + timedelta(days=2, hours=3)
    pdp.batches.clear()
    async with signed_in(app, "notulist.bakker") as c:
        pagina = await c.get(f"/overleggen/{overleg_id}")
        r = await c.post(
            f"/overleggen/{overleg_id}/aanwezigheid", data={"aanwezig-politie-zwb": "ja"}
        )
        vaststellen = await c.post(f"/overleggen/{overleg_id}/verslag/vaststellen")
        concept = await c.get(f"/overleggen/{overleg_id}/verslag")
    assert 'id="aanwezigheid-formulier"' in pagina.text
    assert (
        'id="verslag-vaststellen"' not in pagina.text and 'id="overleg-acties"' not in pagina.text
    )
    assert r.status_code == 303 and store.aanwezigheid[overleg_id].partners == {"politie-zwb": True}
    assert vaststellen.status_code == 403
    assert "alleen de procesregisseur van het ZVH plant overleggen" in vaststellen.text
    assert store.overleggen[overleg_id].status is OverlegStatus.GEPLAND
    assert concept.status_code == 200 and 'data-concept="ja"' in concept.text
    # the page asked which forms to show in one round trip, about this overleg
    [vragen] = [b for b in pdp.batches if {q.resource.type for q in b} == {"overleg"}]
    assert [(q.action, q.resource.item) for q in vragen] == [
        ("read", str(overleg_id)),
        ("plan", str(overleg_id)),
        ("notuleren", str(overleg_id)),
    ]


async def test_a_pdp_failure_shows_no_forms_and_denies(
    app_svc, casussen, store: Store, pdp: EigenaarPdp
) -> None:
    app, _ = app_svc
    a, _ = casussen
    overleg_id = await plan(app, a.casus_id)

    async def kapot(request, *, token):  # type: ignore[no-untyped-def]
        raise ConnectionError("pdp weg")

    pdp.decide = kapot  # type: ignore[method-assign]
    async with signed_in(app) as c:
        lijst = await c.get("/overleggen")
        pagina = await c.get(f"/overleggen/{overleg_id}")
        formulier = await c.get("/overleggen/nieuw")
        annuleren = await c.post(f"/overleggen/{overleg_id}/annuleren")
    assert lijst.status_code == 200 and "Overleg plannen" not in lijst.text
    assert f"overleg-{overleg_id}" not in lijst.text  # not the whole agenda, zvh is not invited
    assert pagina.status_code == 403 and "geen beslissing van de PDP" in pagina.text
    assert formulier.status_code == 403 and annuleren.status_code == 403
    assert store.overleggen[overleg_id].status is OverlegStatus.GEPLAND


async def test_series_form_creates_meetings_and_reports_errors(app_svc, store: Store) -> None:
    app, _ = app_svc
    data = {
        "soort": "casus-plus",
        "weekdag": "2",
        "begintijd": "09:30",
        "duur": "90",
        "interval": "2",
        "aantal": "4",
        "vanaf": "2030-03-04",
        "locatie": "Zaal 3",
        "voorzitter": "pr.jansen",
    }
    async with signed_in(app) as c:
        r = await c.post("/overleggen/reeks/nieuw", data={**data, "interval": "0"})
        assert r.status_code == 422 and 'id="reeks-interval-fout"' in r.text
        assert store.overleggen == {}
        r = await c.post("/overleggen/reeks/nieuw", data=data)
        assert r.status_code == 303
        lijst = await c.get("/overleggen")
    assert len(store.overleggen) == 4 and len(store.reeksen) == 1
    assert lijst.text.count("nog geen casussen") == 4
    assert store.outbox == []


async def test_casus_plus_client_attendance_and_rhythm(
    app_svc, casussen, store: Store, klok: FixedClock
) -> None:
    app, _ = app_svc
    a, _ = casussen
    async with signed_in(app) as c:
        r = await c.post("/overleggen/nieuw", data=plan_data(a.casus_id, soort="casus-plus"))
        overleg_id = uuid.UUID(r.headers["location"].split("/")[2].split("?")[0])
        r = await c.post(f"/overleggen/{overleg_id}/ritme/{a.casus_id}", data={"ritme": "99"})
        assert r.status_code == 422 and 'id="ritme-' + str(a.casus_id) + '-fout"' in r.text
        r = await c.post(f"/overleggen/{overleg_id}/ritme/{a.casus_id}", data={"ritme": "4"})
        assert r.status_code == 303 and store.ritmes == {a.casus_id: 4}
        r = await c.post(
            f"/overleggen/{overleg_id}/aanwezigheid", data={"aanwezig-politie-zwb": "ja"}
        )
        assert r.status_code == 422  # before the meeting
        assert "pas vanaf de dag van het overleg" in r.text
        klok.now_value = NU + timedelta(days=2, hours=3)
        await aanmelden(c, "pr.jansen")  # two days later: the idle session has ended
        pagina = await c.get(f"/overleggen/{overleg_id}")
        assert f'id="client-{a.casus_id}-ja"' in pagina.text
        r = await c.post(
            f"/overleggen/{overleg_id}/aanwezigheid",
            data={"aanwezig-politie-zwb": "ja", f"client-{a.casus_id}": "ja"},
        )
        assert r.status_code == 303
        assert store.aanwezigheid[overleg_id].client == {a.casus_id: True}
        await c.post(f"/overleggen/{overleg_id}/verslag/vaststellen")
        pagina = await c.get(f"/overleggen/{overleg_id}")
        verslag = await c.get(f"/overleggen/{overleg_id}/verslag")
    # no series meeting to plan into: the overleg page proposes 6 March + 4 weeks
    assert (
        'class="utrecht-alert utrecht-alert--info ritme-voorstel"' in pagina.text
        and "3 april 2030" in pagina.text
    )
    assert "Cliënt aan tafel: ja" in verslag.text


async def test_verslag_te_laat_on_agenda_and_overleg_page(
    app_svc, casussen, klok: FixedClock
) -> None:
    app, _ = app_svc
    overleg_id = await plan(app, casussen[0].casus_id)
    klok.now_value = NU + timedelta(days=10)  # Thursday 14 March; due Monday 11 March
    async with signed_in(app) as c:
        lijst = await c.get("/overleggen")
        pagina = await c.get(f"/overleggen/{overleg_id}")
    assert f'data-overleg-id="{overleg_id}"' in lijst.text and "te laat" in lijst.text
    assert "verslag uiterlijk" in pagina.text and "te-laat" in pagina.text


async def test_overleg_pages_name_casussen_by_their_label(
    store: Store, pdp, klok, casussen
) -> None:  # type: ignore[no-untyped-def]
    a, b = casussen

    class LabelIntake(FakeIntake):
        async def labels(self, melding_ids, *, token):  # type: ignore[no-untyped-def]
            return [
                {
                    "melding_id": str(a.melding_id),
                    "melder_referentie": "PZWB-1",
                    "initialen": "J.T.",
                }
            ]

    app, _ = make_app(store=store, pdp=pdp, intake=LabelIntake(), clock=klok)
    async with signed_in(app) as c:
        plan = await c.get("/overleggen/nieuw")
        r = await c.post("/overleggen/nieuw", data=plan_data(a.casus_id, b.casus_id))
        overleg_id = r.headers["location"].split("/")[2].split("?")[0]
        pagina = await c.get(f"/overleggen/{overleg_id}")
    assert "Casus PZWB-1 · J.T." in plan.text
    assert "Casus PZWB-1 · J.T." in pagina.text
    assert f"Casus {str(b.casus_id)[:8]}" in pagina.text  # no label released: the casus number


class ZichtPdp(EigenaarPdp):
    """The gemeente's items: withheld for want of consent; the politie's: shared on the
    convenant, BSN redacted."""

    async def decide(self, request, *, token):  # type: ignore[no-untyped-def]
        r = request.resource
        if r.type == "informatie-item" and r.eigenaar == "gemeente-bergen-op-zoom":
            return Decision(
                allow=False, reasons=["geen toestemming van de cliënt voor zorginformatie"]
            )
        if r.type == "informatie-item":
            return Decision(
                allow=True,
                reasons=["deelnemer van de casus"],
                grondslag="wettelijke taak / convenant",
                obligations=["redact:bsn", "log-inzage"],
            )
        return await super().decide(request, token=token)


async def test_verslag_tells_why_each_item_is_hidden_or_shown(
    app_svc, casussen, store: Store, klok: FixedClock
) -> None:
    from pypdf import PdfReader
    from zvh_overleg.adapters.pdf import WeasyPdf

    app, svc = app_svc
    overleg_id, politie, gemeente = await _gehouden_en_vastgesteld(app, store, klok, casussen)
    store.informatie[politie] = replace(
        store.informatie[politie], tekst="Politie: drie meldingen, BSN 123456782"
    )
    svc.pdp = ZichtPdp()
    async with signed_in(app, "agent.smit") as c:
        r = await c.get(f"/overleggen/{overleg_id}/verslag")
    assert r.status_code == 200
    assert "Schuldhulp loopt" not in r.text and f'data-item-id="{gemeente}"' not in r.text
    verborgen = re.search(r'<li data-zicht="verborgen">.*?</li>', r.text, re.S)
    assert verborgen and (
        "<strong>Verborgen:</strong> geen toestemming van de cliënt voor zorginformatie"
        in verborgen.group(0)
    )
    getoond = re.search(rf'<li data-item-id="{politie}".*?</li>', r.text, re.S)
    assert getoond and "BSN ******782" in getoond.group(0) and "123456782" not in r.text
    assert (
        "<strong>Gedeeld op grond van:</strong> wettelijke taak / convenant"
        " (deelnemer van de casus)" in getoond.group(0)
    )
    assert "BSN afgeschermd" in getoond.group(0)
    svc.pdf = WeasyPdf()
    async with signed_in(app, "agent.smit") as c:
        r = await c.get(f"/overleggen/{overleg_id}/verslag.pdf")
    tekst = " ".join(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages).split()
    )
    assert "Verborgen: geen toestemming van de cliënt voor zorginformatie" in tekst
    assert "Gedeeld op grond van: wettelijke taak / convenant" in tekst
    assert "123456782" not in tekst

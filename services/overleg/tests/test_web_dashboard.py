"""The dashboard page over ASGI with fakes: who sees it, and what it counts.

The clock is the fakes' FixedClock: Monday 4 March 2030, 10:00 UTC. Amber runs up to Wednesday
6 March (two werkdagen), the week up to Sunday 10 March.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime

import pytest
from dashboard_helpers import GEMEENTE, POLITIE, vul
from overleg_fakes import NU, BeleidPdp, FixedClock, Store
from overleg_web_fakes import FakeIntake, make_app, signed_in


@pytest.fixture
def gevuld(store: Store) -> dict[str, uuid.UUID]:
    return vul(store)


class BekendIntake(FakeIntake):
    """A queue of three meldingen, two about someone intake knows from a casus."""

    async def te_trieren(self, *, token: str) -> list[dict[str, object]]:
        basis = (await super().te_trieren(token=token))[0]
        return [
            {**basis, "melding_id": str(uuid.uuid4()), "bekend": b} for b in (True, True, False)
        ]


def _app(store: Store, intake: FakeIntake | None = None, pdp: BeleidPdp | None = None):  # type: ignore[no-untyped-def]
    return make_app(
        store=store, pdp=pdp or BeleidPdp(), intake=intake or BekendIntake(), clock=FixedClock()
    )


def _rij(html: str, attr: str, waarde: object) -> str:
    found = re.search(rf'<tr[^>]*{attr}="{waarde}"[^>]*>(.*?)</tr>', html, re.S)
    assert found, f"no row with {attr}={waarde}"
    return found.group(0)


async def test_procesregisseur_sees_the_actie_signals(store: Store, gevuld) -> None:  # type: ignore[no-untyped-def]
    app, _ = _app(store)
    async with signed_in(app, "pr.jansen") as c:
        r = await c.get("/dashboard")
    assert r.status_code == 200, r.text
    html = r.text
    assert 'data-rag="rood"' in _rij(html, "data-actie", gevuld["rood"])
    assert 'data-rag="oranje"' in _rij(html, "data-actie", gevuld["oranje"])
    # only red and amber are listed; green is counted per partner
    assert str(gevuld["groen"]) not in html
    # the closed casus' acties do not count
    assert str(gevuld["oud"]) not in html
    gemeente = _rij(html, "data-partner", GEMEENTE)
    assert (
        '<td class="utrecht-table__cell utrecht-table__cell--numeric" data-rag="rood">1<'
        in gemeente
    )
    assert 'data-rag="oranje">1<' in gemeente and 'data-rag="groen">0<' in gemeente
    politie = _rij(html, "data-partner", POLITIE)
    assert 'data-rag="rood">0<' in politie and 'data-rag="groen">2<' in politie
    assert 'id="acties-verlopen">1 verlopen' in html
    assert 'id="acties-deze-week">2 deze week' in html  # the amber one and the green Thursday


async def test_my_casussen_by_fase_caseload_and_the_charts(store: Store, gevuld) -> None:  # type: ignore[no-untyped-def]
    app, _ = _app(store)
    async with signed_in(app, "pr.jansen") as c:
        html = (await c.get("/dashboard")).text
    assert "Open casussen die ik opende, per AVE-fase (2)" in html
    assert ">1<" in _rij(html, "data-fase", 3) and ">1<" in _rij(html, "data-fase", 4)
    assert ">0<" in _rij(html, "data-fase", 5)
    assert 'href="/casussen?status=open&amp;fase=3"' in html
    # caseload: pr.jansen opened two open casussen, pr.devos one; the closed one does not count
    assert ">2<" in _rij(html, "data-procesregisseur", "pr.jansen")
    assert "Pieter Jansen" in _rij(html, "data-procesregisseur", "pr.jansen")
    assert ">1<" in _rij(html, "data-procesregisseur", "pr.devos")
    assert f"gemeente.visser ({GEMEENTE})" in html
    # every chart has its table
    for tabel in re.findall(r'<canvas[^>]*data-tabel="([^"]+)"', html):
        assert f'<table class="utrecht-table" id="{tabel}"' in html
    assert '<script src="/static/dashboard.js" defer></script>' in html or "<canvas" not in html
    assert "<script>" not in html  # CSP: no inline script


async def test_termijnen_and_response_times(store: Store, gevuld) -> None:  # type: ignore[no-untyped-def]
    app, _ = _app(store)
    async with signed_in(app, "pr.jansen") as c:
        html = (await c.get("/dashboard")).text
    # casus 'mijn' opened Friday 22 Feb: eerste contact (2 werkdagen) and hulp gestart (3) passed
    rijen = re.findall(
        rf'<tr[^>]*data-termijn="([^"]+)" data-casus="{gevuld["mijn"]}" data-status="([^"]+)"', html
    )
    assert ("eerste-contact", "verlopen") in rijen and ("hulp-gestart", "verlopen") in rijen
    # the closed casus has no termijnen here
    assert f'data-casus="{gevuld["dicht"]}"' not in html
    # invitation 6 days ago answered after 2 days by the gemeente; politie never answered
    gemeente = _rij(html, "data-partner", GEMEENTE)
    assert 'data-maat="uitnodiging-mediaan">2<' in _rij(
        html[html.index('id="tabel-respons"') :], "data-partner", GEMEENTE
    )
    politie = _rij(html[html.index('id="tabel-respons"') :], "data-partner", POLITIE)
    assert 'data-maat="uitnodiging-mediaan">–<' in politie
    # the actie reported back 3 days and 2 hours after it was given: 3 whole days
    assert 'data-maat="terugkoppeling-mediaan">3<' in politie
    assert gemeente


async def test_known_before_counts_without_content(store: Store, gevuld) -> None:  # type: ignore[no-untyped-def]
    """Its own request (intake's answer does not hold up the page): a fragment for htmx, a
    page of its own without JavaScript."""
    app, _ = _app(store)
    async with signed_in(app, "pr.jansen") as c:
        dashboard = (await c.get("/dashboard")).text
        fragment = await c.get("/dashboard/bekend", headers={"HX-Request": "true"})
        pagina = await c.get("/dashboard/bekend")
    assert 'href="/dashboard/bekend" id="bekend-link"' in dashboard
    assert fragment.status_code == 200 and "<html" not in fragment.text
    assert 'data-bekend="2"' in fragment.text and "van de 3 meldingen" in fragment.text
    assert pagina.status_code == 200 and "<html" in pagina.text
    assert 'data-bekend="2"' in pagina.text
    assert "PZWB-2030-0042" not in fragment.text + pagina.text  # no melder reference, no content


async def test_known_before_says_so_when_intake_is_away(store: Store, gevuld) -> None:  # type: ignore[no-untyped-def]
    from zvh_overleg.application.intake import IntakeFout

    class Weg(FakeIntake):
        async def te_trieren(self, *, token: str) -> list[dict[str, object]]:
            raise IntakeFout("intake niet bereikbaar")

    app, _ = _app(store, intake=Weg())
    async with signed_in(app, "pr.jansen") as c:
        assert (await c.get("/dashboard")).status_code == 200
        r = await c.get("/dashboard/bekend", headers={"HX-Request": "true"})
    assert r.status_code == 200 and "De triagelijst is nu niet op te halen." in r.text


@pytest.mark.parametrize("user", ["agent.smit", "gemeente.visser", "notulist.bakker", "fg.devries"])
async def test_others_see_nothing_of_it(store: Store, gevuld, user: str) -> None:  # type: ignore[no-untyped-def]
    pdp = BeleidPdp()
    intake = BekendIntake()
    app, _ = _app(store, pdp=pdp, intake=intake)
    async with signed_in(app, user) as c:
        r = await c.get("/dashboard")
        bekend = await c.get("/dashboard/bekend", headers={"HX-Request": "true"})
        triage = await c.get("/casussen")
    assert r.status_code == 403 and bekend.status_code == 403
    assert "data-bekend" not in bekend.text
    assert "Geen toegang tot het dashboard" in r.text
    for waarde in gevuld.values():
        assert str(waarde) not in r.text
    assert 'data-rag="' not in r.text and 'href="/dashboard"' not in triage.text
    dashboard_vragen = [q for q in pdp.requests if q.resource.type == "dashboard"]
    assert [q.context.doel for q in dashboard_vragen] == ["monitoring", "monitoring"]


async def test_the_procesregisseur_has_it_in_the_menu(store: Store) -> None:
    app, _ = _app(store)
    async with signed_in(app, "pr.jansen") as c:
        html = (await c.get("/dashboard")).text
    assert 'href="/dashboard" aria-current="page">Dashboard</a>' in html
    assert "Geen open acties." in html and 'Stand van <time datetime="2030-03-04">' in html


async def test_today_comes_from_the_service_clock(store: Store, gevuld) -> None:  # type: ignore[no-untyped-def]
    """A week later the amber actie is red too (the page asks the clock, not the machine)."""
    app, svc = _app(store)
    assert isinstance(svc.clock, FixedClock)
    svc.clock.now_value = datetime(2030, 3, 11, 10, 0, tzinfo=NU.tzinfo)
    async with signed_in(app, "pr.jansen") as c:
        html = (await c.get("/dashboard")).text
    assert 'data-rag="rood"' in _rij(html, "data-actie", gevuld["oranje"])
    assert 'data-rag="rood"' in _rij(html, "data-actie", gevuld["groen"])


def test_termijnen_follow_the_regions_lengths_also_when_remembered() -> None:
    """The deadlines are remembered per model and opening day, but per region's lengths too."""
    from zvh_overleg.application.dashboard import termijnen_overzicht
    from zvh_overleg.application.ports import OpenCasus
    from zvh_platform.kalender import NEDERLAND
    from zvh_platform.termijnen import Termijnen

    c = OpenCasus(uuid.uuid4(), 3, NU, "pr.jansen", None, None, "makelaar")
    vandaag = NU.date()

    def eerste_contact(termijnen: Termijnen) -> list[str]:
        return [
            t.uiterlijk.isoformat()
            for t in termijnen_overzicht(
                [c], vandaag=vandaag, termijnen=termijnen, kalender=NEDERLAND
            )
            if t.code == "eerste-contact"
        ]

    assert eerste_contact(Termijnen()) == ["2030-03-06"]  # 2 werkdagen after Monday 4 March
    assert eerste_contact(Termijnen().met_lengte("eerste-contact", lengte=3)) == ["2030-03-07"]
    assert eerste_contact(Termijnen()) == ["2030-03-06"]
    # a week later than Sunday 10 March is not "this week"
    assert eerste_contact(Termijnen().met_lengte("eerste-contact", lengte=10)) == []


async def test_a_termijn_recorded_as_met_leaves_the_dashboard(store: Store, gevuld) -> None:  # type: ignore[no-untyped-def]
    from zvh_overleg.domain.termijnregistratie import Gebeurtenis, TermijnRegistratie

    casus = store.casussen[gevuld["mijn"]]
    casus.termijnregistraties.append(
        TermijnRegistratie(
            gebeurtenis=Gebeurtenis.EERSTE_CONTACT,
            op=casus.geopend_op.date(),
            door="pr.jansen",
            vastgelegd_op=NU,
        )
    )
    app, _ = _app(store)
    async with signed_in(app, "pr.jansen") as c:
        html = (await c.get("/dashboard")).text
    rijen = re.findall(
        rf'<tr[^>]*data-termijn="([^"]+)" data-casus="{gevuld["mijn"]}" data-status="([^"]+)"', html
    )
    assert ("hulp-gestart", "verlopen") in rijen
    assert not [r for r in rijen if r[0] == "eerste-contact"]


def _signaal(casus_id: uuid.UUID, *, van: str, tot: str, herbeoordeling: str):  # type: ignore[no-untyped-def]
    from datetime import date

    from zvh_overleg.domain.veiligheidssignaal import zet_signaal

    return zet_signaal(
        signaal_id=uuid.uuid4(),
        casus_id=casus_id,
        code="niet-alleen-op-huisbezoek",
        geldig_van=date.fromisoformat(van),
        geldig_tot=date.fromisoformat(tot),
        herbeoordeling_op=date.fromisoformat(herbeoordeling),
        vandaag=date.fromisoformat(van),
        grondslag="wettelijke taak / veiligheid van professionals (Arbowet art. 3)",
        door="pr.jansen",
        op=NU,
    )


async def test_a_veiligheidssignaal_due_for_review_is_a_termijn(store: Store, gevuld) -> None:  # type: ignore[no-untyped-def]
    """A signal still in force whose review date falls this week (or passed) is on the list;
    one reviewed later, a withdrawn one and an expired one are not."""
    mijn, tweede = gevuld["mijn"], gevuld["ander"]
    te_laat = _signaal(mijn, van="2030-02-01", tot="2030-05-01", herbeoordeling="2030-03-01")
    deze_week = _signaal(tweede, van="2030-02-01", tot="2030-05-01", herbeoordeling="2030-03-08")
    later = _signaal(tweede, van="2030-02-01", tot="2030-05-01", herbeoordeling="2030-04-01")
    ingetrokken = _signaal(mijn, van="2030-02-01", tot="2030-05-01", herbeoordeling="2030-03-05")
    ingetrokken.trek_in(door="pr.jansen", op=NU)
    verlopen = _signaal(mijn, van="2030-01-01", tot="2030-03-01", herbeoordeling="2030-02-20")
    for s in (te_laat, deze_week, later, ingetrokken, verlopen):
        store.veiligheidssignalen[s.signaal_id] = s
    app, _ = _app(store)
    async with signed_in(app, "pr.jansen") as c:
        html = (await c.get("/dashboard")).text
    rijen = re.findall(
        r'<tr[^>]*data-termijn="herbeoordeling-veiligheidssignaal" data-casus="([^"]+)" '
        r'data-status="([^"]+)"[^>]*>(.*?)</tr>',
        html,
        re.S,
    )
    assert sorted((c, s) for c, s, _ in rijen) == sorted(
        [(str(mijn), "verlopen"), (str(tweede), "deze-week")]
    )
    assert all("Herbeoordeling veiligheidssignaal" in r for _, _, r in rijen)

"""Overlegmodus and projectie pages over ASGI with fakes: forms, Dutch errors, scoping."""

from __future__ import annotations

import re
import uuid

import pytest
from modus_helpers import plan_overleg
from overleg_fakes import MORGEN, BeleidPdp, FakePdp, FakeUnitOfWork, FixedClock, Store, open_casus
from overleg_web_fakes import FakeIntake, make_app
from overleg_web_fakes import signed_in as web_signed_in
from zvh_contracts.overleg.casus_v1 import ActieGewijzigd, ActieTeruggekoppeld
from zvh_contracts.vocab import OverlegSoort
from zvh_overleg.application.handlers import VoegActieToe, voeg_actie_toe
from zvh_overleg.application.ports import Actor
from zvh_overleg.domain.model import ActieStatus

PR = Actor(user_id="pr.jansen", org="zvh", roles=["procesregisseur"])


@pytest.fixture
def pdp() -> FakePdp:
    """The policy as overleg expects it: overlegmodus is whoever the PDP lets write."""
    return BeleidPdp()


@pytest.fixture
def app_svc(store: Store, pdp: FakePdp):  # type: ignore[no-untyped-def]
    return make_app(store=store, pdp=pdp, intake=FakeIntake())


def signed_in(app, user_id: str = "notulist.bakker"):  # type: ignore[no-untyped-def]
    return web_signed_in(app, user_id)


async def _casus(store: Store) -> uuid.UUID:
    return await open_casus(store, uit_te_nodigen_partners=["gemeente-bergen-op-zoom", "ggz-wnb"])


async def _actie(store: Store, casus_id: uuid.UUID, wie: str = "politie-zwb") -> uuid.UUID:
    return await voeg_actie_toe(
        VoegActieToe(casus_id=casus_id, wat="Huisbezoek afleggen", wie=wie, wanneer=MORGEN),
        actor=PR,
        uow=lambda: FakeUnitOfWork(store),
        pdp=FakePdp(),
        clock=FixedClock(),
    )


def _verzoek(html: str, form_id: str) -> str:
    form = html[html.index(f'id="{form_id}"') :]
    found = re.search(r'name="verzoek" value="([^"]+)"', form)
    assert found
    return found.group(1)


async def test_modus_redirects_to_first_casus_and_navigates(app_svc, store: Store) -> None:
    a, b = await _casus(store), await _casus(store)
    overleg_id = plan_overleg(store, [a, b])
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.get(f"/overleggen/{overleg_id}/modus")
        assert r.status_code == 303
        assert r.headers["location"] == f"/overleggen/{overleg_id}/modus/{a}"
        first = await c.get(r.headers["location"])
        second = await c.get(f"/overleggen/{overleg_id}/modus/{b}")
    assert first.status_code == 200
    for section in ("acties-bespreken", "bouwschema", "acties-bewerken", "volgend-overleg"):
        assert f'id="{section}"' in first.text, section
    assert (
        f'href="/overleggen/{overleg_id}/modus/{b}"' in first.text
        and "Volgende casus" in first.text
    )
    assert "Vorige casus" not in first.text
    assert "Vorige casus" in second.text and "Volgende casus" not in second.text
    for veld in ("item-onderdeel", "item-eigenaar", "item-categorie", "item-tekst"):
        assert f'<label for="{veld}" class="utrecht-form-label">' in first.text
    assert ">Toevoegen aan bouwschema</button>" in first.text
    assert 'id="actie-wat"' in first.text and ">Actie toevoegen</button>" in first.text
    assert store.huidige_casus[overleg_id] == b  # the projectie follows the notulist


async def test_modus_unknown_overleg_or_casus_is_a_dutch_404(app_svc, store: Store) -> None:
    a = await _casus(store)
    overleg_id = plan_overleg(store, [a])
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.get(f"/overleggen/{uuid.uuid4()}/modus")
        other = await c.get(f"/overleggen/{overleg_id}/modus/{uuid.uuid4()}")
    assert r.status_code == 404 and "bestaat niet" in r.text
    assert other.status_code == 404 and "staat niet op de agenda" in other.text


@pytest.mark.parametrize("user", ["gemeente.visser", "agent.smit", "fg.devries"])
async def test_partner_and_fg_users_cannot_open_overlegmodus(app_svc, store: Store, user) -> None:
    a = await _casus(store)
    overleg_id = plan_overleg(store, [a])
    app, _ = app_svc
    async with signed_in(app, user) as c:
        r = await c.get(f"/overleggen/{overleg_id}/modus/{a}")
        start = await c.get(f"/overleggen/{overleg_id}/modus")
        post = await c.post(
            f"/overleggen/{overleg_id}/modus/{a}/bouwschema",
            data={
                "onderdeel": "beeld",
                "eigenaar": "politie-zwb",
                "categorie": "politie",
                "tekst": "x",
            },
        )
    # the PDP's reason, shown as it gave it (overleg keeps no role list of its own)
    assert r.status_code == 403 and "geen regel staat dit toe (write actielijst" in r.text
    assert start.status_code == 403 and post.status_code == 403
    assert store.informatie == {} and overleg_id not in store.huidige_casus


async def test_review_an_actie_records_status_and_publishes(app_svc, store: Store) -> None:
    a = await _casus(store)
    actie_id = await _actie(store, a)
    overleg_id = plan_overleg(store, [a])
    app, _ = app_svc
    async with signed_in(app) as c:
        page = await c.get(f"/overleggen/{overleg_id}/modus/{a}")
        assert f'id="review-{actie_id}"' in page.text
        for suffix in ("status", "reden", "door"):
            assert (
                f'<label for="review-{actie_id}-{suffix}" class="utrecht-form-label">' in page.text
            )
        # default "door" is the actie's wie
        door = page.text[page.text.index(f'id="review-{actie_id}-door"') :]
        assert re.search(r'<option value="politie-zwb" selected', door[:2000])
        r = await c.post(
            f"/overleggen/{overleg_id}/modus/{a}/bespreken/{actie_id}",
            data={
                "status": "niet-mogelijk",
                "reden": "",
                "door": "politie-zwb",
                "verzoek": _verzoek(page.text, f"review-{actie_id}"),
            },
        )
        assert r.status_code == 422
        assert "Vul in waarom de actie niet mogelijk is." in r.text
        assert (
            f'href="#review-{actie_id}-reden"' in r.text
            and f'id="review-{actie_id}-reden-fout"' in r.text
        )
        assert store.casussen[a].acties[0].status is ActieStatus.OPEN
        ok = await c.post(
            f"/overleggen/{overleg_id}/modus/{a}/bespreken/{actie_id}",
            data={
                "status": "niet-mogelijk",
                "reden": "Wachtlijst ggz",
                "door": "ggz-wnb",
                "verzoek": _verzoek(r.text, f"review-{actie_id}"),
            },
        )
        assert ok.status_code == 303
    [actie] = store.casussen[a].acties
    assert actie.status is ActieStatus.NIET_MOGELIJK
    [tk] = store.terugkoppelingen
    assert (tk.door, tk.toelichting, tk.vastgelegd_door, tk.overleg_id) == (
        "ggz-wnb",
        "Wachtlijst ggz",
        "notulist.bakker",
        overleg_id,
    )
    [event] = [e for _, e, _ in store.outbox if isinstance(e, ActieTeruggekoppeld)]
    assert event.overleg_id == overleg_id and "Wachtlijst" not in event.model_dump_json()


async def test_bouwschema_entry_shows_grouped_with_eigenaar_and_time(
    app_svc, store: Store, pdp
) -> None:
    a = await _casus(store)
    overleg_id = plan_overleg(store, [a])
    app, _ = app_svc
    async with signed_in(app) as c:
        page = await c.get(f"/overleggen/{overleg_id}/modus/{a}")
        r = await c.post(
            f"/overleggen/{overleg_id}/modus/{a}/bouwschema",
            data={
                "onderdeel": "kansen",
                "eigenaar": "gemeente-bergen-op-zoom",
                "categorie": "wonen",
                "tekst": "Woning beschikbaar via corporatie",
                "verzoek": _verzoek(page.text, "item-formulier"),
            },
        )
        assert r.status_code == 303 and r.headers["location"].endswith("#bouwschema")
        after = await c.get(r.headers["location"])
    [item] = store.informatie.values()
    assert item.overleg_id == overleg_id and item.vastgelegd_door == "notulist.bakker"
    kansen = after.text[after.text.index('data-onderdeel="kansen"') :]
    assert "Woning beschikbaar via corporatie" in kansen[:1500] and "Gemeente" in kansen[:1500]
    assert "4 maart 2030" in kansen[:1500] and "Wonen" in kansen[:1500]
    assert any(q.action == "write" and q.resource.type == "informatie-item" for q in pdp.requests)
    assert not [e for _, e, _ in store.outbox if "Woning" in e.model_dump_json()]


async def test_bouwschema_errors_are_dutch_and_nothing_is_saved(app_svc, store: Store) -> None:
    a = await _casus(store)
    overleg_id = plan_overleg(store, [a])
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.post(
            f"/overleggen/{overleg_id}/modus/{a}/bouwschema",
            data={
                "onderdeel": "beeld",
                "eigenaar": "reclassering",
                "categorie": "justitie",
                "tekst": "x",
            },
        )
        empty = await c.post(
            f"/overleggen/{overleg_id}/modus/{a}/bouwschema",
            data={"onderdeel": "beeld", "eigenaar": "zvh", "categorie": "algemeen", "tekst": " "},
        )
    assert r.status_code == 422 and "Kies de deelnemer die dit inbrengt." in r.text
    assert 'href="#item-eigenaar"' in r.text and 'id="item-eigenaar-fout"' in r.text
    assert empty.status_code == 422 and 'href="#item-tekst"' in empty.text
    assert store.informatie == {}


async def test_bouwschema_write_denied_by_pdp_is_403(store: Store) -> None:
    a = await _casus(store)
    overleg_id = plan_overleg(store, [a])

    class WriteDenied(FakePdp):
        async def decide(self, request, *, token):  # type: ignore[no-untyped-def]
            self.allow = not (
                request.action == "write" and request.resource.type == "informatie-item"
            )
            return await super().decide(request, token=token)

    app, _ = make_app(
        store=store, pdp=WriteDenied(reasons=["eigenaar geen deelnemer"]), intake=FakeIntake()
    )
    async with signed_in(app) as c:
        r = await c.post(
            f"/overleggen/{overleg_id}/modus/{a}/bouwschema",
            data={
                "onderdeel": "beeld",
                "eigenaar": "politie-zwb",
                "categorie": "politie",
                "tekst": "Aangifte",
            },
        )
    assert r.status_code == 403 and store.informatie == {}


async def test_casus_plus_analyse_section(app_svc, store: Store) -> None:
    a = await _casus(store)
    overleg_id = plan_overleg(store, [a], soort=OverlegSoort.CASUS_PLUS)
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.post(
            f"/overleggen/{overleg_id}/modus/{a}/bouwschema",
            data={
                "onderdeel": "gewenste-situatie",
                "eigenaar": "zvh",
                "categorie": "algemeen",
                "tekst": "Eigen woning en werk",
            },
        )
        page = await c.get(r.headers["location"])
    assert 'id="analyse"' in page.text and "Gewenste situatie (als alles kan)" in page.text
    analyse = page.text[page.text.index('id="analyse"') :]
    assert "Eigen woning en werk" in analyse and "Zorg- en Veiligheidshuis" in analyse
    for label in (
        "Wat is het probleem?",
        "Over wie gaat het?",
        "Interventies korte termijn",
        "Interventies lange termijn",
    ):
        assert label in page.text


async def test_edit_actie_redate_reassign_wachtlijst_and_withdraw(app_svc, store: Store) -> None:
    a = await _casus(store)
    actie_id = await _actie(store, a)
    overleg_id = plan_overleg(store, [a])
    app, _ = app_svc
    url = f"/overleggen/{overleg_id}/modus/{a}/acties/{actie_id}"
    async with signed_in(app) as c:
        verleden = await c.post(
            url, data={"wat": "Huisbezoek afleggen", "wie": "politie-zwb", "wanneer": "2030-03-01"}
        )
        assert verleden.status_code == 422
        assert f'href="#wijzig-{actie_id}-wanneer"' in verleden.text
        assert "mag niet in het verleden liggen" in verleden.text
        assert f'id="wijzig-{actie_id}-wanneer"' in verleden.text  # the form came back open
        pagina = await c.get(f"/overleggen/{overleg_id}/modus/{a}")
        gevraagd = await c.get(f"/overleggen/{overleg_id}/modus/{a}?wijzig={actie_id}")
        assert f'id="wijzig-{actie_id}-openen"' in pagina.text  # a link, not fifty forms
        assert f'id="wijzig-{actie_id}-wat"' not in pagina.text
        assert f'id="wijzig-{actie_id}-wat"' in gevraagd.text
        ok = await c.post(
            url,
            data={
                "wat": "Huisbezoek afleggen",
                "wie": "ggz-wnb",
                "wanneer": "2030-03-25",
                "wachtlijst": "ja",
            },
        )
        assert ok.status_code == 303
        page = await c.get(ok.headers["location"])
        assert 'id="actie-historie"' in page.text and "politie-zwb → ggz-wnb" in page.text
        weg = await c.post(url, data={"intrekken": "ja"})
        assert weg.status_code == 303
        again = await c.post(
            url, data={"wat": "Nog eens", "wie": "ggz-wnb", "wanneer": "2030-03-25"}
        )
    assert again.status_code == 422 and "ingetrokken actie kan niet meer" in again.text
    [actie] = store.casussen[a].acties
    assert actie.status is ActieStatus.INGETROKKEN and actie.wie == "ggz-wnb" and actie.wachtlijst
    events = [e for _, e, _ in store.outbox if isinstance(e, ActieGewijzigd)]
    assert [(e.vorige_wie, e.wachtlijst, e.ingetrokken) for e in events] == [
        ("politie-zwb", True, False),
        (None, True, True),
    ]
    assert len(store.historie) == 2


async def test_volgend_overleg_date(app_svc, store: Store) -> None:
    a = await _casus(store)
    overleg_id = plan_overleg(store, [a])
    app, _ = app_svc
    url = f"/overleggen/{overleg_id}/modus/{a}/volgend-overleg"
    async with signed_in(app) as c:
        bad = await c.post(url, data={"datum": "2030-02-01"})
        garbage = await c.post(url, data={"datum": "morgen"})
        ok = await c.post(url, data={"datum": "2030-04-01"})
        page = await c.get(ok.headers["location"])
    assert bad.status_code == 422 and 'href="#volgend-overleg-datum"' in bad.text
    assert "mag niet in het verleden liggen" in bad.text
    assert garbage.status_code == 422 and "geldige datum" in garbage.text
    assert ok.status_code == 303 and str(store.casussen[a].volgend_overleg_op) == "2030-04-01"
    assert "1 april 2030" in page.text


async def test_new_actie_from_modus(app_svc, store: Store) -> None:
    a = await _casus(store)
    overleg_id = plan_overleg(store, [a])
    app, _ = app_svc
    async with signed_in(app) as c:
        bad = await c.post(
            f"/overleggen/{overleg_id}/modus/{a}/acties",
            data={"wat": "Bellen", "wie": "reclassering", "wanneer": "2030-03-20"},
        )
        ok = await c.post(
            f"/overleggen/{overleg_id}/modus/{a}/acties",
            data={"wat": "Bellen", "wie": "ggz-wnb", "wanneer": "2030-03-20"},
        )
    assert bad.status_code == 422 and 'href="#actie-wie"' in bad.text
    assert ok.status_code == 303 and [x.wie for x in store.casussen[a].acties] == ["ggz-wnb"]


async def test_resent_form_changes_nothing(app_svc, store: Store) -> None:
    a = await _casus(store)
    overleg_id = plan_overleg(store, [a])
    app, _ = app_svc
    async with signed_in(app) as c:
        page = await c.get(f"/overleggen/{overleg_id}/modus/{a}")
        data = {
            "onderdeel": "beeld",
            "eigenaar": "politie-zwb",
            "categorie": "politie",
            "tekst": "Eén keer",
            "verzoek": _verzoek(page.text, "item-formulier"),
        }
        for _ in range(2):
            r = await c.post(f"/overleggen/{overleg_id}/modus/{a}/bouwschema", data=data)
            assert r.status_code == 303
    assert len(store.informatie) == 1


async def test_projectie_page_renders_without_js(app_svc, store: Store) -> None:
    a = await _casus(store)
    overleg_id = plan_overleg(store, [a])
    app, _ = app_svc
    async with signed_in(app) as c:
        empty = await c.get(f"/overleggen/{overleg_id}/projectie")
        await c.get(f"/overleggen/{overleg_id}/modus/{a}")
        await c.post(
            f"/overleggen/{overleg_id}/modus/{a}/bouwschema",
            data={
                "onderdeel": "beeld",
                "eigenaar": "politie-zwb",
                "categorie": "politie",
                "tekst": "Drie meldingen",
            },
        )
        page = await c.get(f"/overleggen/{overleg_id}/projectie")
        missing = await c.get(f"/overleggen/{uuid.uuid4()}/projectie")
    assert "nog geen casus geopend" in empty.text
    assert page.status_code == 200 and 'id="projectie"' in page.text
    assert 'http-equiv="refresh"' in page.text
    assert re.search(r'data-item-id="[0-9a-f-]+"', page.text) and "Drie meldingen" in page.text
    assert missing.status_code == 404


async def test_casus_page_uses_no_polling(app_svc, store: Store) -> None:
    a = await _casus(store)
    app, _ = app_svc
    async with signed_in(app, "pr.jansen") as c:
        page = await c.get(f"/casussen/{a}")
    assert 'hx-trigger="every' not in page.text


async def test_live_pages_use_sse_when_the_extension_is_served(
    app_svc, store: Store, tmp_path, monkeypatch
) -> None:
    from zvh_overleg.entrypoints.web import templating

    for name in ("HTMX_FILE", "HTMX_SSE_FILE"):
        fake = tmp_path / f"{name}.js"
        fake.write_text("//")
        monkeypatch.setattr(templating, name, fake)
    a = await _casus(store)
    overleg_id = plan_overleg(store, [a])
    app, _ = app_svc
    async with signed_in(app) as c:
        casus = await c.get(f"/casussen/{a}")
        projectie = await c.get(f"/overleggen/{overleg_id}/projectie")
    assert '<script src="/static/vendor/htmx-ext-sse.js" defer>' in casus.text
    assert re.search(rf'sse-connect="/casussen/{a}/stream\?versie=1"', casus.text)  # opened
    assert 'sse-swap="actielijst"' in casus.text
    assert f'sse-connect="/overleggen/{overleg_id}/projectie/stream?stand=-%3A0"' in projectie.text
    assert '<noscript><meta http-equiv="refresh"' in projectie.text


async def test_acties_agreed_in_this_overleg_are_not_up_for_review(app_svc, store: Store) -> None:
    from datetime import timedelta

    from overleg_fakes import NU

    a = await _casus(store)
    eerder = await _actie(store, a)
    overleg_id = plan_overleg(store, [a])
    nieuw = await voeg_actie_toe(
        VoegActieToe(casus_id=a, wat="Netwerkberaad plannen", wie="ggz-wnb", wanneer=MORGEN),
        actor=PR,
        uow=lambda: FakeUnitOfWork(store),
        pdp=FakePdp(),
        clock=FixedClock(NU + timedelta(hours=1)),  # agreed during the overleg
    )
    app, _ = app_svc
    async with signed_in(app) as c:
        r = await c.get(f"/overleggen/{overleg_id}/modus/{a}")
    assert f'id="review-{eerder}"' in r.text
    assert f'id="review-{nieuw}"' not in r.text
    assert "Netwerkberaad plannen" in r.text  # still on the actielijst

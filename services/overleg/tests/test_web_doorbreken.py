"""Doorbreken on the casus page: the form beside a hidden toelichting, the body sent to consent,
the banner after it, and consent's 422/403 on the casus page."""

from __future__ import annotations

import re
import uuid

import pytest
from overleg_fakes import (
    MORGEN,
    NU,
    BeleidPdp,
    FakePdp,
    FakeUnitOfWork,
    FixedClock,
    Store,
    open_casus,
)
from overleg_web_fakes import FakeIntake, make_app, signed_in
from privacy_fakes import FakePrivacy
from zvh_contracts import topics
from zvh_contracts.partner.actie_v1 import ActieTeruggekoppeld
from zvh_contracts.vocab import Terugkoppelstatus
from zvh_overleg.application.handlers import VoegActieToe, handle_partner_event, voeg_actie_toe
from zvh_overleg.application.ports import Actor
from zvh_overleg.application.privacy import doorbreking_status
from zvh_overleg.application.toestemmingen import ConsentOngeldig
from zvh_overleg.domain.bouwschema import Categorie, Gevoeligheid, Informatieitem, Onderdeel

PR = Actor(user_id="pr.jansen", org="zvh", roles=["procesregisseur"], token="t")
REDEN = "Cliënt dreigt met suïcide, politie-informatie nodig voor de inschatting"


async def casus_met_toelichting(store: Store) -> tuple[uuid.UUID, uuid.UUID]:
    """A casus (politie, gemeente, ggz) whose politie actie has a toelichting from politie."""
    casus_id = await open_casus(store)
    uow = lambda: FakeUnitOfWork(store)  # noqa: E731
    actie_id = await voeg_actie_toe(
        VoegActieToe(casus_id=casus_id, wat="Huisbezoek", wie="politie-zwb", wanneer=MORGEN),
        actor=PR,
        uow=uow,
        pdp=FakePdp(),
        clock=FixedClock(),
    )
    terugkoppeling_id = uuid.uuid4()
    await handle_partner_event(
        event_id=terugkoppeling_id,
        topic=topics.partner_to_zvh("politie-zwb"),
        event=ActieTeruggekoppeld(
            casus_id=casus_id,
            actie_id=actie_id,
            status=Terugkoppelstatus.AFGEROND,
            toelichting="Geheime politie-informatie",
        ),
        uow=uow,
        clock=FixedClock(),
    )
    return casus_id, terugkoppeling_id


@pytest.fixture
def privacy() -> FakePrivacy:
    return FakePrivacy()


@pytest.fixture
def app(store: Store, privacy: FakePrivacy):  # type: ignore[no-untyped-def]
    app, svc = make_app(store=store, pdp=BeleidPdp(), intake=FakeIntake())
    svc.privacy = privacy
    return app


def fout_bij(html: str, veld: str) -> str:
    m = re.search(
        rf'<p class="utrecht-form-field-error-message" id="{veld}-fout">.*?</span>(.*?)</p>',
        html,
        re.S,
    )
    assert m, f"no error next to #{veld}"
    return m.group(1)


def formulier(casus_id: uuid.UUID, sleutel: uuid.UUID, **kw: str) -> dict[str, str]:
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "type": "vitaal-belang",
        "reden": REDEN,
        "eigenaar": "politie-zwb",
        "formulier": str(sleutel),
        "duur_uren": "4",
    }
    data.update(kw)
    return data


async def test_a_deelnemer_sees_the_doorbreken_form_beside_the_hidden_item(store, app) -> None:
    casus_id, item = await casus_met_toelichting(store)
    async with signed_in(app, "ggz.mulder") as c:
        r = await c.get(f"/casussen/{casus_id}")
    assert r.status_code == 200
    verborgen = re.search(r'<li class="inbreng--verborgen".*?</li>', r.text, re.S)
    assert verborgen, "the toelichting is hidden from ggz"
    html = verborgen.group(0)
    assert "Geheime politie-informatie" not in r.text
    assert "<details" in html and "<summary>Doorbreken</summary>" in html
    assert f'action="/casussen/{casus_id}/doorbreken"' in html
    assert 'name="eigenaar" value="politie-zwb"' in html
    assert f'name="formulier" value="{item}"' in html and 'name="idempotency_key"' in html
    # a toelichting is decided per eigenaar (no item id in the PDP question): the doorbreking
    # opens the eigenaar's items of this casus, so no item is sent
    assert 'name="item"' not in html
    for code in ("vitaal-belang", "conflict-van-plichten", "meldcode"):
        assert f'<option value="{code}"' in html
    assert "Iemands leven of gezondheid is in direct gevaar" in html
    assert f'<label for="db-{item}-reden" class="utrecht-form-label">Reden</label>' in html
    assert "Minstens 20 en hoogstens 2000 tekens" in html and "required" in html


async def test_no_doorbreken_for_the_eigenaar_or_the_fg(store, app) -> None:
    casus_id, _ = await casus_met_toelichting(store)
    async with signed_in(app, "agent.smit") as c:
        eigenaar = await c.get(f"/casussen/{casus_id}")
    assert "Geheime politie-informatie" in eigenaar.text  # its own item: shown
    assert "/doorbreken" not in eigenaar.text
    async with signed_in(app, "pr.jansen") as c:
        regie = await c.get(f"/casussen/{casus_id}")
    assert "/doorbreken" not in regie.text


async def test_doorbreken_posts_to_consent_and_shows_the_banner(store, app, privacy) -> None:
    casus_id, item = await casus_met_toelichting(store)
    async with signed_in(app, "ggz.mulder") as c:
        r = await c.post(f"/casussen/{casus_id}/doorbreken", data=formulier(casus_id, item))
        assert r.status_code == 303
        # the fake answers tot 13:00 UTC: 14:00 in the Netherlands (winter time)
        assert r.headers["location"] == (
            f"/casussen/{casus_id}?doorbroken=vitaal-belang&tot=14%3A00#doorbreking-melding"
        )
        pagina = await c.get(r.headers["location"])
    assert privacy.call("doorbreken") == {
        "type": "vitaal-belang",
        "reden": REDEN,
        "casus": str(casus_id),
        "eigenaar": "politie-zwb",
        "duur_uren": 4,
    }
    [(_, _, token)] = [c for c in privacy.calls if c[0] == "doorbreken"]
    assert token.count(".") >= 1  # the user's own token
    assert (
        "U leest op grond van een doorbreking (vitaal belang) tot 14:00. De eigenaar is "
        "geïnformeerd en de FG beoordeelt elke doorbreking." in pagina.text
    )


async def test_the_banner_ignores_what_is_not_a_ground_or_a_time(store, app) -> None:
    casus_id, _ = await casus_met_toelichting(store)
    async with signed_in(app, "ggz.mulder") as c:
        onzin = await c.get(f"/casussen/{casus_id}?doorbroken=iets&tot=14:00")
        tijd = await c.get(f"/casussen/{casus_id}?doorbroken=meldcode&tot=<b>x</b>")
    assert "doorbreking-melding" not in onzin.text
    assert "doorbreking (meldcode)." in tijd.text and "<b>x</b>" not in tijd.text


async def test_errors_reopen_the_form_with_consents_reasons(store, app, privacy) -> None:
    casus_id, item = await casus_met_toelichting(store)
    async with signed_in(app, "ggz.mulder") as c:
        kort = await c.post(
            f"/casussen/{casus_id}/doorbreken",
            data=formulier(casus_id, item, reden="nodig", type=""),
        )
        privacy.ongeldig = ConsentOngeldig(
            "ongeldige doorbreking",
            [("eigenaar", "uw organisatie is zelf de eigenaar: een doorbreking is niet nodig")],
        )
        r = await c.post(f"/casussen/{casus_id}/doorbreken", data=formulier(casus_id, item))
    assert kort.status_code == 422 and [n for n, *_ in privacy.calls] == ["doorbreken"]
    assert "minstens 20 tekens" in fout_bij(kort.text, f"db-{item}-reden")
    assert "kies de grond" in fout_bij(kort.text, f"db-{item}-type")
    assert 'href="#db-' in kort.text  # the summary on top links to the field
    assert r.status_code == 422
    assert "zelf de eigenaar" in fout_bij(r.text, f"db-{item}-reden")
    assert '<details class="wijzig-uitklap doorbreken" open>' in r.text
    assert f">{REDEN}</textarea>" in r.text and '<option value="vitaal-belang" selected>' in r.text


async def test_consents_refusal_is_geen_toegang(store, app, privacy) -> None:
    casus_id, item = await casus_met_toelichting(store)
    privacy.weiger = ["uw organisatie is geen deelnemer van deze casus"]
    async with signed_in(app, "vt.bos") as c:
        r = await c.post(f"/casussen/{casus_id}/doorbreken", data=formulier(casus_id, item))
    assert r.status_code == 403 and "Geen toegang" in r.text
    assert "uw organisatie is geen deelnemer van deze casus" in r.text


async def bouwschema_van_politie(store: Store) -> tuple[uuid.UUID, uuid.UUID]:
    """A casus with one bouwschema entry of politie (hidden from the ggz by the policy)."""
    casus_id = await open_casus(store)
    item = Informatieitem(
        item_id=uuid.uuid4(),
        casus_id=casus_id,
        onderdeel=Onderdeel.BEELD,
        eigenaar="politie-zwb",
        categorie=Categorie.POLITIE,
        tekst="Wapen in huis aangetroffen",
        ingebracht_op=NU,
        vastgelegd_door="notulist.bakker",
        gevoeligheid=Gevoeligheid.NORMAAL,
    )
    store.informatie[item.item_id] = item
    return casus_id, item.item_id


async def test_the_casus_page_shows_the_bouwschema_as_each_reader_may_see_it(store, app) -> None:
    casus_id, item_id = await bouwschema_van_politie(store)
    async with signed_in(app, "agent.smit") as c:
        eigen = await c.get(f"/casussen/{casus_id}")
    assert (
        'id="bouwschema-titel" class="utrecht-heading-2">Informatie van de partners' in eigen.text
    )
    assert "Wapen in huis aangetroffen" in eigen.text
    async with signed_in(app, "ggz.mulder") as c:
        r = await c.get(f"/casussen/{casus_id}")
    sectie = re.search(
        r'<section class="blok" aria-labelledby="bouwschema-titel".*?</section>\s*</section>',
        r.text,
        re.S,
    )
    assert sectie, "no bouwschema section for the ggz"
    html = sectie.group(0)
    assert "Wapen in huis" not in r.text and "Hier staat inbreng die u niet mag inzien." in html
    # the form names the entry, not its eigenaar (the ggz may not know whose it is yet)
    assert f'name="item" value="{item_id}"' in html and 'name="eigenaar" value=""' in html
    assert "politie-zwb" not in html


async def test_doorbreken_beside_a_bouwschema_entry_asks_for_its_eigenaar(
    store, app, privacy
) -> None:
    casus_id, item_id = await bouwschema_van_politie(store)
    data = formulier(casus_id, item_id, item=str(item_id), eigenaar="")
    async with signed_in(app, "ggz.mulder") as c:
        r = await c.post(f"/casussen/{casus_id}/doorbreken", data=data)
        assert r.status_code == 303
        onbekend = formulier(casus_id, item_id, item=str(uuid.uuid4()), eigenaar="")
        fout = await c.post(f"/casussen/{casus_id}/doorbreken", data=onbekend)
    body = privacy.call("doorbreken")
    assert body["eigenaar"] == "politie-zwb" and "item" not in body
    # an entry that is not in this casus names no eigenaar: consent gets no call, a Dutch error
    assert fout.status_code == 422 and [n for n, *_ in privacy.calls] == ["doorbreken"]
    assert "niet bekend in deze casus" in fout_bij(fout.text, f"db-{item_id}-reden")


async def test_no_item_is_sent_even_when_the_form_has_one(store, app, privacy) -> None:
    casus_id, _ = await casus_met_toelichting(store)
    data = formulier(casus_id, uuid.uuid4(), item="bs-1", formulier="<script>")
    async with signed_in(app, "ggz.mulder") as c:
        r = await c.post(f"/casussen/{casus_id}/doorbreken", data=data)
        assert r.status_code == 303 and "item" not in privacy.call("doorbreken")
        privacy.ongeldig = ConsentOngeldig("ongeldig", [("eigenaar", "onbekende partner")])
        fout = await c.post(f"/casussen/{casus_id}/doorbreken", data=data)
    assert fout.status_code == 422 and "<script>" not in fout.text
    # no form on the page has that key: consent's reason is in the summary on top
    samenvatting = re.search(r'<div [^>]*id="foutsamenvatting".*?</div>', fout.text, re.S)
    assert samenvatting and "onbekende partner" in samenvatting.group(0)


def test_doorbreking_status() -> None:
    from overleg_fakes import NU

    d = {"van": "2030-03-04T09:00:00+00:00", "tot": "2030-03-04T10:00:00+00:00"}
    assert doorbreking_status(d, nu=NU) == "verlopen"  # tot is exclusive
    assert doorbreking_status(dict(d, tot="2030-03-04T10:00:01+00:00"), nu=NU) == "actief"
    assert doorbreking_status({"van": "x", "tot": None}, nu=NU) == "verlopen"

"""Lifecycle handlers on in-memory fakes: state, history and events commit together."""

from __future__ import annotations

import logging
import uuid

import pytest
from overleg_fakes import (
    MORGEN,
    NU,
    BeleidPdp,
    FakeConvenanten,
    FakePdp,
    FixedClock,
    Store,
    casus,
    getrieerd,
)
from zvh_contracts import topics
from zvh_contracts.overleg import casus_v1 as ev
from zvh_contracts.vocab import FaseRichting
from zvh_overleg.application import levensloop
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.handlers import handle_melding_event
from zvh_overleg.application.ports import Actor
from zvh_overleg.domain.errors import CasusOngeldig
from zvh_overleg.domain.model import Actie

PR = Actor(user_id="pr.jansen", org="zvh", roles=["procesregisseur"], token="t")
NOTULIST = Actor(user_id="notulist.bakker", org="zvh", roles=["notulist"], token="t")
GGZ = Actor(user_id="ggz.mulder", org="ggz-wnb", roles=["deelnemer"], token="t")
PARTNERS = ["politie-zwb", "gemeente-bergen-op-zoom", "ggz-wnb", "woonkwartier"]


def events(store: Store, soort: type) -> list:  # type: ignore[type-arg]
    return [e for topic, e, _ in store.outbox if isinstance(e, soort)]


async def test_fase_change_publishes_without_reason_and_keeps_history(
    store: Store, uow, pdp: FakePdp, clock: FixedClock
) -> None:
    c = casus(ave_fase=3)
    store.casussen[c.casus_id] = c
    await levensloop.wijzig_fase(
        c.casus_id, naar=5, reden="wapenbezit", actor=PR, uow=uow, pdp=pdp, clock=clock
    )
    [event] = events(store, ev.FaseGewijzigd)
    assert (event.van, event.naar, event.richting) == (3, 5, FaseRichting.OPSCHALEN)
    assert "wapenbezit" not in event.model_dump_json()
    assert store.outbox[0][0] == topics.OVERLEG_CASUS
    assert store.casussen[c.casus_id].ave_fase_historie[-1].reden == "wapenbezit"
    await levensloop.wijzig_fase(
        c.casus_id, naar=2, reden="rust", actor=PR, uow=uow, pdp=pdp, clock=clock
    )
    ids = {eid for _, _, eid in store.outbox}
    assert len(ids) == 2, "each change has its own deterministic event id"
    assert events(store, ev.FaseGewijzigd)[-1].richting is FaseRichting.AFSCHALEN


@pytest.mark.parametrize("actor", [NOTULIST, GGZ])
async def test_only_the_procesregisseur_steers(store, uow, clock, actor: Actor) -> None:
    """Who steers is the PDP's answer to ``write`` of ``casus`` (overleg has no role list)."""
    c = casus()
    store.casussen[c.casus_id] = c
    pdp = BeleidPdp()
    with pytest.raises(ToegangGeweigerd, match="geen regel staat dit toe"):
        await levensloop.sluit_af(
            c.casus_id,
            reden="doel-bereikt",
            toelichting=None,
            actor=actor,
            uow=uow,
            pdp=pdp,
            clock=clock,
        )
    assert not store.casussen[c.casus_id].afgesloten and store.outbox == []
    [vraag] = pdp.requests
    assert (vraag.action, vraag.resource.type, vraag.resource.casus) == (
        "write",
        "casus",
        str(c.casus_id),
    )


async def test_pdp_deny_refuses_and_saves_nothing(store, uow, clock) -> None:
    c = casus(ave_fase=3)
    store.casussen[c.casus_id] = c
    with pytest.raises(ToegangGeweigerd):
        await levensloop.wijzig_fase(
            c.casus_id,
            naar=4,
            reden="x",
            actor=PR,
            uow=uow,
            pdp=FakePdp(allow=False),
            clock=clock,
        )
    assert store.casussen[c.casus_id].ave_fase == 3 and store.outbox == []


async def test_domain_error_saves_nothing(store, uow, pdp, clock) -> None:
    c = casus(ave_fase=3)
    store.casussen[c.casus_id] = c
    with pytest.raises(CasusOngeldig):
        await levensloop.wijzig_fase(
            c.casus_id, naar=4, reden="", actor=PR, uow=uow, pdp=pdp, clock=clock
        )
    assert store.casussen[c.casus_id].ave_fase_historie == [] and store.outbox == []


async def test_deelnemers_afsluiten_events(store, uow, pdp, clock) -> None:
    c = casus(deelnemers=["politie-zwb", "gemeente-bergen-op-zoom"])
    store.casussen[c.casus_id] = c
    await levensloop.voeg_deelnemer_toe(
        c.casus_id,
        partner="ggz-wnb",
        partners=PARTNERS,
        reden="zorg",
        actor=PR,
        uow=uow,
        pdp=pdp,
        clock=clock,
        convenanten=FakeConvenanten(),
        naam=str,
    )
    [toegevoegd] = events(store, ev.DeelnemerToegevoegd)
    assert toegevoegd.partner == "ggz-wnb" and toegevoegd.deelnemers[-1] == "ggz-wnb"
    await levensloop.verwijder_deelnemer(
        c.casus_id,
        partner="ggz-wnb",
        reden="niet nodig",
        actor=PR,
        uow=uow,
        pdp=pdp,
        clock=clock,
    )
    [verwijderd] = events(store, ev.DeelnemerVerwijderd)
    assert verwijderd.partner == "ggz-wnb"
    assert "ggz-wnb" not in store.casussen[c.casus_id].deelnemers
    await levensloop.wijzig_client_geinformeerd(
        c.casus_id,
        geinformeerd=False,
        herbeoordeling_op=MORGEN,
        reden="veiligheid",
        actor=PR,
        uow=uow,
        pdp=pdp,
        clock=clock,
    )
    await levensloop.wijs_casusregisseur_toe(
        c.casus_id,
        gebruiker="gemeente.visser",
        org="gemeente-bergen-op-zoom",
        is_casusregisseur=True,
        actor=PR,
        uow=uow,
        pdp=pdp,
    )
    await levensloop.sluit_af(
        c.casus_id,
        reden="anders",
        toelichting="verhuisd",
        actor=PR,
        uow=uow,
        pdp=pdp,
        clock=clock,
    )
    [afgesloten] = events(store, ev.CasusAfgesloten)
    assert afgesloten.reden.value == "anders" and "verhuisd" not in afgesloten.model_dump_json()
    bewaard = store.casussen[c.casus_id]
    assert bewaard.afgesloten and bewaard.casusregisseur == "gemeente.visser"
    assert bewaard.client_historie[-1].reden == "veiligheid"


async def _open(store: Store, uow, clock, **kw) -> uuid.UUID:  # type: ignore[no-untyped-def]
    casus_id = await handle_melding_event(
        event_id=uuid.uuid4(), event=getrieerd(**kw), uow=uow, clock=clock
    )
    assert casus_id
    return casus_id


async def test_new_melding_reopens_a_closed_casus_once(store, uow, pdp, clock) -> None:
    casus_id = await _open(store, uow, clock, uit_te_nodigen_partners=[])
    await levensloop.sluit_af(
        casus_id, reden="doel-bereikt", toelichting=None, actor=PR, uow=uow, pdp=pdp, clock=clock
    )
    event = getrieerd(
        melder="ggz-wnb", uit_te_nodigen_partners=["woonkwartier"], bestaande_casus_id=casus_id
    )
    event_id = uuid.uuid4()
    assert await handle_melding_event(event_id=event_id, event=event, uow=uow, clock=clock) == (
        casus_id
    )
    assert len(store.casussen) == 1
    c = store.casussen[casus_id]
    assert not c.afgesloten and len(c.meldingen) == 2
    [heropend] = events(store, ev.CasusHeropend)
    assert heropend.was_afgesloten is True and heropend.melding_id == event.melding_id
    assert {e.partner for e in events(store, ev.DeelnemerToegevoegd)} == {
        "ggz-wnb",
        "woonkwartier",
    }
    voor = list(store.outbox)
    # same event again, and the same melding under a new envelope id: nothing changes
    assert await handle_melding_event(event_id=event_id, event=event, uow=uow, clock=clock) is None
    assert (
        await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=clock)
        == casus_id
    )
    assert store.outbox == voor


async def test_new_melding_joins_a_running_casus(store, uow, clock) -> None:
    casus_id = await _open(store, uow, clock, uit_te_nodigen_partners=["ggz-wnb"])
    event = getrieerd(melder="ggz-wnb", uit_te_nodigen_partners=[], bestaande_casus_id=casus_id)
    await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=clock)
    [heropend] = events(store, ev.CasusHeropend)
    assert heropend.was_afgesloten is False
    assert events(store, ev.DeelnemerToegevoegd) == []


async def test_unknown_bestaande_casus_opens_a_new_one_and_warns_without_content(
    store, uow, clock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    event = getrieerd(bestaande_casus_id=uuid.uuid4())
    casus_id = await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=clock)
    assert casus_id in store.casussen and len(events(store, ev.CasusGeopend)) == 1
    [record] = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert "onbekend" in record.getMessage() and "politie" not in record.getMessage()


async def test_partner_reports_back_from_the_ui(store, uow, pdp, clock) -> None:
    c = casus(deelnemers=["politie-zwb", "ggz-wnb"])
    actie = Actie(
        actie_id=uuid.uuid4(),
        casus_id=c.casus_id,
        wat="Gesprek",
        wie="ggz-wnb",
        wanneer=MORGEN,
        toegewezen_op=NU,
    )
    c.acties.append(actie)
    store.casussen[c.casus_id] = c
    with pytest.raises(CasusOngeldig):
        await levensloop.koppel_terug(
            c.casus_id,
            actie_id=actie.actie_id,
            status="niet-mogelijk",
            toelichting="",
            actor=GGZ,
            uow=uow,
            pdp=pdp,
            clock=clock,
        )
    politie = Actor(user_id="agent.smit", org="politie-zwb", roles=["deelnemer"], token="t")
    with pytest.raises(ToegangGeweigerd):
        await levensloop.koppel_terug(
            c.casus_id,
            actie_id=actie.actie_id,
            status="afgerond",
            toelichting=None,
            actor=politie,
            uow=uow,
            pdp=pdp,
            clock=clock,
        )
    with pytest.raises(ToegangGeweigerd):
        await levensloop.koppel_terug(
            c.casus_id,
            actie_id=actie.actie_id,
            status="afgerond",
            toelichting=None,
            actor=GGZ,
            uow=uow,
            pdp=FakePdp(allow=False),
            clock=clock,
        )
    assert store.outbox == []
    await levensloop.koppel_terug(
        c.casus_id,
        actie_id=actie.actie_id,
        status="niet-mogelijk",
        toelichting="niet thuis",
        actor=GGZ,
        uow=uow,
        pdp=pdp,
        clock=clock,
    )
    [event] = events(store, ev.ActieTeruggekoppeld)
    assert event.door == "ggz-wnb" and event.status.value == "niet-mogelijk"
    assert "niet thuis" not in event.model_dump_json()
    assert store.terugkoppelingen[0].toelichting == "niet thuis"
    assert store.casussen[c.casus_id].acties[0].status.value == "niet-mogelijk"
    item = pdp.requests[-1]
    assert (item.resource.type, item.resource.eigenaar, item.action) == (
        "informatie-item",
        "ggz-wnb",
        "write",
    )


A, B, C = ("a" * 32, "b" * 32, "c" * 32)


async def test_a_casus_opened_from_triage_keeps_its_betrokkenen_client_first(
    store, uow, clock
) -> None:
    casus_id = await _open(store, uow, clock, betrokkene_pseudoniemen=[A, B])
    assert store.casussen[casus_id].betrokkenen == [A, B]
    assert store.casussen[casus_id].client_pseudoniem == A
    [geopend] = events(store, ev.CasusGeopend)
    assert A not in geopend.model_dump_json()  # overleg's own events stay as they were


async def test_a_melding_joining_a_casus_merges_its_betrokkenen(store, uow, clock) -> None:
    casus_id = await _open(store, uow, clock, betrokkene_pseudoniemen=[A, B])
    event = getrieerd(
        melder="ggz-wnb", bestaande_casus_id=casus_id, betrokkene_pseudoniemen=[C, B, A]
    )
    await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=clock)
    # known ones keep their place (the client stays first), the new one comes after, once
    assert store.casussen[casus_id].betrokkenen == [A, B, C]
    await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=clock)
    assert store.casussen[casus_id].betrokkenen == [A, B, C]  # a replay adds nothing


async def test_an_older_casus_without_betrokkenen_gets_them_from_a_new_melding(
    store, uow, clock
) -> None:
    c = casus()
    store.casussen[c.casus_id] = c
    assert c.betrokkenen == [] and c.client_pseudoniem is None
    event = getrieerd(bestaande_casus_id=c.casus_id, betrokkene_pseudoniemen=[B, C])
    await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=clock)
    assert store.casussen[c.casus_id].client_pseudoniem == B


async def test_afsluiten_tells_each_melder_of_its_own_meldingen_only(
    store, uow, pdp, clock
) -> None:
    """The terugmelding at closing: one zvh.partner.casus.afgesloten.v1 per melder, on that
    melder's own from-zvh topic, in the same transaction, without the toelichting."""
    from zvh_contracts.partner.casus_v1 import CasusAfgesloten as Terugmelding

    casus_id = await _open(store, uow, clock, uit_te_nodigen_partners=["ggz-wnb"])
    eerste = store.casussen[casus_id].melding_id
    tweede = getrieerd(melder="ggz-wnb", bestaande_casus_id=casus_id)
    derde = getrieerd(melder="politie-zwb", bestaande_casus_id=casus_id)
    for event in (tweede, derde):
        await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=clock)
    voor = len(store.outbox)
    await levensloop.sluit_af(
        casus_id,
        reden="anders",
        toelichting="cliënt verhuisd naar Tilburg",
        actor=PR,
        uow=uow,
        pdp=pdp,
        clock=clock,
    )
    nieuw = store.outbox[voor:]
    assert [topic for topic, _, _ in nieuw] == [
        topics.OVERLEG_CASUS,
        topics.partner_from_zvh("politie-zwb"),
        topics.partner_from_zvh("ggz-wnb"),
    ]
    per_topic = {topic: e for topic, e, _ in nieuw[1:]}
    politie = per_topic[topics.partner_from_zvh("politie-zwb")]
    ggz = per_topic[topics.partner_from_zvh("ggz-wnb")]
    assert isinstance(politie, Terugmelding) and isinstance(ggz, Terugmelding)
    assert politie.melding_ids == [eerste, derde.melding_id]
    assert ggz.melding_ids == [tweede.melding_id]
    assert politie.casus_id == casus_id and politie.afsluitreden.value == "anders"
    assert politie.afgesloten_op == clock.now()
    assert set(politie.model_dump(mode="json")) == {
        "casus_id",
        "melding_ids",
        "afsluitreden",
        "afgesloten_op",
    }
    assert all("Tilburg" not in e.model_dump_json() for _, e, _ in nieuw)
    assert len({eid for _, _, eid in nieuw}) == 3


async def test_afsluiten_refused_sends_no_terugmelding(store, uow, clock) -> None:
    casus_id = await _open(store, uow, clock, uit_te_nodigen_partners=[])
    voor = list(store.outbox)
    with pytest.raises(ToegangGeweigerd):
        await levensloop.sluit_af(
            casus_id,
            reden="doel-bereikt",
            toelichting=None,
            actor=GGZ,
            uow=uow,
            pdp=BeleidPdp(),
            clock=clock,
        )
    assert store.outbox == voor


async def test_a_casus_without_recorded_meldingen_tells_its_opening_melder(
    store, uow, pdp, clock
) -> None:
    from zvh_contracts.partner.casus_v1 import CasusAfgesloten as Terugmelding

    c = casus(deelnemers=["politie-zwb"])
    c.meldingen = []  # opened before overleg kept its meldingen
    store.casussen[c.casus_id] = c
    await levensloop.sluit_af(
        c.casus_id, reden="doel-bereikt", toelichting=None, actor=PR, uow=uow, pdp=pdp, clock=clock
    )
    [(topic, event, _)] = [o for o in store.outbox if isinstance(o[1], Terugmelding)]
    assert topic == topics.partner_from_zvh(c.melder) and event.melding_ids == [c.melding_id]

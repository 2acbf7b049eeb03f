"""Handlers on in-memory fakes: opening casussen, terugkoppeling, adding acties, queries."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from overleg_fakes import MORGEN, NU, BeleidPdp, FakePdp, Store, casus, getrieerd
from zvh_contracts import topics
from zvh_contracts.intake.melding_v1 import MeldingOntvangen
from zvh_contracts.overleg import casus_v1 as overleg
from zvh_contracts.partner.actie_v1 import ActieTeruggekoppeld
from zvh_contracts.partner.melding_v1 import MeldingOntvangen as PartnerOntvangen
from zvh_contracts.partner.melding_v1 import OntvangstStatus
from zvh_contracts.vocab import Categorie, Leefgebied, Terugkoppelstatus, TriageUitkomst, Urgentie
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.handlers import (
    VoegActieToe,
    casus_id_for,
    handle_melding_event,
    handle_partner_event,
    voeg_actie_toe,
)
from zvh_overleg.application.ports import Actor
from zvh_overleg.application.queries import casus_met_actielijst, lijst_casussen
from zvh_overleg.domain.errors import ActieOngeldig, CasusNietGevonden, TerugkoppelingGeweigerd
from zvh_overleg.domain.model import ActieStatus

PR = Actor(user_id="pr.jansen", org="zvh", roles=["procesregisseur"], token="t")
AGENT = Actor(user_id="agent.smit", org="politie-zwb", roles=["deelnemer"], token="t")
FG = Actor(user_id="fg.devries", org="zvh", roles=["fg"], token="t")


async def test_getrieerd_casus_opens_one_casus_and_announces_it(store: Store, uow, clock) -> None:
    event = getrieerd()
    casus_id = await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=clock)
    assert casus_id == casus_id_for(event.melding_id)
    c = store.casussen[casus_id]
    assert c.deelnemers == ["politie-zwb", "gemeente-bergen-op-zoom", "ggz-wnb"]
    assert c.ave_fase == 4
    [(topic, out, _)] = store.outbox
    assert topic == topics.OVERLEG_CASUS
    assert isinstance(out, overleg.CasusGeopend)
    assert out.deelnemers == c.deelnemers and out.melding_id == event.melding_id


async def test_replay_and_second_event_for_same_melding_open_nothing_new(
    store: Store, uow, clock
) -> None:
    event = getrieerd()
    event_id = uuid.uuid4()
    first = await handle_melding_event(event_id=event_id, event=event, uow=uow, clock=clock)
    assert await handle_melding_event(event_id=event_id, event=event, uow=uow, clock=clock) is None
    again = await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=clock)
    assert again == first
    assert len(store.casussen) == 1
    assert len(store.outbox) == 1


@pytest.mark.parametrize("uitkomst", [TriageUitkomst.ADVIES, TriageUitkomst.TERUGVERWEZEN])
async def test_other_uitkomst_opens_nothing(store: Store, uow, clock, uitkomst) -> None:
    event = getrieerd(uitkomst=uitkomst, ave_fase=None)
    assert (
        await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=clock) is None
    )
    assert store.casussen == {} and store.outbox == []


async def test_melding_ontvangen_is_ignored(store: Store, uow, clock) -> None:
    event = MeldingOntvangen(
        melding_id=uuid.uuid4(),
        melder="politie-zwb",
        melder_referentie="R-1",
        urgentie=Urgentie.HOOG,
        leefgebieden=[Leefgebied.GEZIN],
        betrokkene_pseudoniemen=[],
        ontvangen_op=NU,
        triage_uiterlijk=date(2030, 3, 10),
    )
    assert (
        await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=clock) is None
    )
    assert store.casussen == {}


async def _casus_with_actie(store: Store, uow, clock, pdp) -> tuple[uuid.UUID, uuid.UUID]:
    casus_id = await handle_melding_event(
        event_id=uuid.uuid4(), event=getrieerd(), uow=uow, clock=clock
    )
    assert casus_id
    actie_id = await voeg_actie_toe(
        VoegActieToe(casus_id=casus_id, wat="Huisbezoek", wie="politie-zwb", wanneer=MORGEN),
        actor=PR,
        uow=uow,
        pdp=pdp,
        clock=clock,
    )
    return casus_id, actie_id


def _terugkoppeling(casus_id, actie_id, status=Terugkoppelstatus.AFGEROND):  # type: ignore[no-untyped-def]
    return ActieTeruggekoppeld(
        casus_id=casus_id, actie_id=actie_id, status=status, toelichting="Huisbezoek afgelegd"
    )


async def test_add_actie_stores_and_announces_it(store: Store, uow, clock, pdp) -> None:
    casus_id, actie_id = await _casus_with_actie(store, uow, clock, pdp)
    [actie] = store.casussen[casus_id].acties
    assert (actie.actie_id, actie.wie, actie.status) == (actie_id, "politie-zwb", ActieStatus.OPEN)
    topic, out, _ = store.outbox[-1]
    assert topic == topics.OVERLEG_CASUS
    assert isinstance(out, overleg.ActieToegewezen) and out.wat == "Huisbezoek"
    [req] = pdp.requests
    assert (req.action, req.resource.type, req.resource.casus) == (
        "write",
        "actielijst",
        str(casus_id),
    )
    assert req.context.deelnemers == store.casussen[casus_id].deelnemers


async def test_add_actie_refused_by_role_pdp_and_rules(store: Store, uow, clock) -> None:
    casus_id = await handle_melding_event(
        event_id=uuid.uuid4(), event=getrieerd(), uow=uow, clock=clock
    )
    assert casus_id
    cmd = VoegActieToe(casus_id=casus_id, wat="Bellen", wie="politie-zwb", wanneer=MORGEN)
    with pytest.raises(ToegangGeweigerd, match="geen regel"):  # the PDP, not a role list
        await voeg_actie_toe(cmd, actor=AGENT, uow=uow, pdp=BeleidPdp(), clock=clock)
    with pytest.raises(ToegangGeweigerd) as err:
        await voeg_actie_toe(
            cmd, actor=PR, uow=uow, pdp=FakePdp(allow=False, reasons=["nee"]), clock=clock
        )
    assert err.value.reasons == ["nee"]
    with pytest.raises(ActieOngeldig):
        await voeg_actie_toe(
            VoegActieToe(
                casus_id=casus_id, wat="Bellen", wie="politie-zwb", wanneer=date(2030, 3, 3)
            ),
            actor=PR,
            uow=uow,
            pdp=FakePdp(),
            clock=clock,
        )
    with pytest.raises(CasusNietGevonden):
        await voeg_actie_toe(
            VoegActieToe(casus_id=uuid.uuid4(), wat="Bellen", wie="politie-zwb", wanneer=MORGEN),
            actor=PR,
            uow=uow,
            pdp=FakePdp(),
            clock=clock,
        )
    assert store.casussen[casus_id].acties == []


async def test_terugkoppeling_updates_actie_and_announces_without_toelichting(
    store: Store, uow, clock, pdp
) -> None:
    casus_id, actie_id = await _casus_with_actie(store, uow, clock, pdp)
    event_id = uuid.uuid4()
    applied = await handle_partner_event(
        event_id=event_id,
        topic=topics.partner_to_zvh("politie-zwb"),
        event=_terugkoppeling(casus_id, actie_id),
        uow=uow,
        clock=clock,
    )
    assert applied is True
    [actie] = store.casussen[casus_id].acties
    assert actie.status is ActieStatus.AFGEROND and actie.teruggekoppeld_op == NU
    [t] = store.terugkoppelingen
    assert (t.toelichting, t.door, t.terugkoppeling_id) == (
        "Huisbezoek afgelegd",
        "politie-zwb",
        event_id,
    )
    _, out, _ = store.outbox[-1]
    assert isinstance(out, overleg.ActieTeruggekoppeld)
    assert "toelichting" not in out.model_dump()
    assert out.door == "politie-zwb"
    # a replay changes nothing
    assert not await handle_partner_event(
        event_id=event_id,
        topic=topics.partner_to_zvh("politie-zwb"),
        event=_terugkoppeling(casus_id, actie_id),
        uow=uow,
        clock=clock,
    )
    assert len(store.terugkoppelingen) == 1


async def test_a_toelichting_keeps_the_categorie_the_partner_gives_it(
    store: Store, uow, clock, pdp
) -> None:
    """The partner says what kind of information its toelichting is (absent: algemeen); the
    policy weighs that categorie, and its gevoeligheid follows (zorg: bijzonder)."""
    casus_id, actie_id = await _casus_with_actie(store, uow, clock, pdp)
    for categorie in (Categorie.ZORG, None):
        event = _terugkoppeling(casus_id, actie_id).model_copy(update={"categorie": categorie})
        await handle_partner_event(
            event_id=uuid.uuid4(),
            topic=topics.partner_to_zvh("politie-zwb"),
            event=event,
            uow=uow,
            clock=clock,
        )
    zorg, algemeen = store.terugkoppelingen
    assert (zorg.categorie.value, zorg.gevoeligheid.value) == ("zorg", "bijzonder")
    assert (algemeen.categorie.value, algemeen.gevoeligheid.value) == ("algemeen", "normaal")


async def test_terugkoppeling_by_wrong_partner_raises_and_changes_nothing(
    store: Store, uow, clock, pdp
) -> None:
    casus_id, actie_id = await _casus_with_actie(store, uow, clock, pdp)
    outbox_before = len(store.outbox)
    with pytest.raises(TerugkoppelingGeweigerd):
        await handle_partner_event(
            event_id=uuid.uuid4(),
            topic=topics.partner_to_zvh("gemeente-bergen-op-zoom"),
            event=_terugkoppeling(casus_id, actie_id),
            uow=uow,
            clock=clock,
        )
    other = await handle_melding_event(
        event_id=uuid.uuid4(), event=getrieerd(), uow=uow, clock=clock
    )
    assert other
    with pytest.raises(TerugkoppelingGeweigerd):
        await handle_partner_event(
            event_id=uuid.uuid4(),
            topic=topics.partner_to_zvh("politie-zwb"),
            event=_terugkoppeling(other, actie_id),
            uow=uow,
            clock=clock,
        )
    with pytest.raises(CasusNietGevonden):
        await handle_partner_event(
            event_id=uuid.uuid4(),
            topic=topics.partner_to_zvh("politie-zwb"),
            event=_terugkoppeling(uuid.uuid4(), actie_id),
            uow=uow,
            clock=clock,
        )
    assert store.casussen[casus_id].acties[0].status is ActieStatus.OPEN
    assert store.terugkoppelingen == []
    assert len(store.outbox) == outbox_before + 1  # only the second casus.geopend


async def test_other_partner_events_are_left_to_intake(store: Store, uow, clock) -> None:
    event = PartnerOntvangen(status=OntvangstStatus.ONTVANGEN, melding_id=uuid.uuid4())
    assert not await handle_partner_event(
        event_id=uuid.uuid4(),
        topic=topics.partner_to_zvh("politie-zwb"),
        event=event,
        uow=uow,
        clock=clock,
    )
    assert store.inbox == set()


async def test_queries_filter_by_org_and_ask_the_pdp(store: Store, uow, clock) -> None:
    store.casussen = {c.casus_id: c for c in (casus(), casus(deelnemers=["ggz-wnb"]))}
    beleid = BeleidPdp()
    assert len(await lijst_casussen(actor=PR, uow=uow, pdp=beleid)) == 2
    [mine] = await lijst_casussen(actor=AGENT, uow=uow, pdp=beleid)
    assert "politie-zwb" in mine.deelnemers
    assert await lijst_casussen(actor=FG, uow=uow, pdp=beleid) == []  # no casus metadata
    # one ``list`` decision per casus, in one batch; the scope is the PDP's, not overleg's
    assert {(q.action, q.resource.type) for q in beleid.requests} == {("list", "casus")}
    assert await lijst_casussen(actor=PR, uow=uow, pdp=FakePdp(allow=False)) == []
    deny = FakePdp(allow=False, reasons=["geen deelnemer van deze casus"])
    with pytest.raises(ToegangGeweigerd, match="geen deelnemer"):
        await casus_met_actielijst(mine.casus_id, actor=AGENT, uow=uow, pdp=deny)
    assert deny.requests[0].action == "read"
    got = await casus_met_actielijst(mine.casus_id, actor=AGENT, uow=uow, pdp=FakePdp())
    assert got.casus_id == mine.casus_id

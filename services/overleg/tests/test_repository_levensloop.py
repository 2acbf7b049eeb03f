"""Casus lifecycle on SQLite and PostgreSQL, schema from the migrations (0003_casus)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from overleg_fakes import FakeConvenanten, getrieerd
from overleg_fakes import FakePdp as AllowAll
from overleg_fakes import FixedClock as Clock
from sqlalchemy import select
from zvh_contracts.overleg import casus_v1 as ev
from zvh_overleg.adapters.db.uow import uow_factory
from zvh_overleg.application import levensloop
from zvh_overleg.application.handlers import VoegActieToe, handle_melding_event, voeg_actie_toe
from zvh_overleg.application.ports import Actor, CasusFilter
from zvh_overleg.application.tijdlijn import tijdlijn
from zvh_overleg.domain.errors import CasusOngeldig
from zvh_overleg.domain.levensloop import DeelnemerMutatie, StatusMutatie
from zvh_platform.db import outbox_table

PR = Actor(user_id="pr.jansen", org="zvh", roles=["procesregisseur"], token="t")
PARTNERS = ["politie-zwb", "gemeente-bergen-op-zoom", "ggz-wnb", "woonkwartier"]


async def test_lifecycle_round_trip(sessions) -> None:
    uow = uow_factory(sessions)
    clock, pdp = Clock(), AllowAll()
    eerste = getrieerd(uit_te_nodigen_partners=["gemeente-bergen-op-zoom"], ave_fase=3)
    casus_id = await handle_melding_event(event_id=uuid.uuid4(), event=eerste, uow=uow, clock=clock)
    assert casus_id
    await levensloop.wijzig_fase(
        casus_id, naar=4, reden="escalatie", actor=PR, uow=uow, pdp=pdp, clock=clock
    )
    await levensloop.wijzig_client_geinformeerd(
        casus_id,
        geinformeerd=False,
        herbeoordeling_op=date(2030, 4, 1),
        reden="veiligheid",
        actor=PR,
        uow=uow,
        pdp=pdp,
        clock=clock,
    )
    await levensloop.voeg_deelnemer_toe(
        casus_id,
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
    await levensloop.wijs_casusregisseur_toe(
        casus_id,
        gebruiker="gemeente.visser",
        org="gemeente-bergen-op-zoom",
        is_casusregisseur=True,
        actor=PR,
        uow=uow,
        pdp=pdp,
    )
    await voeg_actie_toe(
        VoegActieToe(casus_id=casus_id, wat="Gesprek", wie="ggz-wnb", wanneer=date(2030, 3, 4)),
        actor=PR,
        uow=uow,
        pdp=pdp,
        clock=clock,
    )
    await levensloop.sluit_af(
        casus_id,
        reden="anders",
        toelichting="verhuisd",
        actor=PR,
        uow=uow,
        pdp=pdp,
        clock=clock,
    )
    tweede = getrieerd(
        melder="woonkwartier", uit_te_nodigen_partners=[], bestaande_casus_id=casus_id
    )
    assert (
        await handle_melding_event(event_id=uuid.uuid4(), event=tweede, uow=uow, clock=clock)
        == casus_id
    )

    async with uow() as tx:
        c = await tx.casussen.get(casus_id)
        licht = await tx.casussen.get(casus_id, historie=False)
        by_second = await tx.casussen.by_melding(tweede.melding_id)
        both = await tx.casussen.by_meldingen([eerste.melding_id, uuid.uuid4()])
        listed_by_second = await tx.casussen.list(melding_id=tweede.melding_id)
        listed_by_first = await tx.casussen.list(melding_id=eerste.melding_id)
        open_ = await tx.casussen.list(filter=CasusFilter(status="open", ave_fase=4))
        dicht = await tx.casussen.list(filter=CasusFilter(status="afgesloten"))
        met_ggz = await tx.casussen.list(filter=CasusFilter(met_deelnemer="ggz-wnb"))
        met_om = await tx.casussen.list(filter=CasusFilter(met_deelnemer="om-zwb"))
        verlopen = await tx.casussen.list(filter=CasusFilter(verlopen_voor=date(2030, 3, 5)))
        niet_verlopen = await tx.casussen.list(filter=CasusFilter(verlopen_voor=date(2030, 3, 4)))
        outbox = (await tx.session.execute(select(outbox_table.c.event_type))).scalars().all()
    assert c is not None and by_second is not None and by_second.casus_id == casus_id
    assert licht is not None and licht.deelnemers == c.deelnemers and licht.acties == c.acties
    assert c.meldingen and c.status_historie  # the full read has the histories …
    assert licht.meldingen == [] and licht.status_historie == []  # … the light one has none
    assert [x.casus_id for x in both] == [casus_id]
    assert [x.casus_id for x in listed_by_second] == [x.casus_id for x in listed_by_first]
    assert [x.casus_id for x in listed_by_second] == [casus_id]
    assert not c.afgesloten and c.afsluitreden is None and c.ave_fase == 4
    assert [(h.van, h.ave_fase, h.reden) for h in c.ave_fase_historie] == [
        (None, 3, None),
        (3, 4, "escalatie"),
    ]
    assert (c.client_geinformeerd, c.herbeoordeling_op) == (False, date(2030, 4, 1))
    assert c.client_historie[0].reden == "veiligheid"
    assert c.casusregisseur == "gemeente.visser"
    assert c.deelnemers == ["politie-zwb", "gemeente-bergen-op-zoom", "ggz-wnb", "woonkwartier"]
    assert [(d.partner, d.mutatie) for d in c.deelnemer_historie] == [
        ("ggz-wnb", DeelnemerMutatie.TOEGEVOEGD),
        ("woonkwartier", DeelnemerMutatie.TOEGEVOEGD),
    ]
    assert [s.mutatie for s in c.status_historie] == [
        StatusMutatie.AFGESLOTEN,
        StatusMutatie.HEROPEND,
    ]
    assert c.status_historie[0].toelichting == "verhuisd"
    assert [m.melding_id for m in c.meldingen] == [eerste.melding_id, tweede.melding_id]
    assert [x.casus_id for x in open_] == [casus_id] and dicht == []
    assert [x.casus_id for x in met_ggz] == [casus_id] and met_om == []
    assert [x.casus_id for x in verlopen] == [casus_id] and niet_verlopen == []
    for event in (ev.FaseGewijzigd, ev.CasusAfgesloten, ev.CasusHeropend, ev.DeelnemerToegevoegd):
        assert event.event_type in outbox
    soorten = [i.soort for i in await tijdlijn(casus_id, actor=PR, uow=uow, pdp=pdp)]
    for soort in (
        "geopend",
        "melding",
        "fase",
        "client-geinformeerd",
        "deelnemer",
        "actie",
        "afgesloten",
        "heropend",
    ):
        assert soort in soorten


async def test_lifecycle_error_rolls_back(sessions) -> None:
    uow = uow_factory(sessions)
    casus_id = await handle_melding_event(
        event_id=uuid.uuid4(), event=getrieerd(), uow=uow, clock=Clock()
    )
    assert casus_id
    with pytest.raises(CasusOngeldig, match="melder"):
        await levensloop.verwijder_deelnemer(
            casus_id,
            partner="politie-zwb",
            reden="x",
            actor=PR,
            uow=uow,
            pdp=AllowAll(),
            clock=Clock(),
        )
    async with uow() as tx:
        c = await tx.casussen.get(casus_id)
    assert c is not None and "politie-zwb" in c.deelnemers and c.deelnemer_historie == []


async def test_betrokkenen_round_trip_in_order_on_open_and_join(sessions) -> None:
    """Stored on the casus row: every read has them (also the light one and lists)."""
    a, b, c = "a" * 32, "b" * 32, "c" * 32
    uow, clock = uow_factory(sessions), Clock()
    eerste = getrieerd(betrokkene_pseudoniemen=[a, b])
    casus_id = await handle_melding_event(event_id=uuid.uuid4(), event=eerste, uow=uow, clock=clock)
    assert casus_id
    tweede = getrieerd(
        melder="ggz-wnb", bestaande_casus_id=casus_id, betrokkene_pseudoniemen=[c, a]
    )
    await handle_melding_event(event_id=uuid.uuid4(), event=tweede, uow=uow, clock=clock)
    zonder = getrieerd()  # an event from before intake sent them: a casus with none
    ander_id = await handle_melding_event(event_id=uuid.uuid4(), event=zonder, uow=uow, clock=clock)
    async with uow() as tx:
        vol = await tx.casussen.get(casus_id)
        licht = await tx.casussen.get(casus_id, historie=False)
        lijst = {x.casus_id: x.betrokkenen for x in await tx.casussen.list()}
        ander = await tx.casussen.get(ander_id)  # type: ignore[arg-type]
    assert vol is not None and licht is not None and ander is not None
    assert vol.betrokkenen == licht.betrokkenen == lijst[casus_id] == [a, b, c]
    assert ander.betrokkenen == [] and lijst[ander_id] == []  # type: ignore[index]

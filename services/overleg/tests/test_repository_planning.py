"""Planning in SQL (SQLite and PostgreSQL) through the migrations: plan, answer, series,
attendance, verslag snapshot and rhythm, each committed and read back."""

from __future__ import annotations

import uuid
from datetime import date, time, timedelta

from overleg_fakes import NU, BeleidPdp, FakePdp, FixedClock, getrieerd
from overleg_fakes import FixedClock as Clock
from zvh_contracts.vocab import OverlegAntwoord, OverlegSoort
from zvh_overleg.adapters.db.uow import uow_factory
from zvh_overleg.application import planning, verslag
from zvh_overleg.application.handlers import (
    VoegActieToe,
    casus_id_for,
    handle_melding_event,
    voeg_actie_toe,
)
from zvh_overleg.application.ports import Actor
from zvh_overleg.domain.overleg import OverlegStatus
from zvh_overleg.domain.verslag import Aanwezigheid

PR = Actor(user_id="pr.jansen", org="zvh", roles=["procesregisseur"])
START = NU + timedelta(days=1)


async def test_plan_answer_attendance_verslag_round_trip(sessions) -> None:  # type: ignore[no-untyped-def]
    uow = uow_factory(sessions)
    event = getrieerd(uit_te_nodigen_partners=["gemeente-bergen-op-zoom"])
    await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=Clock())
    casus_id = casus_id_for(event.melding_id)
    await voeg_actie_toe(
        VoegActieToe(
            casus_id=casus_id, wat="Gesprek plannen", wie="politie-zwb", wanneer=date(2030, 3, 10)
        ),
        actor=PR,
        uow=uow,
        pdp=FakePdp(),
        clock=Clock(),
    )
    overleg_id = await planning.plan_overleg(
        planning.PlanOverleg(
            soort=OverlegSoort.CASUS_PLUS,
            start=START,
            eind=START + timedelta(hours=1),
            locatie="Zaal 2",
            voorzitter="pr.jansen",
            agenda=[casus_id],
        ),
        actor=PR,
        uow=uow,
        pdp=BeleidPdp(),
        clock=FixedClock(),
        voorzitters={"pr.jansen"},
    )
    async with uow() as tx:
        genodigden = await tx.planning.genodigden([overleg_id, uuid.uuid4()])
    assert [(g.partner, g.casus_ids) for g in genodigden[overleg_id]] == [
        ("politie-zwb", [casus_id]),
        ("gemeente-bergen-op-zoom", [casus_id]),
    ]
    await planning.beantwoord_uitnodiging(
        overleg_id,
        antwoord=OverlegAntwoord.KOMT_NIET,
        reden="Cursusdag",
        actor=Actor(user_id="gemeente.visser", org="gemeente-bergen-op-zoom"),
        uow=uow,
        clock=FixedClock(),
    )
    later = FixedClock(START + timedelta(hours=1))
    await planning.leg_aanwezigheid_vast(
        overleg_id,
        aanwezigheid=Aanwezigheid(
            partners={"politie-zwb": True, "gemeente-bergen-op-zoom": False},
            client={casus_id: True},
        ),
        actor=PR,
        uow=uow,
        pdp=BeleidPdp(),
        clock=later,
    )
    await verslag.zet_ritme(casus_id, interval_weken=3, actor=PR, uow=uow, pdp=BeleidPdp())
    vastgesteld = await verslag.stel_verslag_vast(
        overleg_id, actor=PR, uow=uow, pdp=BeleidPdp(), clock=later, voorzitters={"pr.jansen"}
    )
    async with uow() as tx:
        overleg = await tx.overleggen.get(overleg_id)
        assert overleg is not None and overleg.status is OverlegStatus.VERSLAG_VASTGESTELD
        assert overleg.antwoord_van("gemeente-bergen-op-zoom").reden == "Cursusdag"  # type: ignore[union-attr]
        aanwezig = await tx.planning.aanwezigheid(overleg_id)
        assert aanwezig.partners == {"politie-zwb": True, "gemeente-bergen-op-zoom": False}
        assert aanwezig.client == {casus_id: True}
        bewaard = await tx.planning.verslag(overleg_id)
        assert await tx.planning.ritmes([casus_id, uuid.uuid4()]) == {casus_id: 3}
    assert bewaard == vastgesteld
    assert bewaard.aanwezig == ["politie-zwb"] and bewaard.afwezig == ["gemeente-bergen-op-zoom"]
    [vc] = bewaard.casussen
    assert vc.client_aanwezig is True and [a.wat for a in vc.acties] == ["Gesprek plannen"]
    assert vc.acties[0].status == "open"
    assert (await verslag.ritme_voorstellen(overleg_id, uow=uow)) == {
        casus_id: START.date() + timedelta(weeks=3)
    }


async def test_series_round_trip(sessions) -> None:  # type: ignore[no-untyped-def]
    uow = uow_factory(sessions)
    reeks_id, ids = await planning.plan_reeks(
        planning.PlanReeks(
            soort=OverlegSoort.CASUSOVERLEG,
            weekdag=0,
            begintijd=time(10, 0),
            duur_minuten=120,
            interval_weken=1,
            aantal_vooruit=3,
            locatie="Zaal 1",
            voorzitter="pr.jansen",
            vanaf=date(2030, 3, 4),
        ),
        actor=PR,
        uow=uow,
        pdp=BeleidPdp(),
        clock=FixedClock(),
        voorzitters={"pr.jansen"},
    )
    assert len(ids) == 3
    async with uow() as tx:
        reeks = await tx.planning.get_reeks(reeks_id)
        overleggen = [await tx.overleggen.get(i) for i in ids]
        # topping up again creates nothing: enough meetings lie ahead
        assert await planning.vul_reeks_aan(tx, reeks_id, nu=NU, voorzitters={"pr.jansen"}) == []
    assert reeks is not None and reeks.begintijd == time(10, 0) and reeks.aantal_vooruit == 3
    assert [o.start.date() for o in overleggen if o] == [
        date(2030, 3, 11),  # Monday 4 March 10:00 NL lies before NU (10:00 UTC)
        date(2030, 3, 18),
        date(2030, 3, 25),
    ]
    assert all(o is not None and o.reeks_id == reeks_id and o.agenda == [] for o in overleggen)

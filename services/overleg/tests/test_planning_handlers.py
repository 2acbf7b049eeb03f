"""Planning handlers on fakes: events with the right sequence and afgemeld, answers over Kafka,
replays, series, attendance, the verslag snapshot and event, the Casus Plus rhythm."""

from __future__ import annotations

import uuid
from datetime import date, time, timedelta

import pytest
from overleg_fakes import NU, FixedClock, Store
from planning_fakes import EigenaarPdp, twee_casussen
from zvh_contracts import topics
from zvh_contracts.overleg import overleg_v1 as ev
from zvh_contracts.partner.overleg_v1 import OverlegBeantwoord as PartnerAntwoord
from zvh_contracts.vocab import Actiestatus, OverlegAntwoord, OverlegSoort
from zvh_overleg.application import planning, verslag
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.ports import Actor
from zvh_overleg.application.timeutil import NL
from zvh_overleg.domain.bouwschema import Categorie, Gevoeligheid, Informatieitem, Onderdeel
from zvh_overleg.domain.errors import OverlegNietWijzigbaar, VerslagNietMogelijk
from zvh_overleg.domain.model import Casus
from zvh_overleg.domain.overleg import OverlegStatus
from zvh_overleg.domain.verslag import Aanwezigheid

PR = Actor(user_id="pr.jansen", org="zvh", roles=["procesregisseur"])
NOTULIST = Actor(user_id="notulist.bakker", org="zvh", roles=["notulist"])
AGENT = Actor(user_id="agent.smit", org="politie-zwb", roles=["deelnemer"])
VOORZITTERS = {"pr.jansen"}
START = NU + timedelta(days=2)


@pytest.fixture
def pdp() -> EigenaarPdp:
    """The policy as overleg expects it (who plans, notuleert, sees the whole overleg)."""
    return EigenaarPdp()


@pytest.fixture
def casussen(store: Store) -> tuple[Casus, Casus]:
    return twee_casussen(store)


def events(store: Store, cls: type) -> list:  # type: ignore[type-arg]
    return [
        (e, i) for t, e, i in store.outbox if isinstance(e, cls) and t == topics.OVERLEG_OVERLEG
    ]


async def plan(uow, pdp, clock, agenda, **kw) -> uuid.UUID:  # type: ignore[no-untyped-def]
    values = {
        "soort": OverlegSoort.CASUSOVERLEG,
        "start": START,
        "eind": START + timedelta(hours=2),
        "locatie": "Zaal 1",
        "voorzitter": "pr.jansen",
        "agenda": agenda,
    }
    values.update(kw)
    return await planning.plan_overleg(
        planning.PlanOverleg(**values),
        actor=PR,
        uow=uow,
        pdp=pdp,
        clock=clock,
        voorzitters=VOORZITTERS,
    )


async def test_plan_publishes_gepland_with_genodigden(uow, pdp, clock, store, casussen) -> None:
    a, b = casussen
    overleg_id = await plan(uow, pdp, clock, [b.casus_id, a.casus_id])
    [(event, event_id)] = events(store, ev.OverlegGepland)
    assert event.overleg_id == overleg_id and event.sequence == 0
    assert event.agenda == [b.casus_id, a.casus_id]
    assert [(g.partner, g.casus_ids) for g in event.genodigden] == [
        ("ggz-wnb", [b.casus_id]),
        ("politie-zwb", [b.casus_id, a.casus_id]),
        ("gemeente-bergen-op-zoom", [a.casus_id]),
    ]
    assert event.start.utcoffset() == timedelta(hours=1)  # shown in NL time (CET in March)
    assert event_id == planning.derived_id("zvh-overleg", "overleg.gepland", overleg_id)
    assert [g.partner for g in store.genodigden[overleg_id]] == [
        "ggz-wnb",
        "politie-zwb",
        "gemeente-bergen-op-zoom",
    ]


async def test_only_the_procesregisseur_plans(uow, pdp, clock, store, casussen) -> None:
    with pytest.raises(ToegangGeweigerd) as weigering:
        await planning.plan_overleg(
            planning.PlanOverleg(
                soort=OverlegSoort.CASUSOVERLEG,
                start=START,
                eind=START + timedelta(hours=1),
                locatie="Zaal",
                voorzitter="pr.jansen",
                agenda=[casussen[0].casus_id],
            ),
            actor=AGENT,
            uow=uow,
            pdp=pdp,
            clock=clock,
            voorzitters=VOORZITTERS,
        )
    assert "alleen de procesregisseur van het ZVH plant overleggen" in weigering.value.reasons
    assert store.overleggen == {} and store.outbox == []
    [vraag] = pdp.requests  # asked with the user's identity, about overleggen in general
    assert (vraag.action, vraag.resource.type, vraag.resource.item) == ("plan", "overleg", None)


async def test_a_deelnemer_neither_changes_nor_notuleert(uow, pdp, clock, store, casussen) -> None:
    a, _ = casussen
    overleg_id = await plan(uow, pdp, clock, [a.casus_id])
    later = FixedClock(START + timedelta(hours=2))
    with pytest.raises(ToegangGeweigerd, match="alleen de procesregisseur van het ZVH plant"):
        await planning.annuleer_overleg(overleg_id, actor=AGENT, uow=uow, pdp=pdp, clock=clock)
    with pytest.raises(ToegangGeweigerd, match="notuleert het overleg"):
        await planning.leg_aanwezigheid_vast(
            overleg_id,
            aanwezigheid=Aanwezigheid(partners={"politie-zwb": False}),
            actor=AGENT,
            uow=uow,
            pdp=pdp,
            clock=later,
        )
    with pytest.raises(ToegangGeweigerd, match="plant overleggen"):
        await verslag.zet_ritme(a.casus_id, interval_weken=2, actor=AGENT, uow=uow, pdp=pdp)
    assert store.overleggen[overleg_id].status is OverlegStatus.GEPLAND
    assert overleg_id not in store.aanwezigheid and store.ritmes == {}
    assert str(overleg_id) in {r.resource.item for r in pdp.requests if r.action == "notuleren"}


class KapottePdp(EigenaarPdp):
    """The PDP cannot be reached (after the overleg was planned: ``stuk``)."""

    stuk = False

    async def decide(self, request, *, token):  # type: ignore[no-untyped-def]
        if self.stuk:
            raise ConnectionError("pdp weg")
        return await super().decide(request, token=token)


async def test_a_pdp_failure_denies_planning_notulen_and_the_concept(
    uow, clock, store, casussen
) -> None:
    a, _ = casussen
    pdp = KapottePdp()
    overleg_id = await plan(uow, pdp, clock, [a.casus_id])
    pdp.stuk = True
    later = FixedClock(START + timedelta(hours=2))
    with pytest.raises(ToegangGeweigerd, match="geen beslissing van de PDP"):
        await plan(uow, pdp, clock, [a.casus_id])
    with pytest.raises(ToegangGeweigerd, match="geen beslissing van de PDP"):
        await planning.leg_aanwezigheid_vast(
            overleg_id,
            aanwezigheid=Aanwezigheid(partners={"politie-zwb": True}),
            actor=PR,
            uow=uow,
            pdp=pdp,
            clock=later,
        )
    with pytest.raises(ToegangGeweigerd, match="geen beslissing van de PDP"):
        await verslag.stel_verslag_vast(
            overleg_id, actor=PR, uow=uow, pdp=pdp, clock=later, voorzitters=VOORZITTERS
        )
    with pytest.raises(ToegangGeweigerd, match="nog niet vastgesteld"):  # no concept either
        await verslag.verslag_voor(overleg_id, actor=PR, uow=uow, pdp=pdp, clock=later)
    assert list(store.overleggen) == [overleg_id] and overleg_id not in store.aanwezigheid
    assert store.overleggen[overleg_id].status is OverlegStatus.GEPLAND


async def test_change_publishes_sequence_and_afgemeld(uow, pdp, clock, store, casussen) -> None:
    a, b = casussen
    overleg_id = await plan(uow, pdp, clock, [a.casus_id, b.casus_id])
    await planning.wijzig_overleg(
        planning.WijzigOverleg(
            overleg_id=overleg_id,
            start=START + timedelta(hours=1),
            eind=START + timedelta(hours=3),
            locatie="Online: https://meet.example/zvh",
            voorzitter="pr.jansen",
            agenda=[a.casus_id],
        ),
        actor=PR,
        uow=uow,
        pdp=pdp,
        clock=clock,
        voorzitters=VOORZITTERS,
    )
    [(event, event_id)] = events(store, ev.OverlegGewijzigd)
    assert event.sequence == 1 and event.afgemeld == ["ggz-wnb"]
    assert [g.partner for g in event.genodigden] == ["politie-zwb", "gemeente-bergen-op-zoom"]
    assert event_id == planning.derived_id("zvh-overleg", "overleg.gewijzigd", overleg_id, 1)
    await planning.annuleer_overleg(overleg_id, actor=PR, uow=uow, pdp=pdp, clock=clock)
    [(cancel, _)] = events(store, ev.OverlegGeannuleerd)
    assert cancel.sequence == 2 and cancel.genodigden == ["politie-zwb", "gemeente-bergen-op-zoom"]
    with pytest.raises(OverlegNietWijzigbaar):
        await planning.annuleer_overleg(overleg_id, actor=PR, uow=uow, pdp=pdp, clock=clock)
    assert store.overleggen[overleg_id].status is OverlegStatus.GEANNULEERD


async def kafka_antwoord(uow, clock, *, overleg_id, org, event_id=None, **kw):  # type: ignore[no-untyped-def]
    values = {"overleg_id": overleg_id, "antwoord": OverlegAntwoord.KOMT}
    values.update(kw)
    return await planning.handle_partner_antwoord(
        event_id=event_id or uuid.uuid4(),
        topic=topics.partner_to_zvh(org),
        event=PartnerAntwoord(**values),
        uow=uow,
        clock=clock,
    )


async def test_kafka_answer_from_topic_partner_and_replay(uow, pdp, clock, store, casussen) -> None:
    a, _ = casussen
    overleg_id = await plan(uow, pdp, clock, [a.casus_id])
    event_id = uuid.uuid4()
    kw = {"overleg_id": overleg_id, "org": "gemeente-bergen-op-zoom", "event_id": event_id}
    assert await kafka_antwoord(
        uow, clock, antwoord=OverlegAntwoord.KOMT_NIET, reden="Teamdag", **kw
    )
    assert not await kafka_antwoord(uow, clock, antwoord=OverlegAntwoord.KOMT_NIET, reden="x", **kw)
    antwoorden = store.overleggen[overleg_id].antwoorden
    assert [(x.partner, x.reden, x.door) for x in antwoorden] == [
        ("gemeente-bergen-op-zoom", "Teamdag", "kafka")
    ]
    [(event, _)] = events(store, ev.OverlegBeantwoord)
    assert (
        event.partner == "gemeente-bergen-op-zoom" and event.antwoord is OverlegAntwoord.KOMT_NIET
    )
    assert "reden" not in event.model_dump()


async def test_kafka_answer_by_non_genodigde_or_unknown_overleg_is_ignored(
    uow, pdp, clock, store, casussen
) -> None:
    a, _ = casussen
    overleg_id = await plan(uow, pdp, clock, [a.casus_id])
    assert not await kafka_antwoord(uow, clock, overleg_id=overleg_id, org="ggz-wnb")
    assert not await kafka_antwoord(uow, clock, overleg_id=uuid.uuid4(), org="politie-zwb")
    assert not await kafka_antwoord(
        uow, clock, overleg_id=overleg_id, org="politie-zwb", antwoord=OverlegAntwoord.KOMT_NIET
    )
    assert store.overleggen[overleg_id].antwoorden == []
    assert events(store, ev.OverlegBeantwoord) == []
    assert len(store.inbox) == 3  # remembered: a redelivery is a no-op, no retry storm


async def test_ui_answer_uses_the_users_org(uow, pdp, clock, store, casussen) -> None:
    a, _ = casussen
    overleg_id = await plan(uow, pdp, clock, [a.casus_id])
    await planning.beantwoord_uitnodiging(
        overleg_id,
        antwoord=OverlegAntwoord.KOMT,
        reden=None,
        actor=AGENT,
        uow=uow,
        clock=clock,
    )
    assert store.overleggen[overleg_id].antwoord_van("politie-zwb").door == "agent.smit"  # type: ignore[union-attr]


async def test_series_creates_meetings_ahead_announced_when_casussen_added(
    uow, pdp, clock, store, casussen
) -> None:
    a, _ = casussen
    reeks_id, ids = await planning.plan_reeks(
        planning.PlanReeks(
            soort=OverlegSoort.CASUS_PLUS,
            weekdag=3,
            begintijd=time(13, 0),
            duur_minuten=90,
            interval_weken=2,
            aantal_vooruit=4,
            locatie="Zaal 3",
            voorzitter="pr.jansen",
            vanaf=date(2030, 3, 4),
        ),
        actor=PR,
        uow=uow,
        pdp=pdp,
        clock=clock,
        voorzitters=VOORZITTERS,
    )
    starts = [store.overleggen[i].start.astimezone(NL) for i in ids]
    assert [s.date() for s in starts] == [
        date(2030, 3, 7),
        date(2030, 3, 21),
        date(2030, 4, 4),
        date(2030, 4, 18),
    ]
    assert {s.strftime("%H:%M") for s in starts} == {"13:00"}
    assert all(store.overleggen[i].reeks_id == reeks_id for i in ids)
    assert store.outbox == []  # nobody invited yet: the agenda is empty
    eerste = store.overleggen[ids[0]]
    await planning.wijzig_overleg(
        planning.WijzigOverleg(
            overleg_id=eerste.overleg_id,
            start=eerste.start,
            eind=eerste.eind,
            locatie=eerste.locatie,
            voorzitter=eerste.voorzitter,
            agenda=[a.casus_id],
        ),
        actor=PR,
        uow=uow,
        pdp=pdp,
        clock=clock,
        voorzitters=VOORZITTERS,
    )
    [(event, _)] = events(store, ev.OverlegGepland)
    assert event.overleg_id == eerste.overleg_id and event.sequence == 0


async def test_verslag_snapshot_event_and_twice_refused(uow, pdp, clock, store, casussen) -> None:
    a, b = casussen
    overleg_id = await plan(uow, pdp, clock, [a.casus_id, b.casus_id])
    later = FixedClock(START + timedelta(hours=2))
    await planning.leg_aanwezigheid_vast(
        overleg_id,
        aanwezigheid=Aanwezigheid(
            partners={"politie-zwb": True, "ggz-wnb": False, "onbekend": True},
            client={a.casus_id: True},
        ),
        actor=NOTULIST,
        uow=uow,
        pdp=pdp,
        clock=later,
    )
    assert store.aanwezigheid[overleg_id].partners == {"politie-zwb": True, "ggz-wnb": False}
    assert store.aanwezigheid[overleg_id].client == {}  # not Casus Plus
    with pytest.raises(ToegangGeweigerd, match="alleen de procesregisseur van het ZVH plant"):
        await verslag.stel_verslag_vast(
            overleg_id, actor=NOTULIST, uow=uow, pdp=pdp, clock=later, voorzitters=VOORZITTERS
        )
    v = await verslag.stel_verslag_vast(
        overleg_id, actor=PR, uow=uow, pdp=pdp, clock=later, voorzitters=VOORZITTERS
    )
    assert v.aanwezig == ["politie-zwb"]
    assert v.afwezig == ["gemeente-bergen-op-zoom", "ggz-wnb"]
    [(event, event_id)] = events(store, ev.VerslagVastgesteld)
    assert event_id == planning.derived_id("zvh-overleg", "verslag.vastgesteld", overleg_id)
    assert [c.casus_id for c in event.casussen] == [a.casus_id, b.casus_id]
    [regel] = event.casussen[0].acties
    assert regel.wat == "Huisbezoek afleggen" and regel.status is Actiestatus.OPEN
    assert event.casussen[1].acties == []
    assert store.overleggen[overleg_id].status is OverlegStatus.VERSLAG_VASTGESTELD
    assert store.verslagen[overleg_id].casussen[0].deelnemers == a.deelnemers
    with pytest.raises(VerslagNietMogelijk, match="al vastgesteld"):
        await verslag.stel_verslag_vast(
            overleg_id, actor=PR, uow=uow, pdp=pdp, clock=later, voorzitters=VOORZITTERS
        )
    assert len(events(store, ev.VerslagVastgesteld)) == 1


async def test_casus_plus_rhythm_plans_into_next_series_meeting(
    uow, pdp, clock, store, casussen
) -> None:
    a, b = casussen
    _, ids = await planning.plan_reeks(
        planning.PlanReeks(
            soort=OverlegSoort.CASUS_PLUS,
            weekdag=3,
            begintijd=time(13, 0),
            duur_minuten=60,
            interval_weken=1,
            aantal_vooruit=4,
            locatie="Zaal 3",
            voorzitter="pr.jansen",
            vanaf=date(2030, 3, 4),
        ),
        actor=PR,
        uow=uow,
        pdp=pdp,
        clock=clock,
        voorzitters=VOORZITTERS,
    )
    overleg_id = await plan(
        uow, pdp, clock, [a.casus_id, b.casus_id], soort=OverlegSoort.CASUS_PLUS
    )
    await verslag.zet_ritme(a.casus_id, interval_weken=2, actor=PR, uow=uow, pdp=pdp)
    await verslag.zet_ritme(b.casus_id, interval_weken=8, actor=PR, uow=uow, pdp=pdp)
    later = FixedClock(START + timedelta(hours=3))
    v = await verslag.stel_verslag_vast(
        overleg_id, actor=PR, uow=uow, pdp=pdp, clock=later, voorzitters=VOORZITTERS
    )
    # overleg on 6 March + 2 weeks → the series meeting of Thursday 21 March
    doel = next(store.overleggen[i] for i in ids if store.overleggen[i].agenda)
    assert doel.start.astimezone(NL).date() == date(2030, 3, 21) and doel.agenda == [a.casus_id]
    assert v.casus(a.casus_id).volgend_overleg == date(2030, 3, 21)  # type: ignore[union-attr]
    gepland = [e for e, _ in events(store, ev.OverlegGepland) if e.overleg_id == doel.overleg_id]
    assert len(gepland) == 1
    # 8 weeks is beyond the series meetings: proposed on the overleg page instead
    voorstellen = await verslag.ritme_voorstellen(overleg_id, uow=uow)
    assert voorstellen == {b.casus_id: date(2030, 5, 1)}


async def test_verslag_for_partner_only_own_casussen_and_readable_items(
    uow, pdp, clock, store, casussen
) -> None:
    a, b = casussen
    overleg_id = await plan(uow, pdp, clock, [a.casus_id, b.casus_id])
    for eigenaar, casus_id in [
        ("politie-zwb", a.casus_id),
        ("gemeente-bergen-op-zoom", a.casus_id),
    ]:
        item = Informatieitem(
            item_id=uuid.uuid4(),
            casus_id=casus_id,
            onderdeel=Onderdeel.BEELD,
            eigenaar=eigenaar,
            categorie=Categorie.ALGEMEEN,
            tekst=f"beeld van {eigenaar}",
            ingebracht_op=START,
            vastgelegd_door="notulist.bakker",
            overleg_id=overleg_id,
            gevoeligheid=Gevoeligheid.NORMAAL,
        )
        store.informatie[item.item_id] = item
    gemeente = Actor(user_id="gemeente.visser", org="gemeente-bergen-op-zoom", roles=["deelnemer"])
    with pytest.raises(ToegangGeweigerd, match="nog niet vastgesteld"):
        await verslag.verslag_voor(overleg_id, actor=gemeente, uow=uow, pdp=pdp, clock=clock)
    concept = await verslag.verslag_voor(overleg_id, actor=PR, uow=uow, pdp=pdp, clock=clock)
    assert concept.concept and len(concept.casussen) == 2 and len(concept.casussen[0].items) == 2
    later = FixedClock(START + timedelta(hours=3))
    await verslag.stel_verslag_vast(
        overleg_id, actor=PR, uow=uow, pdp=pdp, clock=later, voorzitters=VOORZITTERS
    )
    w = await verslag.verslag_voor(overleg_id, actor=gemeente, uow=uow, pdp=pdp, clock=later)
    assert not w.concept and [c.casus.casus_id for c in w.casussen] == [a.casus_id]
    # the politie's entry is there as hidden (no eigenaar, no text), with the PDP's reason
    items = sorted(w.casussen[0].items, key=lambda i: i.zicht.getoond)  # same time: any order
    assert [(i.eigenaar, i.zicht.getoond) for i in items] == [
        (None, False),
        ("gemeente-bergen-op-zoom", True),
    ]
    assert items[0].tekst is None and items[0].zicht.redenen
    assert w.casussen[0].acties_zichtbaar

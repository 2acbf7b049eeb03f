"""Overlegmodus handlers on fakes: events, PDP checks, replays; the hub and the PDP reuse."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from datetime import date, timedelta

import pytest
from modus_helpers import plan_overleg
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
from zvh_contracts import topics
from zvh_contracts.overleg.casus_v1 import ActieGewijzigd, ActieTeruggekoppeld
from zvh_contracts.pdp import Decision, DecisionRequest
from zvh_overleg.application.beslissingen import OnthoudendePdp
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.handlers import VoegActieToe, voeg_actie_toe
from zvh_overleg.application.overlegmodus import (
    BespreekActie,
    OverlegNietGevonden,
    PlanVolgendOverleg,
    VoegItemToe,
    WijzigActie,
    bespreek_actie_in_overleg,
    open_in_overlegmodus,
    plan_volgend_overleg_van_casus,
    voeg_toe_aan_bouwschema,
    wijzig_actie_van_casus,
)
from zvh_overleg.application.ports import Actor
from zvh_overleg.application.wijzigingen import WijzigingHub, subjects_of
from zvh_overleg.domain.errors import ActieOngeldig
from zvh_overleg.domain.model import ActieStatus

NOTULIST = Actor(user_id="notulist.bakker", org="zvh", roles=["notulist"])
PARTNER = Actor(user_id="gemeente.visser", org="gemeente-bergen-op-zoom", roles=["deelnemer"])


async def _setup(store: Store) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    casus_id = await open_casus(store)
    actie_id = await voeg_actie_toe(
        VoegActieToe(casus_id=casus_id, wat="Bellen", wie="politie-zwb", wanneer=MORGEN),
        actor=NOTULIST,
        uow=lambda: FakeUnitOfWork(store),
        pdp=FakePdp(),
        clock=FixedClock(),
    )
    return casus_id, actie_id, plan_overleg(store, [casus_id])


def _deps(store: Store, pdp: FakePdp) -> dict:  # type: ignore[type-arg]
    return {
        "actor": NOTULIST,
        "uow": lambda: FakeUnitOfWork(store),
        "pdp": pdp,
        "clock": FixedClock(),
    }


async def test_review_publishes_teruggekoppeld_with_overleg_and_is_replay_safe(store, pdp) -> None:
    casus_id, actie_id, overleg_id = await _setup(store)
    verzoek = uuid.uuid4()
    cmd = BespreekActie(
        overleg_id=overleg_id,
        casus_id=casus_id,
        actie_id=actie_id,
        status="loopt",
        door="politie-zwb",
        reden="bezig",
        verzoek_id=verzoek,
    )
    assert await bespreek_actie_in_overleg(cmd, **_deps(store, pdp)) is True
    assert await bespreek_actie_in_overleg(cmd, **_deps(store, pdp)) is False
    events = [(t, e, i) for t, e, i in store.outbox if isinstance(e, ActieTeruggekoppeld)]
    assert len(events) == 1 and len(store.terugkoppelingen) == 1
    topic, event, _ = events[0]
    assert topic == topics.OVERLEG_CASUS and event.overleg_id == overleg_id
    assert event.door == "politie-zwb" and "bezig" not in event.model_dump_json()
    writes = {(r.action, r.resource.type, r.resource.eigenaar) for r in pdp.requests}
    assert ("write", "actielijst", None) in writes
    assert ("write", "informatie-item", "politie-zwb") in writes  # the reden is content


async def test_review_denied_by_pdp_changes_nothing(store) -> None:
    casus_id, actie_id, overleg_id = await _setup(store)
    cmd = BespreekActie(
        overleg_id=overleg_id,
        casus_id=casus_id,
        actie_id=actie_id,
        status="afgerond",
        door="politie-zwb",
    )
    with pytest.raises(ToegangGeweigerd):
        await bespreek_actie_in_overleg(cmd, **_deps(store, FakePdp(allow=False)))
    assert store.casussen[casus_id].acties[0].status is ActieStatus.OPEN
    assert not [e for _, e, _ in store.outbox if isinstance(e, ActieTeruggekoppeld)]


async def test_partner_users_are_refused_before_anything_is_read(store) -> None:
    """The PDP refuses the actielijst write overlegmodus needs; nothing is shown or stored."""
    casus_id, _actie_id, overleg_id = await _setup(store)
    pdp = BeleidPdp()
    deps = {**_deps(store, pdp), "actor": PARTNER}
    with pytest.raises(ToegangGeweigerd):
        await voeg_toe_aan_bouwschema(
            VoegItemToe(
                overleg_id=overleg_id,
                casus_id=casus_id,
                onderdeel="beeld",
                eigenaar="gemeente-bergen-op-zoom",
                categorie="wonen",
                tekst="x",
            ),
            **deps,
        )
    with pytest.raises(ToegangGeweigerd, match="geen regel staat dit toe"):
        await open_in_overlegmodus(overleg_id, casus_id, **deps)
    assert store.informatie == {}
    assert {(q.action, q.resource.type) for q in pdp.requests} >= {("write", "actielijst")}
    assert store.huidige_casus.get(overleg_id) is None  # the projectie did not change


async def test_item_needs_the_pdp_write_allow_and_publishes_nothing(store) -> None:
    casus_id, _, overleg_id = await _setup(store)
    before = len(store.outbox)
    cmd = VoegItemToe(
        overleg_id=overleg_id,
        casus_id=casus_id,
        onderdeel="bedreigingen",
        eigenaar="ggz-wnb",
        categorie="zorg",
        tekst="Zorgmijding",
    )
    with pytest.raises(ToegangGeweigerd):
        await voeg_toe_aan_bouwschema(cmd, **_deps(store, FakePdp(allow=False)))
    assert store.informatie == {}
    pdp = FakePdp()
    item_id = await voeg_toe_aan_bouwschema(cmd, **_deps(store, pdp))
    lijst, req = pdp.requests  # overlegmodus records: the actielijst write first
    assert (lijst.action, lijst.resource.type) == ("write", "actielijst")
    assert (req.action, req.resource.eigenaar, req.resource.categorie) == (
        "write",
        "ggz-wnb",
        "zorg",
    )
    assert store.informatie[item_id].tekst == "Zorgmijding"  # type: ignore[index]
    assert len(store.outbox) == before  # entries never go on a topic
    assert store.versies[casus_id] >= 1 and store.versies[overleg_id] >= 1


async def test_item_for_unknown_overleg(store, pdp) -> None:
    casus_id, _, _ = await _setup(store)
    with pytest.raises(OverlegNietGevonden):
        await voeg_toe_aan_bouwschema(
            VoegItemToe(
                overleg_id=uuid.uuid4(),
                casus_id=casus_id,
                onderdeel="beeld",
                eigenaar="politie-zwb",
                categorie="politie",
                tekst="x",
            ),
            **_deps(store, pdp),
        )


async def test_edit_publishes_gewijzigd_keeps_history_and_replays_nothing(store, pdp) -> None:
    casus_id, actie_id, overleg_id = await _setup(store)
    verzoek = uuid.uuid4()
    cmd = WijzigActie(
        casus_id=casus_id,
        actie_id=actie_id,
        wie="gemeente-bergen-op-zoom",
        wanneer=date(2030, 3, 10),
        overleg_id=overleg_id,
        verzoek_id=verzoek,
    )
    w = await wijzig_actie_van_casus(cmd, **_deps(store, pdp))
    assert w is not None and set(w.velden) == {"wie", "wanneer"}
    assert await wijzig_actie_van_casus(cmd, **_deps(store, pdp)) is None
    events = [(e, i) for _, e, i in store.outbox if isinstance(e, ActieGewijzigd)]
    assert len(events) == 1 and len(store.historie) == 1
    event, event_id = events[0]
    assert (event.wie, event.vorige_wie, event.wanneer) == (
        "gemeente-bergen-op-zoom",
        "politie-zwb",
        date(2030, 3, 10),
    )
    assert not event.ingetrokken and not event.wachtlijst
    # deterministic event id: derived from the form's verzoek id
    from zvh_contracts.envelope import derived_id

    assert event_id == derived_id(
        "zvh-overleg", "actie-gewijzigd", derived_id("zvh-overleg", "actie-gewijzigd", verzoek)
    )


async def test_edit_nothing_changed_publishes_nothing(store, pdp) -> None:
    casus_id, actie_id, _ = await _setup(store)
    before = len(store.outbox)
    w = await wijzig_actie_van_casus(
        WijzigActie(casus_id=casus_id, actie_id=actie_id, wat="Bellen"), **_deps(store, pdp)
    )
    assert w is None and len(store.outbox) == before and store.historie == []


async def test_edit_withdrawn_is_refused(store, pdp) -> None:
    casus_id, actie_id, _ = await _setup(store)
    await wijzig_actie_van_casus(
        WijzigActie(casus_id=casus_id, actie_id=actie_id, intrekken=True), **_deps(store, pdp)
    )
    with pytest.raises(ActieOngeldig):
        await wijzig_actie_van_casus(
            WijzigActie(casus_id=casus_id, actie_id=actie_id, wachtlijst=True),
            **_deps(store, pdp),
        )
    [event] = [e for _, e, _ in store.outbox if isinstance(e, ActieGewijzigd)]
    assert event.ingetrokken


async def test_volgend_overleg_is_stored_and_wakes_streams(store, pdp) -> None:
    casus_id, _, overleg_id = await _setup(store)
    hub = WijzigingHub()
    with hub.abonneer({casus_id}) as abonnement:
        await plan_volgend_overleg_van_casus(
            PlanVolgendOverleg(casus_id=casus_id, datum=date(2030, 4, 1), overleg_id=overleg_id),
            actor=NOTULIST,
            uow=lambda: FakeUnitOfWork(store, hub=hub),
            pdp=pdp,
            clock=FixedClock(),
        )
        assert await abonnement.wacht(1.0) is True
    assert store.casussen[casus_id].volgend_overleg_op == date(2030, 4, 1)


async def test_hub_wakes_only_followers_and_forgets_closed_streams() -> None:
    hub = WijzigingHub()
    a, b = uuid.uuid4(), uuid.uuid4()
    with hub.abonneer({a}) as volger_a, hub.abonneer({b}) as volger_b:
        hub.meld({a})
        assert await volger_a.wacht(0.5) is True
        assert await volger_b.wacht(0.01) is False
        volger_b.volg({a})
        hub.meld({a})
        assert await volger_b.wacht(0.5) is True
    assert hub._per_subject == {}


def test_subjects_of_events() -> None:
    casus_id, overleg_id = uuid.uuid4(), uuid.uuid4()
    event = ActieTeruggekoppeld(
        casus_id=casus_id,
        actie_id=uuid.uuid4(),
        door="politie-zwb",
        status="loopt",
        teruggekoppeld_op=NU,
        overleg_id=overleg_id,
    )
    assert subjects_of(event) == {casus_id, overleg_id}


class CountingPdp:
    def __init__(self) -> None:
        self.asked = 0
        self.batches: list[int] = []
        self.fail = False

    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
        self.asked += 1
        if self.fail:
            raise RuntimeError("pdp weg")
        return Decision(allow=True, reasons=[])

    async def decide_many(
        self, requests: Sequence[DecisionRequest], *, token: str | None
    ) -> list[Decision]:
        self.batches.append(len(requests))
        return [await self.decide(r, token=token) for r in requests]


async def test_remembering_pdp_reuses_for_five_minutes_then_asks_again() -> None:
    from zvh_contracts.pdp import Context, Resource, Subject

    inner, clock = CountingPdp(), FixedClock()
    pdp = OnthoudendePdp(inner, clock=clock)
    request = DecisionRequest(
        subject=Subject(user="u", org="zvh", roles=[]),
        action="read",
        resource=Resource(type="actielijst", casus="c"),
        context=Context(doel="casusoverleg"),
    )
    for _ in range(3):
        assert (await pdp.decide(request, token="t")).allow
    assert inner.asked == 1
    other = request.model_copy(update={"action": "write"})
    await pdp.decide(other, token="t")
    assert inner.asked == 2
    clock.now_value = NU + timedelta(minutes=5)
    await pdp.decide(request, token="t")
    assert inner.asked == 3
    inner.fail = True
    clock.now_value = NU + timedelta(minutes=11)
    with pytest.raises(RuntimeError):
        await pdp.decide(request, token="t")


async def test_remembering_pdp_batches_only_what_it_does_not_know() -> None:
    from zvh_contracts.pdp import Context, Resource, Subject

    inner, clock = CountingPdp(), FixedClock()
    pdp = OnthoudendePdp(inner, clock=clock)
    a, b, c = (
        DecisionRequest(
            subject=Subject(user="u", org="zvh", roles=[]),
            action="read",
            resource=Resource(type="informatie-item", casus="c", eigenaar=e, categorie="wonen"),
            context=Context(doel="casusoverleg"),
        )
        for e in ("politie-zwb", "ggz-wnb", "gemeente-bergen-op-zoom")
    )
    assert [d.allow for d in await pdp.decide_many([a, b], token="t")] == [True, True]
    assert inner.batches == [2]
    assert len(await pdp.decide_many([b, c, a], token="t")) == 3
    assert inner.batches == [2, 1]  # only c was new
    assert len(await pdp.decide_many([a, b, c], token="t")) == 3
    assert inner.batches == [2, 1]  # all remembered
    assert (await pdp.decide(c, token="t")).allow and inner.asked == 3
    clock.now_value = NU + timedelta(minutes=5)
    await pdp.decide_many([a, b, c], token="t")
    assert inner.batches == [2, 1, 3]
    inner.fail = True
    clock.now_value = NU + timedelta(minutes=11)
    with pytest.raises(RuntimeError):
        await pdp.decide_many([a], token="t")
    inner.fail = False
    await pdp.decide_many([a], token="t")
    assert inner.batches == [2, 1, 3, 1, 1]  # the failure was not remembered


async def test_hub_wakes_a_stream_in_another_thread_loop() -> None:
    hub = WijzigingHub()
    subject = uuid.uuid4()
    with hub.abonneer({subject}) as abonnement:
        await asyncio.to_thread(hub.meld, {subject})
        assert await abonnement.wacht(1.0) is True

"""Overlegmodus in SQL (SQLite and PostgreSQL), schema from the migrations: actie edits and
history, reviews, the current casus, change versions and the hub after commit."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from overleg_fakes import MORGEN, NU, getrieerd
from overleg_fakes import FakePdp as AllowAll
from overleg_fakes import FixedClock as Clock
from zvh_contracts.vocab import OverlegSoort
from zvh_overleg.adapters.db.repository import SqlCasusRepository
from zvh_overleg.adapters.db.uow import uow_factory
from zvh_overleg.application.handlers import (
    VoegActieToe,
    casus_id_for,
    handle_melding_event,
    voeg_actie_toe,
)
from zvh_overleg.application.overlegmodus import (
    BespreekActie,
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
from zvh_overleg.application.wijzigingen import WijzigingHub
from zvh_overleg.domain.model import ActieStatus
from zvh_overleg.domain.overleg import Overleg

NOTULIST = Actor(user_id="notulist.bakker", org="zvh", roles=["notulist"])


async def _setup(uow) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:  # type: ignore[no-untyped-def]
    event = getrieerd()
    await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=Clock())
    casus_id = casus_id_for(event.melding_id)
    actie_id = await voeg_actie_toe(
        VoegActieToe(casus_id=casus_id, wat="Bellen", wie="politie-zwb", wanneer=MORGEN),
        actor=NOTULIST,
        uow=uow,
        pdp=AllowAll(),
        clock=Clock(),
    )
    overleg = Overleg(
        overleg_id=uuid.uuid4(),
        soort=OverlegSoort.CASUSOVERLEG,
        start=NU,
        eind=NU,
        locatie="Zaal",
        voorzitter="pr.jansen",
        agenda=[casus_id],
        gepland_op=NU,
        gepland_door="pr.jansen",
    )
    async with uow() as tx:
        await tx.overleggen.add(overleg)
        await tx.commit()
    return casus_id, actie_id, overleg.overleg_id


async def test_modus_round_trip(sessions) -> None:  # type: ignore[no-untyped-def]
    hub = WijzigingHub()
    uow = uow_factory(sessions, hub=hub)
    deps: dict[str, Any] = {"actor": NOTULIST, "uow": uow, "pdp": AllowAll(), "clock": Clock()}
    casus_id, actie_id, overleg_id = await _setup(uow)
    with hub.abonneer({casus_id}) as casus_volger, hub.abonneer({overleg_id}) as overleg_volger:
        async with uow() as tx:
            start = await tx.modus.versie([casus_id, overleg_id])
        beeld = await open_in_overlegmodus(overleg_id, casus_id, **deps)
        assert beeld.positie == 1 and beeld.casus.casus_id == casus_id
        assert await overleg_volger.wacht(0.5) is True
        await voeg_toe_aan_bouwschema(
            VoegItemToe(
                overleg_id=overleg_id,
                casus_id=casus_id,
                onderdeel="probleem",
                eigenaar="zvh",
                categorie="algemeen",
                tekst="Overlast en schulden",
            ),
            **deps,
        )
        assert await casus_volger.wacht(0.5) is True
        await bespreek_actie_in_overleg(
            BespreekActie(
                overleg_id=overleg_id,
                casus_id=casus_id,
                actie_id=actie_id,
                status="loopt",
                door="ggz-wnb",
                reden="Intake gepland",
            ),
            **deps,
        )
        await wijzig_actie_van_casus(
            WijzigActie(
                casus_id=casus_id,
                actie_id=actie_id,
                wat="Bellen en langsgaan",
                wie="gemeente-bergen-op-zoom",
                wanneer=date(2030, 3, 9),
                wachtlijst=True,
                overleg_id=overleg_id,
            ),
            **deps,
        )
        await plan_volgend_overleg_van_casus(
            PlanVolgendOverleg(casus_id=casus_id, datum=date(2030, 4, 1)), **deps
        )
    async with uow() as tx:
        assert await tx.modus.huidige_casus(overleg_id) == casus_id
        assert await tx.modus.versie([casus_id, overleg_id]) > start
        casus = await tx.casussen.get(casus_id)
        assert casus is not None and casus.volgend_overleg_op == date(2030, 4, 1)
        [actie] = casus.acties
        assert (actie.wat, actie.wie, actie.wanneer, actie.wachtlijst, actie.status) == (
            "Bellen en langsgaan",
            "gemeente-bergen-op-zoom",
            date(2030, 3, 9),
            True,
            ActieStatus.LOOPT,
        )
        [w] = await tx.modus.historie(casus_id)
        assert w.velden["wie"] == ("politie-zwb", "gemeente-bergen-op-zoom")
        assert w.door == "notulist.bakker" and w.overleg_id == overleg_id
        assert isinstance(tx.casussen, SqlCasusRepository)
        [tk] = await tx.casussen.terugkoppelingen(actie_id)
        assert (tk.door, tk.toelichting, tk.overleg_id, tk.vastgelegd_door) == (
            "ggz-wnb",
            "Intake gepland",
            overleg_id,
            "notulist.bakker",
        )
        [item] = await tx.informatie.voor_casus(casus_id)
        assert item.eigenaar == "zvh" and item.onderdeel.value == "probleem"


async def test_current_casus_is_replaced(sessions) -> None:  # type: ignore[no-untyped-def]
    uow = uow_factory(sessions)
    casus_id, _, overleg_id = await _setup(uow)
    other = uuid.uuid4()
    async with uow() as tx:
        await tx.modus.zet_huidige_casus(overleg_id, casus_id, op=NU, door="a")
        await tx.modus.zet_huidige_casus(overleg_id, other, op=NU, door="b")
        await tx.commit()
    async with uow() as tx:
        assert await tx.modus.huidige_casus(overleg_id) == other
        assert await tx.modus.huidige_casus(uuid.uuid4()) is None


async def test_versions_grow_per_commit_and_not_on_rollback(sessions) -> None:  # type: ignore[no-untyped-def]
    hub = WijzigingHub()
    uow = uow_factory(sessions, hub=hub)
    subject = uuid.uuid4()
    with hub.abonneer({subject}) as volger:
        async with uow() as tx:
            tx.gewijzigd(subject)
            # not committed: rolled back, nobody woken
        assert await volger.wacht(0.05) is False
        for _ in range(2):
            async with uow() as tx:
                tx.gewijzigd(subject)
                await tx.commit()
        assert await volger.wacht(0.5) is True
    async with uow() as tx:
        assert await tx.modus.versie([subject]) == 2
        assert await tx.modus.versie([]) == 0


async def test_a_publish_wakes_the_subjects_stream(sessions) -> None:  # type: ignore[no-untyped-def]
    hub = WijzigingHub()
    uow = uow_factory(sessions, hub=hub)
    event = getrieerd()
    casus_id = casus_id_for(event.melding_id)
    with hub.abonneer({casus_id}) as volger:
        await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=Clock())
        assert await volger.wacht(0.5) is True
    async with uow() as tx:
        assert await tx.modus.versie([casus_id]) == 1


async def test_wachtlijst_defaults_to_false_for_existing_rows(sessions) -> None:  # type: ignore[no-untyped-def]
    uow = uow_factory(sessions)
    casus_id, _actie_id, _ = await _setup(uow)
    async with uow() as tx:
        casus = await tx.casussen.get(casus_id)
    assert casus is not None and casus.acties[0].wachtlijst is False

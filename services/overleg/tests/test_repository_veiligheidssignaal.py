"""Veiligheidssignalen on SQLite and PostgreSQL, schema from the migrations (0017): set, renew,
withdraw and read back; an actie handed out carries the active ones in its outbox row."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

import pytest
from overleg_fakes import BeleidPdp, getrieerd
from overleg_fakes import FixedClock as Clock
from sqlalchemy import select
from zvh_contracts.overleg.casus_v1 import ActieToegewezen
from zvh_overleg.adapters.db.uow import uow_factory
from zvh_overleg.application import veiligheidssignalen as vs
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.handlers import VoegActieToe, handle_melding_event, voeg_actie_toe
from zvh_overleg.application.ports import Actor
from zvh_overleg.domain.veiligheidssignaal import GRONDSLAG, Signaalstand
from zvh_platform.db import outbox_table

PR = Actor(user_id="pr.jansen", org="zvh", roles=["procesregisseur"], token="t")
AGENT = Actor(user_id="agent.smit", org="politie-zwb", roles=["deelnemer"], token="t")
NU = datetime(2030, 3, 4, 10, tzinfo=UTC)


async def _casus(uow, clock) -> uuid.UUID:  # type: ignore[no-untyped-def]
    event = getrieerd(uit_te_nodigen_partners=["politie-zwb", "ggz-wnb"])
    casus_id = await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=clock)
    assert casus_id
    return casus_id


async def test_set_renew_withdraw_round_trip(sessions) -> None:
    uow, clock, pdp = uow_factory(sessions), Clock(NU), BeleidPdp()
    casus_id = await _casus(uow, clock)
    eerste = await vs.zet_veiligheidssignaal(
        vs.ZetVeiligheidssignaal(
            casus_id=casus_id,
            code="niet-alleen-op-huisbezoek",
            geldig_van=None,
            geldig_tot=date(2030, 6, 1),
            herbeoordeling_op=date(2030, 5, 1),
        ),
        actor=PR,
        uow=uow,
        pdp=pdp,
        clock=clock,
    )
    tweede = await vs.zet_veiligheidssignaal(
        vs.ZetVeiligheidssignaal(
            casus_id=casus_id,
            code="wapenbezit-bekend",
            geldig_van=date(2030, 3, 5),
            geldig_tot=date(2030, 4, 1),
            herbeoordeling_op=date(2030, 3, 20),
        ),
        actor=PR,
        uow=uow,
        pdp=pdp,
        clock=clock,
    )
    await vs.verleng_veiligheidssignaal(
        vs.VerlengVeiligheidssignaal(
            casus_id=casus_id,
            signaal_id=eerste,
            geldig_tot=date(2030, 8, 1),
            herbeoordeling_op=date(2030, 7, 1),
        ),
        actor=PR,
        uow=uow,
        pdp=pdp,
        clock=clock,
    )
    await vs.trek_veiligheidssignaal_in(casus_id, tweede, actor=PR, uow=uow, pdp=pdp, clock=clock)
    async with uow() as tx:
        gelezen = await tx.veiligheidssignalen.voor_casus(casus_id)
        per_casus = await tx.veiligheidssignalen.voor_casussen([casus_id, uuid.uuid4()])
    assert sorted(s.signaal_id for s in gelezen) == sorted([eerste, tweede])
    a, b = sorted(gelezen, key=lambda s: s.signaal_id != eerste)
    assert (a.code.value, a.geldig_van, a.geldig_tot, a.herbeoordeling_op) == (
        "niet-alleen-op-huisbezoek",
        date(2030, 3, 4),
        date(2030, 8, 1),
        date(2030, 7, 1),
    )
    assert (a.grondslag, a.gezet_door, a.gezet_op, a.verlengd_door, a.verlengd_op) == (
        "wettelijke taak / veiligheid van professionals (Arbowet art. 3)",
        "pr.jansen",
        NU,
        "pr.jansen",
        NU,
    )
    assert a.grondslag == GRONDSLAG
    assert b.stand(date(2030, 3, 6)) is Signaalstand.INGETROKKEN
    assert (b.ingetrokken_door, b.ingetrokken_op) == ("pr.jansen", NU)
    assert list(per_casus) == [casus_id] and len(per_casus[casus_id]) == 2


async def test_a_deelnemer_cannot_set_one(sessions) -> None:
    uow, clock = uow_factory(sessions), Clock(NU)
    casus_id = await _casus(uow, clock)
    with pytest.raises(ToegangGeweigerd):
        await vs.zet_veiligheidssignaal(
            vs.ZetVeiligheidssignaal(
                casus_id=casus_id,
                code="agressie-bekend",
                geldig_van=None,
                geldig_tot=date(2030, 6, 1),
                herbeoordeling_op=date(2030, 5, 1),
            ),
            actor=AGENT,
            uow=uow,
            pdp=BeleidPdp(),
            clock=clock,
        )
    async with uow() as tx:
        assert await tx.veiligheidssignalen.voor_casus(casus_id) == []


async def test_an_actie_carries_the_active_signals_in_its_outbox_row(sessions) -> None:
    uow, clock, pdp = uow_factory(sessions), Clock(NU), BeleidPdp()
    casus_id = await _casus(uow, clock)
    for code, tot in (("geen-huisbezoek", date(2030, 6, 1)), ("agressie-bekend", date(2030, 3, 4))):
        await vs.zet_veiligheidssignaal(
            vs.ZetVeiligheidssignaal(
                casus_id=casus_id, code=code, geldig_van=None, geldig_tot=tot, herbeoordeling_op=tot
            ),
            actor=PR,
            uow=uow,
            pdp=pdp,
            clock=clock,
        )
    await voeg_actie_toe(
        VoegActieToe(casus_id=casus_id, wat="Huisbezoek", wie="ggz-wnb", wanneer=date(2030, 3, 20)),
        actor=PR,
        uow=uow,
        pdp=pdp,
        clock=clock,
    )
    # the next day the agressie-bekend signal has expired: it no longer travels
    later = Clock(datetime(2030, 3, 5, 10, tzinfo=UTC))
    await voeg_actie_toe(
        VoegActieToe(
            casus_id=casus_id, wat="Gesprek", wie="politie-zwb", wanneer=date(2030, 3, 20)
        ),
        actor=PR,
        uow=uow,
        pdp=pdp,
        clock=later,
    )
    async with sessions() as s:
        bodies = (
            (
                await s.execute(
                    select(outbox_table.c.body)
                    .where(outbox_table.c.event_type == ActieToegewezen.event_type)
                    .order_by(outbox_table.c.created_at)
                )
            )
            .scalars()
            .all()
        )
    signalen = {json.loads(b)["wie"]: json.loads(b)["veiligheidssignalen"] for b in bodies}
    assert signalen == {
        "ggz-wnb": [
            {"code": "geen-huisbezoek", "geldig_tot": "2030-06-01"},
            {"code": "agressie-bekend", "geldig_tot": "2030-03-04"},
        ],
        "politie-zwb": [{"code": "geen-huisbezoek", "geldig_tot": "2030-06-01"}],
    }

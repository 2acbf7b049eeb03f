"""The SQL repository and unit of work on SQLite and PostgreSQL, schema from the migrations."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest
from overleg_fakes import NU, FakePdp, getrieerd
from sqlalchemy import func, select
from zvh_contracts import topics
from zvh_contracts.partner.actie_v1 import ActieTeruggekoppeld
from zvh_contracts.vocab import Terugkoppelstatus
from zvh_overleg.adapters.db.repository import SqlCasusRepository
from zvh_overleg.adapters.db.uow import uow_factory
from zvh_overleg.application.handlers import (
    VoegActieToe,
    handle_melding_event,
    handle_partner_event,
    voeg_actie_toe,
)
from zvh_overleg.application.ports import Actor
from zvh_overleg.domain.errors import TerugkoppelingGeweigerd
from zvh_overleg.domain.model import ActieStatus
from zvh_platform.db import outbox_table


class Clock:
    def now(self) -> datetime:
        return NU


AllowAll = FakePdp  # allows unless told otherwise


async def test_open_casus_add_actie_terugkoppeling_round_trip(sessions) -> None:
    woken: list[int] = []
    uow = uow_factory(sessions, after_commit=lambda: woken.append(1))
    event = getrieerd(client_geinformeerd=False, herbeoordeling_op=date(2030, 5, 1))
    event_id = uuid.uuid4()
    casus_id = await handle_melding_event(event_id=event_id, event=event, uow=uow, clock=Clock())
    assert casus_id
    # redelivery: the inbox makes it a no-op
    assert (
        await handle_melding_event(event_id=event_id, event=event, uow=uow, clock=Clock()) is None
    )
    actie_id = await voeg_actie_toe(
        VoegActieToe(
            casus_id=casus_id,
            wat="Huisbezoek",
            wie="gemeente-bergen-op-zoom",
            wanneer=date(2030, 3, 9),
        ),
        actor=Actor(user_id="pr.jansen", org="zvh", roles=["procesregisseur"]),
        uow=uow,
        pdp=AllowAll(),
        clock=Clock(),
    )
    topic = topics.partner_to_zvh("gemeente-bergen-op-zoom")
    tk = ActieTeruggekoppeld(
        casus_id=casus_id,
        actie_id=actie_id,
        status=Terugkoppelstatus.NIET_MOGELIJK,
        toelichting="Niet thuis",
    )
    tk_id = uuid.uuid4()
    assert await handle_partner_event(event_id=tk_id, topic=topic, event=tk, uow=uow, clock=Clock())
    with pytest.raises(TerugkoppelingGeweigerd):
        await handle_partner_event(
            event_id=uuid.uuid4(),
            topic=topics.partner_to_zvh("om-zwb"),
            event=tk,
            uow=uow,
            clock=Clock(),
        )
    assert len(woken) == 3

    async with sessions() as s:
        repo = SqlCasusRepository(s)
        casus = await repo.get(casus_id)
        assert casus is not None
        assert casus.deelnemers == ["politie-zwb", "gemeente-bergen-op-zoom", "ggz-wnb"]
        assert casus.herbeoordeling_op == date(2030, 5, 1) and casus.client_geinformeerd is False
        assert casus.geopend_op == NU and casus.geopend_op.tzinfo is not None
        assert [(h.ave_fase, h.door) for h in casus.ave_fase_historie] == [(4, "pr.jansen")]
        [actie] = casus.acties
        assert actie.status is ActieStatus.NIET_MOGELIJK and actie.teruggekoppeld_op == NU
        [t] = await repo.terugkoppelingen(actie_id)
        assert (t.toelichting, t.door, t.terugkoppeling_id) == (
            "Niet thuis",
            "gemeente-bergen-op-zoom",
            tk_id,
        )
        assert (await repo.by_melding(event.melding_id)).casus_id == casus_id  # type: ignore[union-attr]
        assert [c.casus_id for c in await repo.list(deelnemer="ggz-wnb")] == [casus_id]
        assert await repo.list(deelnemer="om-zwb") == []
        assert await repo.list(melding_id=uuid.uuid4()) == []
        types = (
            await s.execute(
                select(outbox_table.c.event_type, outbox_table.c.topic).order_by(outbox_table.c.seq)
            )
        ).all()
    assert [t for t, _ in types] == [
        "zvh.overleg.casus.geopend.v1",
        "zvh.overleg.casus.actie-toegewezen.v1",
        "zvh.overleg.casus.actie-teruggekoppeld.v1",
    ]
    assert {tp for _, tp in types} == {topics.OVERLEG_CASUS}


async def test_one_casus_per_melding_and_rollback_on_error(sessions) -> None:
    uow = uow_factory(sessions)
    event = getrieerd()
    first = await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=Clock())
    second = await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=Clock())
    assert first == second
    async with sessions() as s:
        from zvh_overleg.adapters.db.tables import casussen

        assert await s.scalar(select(func.count()).select_from(casussen)) == 1
        assert await s.scalar(select(func.count()).select_from(outbox_table)) == 1


def test_naive_datetimes_are_refused() -> None:
    from zvh_overleg.adapters.db.tables import UtcDateTime

    with pytest.raises(ValueError, match="naive"):
        UtcDateTime().process_bind_param(datetime(2030, 1, 1), None)  # type: ignore[arg-type]
    assert UtcDateTime().process_result_value(datetime(2030, 1, 1), None) == datetime(  # type: ignore[arg-type]
        2030, 1, 1, tzinfo=UTC
    )


async def test_migrations_match_the_tables(sessions) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from zvh_overleg.adapters.db.tables import metadata
    from zvh_platform.db import platform_metadata

    def diff(conn):  # type: ignore[no-untyped-def]
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(ctx, [metadata, platform_metadata])  # type: ignore[arg-type]

    async with sessions() as s:
        conn = await s.connection()
        assert await conn.run_sync(diff) == []

"""Migration 0011_casemanagementmodel: a casus records its casemanagement model with history; one
opened before is makelaar until a triage chooses otherwise (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import zvh_overleg
from alembic import command
from migration_helpers import voeg_oude_casus_toe
from overleg_fakes import NU, getrieerd
from overleg_fakes import FixedClock as Clock
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine
from zvh_contracts.vocab import Casemanagementmodel as M
from zvh_overleg.adapters.db.tables import casussen
from zvh_overleg.adapters.db.uow import uow_factory
from zvh_overleg.application.handlers import casus_id_for, handle_melding_event
from zvh_overleg.domain.model import TriageModelkeuze
from zvh_platform.db import session_factory
from zvh_platform.migrations import alembic_config

MIGRATIONS = Path(zvh_overleg.__file__).parent / "migrations"


async def test_an_older_casus_is_makelaar_and_a_triage_changes_it_with_its_reason(
    db_url: str,
) -> None:
    cfg = alembic_config(engine_url=db_url, script_location=MIGRATIONS)
    await asyncio.to_thread(command.upgrade, cfg, "0010_sessies")
    casus_id = uuid.uuid4()
    engine = create_async_engine(db_url)
    try:
        async with engine.begin() as conn:
            await voeg_oude_casus_toe(conn, casus_id)
        await asyncio.to_thread(command.upgrade, cfg, "0011_casemanagementmodel")
        async with engine.connect() as conn:
            [rij] = (await conn.execute(select(casussen.c.casemanagementmodel))).all()
        assert rij.casemanagementmodel is None
        # the repository reads today's columns: bring the schema up to date (later migrations
        # only add columns an older casus leaves empty)
        await asyncio.to_thread(command.upgrade, cfg, "heads")
        uow = uow_factory(session_factory(engine))
        async with uow() as tx:
            oud = await tx.casussen.get(casus_id)
        assert oud is not None
        assert oud.casemanagementmodel is M.MAKELAAR and oud.model_historie == []

        # the triage page keeps its choice first; the triage event then joins the melding
        event = getrieerd(bestaande_casus_id=casus_id, casemanagementmodel=M.INTENSIEF)
        async with uow() as tx:
            await tx.casussen.add_modelkeuze(
                TriageModelkeuze(
                    melding_id=event.melding_id,
                    voorgesteld=M.COORDINATIE_PLUS,
                    gekozen=M.INTENSIEF,
                    reden="veel instanties betrokken",
                    door="pr.jansen",
                    gekozen_op=NU,
                )
            )
            await tx.commit()
        await handle_melding_event(event_id=uuid.uuid4(), event=event, uow=uow, clock=Clock())
        async with uow() as tx:
            bijgewerkt = await tx.casussen.get(casus_id)
        assert bijgewerkt is not None and bijgewerkt.casemanagementmodel is M.INTENSIEF
        [stap] = bijgewerkt.model_historie
        assert (stap.van, stap.model, stap.voorgesteld) == (
            M.MAKELAAR,
            M.INTENSIEF,
            M.COORDINATIE_PLUS,
        )
        assert stap.reden == "veel instanties betrokken" and stap.melding_id == event.melding_id

        # a new casus takes the event's model; without one it is makelaar
        for model, verwacht in ((M.COORDINATIE_PLUS, M.COORDINATIE_PLUS), (None, M.MAKELAAR)):
            nieuw = getrieerd(casemanagementmodel=model)
            await handle_melding_event(event_id=uuid.uuid4(), event=nieuw, uow=uow, clock=Clock())
            async with uow() as tx:
                geopend = await tx.casussen.get(casus_id_for(nieuw.melding_id))
            assert geopend is not None and geopend.casemanagementmodel is verwacht
            assert [h.model for h in geopend.model_historie] == [verwacht]
            assert geopend.model_historie[0].reden is None

        # a later change by the procesregisseur keeps its reason
        async with uow() as tx:
            casus = await tx.casussen.get(casus_id)
            assert casus is not None
            casus.wijzig_model(M.MAKELAAR, reden="situatie stabiel", door="pr.jansen", op=NU)
            await tx.casussen.save(casus)
            await tx.commit()
        async with uow() as tx:
            gewijzigd = await tx.casussen.get(casus_id)
        assert gewijzigd is not None and gewijzigd.casemanagementmodel is M.MAKELAAR
        assert [(h.van, h.model, h.reden) for h in gewijzigd.model_historie] == [
            (M.MAKELAAR, M.INTENSIEF, "veel instanties betrokken"),
            (M.INTENSIEF, M.MAKELAAR, "situatie stabiel"),
        ]
        await asyncio.to_thread(command.downgrade, cfg, "0010_sessies")
    finally:
        await engine.dispose()

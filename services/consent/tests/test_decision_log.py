"""The beslissingenlog on real databases (SQLite and PostgreSQL), through the migrations.

SQLite runs twice: the generic SQLAlchemy adapter and the fast path bootstrap wires for a SQLite
file (``SqliteDecisionLog``: appends on a thread of their own with the stdlib driver).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import sqlite3
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.ext.asyncio import AsyncEngine
from test_chain import PSEUDONIEM, beslissing
from zvh_consent.adapters.db import MIGRATIONS
from zvh_consent.adapters.db.decision_log import SqlDecisionLog, to_row
from zvh_consent.adapters.db.sqlite_decision_log import SqliteDecisionLog
from zvh_consent.adapters.db.tables import beslissingen
from zvh_consent.application.ports import LogFilter
from zvh_consent.domain.beslissingenlog import GENESIS, REDEN_TE_LAAT, link
from zvh_platform.clock import FixedClock
from zvh_platform.db import make_engine, run_migrations, session_factory
from zvh_platform.migrations import alembic_config


@pytest.fixture(
    params=["sqlite", "sqlite-thread", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(kind: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A migrated-to-be database of each kind (PostgreSQL skips with its reason when absent)."""
    if kind.startswith("sqlite"):
        return f"sqlite+aiosqlite:///{tmp_path / 'consent.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[AsyncEngine]:
    url = db_url
    await run_migrations(engine_url=url, script_location=MIGRATIONS)
    engine = make_engine(url)
    yield engine
    await engine.dispose()


MakeLog = Callable[..., SqlDecisionLog]


@pytest.fixture
async def make_log(kind: str, db: AsyncEngine, tmp_path: Path) -> AsyncIterator[MakeLog]:
    """New log instances on ``db`` (each one like another process), of the adapter under test."""
    made: list[SqlDecisionLog] = []

    def new(**kwargs: Any) -> SqlDecisionLog:
        log: SqlDecisionLog
        if kind == "sqlite-thread":
            log = SqliteDecisionLog(session_factory(db), path=tmp_path / "consent.db", **kwargs)
        else:
            log = SqlDecisionLog(session_factory(db), **kwargs)
        made.append(log)
        return log

    yield new
    for log in made:
        if isinstance(log, SqliteDecisionLog):
            await log.close()


def numbered(n: int):  # type: ignore[no-untyped-def]
    return dataclasses.replace(beslissing(n), casus=f"c-{n % 3}", user=f"u{n % 2}")


async def tamper(engine: AsyncEngine, statement: str) -> None:
    """What a DBA with full rights could do: lift the append-only guard and change a row."""
    async with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            await conn.execute(sa.text("ALTER TABLE beslissingen DISABLE TRIGGER USER"))
        else:
            await conn.execute(sa.text("DROP TRIGGER beslissingen_geen_update"))
            await conn.execute(sa.text("DROP TRIGGER beslissingen_geen_delete"))
        await conn.execute(sa.text(statement))


async def test_appends_form_a_verifiable_chain(db: AsyncEngine, make_log: MakeLog) -> None:
    log = make_log()
    for i in range(1, 6):
        s = await log.append(numbered(i))
        assert s.seq == i
    check = await log.verify_chain()
    assert check.ok and check.count == 5


async def test_concurrent_appends_stay_linear(db: AsyncEngine, make_log: MakeLog) -> None:
    # Two log instances = two processes: only the database serialises them.
    a, b = make_log(), make_log()
    await asyncio.gather(*(log.append(numbered(i)) for i, log in enumerate([a, b] * 10, 1)))
    check = await a.verify_chain()
    assert check.ok, check
    assert check.count == 20


async def test_list_filters_newest_first(db: AsyncEngine, make_log: MakeLog) -> None:
    log = make_log()
    for i in range(1, 7):
        await log.append(numbered(i))
    rows = await log.list(LogFilter(casus="c-1"))
    assert [r.seq for r in rows] == [4, 1]
    rows = await log.list(LogFilter(user="u0", limit=2))
    assert [r.seq for r in rows] == [6, 4]
    assert rows[0].beslissing == numbered(6)


async def test_updates_and_deletes_are_refused(db: AsyncEngine, make_log: MakeLog) -> None:
    log = make_log()
    await log.append(numbered(1))
    for statement in ("UPDATE beslissingen SET allow = false", "DELETE FROM beslissingen"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            async with db.begin() as conn:
                await conn.execute(sa.text(statement))
    assert (await log.verify_chain()).ok


async def test_modified_row_is_detected(db: AsyncEngine, make_log: MakeLog) -> None:
    log = make_log()
    for i in range(1, 5):
        await log.append(numbered(i))
    await tamper(db, "UPDATE beslissingen SET allow = false WHERE seq = 2")
    check = await log.verify_chain()
    assert not check.ok
    assert check.broken_at == 2


async def test_deleted_tail_is_detected(db: AsyncEngine, make_log: MakeLog) -> None:
    log = make_log()
    for i in range(1, 5):
        await log.append(numbered(i))
    await tamper(db, "DELETE FROM beslissingen WHERE seq = 4")
    check = await log.verify_chain()
    assert not check.ok
    assert check.broken_at == 4


async def test_batches_and_singles_form_one_chain(db: AsyncEngine, make_log: MakeLog) -> None:
    log = make_log()
    await log.append(numbered(1))
    batch = await log.append_many([numbered(i) for i in range(2, 6)])
    assert [s.seq for s in batch] == [2, 3, 4, 5]
    assert [s.prev_hash for s in batch[1:]] == [s.hash for s in batch[:-1]]
    assert await log.append_many([]) == []
    single = await log.append(numbered(6))
    assert single.seq == 6 and single.prev_hash == batch[-1].hash
    await log.append_many([numbered(7)])
    check = await log.verify_chain()
    assert check.ok, check
    assert check.count == 7
    rows = await log.list(LogFilter(limit=10))
    assert [r.beslissing for r in reversed(rows)] == [numbered(i) for i in range(1, 8)]


async def test_concurrent_batches_and_singles_stay_linear(
    db: AsyncEngine, make_log: MakeLog
) -> None:
    # Two log instances = two processes: only the database serialises them.
    a, b = make_log(), make_log()
    batches = [
        log.append_many([numbered(3 * i + j) for j in range(1, 4)])
        for i, log in enumerate([a, b] * 4)
    ]
    singles = [log.append(numbered(30 + i)) for i, log in enumerate([b, a] * 3)]
    await asyncio.gather(*batches, *singles)
    check = await a.verify_chain()
    assert check.ok, check
    assert check.count == 8 * 3 + 6


async def test_a_failing_batch_leaves_no_records(db: AsyncEngine, make_log: MakeLog) -> None:
    log = make_log()
    await log.append(numbered(1))
    duplicate = numbered(2)  # the same decision_id twice breaks the unique key mid-batch
    with pytest.raises((sa.exc.IntegrityError, sqlite3.IntegrityError)):
        await log.append_many([numbered(3), duplicate, duplicate])
    check = await log.verify_chain()
    assert check.ok and check.count == 1


async def test_the_deadline_is_stored_and_a_late_record_is_written_as_a_deny(
    make_log: MakeLog,
) -> None:
    """Finalised in the appending transaction: past ``uiterlijk`` the record is a deny."""
    uiterlijk = dt.datetime(2030, 3, 1, 12, 0, 0, 250000, tzinfo=dt.UTC)
    klok = FixedClock(uiterlijk - dt.timedelta(seconds=1))
    log = make_log(clock=klok)
    op_tijd_ = await log.append(dataclasses.replace(numbered(1), uiterlijk=uiterlijk))
    klok.at = uiterlijk + dt.timedelta(milliseconds=1)
    [te_laat, zonder] = await log.append_many(
        [dataclasses.replace(numbered(2), uiterlijk=uiterlijk), numbered(3)]
    )
    assert op_tijd_.beslissing.allow is True
    assert (te_laat.beslissing.allow, te_laat.beslissing.reasons[0]) == (False, REDEN_TE_LAAT)
    assert zonder.beslissing.allow is True
    rows = await log.list(LogFilter())
    assert [r.beslissing for r in rows] == [
        zonder.beslissing,
        te_laat.beslissing,
        op_tijd_.beslissing,
    ]
    assert rows[1].beslissing.uiterlijk == uiterlijk and rows[0].beslissing.uiterlijk is None
    assert (await log.verify_chain()).ok


async def test_both_sqlite_adapters_share_one_chain(tmp_path: Path) -> None:
    """A fast-path writer and a SQLAlchemy writer on one file (two processes, say): one chain,
    and each reads back exactly what the other wrote."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'consent.db'}"
    await run_migrations(engine_url=url, script_location=MIGRATIONS)
    engine = make_engine(url)
    generic = SqlDecisionLog(session_factory(engine))
    fast = SqliteDecisionLog(session_factory(engine), path=tmp_path / "consent.db")
    try:
        uiterlijk = dt.datetime(2999, 1, 1, tzinfo=dt.UTC)
        writes = [
            log.append_many(
                [dataclasses.replace(numbered(3 * i + j), uiterlijk=uiterlijk) for j in range(3)]
            )
            for i, log in enumerate([fast, generic] * 5)
        ]
        written = [s for batch in await asyncio.gather(*writes) for s in batch]
        check = await generic.verify_chain()
        assert check.ok, check
        assert check.count == 30
        rows = await fast.list(LogFilter(limit=100))
        assert sorted((r.seq, r.hash, r.beslissing) for r in rows) == sorted(
            (s.seq, s.hash, s.beslissing) for s in written
        )
    finally:
        await fast.close()
        await engine.dispose()


async def test_betrokkene_is_stored_and_selects_a_persons_decisions(
    db: AsyncEngine, make_log: MakeLog
) -> None:
    """Both adapters write the pseudonym; records with and without it form one valid chain."""
    log = make_log()
    anders = "f" * 32
    await log.append_many(
        [
            numbered(1),
            dataclasses.replace(numbered(2), betrokkene=PSEUDONIEM),
            dataclasses.replace(numbered(3), betrokkene=anders),
            dataclasses.replace(numbered(4), betrokkene=PSEUDONIEM, allow=False),
        ]
    )
    await log.append(numbered(5))
    rows = await log.list(LogFilter(betrokkene=PSEUDONIEM))
    assert [r.seq for r in rows] == [4, 2]
    assert rows[0].beslissing == dataclasses.replace(
        numbered(4), betrokkene=PSEUDONIEM, allow=False
    )
    assert [r.seq for r in await log.list(LogFilter(betrokkene=PSEUDONIEM, allow=True))] == [2]
    assert (await log.verify_chain()).ok


async def test_the_eigenaar_filter_leaves_out_its_own_organisation(
    db: AsyncEngine, make_log: MakeLog
) -> None:
    log = make_log()
    politie = dataclasses.replace(numbered(1), eigenaar="politie-zwb", org="zvh")
    eigen = dataclasses.replace(numbered(2), eigenaar="politie-zwb", org="politie-zwb")
    schrijven = dataclasses.replace(numbered(3), eigenaar="politie-zwb", action="write")
    ander_type = dataclasses.replace(numbered(4), eigenaar="politie-zwb", resource_type="audit")
    ggz = dataclasses.replace(numbered(5), eigenaar="ggz-wnb", org="zvh")
    await log.append_many([politie, eigen, schrijven, ander_type, ggz])
    flt = LogFilter(
        eigenaar="politie-zwb",
        andere_org_dan="politie-zwb",
        resource_types=("melding", "informatie-item"),
        action="read",
    )
    assert [r.seq for r in await log.list(flt)] == [1]


async def test_records_from_before_0008_verify_beside_new_ones(tmp_path: Path) -> None:
    """Rows written under migration 0007 (no column), then 0008 and rows with a pseudonym:
    one chain, through both SQLite adapters."""
    path = tmp_path / "consent.db"
    url = f"sqlite+aiosqlite:///{path}"
    cfg = alembic_config(engine_url=url, script_location=MIGRATIONS)
    await asyncio.to_thread(command.upgrade, cfg, "0007_doorbrekingen")
    oud = [link(beslissing=numbered(1), head_seq=0, head_hash=GENESIS)]
    oud.append(link(beslissing=numbered(2), head_seq=1, head_hash=oud[0].hash))
    # The table as 0007 left it, written through SQLAlchemy's own SQLite types.
    voor_0008 = sa.Table(
        "beslissingen",
        sa.MetaData(),
        *(sa.Column(c.name, c.type) for c in beslissingen.c if c.name != "betrokkene"),
    )
    sync = sa.create_engine(f"sqlite:///{path}")
    with sync.begin() as conn:
        rows = [to_row(s) for s in oud]
        for row in rows:
            del row["betrokkene"]
        conn.execute(sa.insert(voor_0008), rows)
        conn.execute(
            sa.text("UPDATE beslissingen_kop SET seq = 2, hash = :h WHERE id = 1"),
            {"h": oud[1].hash},
        )
    sync.dispose()
    await run_migrations(engine_url=url, script_location=MIGRATIONS)
    engine = make_engine(url)
    fast = SqliteDecisionLog(session_factory(engine), path=path)
    generic = SqlDecisionLog(session_factory(engine))
    try:
        assert (await generic.verify_chain()).ok
        await fast.append(dataclasses.replace(numbered(3), betrokkene=PSEUDONIEM))
        await generic.append(dataclasses.replace(numbered(4), betrokkene=PSEUDONIEM))
        await fast.append(numbered(5))
        check = await generic.verify_chain()
        assert check.ok and check.count == 5, check
        schakels = await generic.list(LogFilter(limit=10))
        assert [s.beslissing.betrokkene for s in schakels] == [
            None,
            PSEUDONIEM,
            PSEUDONIEM,
            None,
            None,
        ]
        assert [s.beslissing for s in schakels[3:]] == [numbered(2), numbered(1)]
    finally:
        await fast.close()
        await engine.dispose()

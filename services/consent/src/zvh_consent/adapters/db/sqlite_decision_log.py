"""``DecisionLog`` on SQLite with appends on a dedicated thread (the embedded default's fast path).

Through SQLAlchemy's async engine one append costs about a dozen round trips to aiosqlite's
thread (begin, read the head, insert, move the head, commit, each with cursor set-up) and the
Core statement machinery around each — milliseconds per decision, most of the PDP's time. Here
a whole append is **one** trip to a thread that owns a plain ``sqlite3`` connection:
``BEGIN IMMEDIATE`` (the write lock up front, so the head read in the transaction is the head),
read the head, link the records (``op_tijd`` then ``link``, as ``SqlDecisionLog``), insert them,
move the head with the same compare-and-set, ``COMMIT``. Same tables (the migrations own them),
same chain, same pragmas (WAL, ``synchronous=NORMAL``, ``busy_timeout``) as ``zvh_platform.db``;
values are encoded by SQLAlchemy's own SQLite type processors, so ``list`` and ``verify_chain``
(inherited, through SQLAlchemy) read back exactly what was written. Another process appending to
the same file is serialised by SQLite's write lock; a busy database is retried like the generic
adapter does.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.sqlite import pysqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_platform.clock import Clock

from zvh_consent.adapters.db.decision_log import KOP_ID, MAX_ATTEMPTS, SqlDecisionLog, to_row
from zvh_consent.adapters.db.tables import beslissingen
from zvh_consent.domain.beslissingenlog import GENESIS, Beslissing, Schakel, link_all

log = logging.getLogger(__name__)

_DIALECT = pysqlite.dialect()
_COLUMNS = [c.name for c in beslissingen.c]
_PROCESSORS = [c.type.dialect_impl(_DIALECT).bind_processor(_DIALECT) for c in beslissingen.c]
_INSERT = str(sa.insert(beslissingen).compile(dialect=_DIALECT))
_HEAD = "SELECT seq, hash FROM beslissingen_kop WHERE id = ?"
_NEW_HEAD = "INSERT INTO beslissingen_kop (id, seq, hash) VALUES (?, ?, ?)"
_MOVE_HEAD = "UPDATE beslissingen_kop SET seq = ?, hash = ? WHERE id = ? AND seq = ?"


class _StaleHead(Exception):
    """The head moved under us (cannot happen inside BEGIN IMMEDIATE; checked anyway)."""


class SqliteDecisionLog(SqlDecisionLog):
    """``SqlDecisionLog`` whose appends run on a dedicated thread with the stdlib driver."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        path: Path,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(sessions, clock=clock)
        self._path = path
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="beslissingenlog")
        self._conn: sqlite3.Connection | None = None

    async def append_many(self, records: Sequence[Beslissing]) -> list[Schakel]:
        """All records in one transaction, linked one after another: one trip to the thread."""
        if not records:
            return []
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._append_retrying, list(records))

    async def close(self) -> None:
        """Close the connection on its own thread and stop the thread."""
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._executor, self._close)
        self._executor.shutdown(wait=True)

    # -- on the log's thread --------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            conn = sqlite3.connect(self._path, isolation_level=None, check_same_thread=True)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA busy_timeout=5000")
            self._conn = conn
        return self._conn

    def _close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _append_retrying(self, records: list[Beslissing]) -> list[Schakel]:
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                return self._append_on_thread(records)
            except (_StaleHead, sqlite3.OperationalError) as exc:
                if attempt == MAX_ATTEMPTS or not _retryable(exc):
                    raise
                log.info("decision log append retry %d: %s", attempt, type(exc).__name__)
                time.sleep(0.005 * attempt)
        raise AssertionError("unreachable")

    def _append_on_thread(self, records: list[Beslissing]) -> list[Schakel]:
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            head = conn.execute(_HEAD, (KOP_ID,)).fetchone()
            if head is None:
                conn.execute(_NEW_HEAD, (KOP_ID, 0, GENESIS))
                head_seq, head_hash = 0, GENESIS
            else:
                head_seq, head_hash = int(head[0]), str(head[1])
            schakels = link_all(
                records, head_seq=head_seq, head_hash=head_hash, nu=self._clock.now()
            )
            kop = schakels[-1]  # records is never empty: append_many returns early
            conn.executemany(_INSERT, [_encode(to_row(s)) for s in schakels])
            moved = conn.execute(_MOVE_HEAD, (kop.seq, kop.hash, KOP_ID, head_seq))
            if moved.rowcount != 1:
                raise _StaleHead
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return schakels


def _encode(row: dict[str, Any]) -> tuple[Any, ...]:
    """A row in column order, each value as SQLAlchemy's SQLite type would bind it."""
    return tuple(
        row[name] if proc is None or row[name] is None else proc(row[name])
        for name, proc in zip(_COLUMNS, _PROCESSORS, strict=True)
    )


def _retryable(exc: Exception) -> bool:
    """Lost races only: a stale head or a busy, locked database. (Under ``BEGIN IMMEDIATE`` a
    duplicate key is no race but a bad record: it is raised at once.)"""
    if isinstance(exc, _StaleHead):
        return True
    text = str(exc).lower()
    return "locked" in text or "busy" in text

"""``DecisionLog`` on SQLAlchemy (SQLite and PostgreSQL).

Appends are serialised twice: an ``asyncio.Lock`` per process, and in the database by locking
the chain-head row (``SELECT … FOR UPDATE`` on PostgreSQL) and moving it with a compare-and-set
``UPDATE … WHERE seq = <old>``. SQLite ignores ``FOR UPDATE`` but allows one writer at a time;
a writer with a stale head loses the compare-and-set (or the ``seq`` primary key) and retries.
A batch (``append_many``) links its records one after another in that same single transaction:
all of them land, or none. Each record is finalised (``op_tijd``) with the time taken in that
transaction, right before it is linked: a record past its enforcement point's deadline is
written as the deny it effectively was (see ``zvh_consent.domain.beslissingenlog``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import RowMapping
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_platform.clock import Clock, SystemClock

from zvh_consent.adapters.db.tables import beslissingen, beslissingen_kop
from zvh_consent.application.ports import LogFilter
from zvh_consent.domain.beslissingenlog import (
    GENESIS,
    Beslissing,
    ChainCheck,
    Schakel,
    link_all,
    normalise_tijd,
    verify,
)

log = logging.getLogger(__name__)

KOP_ID = 1
MAX_ATTEMPTS = 20


class _StaleHead(Exception):
    """Another writer moved the chain head between our read and our write."""


class SqlDecisionLog:
    """The beslissingenlog in the service's own database."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        clock: Clock | None = None,
    ) -> None:
        self._sessions = sessions
        self._lock = asyncio.Lock()
        self._clock = clock or SystemClock()

    async def append(self, beslissing: Beslissing) -> Schakel:
        [schakel] = await self.append_many([beslissing])
        return schakel

    async def append_many(self, records: Sequence[Beslissing]) -> list[Schakel]:
        """All records in one transaction, linked one after another: the chain moves once."""
        if not records:
            return []
        async with self._lock:
            for attempt in range(1, MAX_ATTEMPTS + 1):
                try:
                    return await self._append_once(records)
                except (_StaleHead, IntegrityError, DBAPIError) as exc:
                    if attempt == MAX_ATTEMPTS or not _retryable(exc):
                        raise
                    log.info("decision log append retry %d: %s", attempt, type(exc).__name__)
                    await asyncio.sleep(0.005 * attempt)
        raise AssertionError("unreachable")

    async def _append_once(self, records: Sequence[Beslissing]) -> list[Schakel]:
        async with self._sessions() as session, session.begin():
            head = (
                await session.execute(
                    sa.select(beslissingen_kop.c.seq, beslissingen_kop.c.hash)
                    .where(beslissingen_kop.c.id == KOP_ID)
                    .with_for_update()
                )
            ).one_or_none()
            if head is None:
                await session.execute(
                    sa.insert(beslissingen_kop).values(id=KOP_ID, seq=0, hash=GENESIS)
                )
                head_seq, head_hash = 0, GENESIS
            else:
                head_seq, head_hash = int(head.seq), str(head.hash)
            schakels = link_all(
                records, head_seq=head_seq, head_hash=head_hash, nu=self._clock.now()
            )
            kop = schakels[-1]  # records is never empty: append_many returns early
            await session.execute(sa.insert(beslissingen), [to_row(s) for s in schakels])
            moved = await session.execute(
                sa.update(beslissingen_kop)
                .where(beslissingen_kop.c.id == KOP_ID, beslissingen_kop.c.seq == head_seq)
                .values(seq=kop.seq, hash=kop.hash)
            )
            if getattr(moved, "rowcount", 1) != 1:
                raise _StaleHead
        return schakels

    async def list(self, flt: LogFilter) -> list[Schakel]:
        query = (
            sa.select(beslissingen)
            .where(*_voorwaarden(flt))
            .order_by(beslissingen.c.seq.desc())
            .limit(flt.limit)
        )
        async with self._sessions() as session:
            rows = (await session.execute(query)).mappings().all()
        return [_schakel(r) for r in rows]

    async def verify_chain(self) -> ChainCheck:
        async with self._sessions() as session:
            head = (
                await session.execute(
                    sa.select(beslissingen_kop.c.seq, beslissingen_kop.c.hash).where(
                        beslissingen_kop.c.id == KOP_ID
                    )
                )
            ).one_or_none()
            rows = (
                (await session.execute(sa.select(beslissingen).order_by(beslissingen.c.seq)))
                .mappings()
                .all()
            )
        stored_head = (int(head.seq), str(head.hash)) if head is not None else (0, GENESIS)
        return verify((_schakel(r) for r in rows), head=stored_head)


def _voorwaarden(flt: LogFilter) -> list[sa.ColumnElement[bool]]:
    """``flt`` as WHERE clauses (the same rules as ``LogFilter.past``)."""
    c = beslissingen.c
    where: list[sa.ColumnElement[bool]] = []
    for column, value in (
        (c.user, flt.user),
        (c.casus, flt.casus),
        (c.betrokkene, flt.betrokkene),
        (c.eigenaar, flt.eigenaar),
        (c.action, flt.action),
        (c.allow, flt.allow),
    ):
        if value is not None:
            where.append(column == value)
    if flt.andere_org_dan is not None:
        where.append(c.org != flt.andere_org_dan)
    if flt.resource_types is not None:
        where.append(c.resource_type.in_(flt.resource_types))
    return where


def _retryable(exc: Exception) -> bool:
    """Lost races: a stale head, a duplicate ``seq``, SQLite busy / PostgreSQL serialisation."""
    if isinstance(exc, _StaleHead | IntegrityError):
        return True
    text = str(getattr(exc, "orig", exc)).lower()
    return "locked" in text or "busy" in text or "serializ" in text or "deadlock" in text


def to_row(s: Schakel) -> dict[str, Any]:
    b = s.beslissing
    return {
        "seq": s.seq,
        "decision_id": b.decision_id,
        "tijd": normalise_tijd(b.tijd),
        "aanvrager": b.aanvrager,
        "user": b.user,
        "org": b.org,
        "roles": list(b.roles),
        "action": b.action,
        "resource_type": b.resource_type,
        "casus": b.casus,
        "item": b.item,
        "eigenaar": b.eigenaar,
        "categorie": b.categorie,
        "doel": b.doel,
        "allow": b.allow,
        "reasons": list(b.reasons),
        "grondslag": b.grondslag,
        "policy_version": b.policy_version,
        "prev_hash": s.prev_hash,
        "hash": s.hash,
        "uiterlijk": None if b.uiterlijk is None else normalise_tijd(b.uiterlijk),
        "betrokkene": b.betrokkene,
    }


def _schakel(r: RowMapping) -> Schakel:
    return Schakel(
        seq=int(r["seq"]),
        prev_hash=r["prev_hash"],
        hash=r["hash"],
        beslissing=Beslissing(
            decision_id=r["decision_id"],
            tijd=normalise_tijd(r["tijd"]),
            aanvrager=r["aanvrager"],
            user=r["user"],
            org=r["org"],
            roles=tuple(r["roles"]),
            action=r["action"],
            resource_type=r["resource_type"],
            casus=r["casus"],
            item=r["item"],
            eigenaar=r["eigenaar"],
            categorie=r["categorie"],
            doel=r["doel"],
            allow=bool(r["allow"]),
            reasons=tuple(r["reasons"]),
            grondslag=r["grondslag"],
            policy_version=r["policy_version"],
            uiterlijk=None if r["uiterlijk"] is None else normalise_tijd(r["uiterlijk"]),
            betrokkene=r["betrokkene"],
        ),
    )

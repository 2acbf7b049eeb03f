"""SQL repository for the termijnbewaking's timers.

Claiming is what makes a timer fire exactly once with more than one replica: on PostgreSQL the
due rows are read ``FOR UPDATE SKIP LOCKED`` (a second replica skips the rows the first holds and
never waits on them); on SQLite the database has a single writer, and the conditional update in
``markeer_verstuurd`` (``WHERE status = 'gepland'``) lets only one transaction win a row. The
status change commits in the same transaction as the outgoing event and e-mail, so a crash
before the commit leaves the timer gepland and a crash after it leaves it verstuurd: never both
or neither.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession
from zvh_contracts.vocab import Termijnsignaal

from zvh_notify.adapters.db.tables import termijn_timers as t
from zvh_notify.domain.termijnbewaking import Timer, Timerstatus


class SqlTimerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def plan(self, timers: Iterable[Timer]) -> int:
        """Store the timers not stored yet; a vervallen one planned again is gepland again. A
        verstuurd timer stays as it is: it never fires twice. Returns how many are gepland."""
        timers = list(timers)
        if not timers:
            return 0
        rows = await self._s.execute(
            select(t.c.id, t.c.status).where(t.c.id.in_([x.id for x in timers]))
        )
        bestaand = {r.id: Timerstatus(r.status) for r in rows}
        nieuw = [_row(x) for x in timers if x.id not in bestaand]
        if nieuw:
            await self._s.execute(insert(t), nieuw)
        terug = [x.id for x in timers if bestaand.get(x.id) is Timerstatus.VERVALLEN]
        if terug:
            await self._s.execute(
                update(t).where(t.c.id.in_(terug)).values(status=Timerstatus.GEPLAND.value)
            )
        return len(nieuw) + len(terug)

    async def laat_vervallen(
        self,
        *,
        actie_id: uuid.UUID | None = None,
        casus_id: uuid.UUID | None = None,
        overleg_id: uuid.UUID | None = None,
        melding_id: uuid.UUID | None = None,
        ontvanger: str | None = None,
        termijn: str | None = None,
        behalve: Iterable[uuid.UUID] = (),
    ) -> int:
        """Gepland timers of an actie, a casus or an overleg (for one ontvanger or one termijn, if
        given) that will no longer fire."""
        if actie_id is None and casus_id is None and overleg_id is None and melding_id is None:
            raise ValueError("laat_vervallen needs an actie, casus, overleg or melding")
        query = update(t).where(t.c.status == Timerstatus.GEPLAND.value)
        if actie_id is not None:
            query = query.where(t.c.actie_id == actie_id)
        if casus_id is not None:
            query = query.where(t.c.casus_id == casus_id)
        if overleg_id is not None:
            query = query.where(t.c.overleg_id == overleg_id)
        if melding_id is not None:
            query = query.where(t.c.melding_id == melding_id)
        if ontvanger is not None:
            query = query.where(t.c.ontvanger == ontvanger)
        if termijn is not None:
            query = query.where(t.c.termijn == termijn)
        uitgezonderd = list(behalve)
        if uitgezonderd:
            query = query.where(t.c.id.not_in(uitgezonderd))
        result = await self._s.execute(query.values(status=Timerstatus.VERVALLEN.value))
        return _rowcount(result)

    async def te_vuren(self, *, nu: datetime, limit: int) -> list[Timer]:
        """Gepland timers whose moment has come, earliest first, locked for this transaction
        (PostgreSQL skips rows another replica holds; SQLite ignores the clause)."""
        query = (
            select(t)
            .where(t.c.status == Timerstatus.GEPLAND.value, t.c.vuur_op <= nu)
            .order_by(t.c.vuur_op, t.c.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [_timer(r) for r in (await self._s.execute(query)).mappings()]

    async def markeer_verstuurd(self, timer_id: uuid.UUID, *, op: datetime) -> bool:
        """Claim the timer; ``False`` when another transaction fired or cancelled it first."""
        result = await self._s.execute(
            update(t)
            .where(t.c.id == timer_id, t.c.status == Timerstatus.GEPLAND.value)
            .values(status=Timerstatus.VERSTUURD.value, verstuurd_op=op)
        )
        return _rowcount(result) == 1

    async def verstuurd(
        self,
        *,
        ontvanger: str | None,
        limit: int,
        organisatie: bool = True,
        gebruiker: str | None = None,
        casemanager: str | None = None,
    ) -> list[Timer]:
        """Fired signals, newest first. With ``organisatie`` the signals to organisations (to
        ``ontvanger``, or all of them when it is ``None``), never a personal one; and the personal
        signals for ``gebruiker`` and of the incidents assigned to ``casemanager``."""
        delen = []
        if organisatie:
            deel = and_(t.c.gebruiker.is_(None), t.c.casemanager.is_(None))
            if ontvanger is not None:
                deel = and_(deel, t.c.ontvanger == ontvanger)
            delen.append(deel)
        if gebruiker is not None:
            delen.append(t.c.gebruiker == gebruiker)
        if casemanager is not None:
            delen.append(t.c.casemanager == casemanager)
        if not delen:
            return []
        query = select(t).where(t.c.status == Timerstatus.VERSTUURD.value, or_(*delen))
        query = query.order_by(t.c.verstuurd_op.desc(), t.c.id).limit(limit)
        return [_timer(r) for r in (await self._s.execute(query)).mappings()]

    async def van_actie(self, actie_id: uuid.UUID) -> list[Timer]:
        query = select(t).where(t.c.actie_id == actie_id).order_by(t.c.vuur_op, t.c.id)
        return [_timer(r) for r in (await self._s.execute(query)).mappings()]


def _rowcount(result: Any) -> int:
    return result.rowcount if isinstance(result, CursorResult) else 0


def _row(x: Timer) -> dict[str, Any]:
    return {
        "id": x.id,
        "soort": x.soort.value,
        "termijn": x.termijn,
        "casus_id": x.casus_id,
        "actie_id": x.actie_id,
        "overleg_id": x.overleg_id,
        "melding_id": x.melding_id,
        "ontvanger": x.ontvanger,
        "uiterlijk": x.uiterlijk,
        "vuur_op": x.vuur_op,
        "status": x.status.value,
        "verstuurd_op": x.verstuurd_op,
        "gebruiker": x.gebruiker,
        "casemanager": x.casemanager,
    }


def _timer(r: Any) -> Timer:
    return Timer(
        id=r["id"],
        soort=Termijnsignaal(r["soort"]),
        termijn=r["termijn"],
        casus_id=r["casus_id"],
        actie_id=r["actie_id"],
        overleg_id=r["overleg_id"],
        melding_id=r["melding_id"],
        ontvanger=r["ontvanger"],
        uiterlijk=r["uiterlijk"],
        vuur_op=r["vuur_op"],
        status=Timerstatus(r["status"]),
        verstuurd_op=r["verstuurd_op"],
        gebruiker=r["gebruiker"],
        casemanager=r["casemanager"],
    )

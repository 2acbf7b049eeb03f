"""SQL storage of sign-in sessions and sign-ins in progress (tables ``sessies``, ``aanmeldingen``).

Each call is its own short transaction: a session is not part of any casus change.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from zvh_platform.auth import User

from zvh_overleg.adapters.db.tables import aanmeldingen, sessies
from zvh_overleg.application.sessies import Aanmelding, Sessie

#: Ended and expired sessions are kept this long (an operator can still see who was signed in).
BEWAREN = timedelta(days=7)
#: Sign-ins in progress older than this are removed.
AANMELDING_BEWAREN = timedelta(hours=1)


def _sessie(row: Any) -> Sessie:
    return Sessie(
        sleutel_hash=row.sleutel_hash,
        sid=row.sid,
        user=User.model_validate(row.gebruiker),
        issuer=row.issuer,
        begonnen_op=row.begonnen_op,
        laatst_actief_op=row.laatst_actief_op,
        verloopt_op=row.verloopt_op,
        beeindigd_op=row.beeindigd_op,
    )


class SqlSessieRegister:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def bewaar(self, sessie: Sessie) -> None:
        async with self._sessions.begin() as s:
            await s.execute(
                delete(sessies).where(sessies.c.verloopt_op < sessie.begonnen_op - BEWAREN)
            )
            await s.execute(
                insert(sessies).values(
                    sleutel_hash=sessie.sleutel_hash,
                    sid=sessie.sid,
                    gebruiker=sessie.user.model_dump(mode="json"),
                    issuer=sessie.issuer,
                    begonnen_op=sessie.begonnen_op,
                    laatst_actief_op=sessie.laatst_actief_op,
                    verloopt_op=sessie.verloopt_op,
                )
            )

    async def op_sleutel(self, sleutel_hash: str) -> Sessie | None:
        async with self._sessions() as s:
            row = (
                await s.execute(select(sessies).where(sessies.c.sleutel_hash == sleutel_hash))
            ).first()
        return _sessie(row) if row is not None else None

    async def op_sid(self, sid: str) -> Sessie | None:
        async with self._sessions() as s:
            row = (await s.execute(select(sessies).where(sessies.c.sid == sid))).first()
        return _sessie(row) if row is not None else None

    async def raak_aan(self, sleutel_hash: str, now: datetime) -> None:
        async with self._sessions.begin() as s:
            await s.execute(
                update(sessies)
                .where(sessies.c.sleutel_hash == sleutel_hash, sessies.c.beeindigd_op.is_(None))
                .values(laatst_actief_op=now)
            )

    async def beeindig(self, sleutel_hash: str, now: datetime) -> None:
        async with self._sessions.begin() as s:
            await s.execute(
                update(sessies)
                .where(sessies.c.sleutel_hash == sleutel_hash, sessies.c.beeindigd_op.is_(None))
                .values(beeindigd_op=now)
            )

    async def bewaar_aanmelding(self, aanmelding: Aanmelding) -> None:
        async with self._sessions.begin() as s:
            await s.execute(
                delete(aanmeldingen).where(
                    aanmeldingen.c.begonnen_op < aanmelding.begonnen_op - AANMELDING_BEWAREN
                )
            )
            await s.execute(
                insert(aanmeldingen).values(
                    state=aanmelding.state,
                    org=aanmelding.org,
                    code_verifier=aanmelding.code_verifier,
                    nonce=aanmelding.nonce,
                    terug=aanmelding.terug,
                    begonnen_op=aanmelding.begonnen_op,
                )
            )

    async def neem_aanmelding(self, state: str) -> Aanmelding | None:
        async with self._sessions.begin() as s:
            row = (
                await s.execute(select(aanmeldingen).where(aanmeldingen.c.state == state))
            ).first()
            if row is None:
                return None
            gone = await s.execute(delete(aanmeldingen).where(aanmeldingen.c.state == state))
            # a concurrent callback with the same state took it first
            if getattr(gone, "rowcount", 1) != 1:
                return None
        return Aanmelding(
            state=row.state,
            org=row.org,
            code_verifier=row.code_verifier,
            nonce=row.nonce,
            terug=row.terug,
            begonnen_op=row.begonnen_op,
        )

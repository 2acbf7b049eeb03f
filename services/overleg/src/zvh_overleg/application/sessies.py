"""Sign-in sessions of the staff UI: server-side, revocable, with an idle and an absolute limit.

The browser holds only a random key (cookie ``zvh_sessie``); the register keeps its SHA-256, so a
copy of the database does not hand out sessions. Each session has a public ``sid`` that goes into
the short-lived tokens derived from it (zvh_platform.auth), so the other services can ask whether
it still runs. Logging out, the idle timeout and the absolute limit all end it for good.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from zvh_platform.auth import User

#: How often a session's "last active" is written (not on every request).
AANRAAK_INTERVAL = timedelta(minutes=1)


@dataclass(frozen=True)
class Sessie:
    """One signed-in user's session as the register keeps it."""

    sleutel_hash: str
    sid: str
    user: User
    issuer: str
    begonnen_op: datetime
    laatst_actief_op: datetime
    verloopt_op: datetime
    beeindigd_op: datetime | None = None

    def loopt(self, now: datetime, *, idle: timedelta) -> bool:
        """Not ended, not past its absolute limit, and used within the idle timeout."""
        return (
            self.beeindigd_op is None
            and now < self.verloopt_op
            and now - self.laatst_actief_op < idle
        )


@dataclass(frozen=True)
class Aanmelding:
    """A sign-in in progress: what the callback needs to finish the OIDC code flow."""

    state: str
    org: str
    code_verifier: str
    nonce: str
    terug: str
    begonnen_op: datetime


class SessieRegister(Protocol):
    async def bewaar(self, sessie: Sessie) -> None: ...

    async def op_sleutel(self, sleutel_hash: str) -> Sessie | None: ...

    async def op_sid(self, sid: str) -> Sessie | None: ...

    async def raak_aan(self, sleutel_hash: str, now: datetime) -> None: ...

    async def beeindig(self, sleutel_hash: str, now: datetime) -> None: ...

    async def bewaar_aanmelding(self, aanmelding: Aanmelding) -> None: ...

    async def neem_aanmelding(self, state: str) -> Aanmelding | None:
        """The sign-in with this ``state``, removed so it can be used once only."""
        ...


def sleutel_hash(sleutel: str) -> str:
    return hashlib.sha256(sleutel.encode()).hexdigest()


@dataclass
class Sessies:
    """Starts, finds and ends sessions under the configured limits."""

    register: SessieRegister
    idle: timedelta = timedelta(minutes=30)
    maximum: timedelta = timedelta(hours=10)
    #: How long a started sign-in may take at the identity provider.
    aanmelden_binnen: timedelta = timedelta(minutes=10)

    async def start(self, user: User, *, issuer: str, now: datetime) -> tuple[str, Sessie]:
        """A new session for ``user``: the cookie value (shown once) and the session."""
        sleutel = secrets.token_urlsafe(32)
        sessie = Sessie(
            sleutel_hash=sleutel_hash(sleutel),
            sid=uuid.uuid4().hex,
            user=user,
            issuer=issuer,
            begonnen_op=now,
            laatst_actief_op=now,
            verloopt_op=now + self.maximum,
        )
        await self.register.bewaar(sessie)
        return sleutel, sessie

    async def actief(self, sleutel: str, *, now: datetime) -> Sessie | None:
        """The running session of a cookie value (and it counts as activity), else None."""
        sessie = await self.register.op_sleutel(sleutel_hash(sleutel))
        if sessie is None or not sessie.loopt(now, idle=self.idle):
            return None
        if now - sessie.laatst_actief_op >= AANRAAK_INTERVAL:
            await self.register.raak_aan(sessie.sleutel_hash, now)
        return sessie

    async def sid_actief(self, sid: str, *, now: datetime) -> bool:
        """Whether the session behind a token's ``sid`` still runs (asked by other services)."""
        sessie = await self.register.op_sid(sid)
        return sessie is not None and sessie.loopt(now, idle=self.idle)

    async def beeindig(self, sleutel: str, *, now: datetime) -> None:
        """Log out: the session ends for good, and every token derived from it with it."""
        await self.register.beeindig(sleutel_hash(sleutel), now)

    async def begin_aanmelding(self, aanmelding: Aanmelding) -> None:
        await self.register.bewaar_aanmelding(aanmelding)

    async def neem_aanmelding(self, state: str, *, now: datetime) -> Aanmelding | None:
        """The started sign-in for ``state``, once, and only within its time."""
        aanmelding = await self.register.neem_aanmelding(state)
        if aanmelding is None or now - aanmelding.begonnen_op > self.aanmelden_binnen:
            return None
        return aanmelding

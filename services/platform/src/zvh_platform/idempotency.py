"""``Idempotency-Key`` for HTTP commands: a retried request acts once and gets the first answer.

Semantics of the IETF draft ``draft-ietf-httpapi-idempotency-key-header``: the same key with the
same request replays the stored response (with ``Idempotent-Replayed: true``); the same key with
another request is a 422; a request still in progress under the key is a 409. Keys are scoped
per service and user and kept ``idempotency_ttl_s`` (default a day). Staff UI forms carry the key
as the hidden field ``idempotency_key`` instead of a header.

Why not a middleware library: the ones on PyPI keep keys in their own store (Redis, their own
connection), so a crash between the command's commit and their write lets a retry act twice.
Here the key is claimed *in the command's own transaction*: the platform unit of work, seeing
the request's :class:`Claim`, inserts the key row instead of committing and leaves the commit to
the middleware, which adds the response to that row and commits effect, outbox rows, key and
response together. Only a request with a second unit of work commits the first one early
(:meth:`Claim.settle`); a crash after that leaves a key without a response, which a retry gets
as 409 until the key expires — it never acts twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import Depends, Header
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from zvh_platform.auth import InvalidToken, app_verifier
from zvh_platform.clock import utcnow
from zvh_platform.db import idempotency_table
from zvh_platform.settings import ServiceSettings

log = logging.getLogger(__name__)

HEADER = "Idempotency-Key"
#: Set on a replayed response (the draft leaves the name open; Stripe's is the common one).
REPLAYED_HEADER = "Idempotent-Replayed"
#: The hidden form field the staff UI renders into every form that changes something.
FORM_FIELD = "idempotency_key"
MAX_KEY_LENGTH = 200
COMMAND_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: Response headers that belong to one delivery, not to the stored answer.
_NOT_STORED = frozenset({b"set-cookie", b"server-timing", b"date"})
#: How long a double-submitted form waits for the first submission's answer.
FORM_WAIT_S = 15.0

ONGELDIG = "Ongeldige Idempotency-Key: gebruik 1 tot 200 zichtbare ASCII-tekens."
ANDER_VERZOEK = "Deze Idempotency-Key is al gebruikt voor een ander verzoek."
IN_BEHANDELING = "Een verzoek met deze Idempotency-Key is nog in behandeling; probeer het later."


class KeyInUse(Exception):
    """Another request committed under the same key first (raised from the unit of work)."""


@dataclass(eq=False)
class Claim:
    """One keyed request: ``open`` → ``pending`` (key and effect flushed, not committed) → done.

    The platform unit of work finds it through :func:`current_claim`.
    """

    scope: str
    key: str
    fingerprint: str
    sessions: async_sessionmaker[AsyncSession]
    task: asyncio.Task[Any] | None = None
    state: str = "open"
    _session: AsyncSession | None = None
    _callbacks: list[Callable[[], None]] = field(default_factory=list)

    def applies(self) -> bool:
        """True while a unit of work of *this* request should hand its commit to the claim."""
        return self.state in ("open", "pending") and asyncio.current_task() is self.task

    def holds(self, session: AsyncSession) -> bool:
        return self._session is session

    async def defer(self, session: AsyncSession) -> None:
        """Insert the key row in ``session``'s transaction; the middleware commits it later."""
        try:
            await session.execute(
                insert(idempotency_table).values(
                    scope=self.scope,
                    key=self.key,
                    fingerprint=self.fingerprint,
                    created_at=utcnow(),
                )
            )
        except IntegrityError:
            raise KeyInUse() from None  # the error text holds SQL and parameters
        self._session, self.state = session, "pending"

    def after_commit(self, callback: Callable[[], None]) -> None:
        self._callbacks.append(callback)

    async def settle(self) -> None:
        """Commit a deferred transaction now: another unit of work in this request must see it."""
        if self.state != "pending" or not self.applies():
            return
        session, self._session, self.state = self._session, None, "settled"
        assert session is not None
        try:
            await session.commit()
        finally:
            await session.close()
        self._run_callbacks()

    async def finish(self, status: int, headers: list[list[str]], body: bytes) -> None:
        """Store the response with the key; commits the deferred effect in the same transaction."""
        stmt = (
            update(idempotency_table)
            .where(idempotency_table.c.scope == self.scope, idempotency_table.c.key == self.key)
            .values(status=status, headers=headers, body=body)
        )
        if self.state == "pending":
            session, self._session = self._session, None
            assert session is not None
            try:
                await session.execute(stmt)
                await session.commit()
            finally:
                self.state = "finished"
                await session.close()
            self._run_callbacks()
        elif self.state == "settled":
            self.state = "finished"
            async with self.sessions() as session:
                await session.execute(stmt)
                await session.commit()

    async def abandon(self) -> None:
        """The request failed: roll back a deferred effect (a retry may then act)."""
        session, self._session = self._session, None
        self.state, self._callbacks = "abandoned", []
        if session is not None:
            try:
                await session.rollback()
            finally:
                await session.close()

    def _run_callbacks(self) -> None:
        callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()


_current: contextvars.ContextVar[Claim | None] = contextvars.ContextVar(
    "zvh_idempotency_claim", default=None
)


def current_claim() -> Claim | None:
    """The keyed request this code runs in, if any."""
    return _current.get()


@contextlib.contextmanager
def bound(claim: Claim) -> Iterator[Claim]:
    """Make ``claim`` the running request's claim (the middleware does; so can a test)."""
    token = _current.set(claim)
    try:
        yield claim
    finally:
        _current.reset(token)


def current_key() -> str | None:
    """The current request's key, to forward to another service for the same command."""
    claim = _current.get()
    return claim.key if claim is not None and claim.applies() else None


async def idempotency_key(
    key: Annotated[
        str | None,
        Header(
            alias=HEADER,
            description=(
                "Optional. A unique key per command (e.g. a UUID): a retry with the same key and "
                "body is not carried out again but gets the first response back, with "
                f"`{REPLAYED_HEADER}: true`. Same key, other body: 422. First request still "
                "running: 409. Kept 24 hours per user."
            ),
        ),
    ] = None,
) -> None:
    """Documents the header in the OpenAPI; :class:`IdempotencyMiddleware` does the work."""


@dataclass(frozen=True)
class Stored:
    fingerprint: str
    status: int | None
    headers: list[list[str]] | None
    body: bytes | None


async def lookup(
    sessions: async_sessionmaker[AsyncSession], *, scope: str, key: str, ttl_s: int
) -> Stored | None:
    """The unexpired record of ``key``; an expired one is deleted so the key can be used again."""
    t = idempotency_table
    async with sessions() as session:
        row = (
            await session.execute(
                select(t.c.fingerprint, t.c.status, t.c.headers, t.c.body, t.c.created_at).where(
                    t.c.scope == scope, t.c.key == key
                )
            )
        ).first()
        if row is None:
            return None
        if row.created_at < utcnow() - timedelta(seconds=ttl_s):
            await session.execute(delete(t).where(t.c.scope == scope, t.c.key == key))
            await session.commit()
            return None
        return Stored(row.fingerprint, row.status, row.headers, row.body)


async def purge_expired(sessions: async_sessionmaker[AsyncSession], *, ttl_s: int) -> int:
    """Delete keys older than ``ttl_s``; returns how many."""
    async with sessions() as session:
        result = await session.execute(
            delete(idempotency_table).where(
                idempotency_table.c.created_at < utcnow() - timedelta(seconds=ttl_s)
            )
        )
        await session.commit()
        return int(result.rowcount)  # type: ignore[attr-defined]


def fingerprint(method: str, path: str, query: bytes, body: bytes) -> str:
    """What makes two requests "the same request" for the draft's 422 check."""
    h = hashlib.sha256()
    for part in (method.encode(), path.encode(), query, body):
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def valid_key(raw: str) -> str | None:
    """The key from a header or form value (an sf-string's quotes allowed), or None if invalid."""
    key = raw.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not all(" " < c < "\x7f" for c in key):
        return None
    return key


class IdempotencyMiddleware:
    """Pure ASGI: keyed commands act once per (service, user, key); see the module docstring.

    Requests without a key, without a signed-in user, or before the service started pass through
    untouched. The response of a keyed request is buffered until its key row is committed.
    """

    def __init__(self, app: ASGIApp, *, service: str, session_cookie: str | None = None) -> None:
        self.app = app
        self.service = service
        self.session_cookie = session_cookie
        self._inflight: dict[tuple[str, str], asyncio.Event] = {}
        self._next_purge = 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in COMMAND_METHODS:
            await self.app(scope, receive, send)
            return
        state = scope["app"].state
        runtime = getattr(state, "runtime", None)
        headers = _headers(scope)
        header_key = headers.get(HEADER.lower().encode())
        is_form = headers.get(b"content-type", b"").startswith(b"application/x-www-form-urlencoded")
        if runtime is None or (header_key is None and not is_form):
            await self.app(scope, receive, send)
            return
        body, receive = await _read_body(receive)
        raw = header_key.decode("latin-1") if header_key is not None else _form_key(body)
        if raw is None:
            await self.app(scope, receive, send)
            return
        user_scope = await self._user_scope(headers, scope["app"], runtime.settings)
        if user_scope is None:  # the route answers 401 / the sign-in redirect itself
            await self.app(scope, receive, send)
            return
        answer = _Answer(send, as_form=header_key is None)
        key = valid_key(raw)
        if key is None:
            await answer.error(400, ONGELDIG)
            return
        ttl_s = runtime.settings.idempotency_ttl_s
        await self._purge_when_due(runtime.sessions, ttl_s)
        fp = fingerprint(scope["method"], scope["path"], scope.get("query_string", b""), body)
        ident = (user_scope, key)
        if ident in self._inflight and answer.as_form:  # a double submit: wait for the first
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._inflight[ident].wait(), FORM_WAIT_S)
        if ident in self._inflight:
            await answer.error(409, IN_BEHANDELING)
            return
        done = self._inflight[ident] = asyncio.Event()
        try:
            await self._once(scope, receive, send, answer, ident, fp, runtime.sessions, ttl_s)
        finally:
            del self._inflight[ident]
            done.set()

    async def _once(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        answer: _Answer,
        ident: tuple[str, str],
        fp: str,
        sessions: async_sessionmaker[AsyncSession],
        ttl_s: int,
    ) -> None:
        """Replay what is stored under the key, or run the command under a :class:`Claim`."""
        user_scope, key = ident
        stored = await lookup(sessions, scope=user_scope, key=key, ttl_s=ttl_s)
        if stored is not None:
            await answer.stored(stored, fp)
            return
        claim = Claim(user_scope, key, fp, sessions, task=asyncio.current_task())
        response = _Buffered()
        try:
            with bound(claim):
                await self.app(scope, receive, response.send)
                if claim.state != "open":
                    await claim.finish(response.status, response.stored_headers(), response.body)
        except KeyInUse:  # another process committed this key first
            await claim.abandon()
            stored = await lookup(sessions, scope=user_scope, key=key, ttl_s=ttl_s)
            if stored is None:
                await answer.error(409, IN_BEHANDELING)
            else:
                await answer.stored(stored, fp)
            return
        except BaseException:
            await claim.abandon()
            raise
        await response.replay(send)

    async def _user_scope(
        self, headers: dict[bytes, bytes], app: Any, settings: ServiceSettings
    ) -> str | None:
        """``service:user`` of the bearer token, ``service:sessie:…`` of the UI session cookie.

        None when neither is there: the route answers 401 or the sign-in redirect itself. The
        cookie is opaque (the session lives in overleg's database), so its hash is the scope; a
        cookie of an ended session reaches the route, which refuses it.
        """
        scheme, _, token = headers.get(b"authorization", b"").decode("latin-1").partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            try:
                user = await app_verifier(app, settings).verify(token.strip())
            except InvalidToken:
                return None
            return f"{self.service}:{user.id}"
        cookie = _cookie(headers, self.session_cookie) if self.session_cookie else ""
        if not cookie:
            return None
        return f"{self.service}:sessie:{hashlib.sha256(cookie.encode()).hexdigest()[:32]}"

    async def _purge_when_due(self, sessions: async_sessionmaker[AsyncSession], ttl_s: int) -> None:
        now = time.monotonic()
        if now < self._next_purge:
            return
        self._next_purge = now + max(60.0, ttl_s / 24)
        try:
            purged = await purge_expired(sessions, ttl_s=ttl_s)
        except Exception as exc:  # purging is housekeeping; the request goes on
            log.warning("idempotency purge failed: %s", type(exc).__name__)
            return
        if purged:
            log.info("purged %d expired idempotency key(s)", purged)


def _headers(scope: Scope) -> dict[bytes, bytes]:
    return {k.lower(): v for k, v in scope.get("headers", [])}


def _cookie(headers: dict[bytes, bytes], name: str) -> str:
    from http.cookies import SimpleCookie

    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(headers.get(b"cookie", b"").decode("latin-1"))
    except Exception:  # a malformed cookie header: treat as signed out
        return ""
    morsel = jar.get(name)
    return morsel.value if morsel is not None else ""


def _form_key(body: bytes) -> str | None:
    values = parse_qs(body.decode("latin-1"), keep_blank_values=True).get(FORM_FIELD)
    return values[0] if values else None


async def _read_body(receive: Receive) -> tuple[bytes, Receive]:
    """The whole request body, and a ``receive`` that hands it to the app again."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return body, replay


class _Buffered:
    """Collects the app's response so it is sent only after the key row committed."""

    def __init__(self) -> None:
        self.status = 500
        self.headers: list[tuple[bytes, bytes]] = []
        self.body = b""
        self._chunks: list[bytes] = []

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
            self.headers = list(message.get("headers", []))
        elif message["type"] == "http.response.body":
            self._chunks.append(message.get("body", b""))
            self.body = b"".join(self._chunks)

    def stored_headers(self) -> list[list[str]]:
        return [
            [k.decode("latin-1"), v.decode("latin-1")]
            for k, v in self.headers
            if k.lower() not in _NOT_STORED
        ]

    async def replay(self, send: Send) -> None:
        await send({"type": "http.response.start", "status": self.status, "headers": self.headers})
        await send({"type": "http.response.body", "body": self.body})


@dataclass
class _Answer:
    """The middleware's own answers: JSON for the API, a small Dutch page for a UI form."""

    send: Send
    as_form: bool

    async def error(self, status: int, tekst: str) -> None:
        if self.as_form:
            body = f'<!doctype html><html lang="nl"><p role="alert">{tekst}</p></html>'.encode()
            ctype = b"text/html; charset=utf-8"
        else:
            body = json.dumps({"detail": tekst}).encode()
            ctype = b"application/json"
        await self._send(status, [(b"content-type", ctype)], body)

    async def stored(self, stored: Stored, fp: str) -> None:
        if stored.fingerprint != fp:
            await self.error(422, ANDER_VERZOEK)
        elif stored.status is None:
            await self.error(409, IN_BEHANDELING)
        else:
            headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in stored.headers or []]
            headers.append((REPLAYED_HEADER.lower().encode(), b"true"))
            await self._send(stored.status, headers, stored.body or b"")

    async def _send(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        headers = [(k, v) for k, v in headers if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await self.send({"type": "http.response.start", "status": status, "headers": headers})
        await self.send({"type": "http.response.body", "body": body})


#: ``dependencies=[IDEMPOTENCY_KEY]`` on a command route documents the header in its OpenAPI.
IDEMPOTENCY_KEY = Depends(idempotency_key)

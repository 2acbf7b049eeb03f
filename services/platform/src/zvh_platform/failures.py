"""Which handler failures pass by themselves, and how to describe any failure without its input.

A transient failure (database locked or unreachable, connection lost, a timeout, the PDP
unreachable) is retried until it passes: the message is fine, the surroundings are not. Anything
else is permanent: retrying changes nothing, so the message is answered (partner topics) and
dead-lettered at once.
"""

from __future__ import annotations

import errno
import socket

import asyncpg
import httpx
from pydantic import ValidationError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError

_MAX_ERROR_CHARS = 500

_ASYNCPG_TRANSIENT: tuple[type[BaseException], ...] = (
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
    asyncpg.DeadlockDetectedError,
    asyncpg.LockNotAvailableError,
    asyncpg.SerializationError,
)


#: OS errors that pass by themselves: the network or a peer away, resources briefly short. Any
#: other OSError (a missing file, no permission) stays until someone acts: it is permanent.
_TRANSIENT_ERRNOS = frozenset(
    {
        errno.ECONNREFUSED,
        errno.ECONNRESET,
        errno.ECONNABORTED,
        errno.EPIPE,
        errno.ETIMEDOUT,
        errno.EHOSTUNREACH,
        errno.ENETUNREACH,
        errno.ENETDOWN,
        errno.EAGAIN,
        errno.EBUSY,
        errno.EMFILE,
        errno.ENFILE,
        errno.ENOBUFS,
        errno.ENOMEM,
    }
)


class BerichtTeGroot(ValueError):
    """A record larger than ``ZVH_KAFKA_MAX_MESSAGE_BYTES``: a permanent error."""

    def __init__(self, size: int, limit: int) -> None:
        super().__init__(f"record of {size} bytes exceeds the limit of {limit} bytes")
        self.size = size
        self.limit = limit


def is_transient(exc: BaseException) -> bool:
    """True when retrying the same message later can succeed."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if _transient_itself(current):
            return True
        current = current.__cause__ or current.__context__
    return False


def _transient_itself(exc: BaseException) -> bool:
    if isinstance(exc, OperationalError | InterfaceError):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, _ASYNCPG_TRANSIENT):
        return True
    if isinstance(exc, httpx.TransportError):  # PDP or another service unreachable
        return True
    if isinstance(exc, ConnectionError | TimeoutError | socket.gaierror):  # gaierror: DNS
        return True
    return isinstance(exc, OSError) and exc.errno in _TRANSIENT_ERRNOS


def describe_error(exc: BaseException) -> str:
    """A short error text without input values: safe for logs, headers and dead letters.

    Pydantic errors name field paths only; database errors only their class (``str()`` of a
    SQLAlchemy error holds the SQL and its parameters); other errors their own text.
    """
    if isinstance(exc, ValidationError):
        parts = [
            f"{'.'.join(str(p) for p in e['loc']) or '<root>'}: {e['msg']}"
            for e in exc.errors(include_input=False, include_url=False)
        ]
        text = f"{exc.error_count()} validation error(s): " + "; ".join(parts)
    elif isinstance(exc, SQLAlchemyError):
        orig = getattr(exc, "orig", None)
        text = f"database error ({type(exc).__name__}"
        text += f" from {type(orig).__name__})" if orig is not None else ")"
    elif isinstance(exc, RecursionError):
        text = "nesting too deep"
    elif isinstance(exc, asyncpg.PostgresError | asyncpg.InterfaceError):
        text = f"database error ({type(exc).__name__})"  # its message may quote values
    else:
        text = str(exc) or type(exc).__name__
    return text[:_MAX_ERROR_CHARS]

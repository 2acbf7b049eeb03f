"""`zvh up --postgres`: one PostgreSQL database per service on a local server.

The databases are called ``zvh_<service>`` (``zvh_intake``, …), created when missing and kept
across restarts like the SQLite files; ``fresh`` drops and creates them again. The services
migrate their own database at start-up, as they do on SQLite.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from zvh_local.services import SERVICES

#: The machine's PostgreSQL with trust auth (Debian's cluster, `make services-deps`).
DEFAULT_BASE = "postgresql://postgres@127.0.0.1:5432"
DEFAULT_PREFIX = "zvh_"


class PostgresUnreachable(RuntimeError):
    """The server does not answer or refuses us; the message says what to do."""


def normalise_base(url: str) -> str:
    """``postgresql://user[:pw]@host:port`` without a database or driver (both are added)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.split("+", 1)[0]
    if scheme not in ("postgresql", "postgres") or not parts.hostname:
        raise ValueError(
            f"--postgres-url must look like postgresql://USER@HOST:PORT, not {redact(url)!r}"
        )
    return urlunsplit(("postgresql", parts.netloc, "", "", ""))


def redact(url: str) -> str:
    """The URL with its password replaced by ``***`` (for messages and logs)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


@dataclass(frozen=True)
class LocalDatabases:
    """What ``prepare`` did: the services' SQLAlchemy URLs and which databases existed."""

    urls: dict[str, str]
    created: tuple[str, ...]
    dropped: tuple[str, ...]
    #: Databases of an earlier run that hold tables (migrated): the stack keeps their data.
    kept: tuple[str, ...]

    def names(self) -> list[str]:
        return [url.rsplit("/", 1)[1] for url in self.urls.values()]


def database_name(service: str, prefix: str = DEFAULT_PREFIX) -> str:
    return f"{prefix}{service}"


async def _connect(base: str, timeout_s: float):  # type: ignore[no-untyped-def]
    import asyncpg

    try:
        return await asyncpg.connect(f"{base}/postgres", timeout=timeout_s)
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        raise PostgresUnreachable(
            f"PostgreSQL at {redact(base)} cannot be used ({type(exc).__name__}: {exc}).\n"
            "Start it (`make services-deps` starts an installed Debian cluster), or point "
            "`zvh up --postgres` elsewhere with --postgres-url postgresql://USER@HOST:PORT "
            "(the user needs CREATEDB; trust auth or a password in the URL)."
        ) from exc


async def prepare_async(
    base: str = DEFAULT_BASE,
    *,
    fresh: bool = False,
    prefix: str = DEFAULT_PREFIX,
    services: Iterable[str] = SERVICES,
    timeout_s: float = 5.0,
) -> LocalDatabases:
    """Create every service's database if missing (drop it first when ``fresh``)."""
    base = normalise_base(base)
    conn = await _connect(base, timeout_s)
    created: list[str] = []
    dropped: list[str] = []
    kept: list[str] = []
    urls: dict[str, str] = {}
    try:
        for service in services:
            name = database_name(service, prefix)
            exists = bool(await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name))
            if exists and fresh:
                await conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                dropped.append(name)
                exists = False
            if not exists:
                await conn.execute(f'CREATE DATABASE "{name}"')
                created.append(name)
            elif await _has_tables(base, name, timeout_s):
                kept.append(name)
            urls[service] = f"{base.replace('postgresql://', 'postgresql+asyncpg://', 1)}/{name}"
    finally:
        await conn.close()
    return LocalDatabases(
        urls=urls, created=tuple(created), dropped=tuple(dropped), kept=tuple(kept)
    )


async def _has_tables(base: str, name: str, timeout_s: float) -> bool:
    import asyncpg

    conn = await asyncpg.connect(f"{base}/{name}", timeout=timeout_s)
    try:
        return bool(
            await conn.fetchval(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            )
        )
    finally:
        await conn.close()


def prepare(
    base: str = DEFAULT_BASE,
    *,
    fresh: bool = False,
    prefix: str = DEFAULT_PREFIX,
    services: Iterable[str] = SERVICES,
) -> LocalDatabases:
    """``prepare_async`` for the CLI (no event loop running)."""
    return asyncio.run(prepare_async(base, fresh=fresh, prefix=prefix, services=services))


async def drop_async(base: str, names: Iterable[str]) -> None:
    """Drop databases (tests clean up their own; `zvh up` never drops without ``--fresh``)."""
    base = normalise_base(base)
    conn = await _connect(base, 5.0)
    try:
        for name in names:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()

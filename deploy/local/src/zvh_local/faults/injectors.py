"""The faults themselves: each is one episode that breaks a part of a running Stack and mends it.

An episode returns when the fault is lifted. Holding a fault for its duration is the one place
this suite sleeps: that is the fault, not a wait for an event.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

from zvh_local.ports import HOST
from zvh_local.supervisor import Stack


async def restart(stack: Stack, service: str) -> None:
    """Start a service again and wait until it is healthy, without blocking the event loop.

    The process is started from this thread, never from a worker thread: children get SIGTERM
    when the thread that started them ends (``procs.child_preexec``), and asyncio's worker
    threads end with the loop.
    """
    svc = stack.services[service]
    svc.stop()
    svc.start()
    await asyncio.to_thread(svc.wait_healthy, timeout_s=stack.health_timeout_s)


async def kill_and_restart(stack: Stack, service: str) -> None:
    """kill -9 of one service process, then start it again by hand (as an operator would)."""
    stack.services[service].kill()
    await restart(stack, service)


@contextlib.contextmanager
def _frozen(pid: int) -> Iterator[None]:
    """SIGSTOP ``pid`` (and its process group); SIGCONT on the way out, whatever happens."""
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


async def freeze_broker(stack: Stack, seconds: float) -> None:
    """The broker stops answering (SIGSTOP) for ``seconds``, then carries on (SIGCONT)."""
    assert stack.broker.proc is not None
    with _frozen(stack.broker.proc.pid):
        await asyncio.sleep(seconds)


async def freeze_service(stack: Stack, service: str, seconds: float) -> None:
    """A service hangs: it accepts connections but answers nothing for ``seconds``."""
    proc = stack.services[service].proc
    assert proc is not None
    with _frozen(proc.pid):
        await asyncio.sleep(seconds)


async def stop_service(stack: Stack, service: str, seconds: float) -> None:
    """A service is down (killed) for ``seconds``, then started again."""
    stack.services[service].kill()
    try:
        await asyncio.sleep(seconds)
    finally:
        await restart(stack, service)


async def smtp_down(stack: Stack, seconds: float) -> None:
    """The SMTP server is gone (connection refused) for ``seconds``."""
    stack.mail.stop()
    try:
        await asyncio.sleep(seconds)
    finally:
        stack.mail.start()


@contextlib.contextmanager
def _black_hole(port: int) -> Iterator[None]:
    """A listener that accepts TCP connections (kernel backlog) and never says a word."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((HOST, port))
        s.listen(512)
        yield


async def smtp_hang(stack: Stack, seconds: float) -> None:
    """The SMTP server hangs: connections open but no greeting comes, for ``seconds``."""
    stack.mail.stop()
    try:
        with _black_hole(stack.ports.smtp):
            await asyncio.sleep(seconds)
    finally:
        stack.mail.start()


async def lock_sqlite(path: Path, seconds: float) -> None:
    """Another connection holds ``BEGIN EXCLUSIVE`` on the database file for ``seconds``."""
    conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
    try:
        await asyncio.to_thread(conn.execute, "BEGIN EXCLUSIVE")
        await asyncio.sleep(seconds)
        conn.execute("ROLLBACK")
    finally:
        conn.close()


async def lock_postgres(url: str, seconds: float) -> None:
    """``LOCK TABLE … IN ACCESS EXCLUSIVE MODE`` on every table of the database for ``seconds``."""
    import asyncpg

    conn = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://", 1))
    try:
        tables = [
            r["tablename"]
            for r in await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname='public'")
        ]
        async with conn.transaction():
            names = ", ".join(f'"{t}"' for t in tables)
            await conn.execute(f"LOCK TABLE {names} IN ACCESS EXCLUSIVE MODE")
            await asyncio.sleep(seconds)
    finally:
        await conn.close()


async def lock_database(stack: Stack, service: str, seconds: float) -> None:
    """Lock one service's database (SQLite file or PostgreSQL tables) for ``seconds``."""
    url = stack.database_urls.get(service)
    if url is None:
        await lock_sqlite(stack.var_dir / f"{service}.db", seconds)
    else:
        await lock_postgres(url, seconds)


def postgres_restart_command() -> list[str]:
    """Restart the machine's PostgreSQL cluster (Debian's pg_ctlcluster, no systemd)."""
    versions = sorted(os.listdir("/etc/postgresql"))
    return ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "restart"]


async def restart_postgres(_stack: Stack) -> None:
    """Every service loses its PostgreSQL connections at once; the server is back in seconds."""
    await asyncio.to_thread(subprocess.run, postgres_restart_command(), check=True, timeout=120)

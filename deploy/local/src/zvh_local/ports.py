"""Which ports the local stack uses, and refusing to start on a port that is taken."""

from __future__ import annotations

import socket
from dataclasses import dataclass, fields

from zvh_platform.testing import free_port

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Ports:
    """The ports of one stack: fixed for `zvh up`, free ones for tests."""

    overleg: int = 8000
    intake: int = 8001
    consent: int = 8002
    notify: int = 8003
    smtp: int = 8025
    broker: int = 9092

    @classmethod
    def free(cls) -> Ports:
        """Ports nobody listens on right now (tests must never use the fixed ones)."""
        chosen: set[int] = set()
        values: dict[str, int] = {}
        for f in fields(cls):
            port = free_port()
            while port in chosen:
                port = free_port()
            chosen.add(port)
            values[f.name] = port
        return cls(**values)

    def items(self) -> list[tuple[str, int]]:
        return [(f.name, getattr(self, f.name)) for f in fields(self)]

    def url(self, service: str) -> str:
        return f"http://{HOST}:{getattr(self, service)}"


class PortTaken(RuntimeError):
    """A port the stack needs is in use; the message says which and what to do."""


def in_use(port: int) -> bool:
    """True when something listens on ``port`` or we cannot bind it the way a server would.

    The bind sets SO_REUSEADDR like uvicorn, aiosmtpd and tansu do, so sockets of a stack that
    just stopped (TIME_WAIT, up to a minute after a stop under load) do not count as taken.
    """
    with socket.socket() as s:
        s.settimeout(0.2)
        if s.connect_ex((HOST, port)) == 0:
            return True
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError:
            return True
    return False


def check_free(ports: Ports) -> None:
    """Raise PortTaken naming every taken port and how to free it."""
    taken = [(name, port) for name, port in ports.items() if in_use(port)]
    if not taken:
        return
    lines = [f"  port {port} ({name}) is already in use" for name, port in taken]
    raise PortTaken(
        "cannot start the local stack:\n"
        + "\n".join(lines)
        + "\nIs another `zvh up` still running? Stop it with Ctrl-C, or find the process with "
        f"`ss -ltnp 'sport = :{taken[0][1]}'` and stop it, then try again."
    )

"""SIGTERM stops a service gracefully: no new connections, the request in flight is answered,
exit code 0 well within the stop timeout.

A real service process (``ServiceProcess``: ``python -m zvh_platform.serve intake``) on a real
broker. The request in flight is held open by the client, not by a hook in the service: a POST
with ``Expect: 100-continue`` and an ``Idempotency-Key`` — the idempotency middleware reads the
whole body before anything else, and uvicorn answers ``100 Continue`` as soon as the app starts
reading. From that moment the request is in the app; the test sends SIGTERM, checks that new
connections are refused, and only then sends the body.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from zvh_local.services import STOP_TIMEOUT_S, ServiceProcess
from zvh_platform.testing import free_port, port_open, tansu

pytestmark = [pytest.mark.broker, pytest.mark.timeout(180)]

BODY = b'{"besluit": "casus"}'


@pytest.fixture
def intake(tmp_path: Path) -> Iterator[ServiceProcess]:
    with tansu() as bootstrap:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in ("ZVH_DATABASE_URL", "ZVH_TELEMETRY_DIR", "ZVH_SERVICE")
        }
        env |= {
            "ZVH_ENV": "local",
            "ZVH_VAR_DIR": str(tmp_path),
            "ZVH_KAFKA_BOOTSTRAP": bootstrap,
            "PYTHONUNBUFFERED": "1",
        }
        svc = ServiceProcess(
            name="intake", port=free_port(), env=env, log_path=tmp_path / "log" / "intake.log"
        )
        svc.start()
        try:
            svc.wait_healthy(timeout_s=90)
            yield svc
        finally:
            svc.stop(timeout_s=5)


def _read_until(sock: socket.socket, marker: bytes, timeout_s: float) -> bytes:
    sock.settimeout(timeout_s)
    data = b""
    while marker not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def test_sigterm_answers_the_request_in_flight_and_exits_0(intake: ServiceProcess) -> None:
    assert intake.proc is not None
    sock = socket.create_connection(("127.0.0.1", intake.port), timeout=10)
    try:
        path = "/v1/meldingen/00000000-0000-0000-0000-000000000001/triage"
        sock.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(BODY)}\r\nIdempotency-Key: stop-proef-1\r\n"
            "Expect: 100-continue\r\n\r\n".encode()
        )
        assert _read_until(sock, b"\r\n\r\n", 10).startswith(b"HTTP/1.1 100"), intake.log_tail()

        t0 = time.monotonic()
        os.kill(intake.proc.pid, signal.SIGTERM)
        deadline = t0 + 10
        while port_open("127.0.0.1", intake.port):  # no new connections any more
            assert intake.exit_code() is None, "exited with the request still in flight"
            assert time.monotonic() < deadline, "still accepting connections after SIGTERM"
            time.sleep(0.05)
        assert intake.exit_code() is None, "exited with the request still in flight"

        sock.sendall(BODY)
        answer = _read_until(sock, b"\r\n\r\n", 10)
    finally:
        sock.close()
    status = answer.split(b"\r\n", 1)[0]
    # No user: the app itself answers 401 — a whole response, not a dropped connection.
    assert status == b"HTTP/1.1 401 Unauthorized", answer[:300]
    assert b"connection: close" in answer.lower()

    code = intake.proc.wait(timeout=STOP_TIMEOUT_S)
    took = time.monotonic() - t0
    assert code == 0, intake.log_tail()
    assert took < STOP_TIMEOUT_S
    log = intake.log_path.read_text()
    assert "intake stopped" in log and "Finished server process" in log

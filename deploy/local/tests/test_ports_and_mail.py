"""The stack refuses taken ports by name, and mail lands in a Maildir."""

from __future__ import annotations

import dataclasses
import smtplib
import socket
from email.message import EmailMessage
from pathlib import Path

import pytest
from zvh_local.mail import MailServer
from zvh_local.ports import Ports, PortTaken, check_free, in_use


def test_free_ports_are_distinct_and_not_the_fixed_ones() -> None:
    ports = Ports.free()
    values = [p for _, p in ports.items()]
    assert len(set(values)) == len(values)
    assert not set(values) & {8000, 8001, 8002, 8003, 8025, 9092}


def test_a_taken_port_is_named_with_what_to_do() -> None:
    ports = Ports.free()
    with socket.socket() as s:
        s.bind(("127.0.0.1", ports.notify))
        s.listen()
        with pytest.raises(PortTaken) as err:
            check_free(ports)
    message = str(err.value)
    assert f"port {ports.notify} (notify)" in message
    assert "zvh up" in message


@pytest.mark.parametrize("folder_exists", [False, True], ids=["new-folder", "existing-folder"])
def test_mail_goes_to_the_maildir(tmp_path: Path, folder_exists: bool) -> None:
    # `zvh up` creates var/mail before the server starts: the Maildir must still work.
    if folder_exists:
        (tmp_path / "mail").mkdir()
    server = MailServer(port=Ports.free().smtp, maildir=tmp_path / "mail")
    server.start()
    try:
        msg = EmailMessage()
        msg["From"] = "noreply@zvh.local"
        msg["To"] = "gemeente-bergen-op-zoom@partners.zvh.local"
        msg["Subject"] = "Nieuwe actie"
        msg.set_content("Er staat een actie voor u klaar.")
        with smtplib.SMTP("127.0.0.1", server.port, timeout=5) as smtp:
            smtp.send_message(msg)
        received = server.messages()
    finally:
        server.stop()
    assert [m["Subject"] for m in received] == ["Nieuwe actie"]


def test_ports_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Ports().overleg = 1  # type: ignore[misc]


def _time_wait_on_free_port() -> int:
    """A free port with a socket in TIME_WAIT on it: the server side closed its connection first."""
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = int(server.getsockname()[1])
    client = socket.create_connection(("127.0.0.1", port), timeout=5)
    conn, _ = server.accept()
    conn.close()  # the server closes first: its end of the connection goes to TIME_WAIT
    server.close()
    client.recv(1)  # reads the FIN
    client.close()
    return port


def test_time_wait_sockets_do_not_count_as_taken() -> None:
    port = _time_wait_on_free_port()
    # What the old check did (bind without SO_REUSEADDR) fails on this port …
    with socket.socket() as plain, pytest.raises(OSError):
        plain.bind(("127.0.0.1", port))
    # … while a server (uvicorn, aiosmtpd, tansu set SO_REUSEADDR) can start on it.
    assert not in_use(port)


def test_a_listening_port_is_still_in_use() -> None:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", 0))
        s.listen()
        assert in_use(int(s.getsockname()[1]))

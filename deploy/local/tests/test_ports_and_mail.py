"""The stack refuses taken ports by name, and mail lands in a Maildir."""

from __future__ import annotations

import dataclasses
import smtplib
import socket
from email.message import EmailMessage
from pathlib import Path

import pytest
from zvh_local.mail import MailServer
from zvh_local.ports import Ports, PortTaken, check_free


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

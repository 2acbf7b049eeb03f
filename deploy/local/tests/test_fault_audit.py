"""The fault suite's audit counts what a partner would see lost or twice (no broker needed)."""

from __future__ import annotations

import mailbox
import uuid
from email.message import EmailMessage
from pathlib import Path

from zvh_local.demo import ACTIE_TOEGEWEZEN
from zvh_local.faults.audit import MaildirReader, Uitslag, tel
from zvh_local.partner import Received

CASUS = str(uuid.uuid4())
ACTIE = str(uuid.uuid4())


def _actie(ce_id: str, actie_id: str = ACTIE) -> Received:
    body = f'{{"actie_id": "{actie_id}"}}'.encode()
    return Received(
        topic="t",
        headers={"ce_type": ACTIE_TOEGEWEZEN, "ce_id": ce_id},
        body=body,
        offset=0,
        partition=0,
    )


def _maildir(tmp_path: Path, *message_ids: str) -> Path:
    box = mailbox.Maildir(str(tmp_path / "mail"), create=True)
    for mid in message_ids:
        msg = EmailMessage()
        msg["Subject"] = "Nieuwe actie voor gemeente (casus x)"
        msg["Message-ID"] = mid
        msg.set_content(f"Casus:     {CASUS}\nActie:     iets met é\n", charset="utf-8")
        box.add(msg)
    return tmp_path / "mail"


def _tel(tmp_path: Path, ours: list[Received], *message_ids: str) -> Uitslag:
    u = Uitslag(flows=1)
    mails = MaildirReader(_maildir(tmp_path, *message_ids)).mails()
    tel(u, ours=ours, mails=mails, acties={ACTIE}, casussen={CASUS})
    return u


def test_one_message_and_one_mail_is_clean(tmp_path: Path) -> None:
    u = _tel(tmp_path, [_actie("a")], "<1@zvh>")
    assert u.ok, (u.lost, u.duplicated)


def test_the_same_ce_id_twice_on_the_topic_is_a_duplicate(tmp_path: Path) -> None:
    u = _tel(tmp_path, [_actie("a"), _actie("a")], "<1@zvh>")
    assert u.lost == []
    assert len(u.duplicated) == 1 and "ce_id a" in u.duplicated[0]


def test_one_actie_under_two_ce_ids_is_a_duplicate(tmp_path: Path) -> None:
    u = _tel(tmp_path, [_actie("a"), _actie("b")], "<1@zvh>")
    assert any("2 ce_ids" in d for d in u.duplicated)


def test_the_same_message_id_twice_in_the_maildir_is_a_duplicate(tmp_path: Path) -> None:
    u = _tel(tmp_path, [_actie("a")], "<1@zvh>", "<1@zvh>")
    assert any("Message-ID <1@zvh> 2×" in d for d in u.duplicated)


def test_a_missing_message_and_mail_are_lost(tmp_path: Path) -> None:
    u = _tel(tmp_path, [_actie("a", actie_id=str(uuid.uuid4()))])
    assert any(ACTIE in lost for lost in u.lost)
    assert any(CASUS in lost for lost in u.lost)

"""How the flood judges a case from the answers it read (no broker: answers built by hand)."""

from __future__ import annotations

import json

from zvh_contracts import topics
from zvh_local.fuzz.cases import Case, Expect
from zvh_local.fuzz.flood import Answers, Sent, Status
from zvh_local.partner import PartnerInbox, Received

CE_ID = "0b7c2a52-8f0e-4d8e-9a51-6c1f1d0e2a11"


def _case(expect: Expect, *, partner: str = "politie-zwb") -> Case:
    ids = frozenset() if expect is Expect.KEPT else frozenset({CE_ID})
    return Case(
        id="t-1", kind="t", partner=partner, body=b"", headers=(), expect=expect, answer_ids=ids
    )


def _answers(*answers: tuple[str, str, dict[str, object]]) -> Answers:
    inbox = PartnerInbox(bootstrap="unused", partners=[])
    for i, (org, ce_type, body) in enumerate(answers):
        inbox.received.append(
            Received(
                topic=topics.partner_from_zvh(org),
                headers={"ce_type": ce_type},
                body=json.dumps(body).encode(),
                offset=i,
                partition=0,
                timestamp_ms=1000 + i,
            )
        )
    a = Answers(inbox)
    a.update()
    return a


RECEIPT = "zvh.partner.melding.ontvangen.v1"
BERICHT = "zvh.partner.bericht.ontvangen.v1"


def test_a_receipt_naming_the_ce_id_on_the_melders_topic_answers_it() -> None:
    a = _answers(("politie-zwb", RECEIPT, {"status": "ontvangen", "in_antwoord_op": CE_ID}))
    assert a.judge(Sent(_case(Expect.RECEIPT), 0, 0), set()).status is Status.ANSWERED


def test_an_answer_on_another_partners_topic_does_not_count() -> None:
    a = _answers(("om-zwb", RECEIPT, {"status": "ontvangen", "in_antwoord_op": CE_ID}))
    assert a.judge(Sent(_case(Expect.RECEIPT), 0, 0), set()).status is Status.LOST


def test_a_receipt_for_what_should_be_rejected_is_wrong() -> None:
    a = _answers(("politie-zwb", RECEIPT, {"status": "ontvangen", "in_antwoord_op": CE_ID}))
    assert a.judge(Sent(_case(Expect.REJECTION), 0, 0), set()).status is Status.WRONG


def test_overlegs_rejection_answers_a_rejection_case() -> None:
    a = _answers(("politie-zwb", BERICHT, {"status": "afgewezen", "in_antwoord_op": CE_ID}))
    assert a.judge(Sent(_case(Expect.REJECTION), 0, 0), set()).status is Status.ANSWERED
    assert a.judge(Sent(_case(Expect.ANSWERED), 0, 0), set()).status is Status.ANSWERED


def test_other_message_types_are_no_answer() -> None:
    a = _answers(("politie-zwb", "zvh.partner.actie.toegewezen.v1", {"in_antwoord_op": CE_ID}))
    assert a.judge(Sent(_case(Expect.ANSWERED), 0, 0), set()).status is Status.LOST


def test_kept_is_checked_by_where_the_message_landed() -> None:
    case = _case(Expect.KEPT)
    a = _answers(("politie-zwb", RECEIPT, {"status": "afgewezen", "in_antwoord_op": None}))
    assert a.without_id["politie-zwb"] == 1
    kept = {(case.topic, 2, 17)}
    assert a.judge(Sent(case, 2, 17), kept).status is Status.KEPT
    assert a.judge(Sent(case, 2, 18), kept).status is Status.LOST


def test_a_message_the_broker_refused_is_refused_not_lost() -> None:
    a = _answers()
    sent = Sent(_case(Expect.REJECTION), refused="MessageSizeTooLargeError")
    assert a.judge(sent, set()).status is Status.REFUSED

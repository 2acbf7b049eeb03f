"""An operator reopens a given-up bezorging: only from opgegeven, a fresh window and back-off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from notify_fakes import email_bezorging
from zvh_notify.domain.model import Bezorging, NietOpgegeven, RetryBeleid, Status

BELEID = RetryBeleid(venster=timedelta(seconds=100), backoff_s=10, max_backoff_s=40)


def _given_up() -> Bezorging:
    b = email_bezorging()
    tijd = b.aangemaakt_op
    while b.status is Status.WACHT:
        assert b.volgende_poging_op is not None
        tijd = b.volgende_poging_op
        b.mislukt(
            tijd=tijd, fout="SMTPRecipientsRefused: {'x@partners.zvh.local': 550}", beleid=BELEID
        )
    return b


def test_only_a_given_up_bezorging_can_be_reopened() -> None:
    b = email_bezorging()
    with pytest.raises(NietOpgegeven):
        b.heropen(tijd=b.aangemaakt_op, door="beheer.dekker")
    b.gelukt(tijd=b.aangemaakt_op)
    with pytest.raises(NietOpgegeven):
        b.heropen(tijd=b.aangemaakt_op, door="beheer.dekker")
    b = email_bezorging()
    b.onbezorgbaar(tijd=b.aangemaakt_op, fout="geen adres")
    with pytest.raises(NietOpgegeven):
        b.heropen(tijd=b.aangemaakt_op, door="beheer.dekker")


def test_reopen_starts_a_new_window_now_and_records_who() -> None:
    b = _given_up()
    assert b.status is Status.OPGEGEVEN and b.pogingen_voor_venster == 0
    before = b.pogingen
    nu = b.aangemaakt_op + timedelta(days=2)
    b.heropen(tijd=nu, door="beheer.dekker")
    assert b.status is Status.WACHT and b.volgende_poging_op == nu  # due at once
    assert b.venster_start == nu and b.heropend_op == nu and b.heropend_door == "beheer.dekker"
    assert b.pogingen == before and len(b.pogingen_log) == before  # history kept
    # failing again: retried within the new window, given up only at its end
    b.mislukt(tijd=nu, fout="ConnectionRefusedError: x", beleid=BELEID)
    assert b.status is Status.WACHT
    tijd = nu
    while b.status is Status.WACHT:
        assert b.volgende_poging_op is not None
        tijd = b.volgende_poging_op
        b.mislukt(tijd=tijd, fout="ConnectionRefusedError: x", beleid=BELEID)
    assert tijd == nu + BELEID.venster


def test_back_off_restarts_after_a_reopen() -> None:
    b = _given_up()
    assert b.pogingen > 4  # the old back-off was at its cap
    nu = b.aangemaakt_op + timedelta(days=2)
    b.heropen(tijd=nu, door="beheer.dekker")
    b.mislukt(tijd=nu, fout="ConnectionRefusedError: x", beleid=BELEID)
    assert b.volgende_poging_op == nu + timedelta(seconds=10)  # first wait again, not 40 s
    b.mislukt(tijd=nu + timedelta(seconds=10), fout="x", beleid=BELEID)
    assert b.volgende_poging_op == nu + timedelta(seconds=30)


def test_operators_see_the_error_type_not_its_text() -> None:
    b = _given_up()
    assert b.fout_type == "SMTPRecipientsRefused"
    b.laatste_fout = "Connection refused"
    assert b.fout_type == "MailError"
    b.laatste_fout = None
    assert b.fout_type is None

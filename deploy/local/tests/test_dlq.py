"""`zvh dlq`: the local beheerder token, argument wiring and the one-line rows (no content)."""

from __future__ import annotations

import httpx
from zvh_local.cli import parser
from zvh_local.dlq import (
    cmd_list,
    cmd_opnieuw,
    cmd_replay,
    format_bezorging,
    format_row,
    local_token,
    problem,
)
from zvh_platform.auth import TokenVerifier, trusted_issuers
from zvh_platform.settings import ServiceSettings


async def test_local_token_is_the_demo_beheerder() -> None:
    settings = ServiceSettings(service="local", env="local")
    user = await TokenVerifier(trusted_issuers(settings)).verify(local_token())
    assert user.id == "beheer.dekker" and user.roles == ["beheerder"] and user.org == "zvh"


def test_dlq_subcommands_parse() -> None:
    args = parser().parse_args(["dlq", "list", "--service", "intake"])
    assert args.func is cmd_list and args.service == "intake"
    args = parser().parse_args(["dlq", "replay", "overleg", "abc", "--overleg-url", "http://x"])
    assert args.func is cmd_replay and args.id == "abc" and args.overleg_url == "http://x"


def test_row_shows_place_and_error_only() -> None:
    row = {
        "id": "d1",
        "service": "intake",
        "created_at": "2026-11-24T10:00:00+00:00",
        "topic": "zvh.partner.politie-zwb.to-zvh.v1",
        "partition": 1,
        "offset": 7,
        "error_type": "RuntimeError",
        "error_text": "kapot",
        "replay_result": None,
    }
    line = format_row(row)
    assert "zvh.partner.politie-zwb.to-zvh.v1[1]@7" in line and "replay=-" in line


def test_opnieuw_parses_a_bezorging_id_for_notify() -> None:
    args = parser().parse_args(["dlq", "opnieuw", "b1", "--notify-url", "http://n"])
    assert args.func is cmd_opnieuw and args.id == "b1" and args.notify_url == "http://n"


def test_given_up_bezorging_row_shows_ids_codes_and_error_type_only() -> None:
    row = {
        "bezorging_id": "b1",
        "kanaal": "email",
        "ontvanger": "politie-zwb",
        "bron_event_id": "e1",
        "event_type": "zvh.overleg.casus.actie-toegewezen.v1",
        "casus_id": "c1",
        "status": "opgegeven",
        "pogingen": 31,
        "fout_type": "SMTPRecipientsRefused",
        "aangemaakt_op": "2026-11-24T10:00:00Z",
        "bijgewerkt_op": "2026-11-25T10:00:00Z",
        "venster_start": "2026-11-24T10:00:00Z",
        "heropend_door": None,
    }
    line = format_bezorging(row)
    assert line.startswith("b1  email") and "politie-zwb" in line
    assert "pogingen=31" in line and "fout=SMTPRecipientsRefused" in line
    assert "sinds 2026-11-24T10:00:00" in line and "heropend" not in line
    reopened = format_bezorging({**row, "heropend_door": "beheer.dekker", "fout_type": None})
    assert "fout=-" in reopened and "heropend door beheer.dekker" in reopened


def test_a_refusal_is_not_reported_as_unreachable() -> None:
    request = httpx.Request("GET", "http://intake/beheer/dead-letters")
    response = httpx.Response(403, json={"detail": "alleen voor beheerders"}, request=request)
    refused = httpx.HTTPStatusError("403", request=request, response=response)
    assert problem("intake", refused) == "intake: alleen voor beheerders (HTTP 403)"
    assert problem("intake", httpx.ConnectError("weg")) == "intake: not reachable (ConnectError)"

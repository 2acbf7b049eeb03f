"""Termijnbewaking end to end (issue 9, part 3): services as processes, a clock the test moves.

An actie gets a wanneer a week ahead. The test moves the services' clock (``ZVH_TEST_CLOCK_FILE``)
past the herinnering moment, and the partner receives one ``termijn.herinnering``; notify is then
killed with SIGKILL, the clock moves past the deadline and notify starts again: the partner
receives one ``verlopen`` signal, and never the herinnering a second time. E-mail follows the same
rule, and the procesregisseur's dashboard shows the actie red.
"""

from __future__ import annotations

import asyncio
import mailbox
import random
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from typing import TypeVar

import httpx
import pytest
from zvh_contracts.envelope import Envelope
from zvh_contracts.registry import parse
from zvh_local.aanmelden import session_cookies
from zvh_local.demo import (
    ACTIE_TOEGEWEZEN,
    PROCESREGISSEUR,
    UITVOERDER,
    Endpoints,
    PartnerSession,
    melding_over,
    unieke_bsn,
)
from zvh_local.partner import Received
from zvh_local.supervisor import Stack
from zvh_notify.domain.termijnbewaking import herinnering_moment, verlopen_moment
from zvh_platform.clock import MovableClock
from zvh_platform.kalender import NEDERLAND
from zvh_platform.termijnen import TIJDZONE
from zvh_platform.testing import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

HERINNERING = "zvh.partner.termijn.herinnering.v1"
T = TypeVar("T")


def _move_to(klok: MovableClock, moment: datetime) -> None:
    """Move the services' clock so that it reads ``moment`` now."""
    klok.move(moment - klok.now())


def _signals(s: PartnerSession, actie_id: str) -> list[Received]:
    return [
        r
        for r in s.inbox.received
        if r.ce_type == HERINNERING
        and r.topic == f"zvh.partner.{UITVOERDER}.from-zvh.v1"
        and r.json().get("actie_id") == actie_id
    ]


def _tekst(mail: mailbox.MaildirMessage) -> str:
    body = mail.get_payload(decode=True)
    return body.decode() if isinstance(body, bytes) else ""


def _mails(stack: Stack, actie_id: str) -> list[str]:
    box = mailbox.Maildir(str(stack.var_dir / "mail"), create=False)
    return [
        " ".join(str(m["Subject"]).split())  # unfolded
        for m in box
        if UITVOERDER in str(m["To"]) and actie_id in _tekst(m)
    ]


async def _at_least(n: int, get: Callable[[], list[T]]) -> list[T]:
    async def probe() -> list[T] | None:
        found = get()
        return found if len(found) >= n else None

    return await wait_for(probe, timeout_s=60, interval_s=0.2)


async def test_one_herinnering_and_one_verlopen_signal_also_across_a_kill(
    stack: Stack, endpoints: Endpoints, klok: MovableClock
) -> None:
    vandaag = klok.now().astimezone(TIJDZONE).date()
    wanneer = NEDERLAND.plus_werkdagen(vandaag, 5)
    async with PartnerSession(endpoints=endpoints, timeout_s=60) as s:
        melding_id = await s.submit(melding_over(unieke_bsn(random.Random()), kenmerk="TERMIJN"))
        await s.triage_casus(melding_id, uitnodigen=(UITVOERDER,))
        casus_id = await s.wait_for_casus(melding_id)
        actie = await s.add_actie(casus_id, wat="Huisbezoek afleggen", wanneer=wanneer)
        await s.wait_for_partner_event(
            ACTIE_TOEGEWEZEN, org=UITVOERDER, about=actie, field="actie_id"
        )
        assert _signals(s, str(actie)) == []

        # A werkdag before the deadline, 08:00 Dutch time: the herinnering.
        _move_to(klok, herinnering_moment(wanneer, NEDERLAND) + timedelta(minutes=30))
        [herinnering] = await _at_least(1, lambda: _signals(s, str(actie)))
        assert herinnering.json()["soort"] == "herinnering"
        assert herinnering.json()["uiterlijk"] == wanneer.isoformat()
        parse(Envelope.from_headers(herinnering.headers).type, herinnering.body)
        await _at_least(1, lambda: _mails(stack, str(actie)))

        # notify dies without any clean-up; meanwhile the deadline passes.
        stack.services["notify"].kill()
        _move_to(klok, verlopen_moment(wanneer) + timedelta(hours=2))
        stack.restart("notify")

        signals = await _at_least(2, lambda: _signals(s, str(actie)))
        assert [r.json()["soort"] for r in signals] == ["herinnering", "verlopen"]
        mails = await _at_least(2, lambda: _mails(stack, str(actie)))
        assert sorted(m.split(":")[0] for m in mails) == ["Herinnering", "Termijn verstreken"]

        # Still exactly one of each after notify's next rounds (it polls every 0.5 s here).
        ronde = klok.now()

        async def rounds_later() -> bool:
            return klok.now() - ronde > timedelta(seconds=3)

        await wait_for(rounds_later, timeout_s=10, interval_s=0.5)
        assert len(_signals(s, str(actie))) == 2
        assert len(_mails(stack, str(actie))) == 2

    # The ZVH's own termijn of the casus passed too (nobody recorded the first contact): the ZVH
    # is told by e-mail, and a triage that was done in time sends nothing.
    async def zvh_mail() -> list[str] | None:
        box = mailbox.Maildir(str(stack.var_dir / "mail"), create=False)
        onderwerpen = [
            str(message_from_bytes(bytes(m), policy=policy.default)["Subject"])
            for m in box
            if "zvh@" in str(m["To"])
        ]
        ours = [o for o in onderwerpen if str(casus_id)[:8] in o]
        return ours if verstreken in ours else None

    verstreken = f"Termijn verstreken: eerste contact met de cliënt (casus {str(casus_id)[:8]})"
    zvh = await wait_for(zvh_mail, timeout_s=60, interval_s=0.2)
    assert zvh.count(verstreken) == 1
    assert not [o for o in zvh if "triage" in o]

    # The procesregisseur's dashboard, on the same moved clock, shows the actie red.
    overleg = stack.url("overleg")
    cookies = await asyncio.to_thread(session_cookies, overleg, PROCESREGISSEUR)
    async with httpx.AsyncClient(base_url=overleg, cookies=cookies, timeout=30) as browser:
        html = (await browser.get("/dashboard")).text
    rij = re.search(rf'<tr[^>]*data-actie="{actie}"[^>]*>', html)
    assert rij is not None, "the actie is not among the acties needing attention"
    assert 'data-rag="rood"' in rij.group(0)

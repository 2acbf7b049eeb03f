"""Triage Aanhoudingen (issue 9, part 8), end to end: services as processes on the real broker.

The police partner submits its daily list on its own to-zvh topic like an adapter does; the
procesregisseur and bemoeizorg work through it in the overleg UI over HTTP (signed in through the
identity provider); one arrest becomes a melding that shows up in intake's triage queue, owned by
the police. A list from another partner is rejected on that partner's from-zvh topic.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import datetime

import httpx
import pytest
from zvh_contracts.envelope import Envelope
from zvh_contracts.registry import parse
from zvh_local.aanmelden import session_cookies
from zvh_local.demo import (
    MELDER,
    MELDING_ONTVANGEN,
    PROCESREGISSEUR,
    UITVOERDER,
    Endpoints,
    PartnerSession,
    demo_aanhoudingen,
    kenmerk,
)
from zvh_local.supervisor import Stack
from zvh_platform.termijnen import TIJDZONE

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

BEMOEIZORG = "zorg.koster"
AGENT = "agent.smit"


async def _web(stack: Stack, user: str) -> httpx.AsyncClient:
    cookies = await asyncio.to_thread(session_cookies, stack.url("overleg"), user)
    return httpx.AsyncClient(
        base_url=stack.url("overleg"), cookies=cookies, timeout=30.0, follow_redirects=False
    )


async def _markeer(web: httpx.AsyncClient, aanhouding: str, markering: str) -> httpx.Response:
    return await web.post(
        f"/aanhoudingen/{aanhouding}/markering",
        data={"markering": markering, "csrftoken": web.cookies["csrftoken"]},
    )


async def test_a_list_is_submitted_worked_through_and_one_arrest_becomes_a_melding(
    stack: Stack, endpoints: Endpoints
) -> None:
    vandaag = datetime.now(TIJDZONE).date()
    lijst = demo_aanhoudingen(vandaag, lijst_id=f"PZWB-AH-E2E-{kenmerk()}")
    async with PartnerSession(endpoints=endpoints, timeout_s=60) as s:
        ce_id = uuid.uuid4()
        await s.producer.publish(org=MELDER, event=lijst, event_id=ce_id)
        regels = await s.lever_aanhoudingen(lijst)  # sent again (new ce_id): nothing doubles
        await s.producer.publish(org=MELDER, event=lijst, event_id=ce_id)  # a replay
        assert [r["aanhouding_id"] for r in regels] == [a.aanhouding_id for a in lijst.aanhoudingen]
        assert {r["markering"] for r in regels} == {"open"}
        ids = {r["aanhouding_id"]: r["id"] for r in regels}
        eerste, tweede, derde = (a.aanhouding_id for a in lijst.aanhoudingen)

        # the procesregisseur sees the list in the UI, with three still to do
        pr = await _web(stack, PROCESREGISSEUR)
        async with pr:
            pagina = await pr.get("/aanhoudingen")
            assert pagina.status_code == 200, pagina.text[:400]
            assert f'id="aanhouding-{ids[eerste]}"' in pagina.text
            assert 'href="/aanhoudingen" aria-current="page"' in pagina.text

            # bemoeizorg takes one; another role is refused by the PDP
            bz = await _web(stack, BEMOEIZORG)
            async with bz:
                r = await _markeer(bz, ids[eerste], "bemoeizorg-gaat-langs")
                assert r.status_code == 303, r.text[:400]
            agent = await _web(stack, AGENT)
            async with agent:
                r = await agent.get("/aanhoudingen")
                assert r.status_code == 403 and "Triage Aanhoudingen" in r.text
                r = await _markeer(agent, ids[derde], "geen-actie")
                assert r.status_code == 403

            # the procesregisseur makes a melding of one and marks the last
            r = await _markeer(pr, ids[tweede], "melding-aanmaken")
            assert r.status_code == 303, r.text[:400]
            bevestiging = await pr.get(r.headers["location"])
            gevonden = re.search(
                r'href="/triage/([0-9a-f-]{36})" id="aangemaakte-melding"', bevestiging.text
            )
            assert gevonden, bevestiging.text[:2000]
            melding_id = gevonden.group(1)
            assert (await _markeer(pr, ids[derde], "geen-actie")).status_code == 303
            # a melding is final
            assert (await _markeer(pr, ids[tweede], "geen-actie")).status_code == 409

            # the melding is in intake's triage queue, owned by the police, linked to the arrest
            r = await s.request("GET", f"{endpoints.intake_url}/v1/meldingen?status=te-trieren")
            queue = {m["melding_id"]: m for m in r.json()}
            assert queue[melding_id]["melder"] == MELDER
            assert queue[melding_id]["melder_referentie"] == f"aanhouding:{tweede}"
            triage = await pr.get("/triage")
            assert f"/triage/{melding_id}" in triage.text
            melding = await pr.get(f"/triage/{melding_id}")  # ready to triage, like any melding
            assert melding.status_code == 200, melding.text[:400]
            assert f"Aanhouding {tweede}" in melding.text and "F300, F301" in melding.text

            # nothing left to do on this list; who marked what is recorded
            r = await s.request(
                "GET", f"{endpoints.intake_url}/v1/aanhoudingen?datum={vandaag.isoformat()}"
            )
            [onze] = [x for x in r.json()["lijsten"] if x["lijst_id"] == lijst.lijst_id]
            assert (onze["open"], onze["afgehandeld"]) == (0, 3)
            gemarkeerd = {a["aanhouding_id"]: a for a in onze["aanhoudingen"]}
            assert len(gemarkeerd) == 3  # the replay and the resend added nothing
            assert gemarkeerd[eerste]["gemarkeerd_door"] == BEMOEIZORG
            assert gemarkeerd[tweede]["markering"] == "melding-aanmaken"
            assert gemarkeerd[tweede]["melding_id"] == melding_id
            assert gemarkeerd[derde]["gemarkeerd_door"] == PROCESREGISSEUR


async def test_a_list_from_another_partner_is_rejected_in_dutch(
    stack: Stack, endpoints: Endpoints
) -> None:
    lijst = demo_aanhoudingen(datetime.now(TIJDZONE).date(), lijst_id=f"GEM-AH-{kenmerk()}")
    async with PartnerSession(endpoints=endpoints, timeout_s=60) as s:
        ce_id = await s.producer.publish(org=UITVOERDER, event=lijst)
        antwoord = await s.wait_for_receipt(ce_id)
    assert antwoord.topic == f"zvh.partner.{UITVOERDER}.from-zvh.v1"
    assert antwoord.ce_type == MELDING_ONTVANGEN
    parse(Envelope.from_headers(antwoord.headers).type, antwoord.body)
    body = antwoord.json()
    assert body["status"] == "afgewezen"
    assert body["redenen"] == [
        {"veld": "ce_type", "melding": "alleen de politie levert een lijst met aanhoudingen aan"}
    ]

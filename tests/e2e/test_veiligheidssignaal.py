"""Veiligheidssignaal (issue 10, part 5, acceptance), end to end on the real broker.

A partner (the police) reports an incident of aggression against one of its employees through
Kafka, naming the casus of the client involved, and gets its receipt. The procesregisseur sets
a veiligheidssignaal on that casus in the overleg UI (signed in through the identity provider)
and hands an actie to another deelnemer (the gemeente). The gemeente's adapter receives
``actie.toegewezen`` with the signal, and the raw record — body and headers — holds none of the
incident's text: not where it happened, not what happened, not who it happened to.

The report is published as raw JSON like any adapter in any language would (the contract is
``zvh.partner.vpt-incident.gemeld.v1``, h-meldpunt); intake answers it with
``zvh.partner.vpt-incident.ontvangen.v1``.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import datetime, timedelta

import httpx
import pytest
from zvh_contracts import topics
from zvh_contracts.envelope import Envelope
from zvh_local.aanmelden import session_cookies
from zvh_local.demo import (
    MELDER,
    PROCESREGISSEUR,
    UITVOERDER,
    Endpoints,
    PartnerSession,
    demo_meldingen,
    kenmerk,
)
from zvh_local.demo_signaal import signaal_formulier
from zvh_local.supervisor import Stack
from zvh_platform.termijnen import TIJDZONE
from zvh_platform.testing import wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

VPT_GEMELD = "zvh.partner.vpt-incident.gemeld.v1"
VPT_ONTVANGEN = "zvh.partner.vpt-incident.ontvangen.v1"
ACTIE_TOEGEWEZEN = "zvh.partner.actie.toegewezen.v1"

#: The incident's own words: none of them may reach another partner.
PLAATS = "Portiek Kloosterstraat 12, bij de voordeur"
TOELICHTING = "De cliënt dreigde met een schroevendraaier toen de wijkagent aanbelde"
MEDEWERKER = "Karin Smeulders"
INHOUD = [PLAATS, TOELICHTING, MEDEWERKER, "Kloosterstraat", "schroevendraaier", "Smeulders"]


def _incident(casus_id: uuid.UUID, referentie: str) -> dict[str, object]:
    return {
        "referentie": referentie,
        "gebeurd_op": (datetime.now(TIJDZONE) - timedelta(hours=2)).isoformat(),
        "plaats": PLAATS,
        "soorten": ["bedreiging", "verbaal"],
        "politie_ter_plaatse": False,
        "impact": 4,
        "toelichting": TOELICHTING,
        "medewerker": MEDEWERKER,
        "urgent": False,
        "casus_id": str(casus_id),
    }


async def test_the_next_actie_carries_the_signal_and_nothing_of_the_incident(
    stack: Stack, endpoints: Endpoints
) -> None:
    async with PartnerSession(endpoints=endpoints, timeout_s=60) as s:
        # a running casus: the police reported, the gemeente takes part
        melding_id = await s.submit(demo_meldingen()[0])
        await s.triage_casus(melding_id, uitnodigen=(UITVOERDER,))
        casus_id = await s.wait_for_casus(melding_id)

        # the police's system reports an incident against its employee, naming the casus
        referentie = f"PZWB-VPT-{kenmerk()}"
        envelope = Envelope(id=uuid.uuid4(), source=MELDER, type=VPT_GEMELD, subject=referentie)
        await s.producer.publish_raw(
            topic=topics.partner_to_zvh(MELDER),
            body=json.dumps(_incident(casus_id, referentie)).encode(),
            headers=envelope.headers(),
            key=referentie,
        )
        ontvangst = await s.inbox.wait_for(
            lambda r: (
                r.ce_type == VPT_ONTVANGEN and r.json().get("in_antwoord_op") == str(envelope.id)
            ),
            timeout_s=60,
            what=f"{VPT_ONTVANGEN} for {envelope.id}",
        )
        assert ontvangst.topic == topics.partner_from_zvh(MELDER)
        assert ontvangst.json()["status"] == "ontvangen", ontvangst.json()
        assert ontvangst.json()["incident_id"]

        # the procesregisseur sets the signal on the casus page (a signed-in session)
        base = stack.url("overleg")
        cookies = await asyncio.to_thread(session_cookies, base, PROCESREGISSEUR)
        vandaag = datetime.now(TIJDZONE).date()
        formulier = signaal_formulier(vandaag)
        async with httpx.AsyncClient(base_url=base, cookies=cookies, timeout=30.0) as web:
            # the casus page tells the procesregisseur an incident named this casus (no content)
            async def gemeld() -> str | None:
                tekst = (await web.get(f"/casussen/{casus_id}")).text
                return tekst if 'id="vpt-meldingen-bij-casus"' in tekst else None

            voor = await wait_for(gemeld, timeout_s=30, interval_s=0.3)
            assert not [w for w in INHOUD if w in voor]
            r = await web.post(
                f"/casussen/{casus_id}/veiligheidssignalen",
                data={**formulier, "csrftoken": web.cookies["csrftoken"]},
            )
            assert r.status_code == 303, r.text[:500]
            pagina = await web.get(f"/casussen/{casus_id}")
            assert 'id="veiligheidssignaal-alert"' in pagina.text
            assert not [w for w in INHOUD if w in pagina.text]

        # ... and hands an actie to the gemeente, another deelnemer than the reporting police
        actie_id = await s.add_actie(casus_id, wat="Huisbezoek plannen", wie=UITVOERDER)
        ontvangen = await s.wait_for_actie(actie_id, org=UITVOERDER)

    assert ontvangen.topic == topics.partner_from_zvh(UITVOERDER)
    assert ontvangen.ce_type == ACTIE_TOEGEWEZEN
    assert ontvangen.json()["veiligheidssignalen"] == [
        {"code": "niet-alleen-op-huisbezoek", "geldig_tot": formulier["geldig_tot"]}
    ]
    ruw = ontvangen.body.decode() + json.dumps(ontvangen.headers)
    assert [w for w in INHOUD if w.lower() in ruw.lower()] == []
    assert "vpt" not in ruw.lower() and referentie not in ruw

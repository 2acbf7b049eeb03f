"""Terugmelding aan de melder (issue 9, part 4), end to end: services as processes, the real
broker, the melder's own from-zvh topic read like a partner adapter reads it."""

from __future__ import annotations

import random
import uuid

import pytest
from zvh_contracts.envelope import Envelope
from zvh_contracts.registry import parse
from zvh_local.demo import (
    CASUS_AFGESLOTEN,
    MELDER,
    MELDING_GETRIEERD,
    UITVOERDER,
    Endpoints,
    PartnerSession,
    melding_over,
    unieke_bsn,
)
from zvh_local.partner import Received
from zvh_local.supervisor import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]


def _valid(received: Received) -> None:
    """A partner adapter can read it: a good envelope and a body the contract accepts."""
    envelope = Envelope.from_headers(received.headers)
    parse(envelope.type, received.body)


async def test_melder_hears_the_triage_outcome_casus_and_the_closing(
    stack: Stack, endpoints: Endpoints
) -> None:
    async with PartnerSession(endpoints=endpoints, timeout_s=60) as s:
        melding = melding_over(unieke_bsn(random.Random()), kenmerk="TERUG")
        melding_id = await s.submit(melding)
        await s.triage_casus(melding_id, uitnodigen=(UITVOERDER,))
        casus_id = await s.wait_for_casus(melding_id)

        getrieerd = await s.wait_for_terugmelding(MELDING_GETRIEERD, about=melding_id)
        assert getrieerd == {
            "melding_id": str(melding_id),
            "melder_referentie": melding.melder_referentie,
            "uitkomst": "casus",
            "casus_id": str(casus_id),
            "advies": None,
            "reden_terugverwijzing": None,
            "getrieerd_op": getrieerd["getrieerd_op"],
        }

        await s.sluit_af(casus_id, reden="doel-bereikt")
        afgesloten = await s.wait_for_terugmelding(CASUS_AFGESLOTEN, about=casus_id)
        assert afgesloten["melding_ids"] == [str(melding_id)]
        assert afgesloten["afsluitreden"] == "doel-bereikt"
        assert set(afgesloten) == {"casus_id", "melding_ids", "afsluitreden", "afgesloten_op"}

        ours = [
            r
            for r in s.inbox.received
            if r.ce_type in (MELDING_GETRIEERD, CASUS_AFGESLOTEN)
            and str(casus_id if r.ce_type == CASUS_AFGESLOTEN else melding_id) in r.body.decode()
        ]
        assert {r.topic for r in ours} == {f"zvh.partner.{MELDER}.from-zvh.v1"}, (
            "only the melder hears it"
        )
        assert len(ours) == 2, [r.ce_type for r in ours]
        for r in ours:
            _valid(r)


async def test_melder_hears_the_advies_with_its_text(stack: Stack, endpoints: Endpoints) -> None:
    advies = f"Bespreek dit met het sociaal wijkteam ({uuid.uuid4().hex[:6]})."
    async with PartnerSession(endpoints=endpoints, timeout_s=60) as s:
        melding = melding_over(unieke_bsn(random.Random()), kenmerk="ADVIES")
        melding_id = await s.submit(melding)
        await s.triage(melding_id, uitkomst="advies", advies=advies)
        getrieerd = await s.wait_for_terugmelding(MELDING_GETRIEERD, about=melding_id)
        assert getrieerd["uitkomst"] == "advies" and getrieerd["advies"] == advies
        assert getrieerd["casus_id"] is None and getrieerd["reden_terugverwijzing"] is None
        assert getrieerd["melder_referentie"] == melding.melder_referentie
        # the advies is for the melder only: the other partner's topic never carries it
        assert not [
            r
            for r in s.inbox.received
            if advies in r.body.decode(errors="replace")
            and r.topic != f"zvh.partner.{MELDER}.from-zvh.v1"
        ]
        for r in s.inbox.received:
            if r.ce_type == MELDING_GETRIEERD and str(melding_id) in r.body.decode():
                _valid(r)


async def test_a_melding_that_reopens_a_casus_names_it_and_the_closing_names_both(
    stack: Stack, endpoints: Endpoints
) -> None:
    """The second melding about the same person joins the closed casus: the melder hears that
    casus' id, and the next closing names both of its meldingen."""
    bsn = unieke_bsn(random.Random())
    async with PartnerSession(endpoints=endpoints, timeout_s=60) as s:
        eerste = await s.submit(melding_over(bsn, kenmerk="HEROPEN"))
        await s.triage_casus(eerste, uitnodigen=())
        casus_id = await s.wait_for_casus(eerste)
        await s.sluit_af(casus_id, reden="client-stopt")
        eerste_sluiting = await s.wait_for_terugmelding(CASUS_AFGESLOTEN, about=casus_id)
        assert eerste_sluiting["melding_ids"] == [str(eerste)]

        tweede = await s.submit(melding_over(bsn, kenmerk="HEROPEN"))
        r = await s.request(
            "POST",
            f"{endpoints.intake_url}/v1/meldingen/{tweede}/triage",
            json={
                "uitkomst": "casus",
                "ave_fase": 3,
                "client_geinformeerd": True,
                "bestaande_casus_id": str(casus_id),
            },
        )
        assert r.status_code == 200, r.text
        getrieerd = await s.wait_for_terugmelding(MELDING_GETRIEERD, about=tweede)
        assert getrieerd["uitkomst"] == "casus" and getrieerd["casus_id"] == str(casus_id)

        async def heropend() -> bool:
            return (await s.casus(casus_id))["afgesloten_op"] is None

        from zvh_local.demo import poll

        await poll(heropend, timeout_s=60, what="the casus reopened")
        await s.sluit_af(casus_id, reden="doel-bereikt")

        async def tweede_sluiting() -> dict[str, object] | None:
            for r in s.inbox.received:
                body = r.body.decode()
                if (
                    r.ce_type == CASUS_AFGESLOTEN
                    and "doel-bereikt" in body
                    and str(casus_id) in body
                ):
                    return dict(r.json())
            return None

        sluiting = await poll(tweede_sluiting, timeout_s=60, what="the second closing")
        assert sluiting["melding_ids"] == [str(eerste), str(tweede)]

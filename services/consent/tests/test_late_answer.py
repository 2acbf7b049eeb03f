"""The log tells the truth over HTTP: a real consent app (uvicorn, SQLite, regorus) that answers
late, asked by the platform's ``PdpClient`` with a short budget.

The enforcement point gives up and denies; the PDP, finishing later, logs that decision as a deny
(``REDEN_TE_LAAT``) — never as a disclosure that did not happen.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest
from consent_fakes import verzoek
from zvh_consent.adapters.policy_files import default_policy_dir
from zvh_consent.adapters.regorus_engine import RegorusEngine
from zvh_consent.application.ports import PolicyEngineError
from zvh_consent.bootstrap import Adapters, create_app
from zvh_consent.config import ConsentSettings
from zvh_consent.domain.beslissingenlog import REDEN_TE_LAAT
from zvh_platform.auth import User, lokaal_token
from zvh_platform.pdp import PdpClient
from zvh_platform.testing import serve, wait_for

pytestmark = pytest.mark.broker  # the whole app runs: its outbox relay needs a broker

#: How long the slow PDP takes per melding question (a hang, as in the fault run).
TRAAG_S = 0.6
MELDING = verzoek("pr.jansen", "read", type="melding", item="m-laat", eigenaar="politie-zwb")


class TrageRegorus(RegorusEngine):
    """The real policy, answered ``TRAAG_S`` late for meldingen (the FG's audit reads are quick)."""

    async def evaluate_many(
        self, input_docs: Sequence[Mapping[str, Any]]
    ) -> list[Mapping[str, Any] | PolicyEngineError]:
        if any(doc["resource"]["type"] == "melding" for doc in input_docs):
            await asyncio.sleep(TRAAG_S)  # the PDP hangs: a slow answer, not a wait for an event
        return await super().evaluate_many(input_docs)


def bearer(settings: ConsentSettings, user_id: str, org: str, role: str) -> str:
    user = User(id=user_id, naam="", org=org, roles=[role])
    return lokaal_token(user)


@pytest.fixture
def consent(kafka_bootstrap: str, tmp_path: Path) -> Iterator[tuple[str, ConsentSettings]]:
    """The real consent app, its policy engine a slow one handed in through the one seam."""
    settings = ConsentSettings(
        env="test", var_dir=tmp_path, kafka_bootstrap=kafka_bootstrap, policy_timeout_s=5.0
    )
    app = create_app(settings, adapters=Adapters(engine=TrageRegorus(default_policy_dir())))
    with serve(app) as url:
        yield url, settings


async def logged(url: str, settings: ConsentSettings, item: str) -> list[dict[str, Any]]:
    """The FG's view of the decisions on ``item`` (empty until the PDP has logged it)."""
    fg = bearer(settings, "fg.devries", "zvh", "fg")
    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        r = await client.get(
            "/v1/decisions", params={"limit": 100}, headers={"Authorization": f"Bearer {fg}"}
        )
    r.raise_for_status()
    return [x for x in r.json() if x["resource"]["item"] == item]


async def test_a_late_answer_the_enforcement_point_denied_is_no_disclosure_in_the_log(
    consent: tuple[str, ConsentSettings],
) -> None:
    url, settings = consent
    token = bearer(settings, "pr.jansen", "zvh", "procesregisseur")

    impatient = PdpClient(base_url=url, timeout_s=TRAAG_S / 3)
    try:
        decision = await impatient.decide(MELDING, token=token)
    finally:
        await impatient.aclose()
    assert decision.allow is False
    assert "timeout" in decision.reasons[0]

    async def record() -> list[dict[str, Any]]:
        return await logged(url, settings, "m-laat")

    [regel] = await wait_for(record, timeout_s=20)
    assert regel["allow"] is False
    assert regel["reasons"] == [
        REDEN_TE_LAAT,
        "beleid: procesregisseur van het ZVH leest de melding voor triage",
    ]
    assert regel["grondslag"] is None and regel["uiterlijk"] is not None

    patient = PdpClient(base_url=url, timeout_s=TRAAG_S * 10)
    try:
        decision = await patient.decide(MELDING, token=token)
    finally:
        await patient.aclose()
    assert decision.allow is True
    nieuwste, eerste = await logged(url, settings, "m-laat")
    assert eerste == regel
    assert (nieuwste["allow"], nieuwste["decision_id"]) == (True, str(decision.decision_id))

    async with httpx.AsyncClient(base_url=url, timeout=10) as client:
        check = await client.get(
            "/v1/decisions/verify", headers={"Authorization": f"Bearer {token}"}
        )
    assert check.json()["ok"] is True

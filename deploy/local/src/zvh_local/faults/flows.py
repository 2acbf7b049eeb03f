"""Complete flows through the chain, driven like a patient partner adapter and procesregisseur.

One flow: the melder submits a melding (Kafka) and gets its receipt, the procesregisseur reads it
(intake, PDP), triages it to a casus, waits for overleg to open the casus and adds one actie for
the uitvoerder; the uitvoerder receives it on its topic and koppelt terug (Kafka); overleg shows
the actie afgerond. The e-mail is checked afterwards by the audit.

Under a fault a step can fail; it is tried again until the flow's deadline, the way a person or an
adapter would, but never so that it could act twice: Kafka messages are re-sent with the same
``ce_id`` (the services deduplicate on it), the triage accepts "al getrieerd" as done, and an actie
is only added again when the casus does not show it yet (and carries an ``Idempotency-Key``).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from zvh_contracts.partner.actie_v1 import ActieTeruggekoppeld
from zvh_contracts.partner.melding_v1 import MeldingIngediend
from zvh_contracts.vocab import Terugkoppelstatus

from zvh_local.demo import (
    ACTIE_TOEGEWEZEN,
    MELDER,
    MELDING_ONTVANGEN,
    UITVOERDER,
    DemoFailed,
    PartnerSession,
    demo_meldingen,
)

T = TypeVar("T")

#: Pause between two tries of a failed step (a retry, not a wait for an event).
RETRY_PAUSE_S = 0.5


class FlowFailed(RuntimeError):
    """A flow did not complete before its deadline; the message names the step."""


@dataclass
class Flow:
    """What one flow produced, step by step (``None`` until the step is done)."""

    nr: int
    run: str
    melding_ce_id: uuid.UUID = field(default_factory=uuid.uuid4)
    terugkoppeling_ce_id: uuid.UUID = field(default_factory=uuid.uuid4)
    melding_id: uuid.UUID | None = None
    casus_id: uuid.UUID | None = None
    actie_id: uuid.UUID | None = None
    stap: str = "nog niet begonnen"
    klaar: bool = False
    fout: str | None = None

    @property
    def wat(self) -> str:
        """The actie text, unique per flow so a retried request can be recognised."""
        return f"Faultflow {self.run}-{self.nr}: huisbezoek en hulpaanbod"


async def _tries(step: Callable[[], Awaitable[T]], *, flow: Flow, deadline: float) -> T:
    """``step()`` until it succeeds; FlowFailed naming the step after ``deadline``."""
    while True:
        try:
            return await step()
        except Exception as exc:
            if time.monotonic() > deadline:
                raise FlowFailed(f"flow {flow.nr}: {flow.stap}: {type(exc).__name__}") from exc
        await asyncio.sleep(RETRY_PAUSE_S)


def _remaining(deadline: float, cap: float = 10.0) -> float:
    return max(0.5, min(cap, deadline - time.monotonic()))


class FlowDriver:
    """Runs flows on one PartnerSession (which must read both the melder's and uitvoerder's)."""

    def __init__(self, session: PartnerSession, *, run: str, timeout_s: float) -> None:
        self.s = session
        self.run = run
        self.timeout_s = timeout_s

    def new(self, nr: int) -> Flow:
        return Flow(nr=nr, run=self.run)

    async def complete(self, flow: Flow) -> Flow:
        """Drive ``flow`` to the end; records the failing step instead of raising."""
        deadline = time.monotonic() + self.timeout_s
        try:
            await self._steps(flow, deadline)
            flow.klaar = True
            flow.stap = "klaar"
        except FlowFailed as exc:
            flow.fout = str(exc)
        return flow

    async def _steps(self, flow: Flow, deadline: float) -> None:
        s = self.s
        flow.stap = "melding indienen"
        melding = demo_meldingen()[0]
        melding_id = await _tries(
            lambda: self._submit(flow, melding, deadline), flow=flow, deadline=deadline
        )
        flow.melding_id = melding_id
        flow.stap = "melding lezen (PDP)"
        await _tries(lambda: s.read_melding(melding_id), flow=flow, deadline=deadline)
        flow.stap = "triage"
        await _tries(lambda: self._triage(melding_id), flow=flow, deadline=deadline)
        flow.stap = "casus geopend"
        flow.casus_id = await _tries(
            lambda: s.wait_for_casus(melding_id), flow=flow, deadline=deadline
        )
        casus_id = flow.casus_id
        assert casus_id is not None
        flow.stap = "actie toevoegen"
        flow.actie_id = await _tries(
            lambda: self._add_actie(flow, casus_id), flow=flow, deadline=deadline
        )
        actie_id = flow.actie_id
        assert actie_id is not None
        flow.stap = "actie bij de partner (Kafka)"
        await _tries(
            lambda: self._wait_partner(ACTIE_TOEGEWEZEN, "actie_id", actie_id, deadline),
            flow=flow,
            deadline=deadline,
        )
        flow.stap = "terugkoppelen"
        await _tries(
            lambda: self._terugkoppelen(flow, casus_id, actie_id), flow=flow, deadline=deadline
        )
        flow.stap = "actie afgerond in overleg"
        await _tries(
            lambda: s.wait_for_actie_status(casus_id, actie_id, status="afgerond"),
            flow=flow,
            deadline=deadline,
        )

    async def _submit(self, flow: Flow, melding: MeldingIngediend, deadline: float) -> uuid.UUID:
        """Publish (again) under the same ce_id, then wait a while for the receipt."""
        await self.s.producer.publish(org=MELDER, event=melding, event_id=flow.melding_ce_id)
        ce = str(flow.melding_ce_id)
        receipt = await self.s.inbox.wait_for(
            lambda r: r.ce_type == MELDING_ONTVANGEN and r.json().get("in_antwoord_op") == ce,
            timeout_s=_remaining(deadline, cap=20.0),
            what=f"receipt for {ce}",
        )
        body = receipt.json()
        if body.get("status") != "ontvangen":
            raise DemoFailed(f"melding afgewezen: {body.get('redenen')}")
        return uuid.UUID(body["melding_id"])

    async def _triage(self, melding_id: uuid.UUID) -> None:
        try:
            await self.s.triage_casus(melding_id)
        except DemoFailed as exc:
            if " 409:" not in str(exc):  # "melding is al getrieerd": an earlier try got through
                raise

    async def _add_actie(self, flow: Flow, casus_id: uuid.UUID) -> uuid.UUID:
        """Add the flow's actie unless the casus already shows it (an earlier try got through)."""
        for a in (await self.s.casus(casus_id)).get("acties", []):
            if a.get("wat") == flow.wat:
                return uuid.UUID(a["actie_id"])
        url = f"{self.s.endpoints.overleg_url}/v1/casussen/{casus_id}/acties"
        headers = {**self.s._headers("pr.jansen"), "Idempotency-Key": f"{self.run}-{flow.nr}"}
        body = {
            "wat": flow.wat,
            "wie": UITVOERDER,
            "wanneer": (date.today() + timedelta(days=14)).isoformat(),
        }
        r = await self.s.http.post(url, json=body, headers=headers)
        if r.status_code != 201:
            raise DemoFailed(f"POST {url} answered {r.status_code}")
        return uuid.UUID(r.json()["actie_id"])

    async def _wait_partner(
        self, ce_type: str, veld: str, about: uuid.UUID, deadline: float
    ) -> None:
        topic = f"zvh.partner.{UITVOERDER}.from-zvh.v1"
        await self.s.inbox.wait_for(
            lambda r: (
                r.ce_type == ce_type and r.topic == topic and r.json().get(veld) == str(about)
            ),
            timeout_s=_remaining(deadline, cap=30.0),
            what=f"{ce_type} {about}",
        )

    async def _terugkoppelen(self, flow: Flow, casus_id: uuid.UUID, actie_id: uuid.UUID) -> None:
        event = ActieTeruggekoppeld(
            actie_id=actie_id, casus_id=casus_id, status=Terugkoppelstatus.AFGEROND
        )
        await self.s.producer.publish(
            org=UITVOERDER, event=event, event_id=flow.terugkoppeling_ce_id
        )

"""In-memory fakes and request builders for consent's unit tests."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from zvh_consent.adapters.demo_convenanten import DEMO, demo_convenanten
from zvh_consent.application.ports import LogFilter, PolicyEngineError, Requester
from zvh_consent.application.register_invoer import convenant_doc
from zvh_consent.domain.beslissingenlog import (
    GENESIS,
    Beslissing,
    ChainCheck,
    Schakel,
    link,
    op_tijd,
    verify,
)
from zvh_consent.domain.tijd import utc_tekst, vandaag
from zvh_contracts.pdp import Context, DecisionRequest, Resource, Subject
from zvh_platform.clock import Clock, SystemClock

USERS = {
    "pr.jansen": ("zvh", ["procesregisseur"]),
    "notulist.bakker": ("zvh", ["notulist"]),
    "fg.devries": ("zvh", ["fg"]),
    "agent.smit": ("politie-zwb", ["deelnemer"]),
    "gemeente.visser": ("gemeente-bergen-op-zoom", ["deelnemer", "casusregisseur"]),
    "ggz.mulder": ("ggz-wnb", ["deelnemer"]),
    "vt.dewit": ("veilig-thuis-wbr", ["deelnemer"]),
    "roosendaal.kok": ("gemeente-roosendaal", ["deelnemer", "casusregisseur"]),
}

#: The moment the engine tables decide at (the demo convenanten are relative to its day).
NU = dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)
DEMO_CONVENANTEN = {c.org: convenant_doc(c) for c in demo_convenanten(DEMO, vandaag=NU.date())}


def met_registry(
    req: DecisionRequest,
    *,
    toestemmingen: Sequence[dict[str, Any]] = (),
    doorbrekingen: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The policy input as the PDP builds it: the request plus ``registry`` (the demo region's
    convenanten, so gemeente-roosendaal's has expired)."""
    doc: dict[str, Any] = req.model_dump(mode="json")
    org = doc["subject"]["org"]
    doc["registry"] = {
        "nu": utc_tekst(NU),
        "vandaag": vandaag(NU).isoformat(),
        "convenant": DEMO_CONVENANTEN.get(org),
        "toestemmingen": list(toestemmingen),
        "doorbrekingen": list(doorbrekingen),
    }
    return doc


def als(user: str) -> Requester:
    """The requester a verified token of demo user ``user`` gives."""
    org, roles = USERS[user]
    return Requester(user=user, org=org, roles=tuple(roles))


def verzoek(
    user: str,
    action: str,
    *,
    doel: str = "triage",
    deelnemers: list[str] | None = None,
    **res: Any,
) -> DecisionRequest:
    """A DecisionRequest for one of the demo users; ``res`` are Resource fields."""
    org, roles = USERS[user]
    return DecisionRequest(
        subject=Subject(user=user, org=org, roles=roles),
        action=action,
        resource=Resource(**res),
        context=Context(doel=doel, deelnemers=deelnemers or []),
    )


class MemoryDecisionLog:
    """The hash-chained log in a list; ``fail`` makes appends raise.

    Finalises each record at ``clock.now()`` like the SQL log (a record past its deadline is a
    deny).
    """

    def __init__(self, clock: Clock | None = None) -> None:
        self.schakels: list[Schakel] = []
        self.fail = False
        self.clock = clock or SystemClock()

    async def append(self, beslissing: Beslissing) -> Schakel:
        if self.fail:
            raise RuntimeError("database weg")
        head = self.schakels[-1] if self.schakels else None
        s = link(
            beslissing=op_tijd(beslissing, nu=self.clock.now()),
            head_seq=head.seq if head else 0,
            head_hash=head.hash if head else GENESIS,
        )
        self.schakels.append(s)
        return s

    async def append_many(self, records: Sequence[Beslissing]) -> list[Schakel]:
        """All or none, like the SQL log's single transaction."""
        if self.fail:
            raise RuntimeError("database weg")
        return [await self.append(b) for b in records]

    async def list(self, flt: LogFilter) -> list[Schakel]:
        rows = [s for s in reversed(self.schakels) if flt.past(s.beslissing)]
        return rows[: flt.limit]

    async def verify_chain(self) -> ChainCheck:
        return verify(self.schakels)


class StaticEngine:
    """Answers every input with ``answer`` (or raises it when it is an exception)."""

    policy_version = "sha256:test"

    def __init__(self, answer: Any) -> None:
        self.answer = answer
        self.inputs: list[Mapping[str, Any]] = []

    async def evaluate(self, input_doc: Mapping[str, Any]) -> Mapping[str, Any]:
        self.inputs.append(input_doc)
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer  # type: ignore[no-any-return]


class HangingEngine:
    """Never answers: stands in for a stuck engine or network."""

    policy_version = "sha256:test"

    async def evaluate(self, input_doc: Mapping[str, Any]) -> Mapping[str, Any]:
        await asyncio.Event().wait()
        raise PolicyEngineError("unreachable")

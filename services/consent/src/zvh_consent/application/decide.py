"""The PDP use case: evaluate the policy, deny on any failure, log every decision.

Deny by default (docs/architecture.md rule 4): an engine error, a timeout, an undefined or malformed
answer, or a decision that cannot be logged all give ``allow=False`` with a clear reason.

The subject comes from the verified token (docs/architecture.md rule 6): every question is evaluated
and logged as the ``Requester`` the entrypoint took from the bearer token. A ``subject`` in the
request body is overwritten, whatever it says, so nobody can write another user's reads into the
FG's log.

The log tells the truth (issue 7 item 9): the enforcement point's deadline (``uiterlijk``, sent by
``zvh_platform.pdp.PdpClient`` as the ``x-zvh-pdp-deadline`` header) travels into each log
record; the log finalises a record at the moment it links it (``op_tijd``), and a decision ready
only after the deadline — which no enforcement point acted on — is logged *and answered* as a
deny with ``REDEN_TE_LAAT``. The answer is always the record as logged.

Logging is grouped (``GroepsLog``): concurrent decisions are appended in one transaction, and a
decision is answered only after the group holding it is committed.

The registers go into the policy input (``input.registry``, ``RegisterInvoer``): the subject
organisation's convenant, the betrokkene's toestemmingen and the user's doorbrekingen, read once
per batch. If they cannot be read in time, every question of the batch is denied
(``REDEN_REGISTERS``) and logged as such.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from zvh_contracts.pdp import Decision, DecisionRequest
from zvh_platform.clock import SystemClock

from zvh_consent.application.groepslog import GroepsLog
from zvh_consent.application.ports import (
    BatchPolicyEngine,
    Clock,
    DecisionLog,
    PolicyEngine,
    PolicyEngineError,
    Requester,
)
from zvh_consent.application.register_invoer import RegisterInvoer
from zvh_consent.domain.beslissingenlog import REDEN_TE_LAAT, Beslissing, Schakel
from zvh_consent.domain.inzage import is_pseudoniem

log = logging.getLogger(__name__)

REDEN_TIMEOUT = "geweigerd: de policy-engine antwoordde niet op tijd"
REDEN_FOUT = "geweigerd: de policy-engine gaf geen beslissing"
REDEN_ONGELDIG = "geweigerd: de policy gaf een ongeldig antwoord"
REDEN_NIET_GELOGD = "geweigerd: de beslissing kon niet worden vastgelegd"
REDEN_REGISTERS = (
    "geweigerd: de registers (convenant, toestemming, doorbreking) waren niet te lezen"
)


class Decide:
    """``decide(request) -> Decision`` with the engine and log it was given."""

    def __init__(
        self,
        *,
        engine: PolicyEngine,
        decision_log: DecisionLog | GroepsLog,
        timeout_s: float = 1.0,
        clock: Clock | None = None,
        registers: RegisterInvoer | None = None,
    ) -> None:
        self._engine = engine
        #: Adds ``input.registry``; without it the policy sees no convenant (partners denied).
        self._registers = registers
        #: Appends go through group commit: concurrent decisions share one transaction.
        self._log = decision_log if isinstance(decision_log, GroepsLog) else GroepsLog(decision_log)
        self._timeout_s = timeout_s
        self._clock = clock or SystemClock()
        #: Checked once: ``isinstance`` on a runtime-checkable protocol is slow per request.
        self._batch_engine = engine if isinstance(engine, BatchPolicyEngine) else None

    async def __call__(
        self,
        request: DecisionRequest,
        *,
        requester: Requester,
        uiterlijk: dt.datetime | None = None,
    ) -> Decision:
        """One question: a batch of one (the same evaluation, stamping and logging)."""
        [decision] = await self.many([request], requester=requester, uiterlijk=uiterlijk)
        return decision

    async def many(
        self,
        requests: Sequence[DecisionRequest],
        *,
        requester: Requester,
        uiterlijk: dt.datetime | None = None,
    ) -> list[Decision]:
        """Each request evaluated (and denied on failure) as by ``__call__``; one log append.

        Every request is evaluated and logged as ``requester`` (its body ``subject`` ignored).
        The evaluations run concurrently, each with its own timeout. If the batch cannot be
        logged, every decision in it becomes a deny: none was recorded. ``uiterlijk`` is the
        enforcement point's deadline: a decision logged after it is a deny (``REDEN_TE_LAAT``).
        """
        subject = subject_doc(requester)
        docs = [input_doc(r, subject=subject) for r in requests]
        if any(r.subject is not None and r.subject.model_dump() != subject for r in requests):
            log.warning("a question named another subject: decided as the token's user")
        tijd = self._clock.now()
        if await self._met_registers(requests, docs, requester=requester, nu=tijd):
            decisions = await self._evaluate_all(docs)
        else:
            decisions = [Decision.deny(REDEN_REGISTERS) for _ in requests]
        version = self._policy_version()
        for decision in decisions:
            decision.decision_id = uuid.uuid4()
            decision.policy_version = version
        records = [
            to_beslissing(
                request=r, decision=d, requester=requester, tijd=tijd, uiterlijk=uiterlijk
            )
            for r, d in zip(requests, decisions, strict=True)
        ]
        try:
            schakels = await self._log.append_many(records)
        except Exception as exc:
            log.error("batch of %d decisions not logged: %s", len(decisions), type(exc).__name__)
            return [_niet_gelogd(d) for d in decisions]
        if len(schakels) != len(decisions):
            log.error("the log returned %d records for %d", len(schakels), len(decisions))
            return [_niet_gelogd(d) for d in decisions]
        return [as_logged(d, s) for d, s in zip(decisions, schakels, strict=True)]

    async def _met_registers(
        self,
        requests: Sequence[DecisionRequest],
        docs: list[dict[str, Any]],
        *,
        requester: Requester,
        nu: dt.datetime,
    ) -> bool:
        """Adds ``registry`` to each input document; ``False`` when the registers failed."""
        if self._registers is None:
            return True
        try:
            async with asyncio.timeout(self._timeout_s):
                registries = await self._registers.voor(requests, requester=requester, nu=nu)
        except Exception as exc:  # a timeout too: deny, never decide without the registers
            log.warning("registers not read for a batch: %s", type(exc).__name__)
            return False
        for doc, registry in zip(docs, registries, strict=True):
            doc["registry"] = registry
        return True

    async def _evaluate_all(self, requests: Sequence[dict[str, Any]]) -> list[Decision]:
        """One engine call when the engine can take a batch (regorus), else one per request.

        The batch has one timeout; a request the engine could not decide is denied alone.
        """
        if self._batch_engine is None:
            return list(await asyncio.gather(*(self._evaluate(r) for r in requests)))
        try:
            async with asyncio.timeout(self._timeout_s):  # no extra task, unlike wait_for
                raws = await self._batch_engine.evaluate_many(requests)
        except TimeoutError:
            log.warning("policy engine timed out after %ss on a batch", self._timeout_s)
            return [Decision.deny(REDEN_TIMEOUT) for _ in requests]
        except Exception as exc:
            log.warning("policy engine failed on a batch: %s", type(exc).__name__)
            return [Decision.deny(REDEN_FOUT) for _ in requests]
        if len(raws) != len(requests):
            return [Decision.deny(REDEN_ONGELDIG) for _ in requests]
        return [
            Decision.deny(str(raw) or REDEN_FOUT)
            if isinstance(raw, PolicyEngineError)
            else parse_decision(raw)
            for raw in raws
        ]

    def _policy_version(self) -> str | None:
        try:
            return self._engine.policy_version
        except Exception:
            return None

    async def _evaluate(self, input_doc: dict[str, Any]) -> Decision:
        try:
            async with asyncio.timeout(self._timeout_s):
                raw = await self._engine.evaluate(input_doc)
        except TimeoutError:
            log.warning("policy engine timed out after %ss", self._timeout_s)
            return Decision.deny(REDEN_TIMEOUT)
        except PolicyEngineError as exc:
            log.warning("policy engine error: %s", exc)
            return Decision.deny(str(exc) or REDEN_FOUT)
        except Exception as exc:
            log.warning("policy engine failed: %s", type(exc).__name__)
            return Decision.deny(REDEN_FOUT)
        return parse_decision(raw)


def subject_doc(requester: Requester) -> dict[str, Any]:
    """The policy input's ``subject``: the token's user, organisation and roles."""
    return {"user": requester.user, "org": requester.org, "roles": list(requester.roles)}


def input_doc(request: DecisionRequest, *, subject: dict[str, Any]) -> dict[str, Any]:
    """The policy input: the request as JSON with ``subject`` replaced by the token's."""
    doc = request.model_dump(mode="json")
    doc["subject"] = subject
    return doc


def as_logged(decision: Decision, schakel: Schakel) -> Decision:
    """The answer is what the log holds: a record finalised as a deny is answered as one."""
    logged = schakel.beslissing
    if logged.decision_id != decision.decision_id:
        return _niet_gelogd(decision)
    if logged.allow == decision.allow and logged.reasons == tuple(decision.reasons):
        return decision
    if logged.reasons[:1] == (REDEN_TE_LAAT,):
        log.warning("decision ready after the enforcement point's deadline: logged as a deny")
    return Decision(
        allow=False,
        reasons=list(logged.reasons),
        policy_version=decision.policy_version,
        decision_id=decision.decision_id,
    )


def _niet_gelogd(decision: Decision) -> Decision:
    """The deny that replaces a decision the log did not take."""
    return Decision(
        allow=False,
        reasons=[REDEN_NIET_GELOGD],
        policy_version=decision.policy_version,
        decision_id=decision.decision_id,
    )


def parse_decision(raw: Any) -> Decision:
    """The engine's decision object as a ``Decision``; anything malformed is a deny."""
    if not isinstance(raw, Mapping):
        return Decision.deny(REDEN_ONGELDIG)
    allow = raw.get("allow")
    reasons = raw.get("reasons", [])
    obligations = raw.get("obligations", [])
    grondslag = raw.get("grondslag")
    if not isinstance(allow, bool) or not _strings(reasons) or not _strings(obligations):
        return Decision.deny(REDEN_ONGELDIG)
    if grondslag is not None and not isinstance(grondslag, str):
        return Decision.deny(REDEN_ONGELDIG)
    if allow and grondslag is None:
        return Decision.deny("geweigerd: toegestaan zonder grondslag")
    return Decision(
        allow=allow, reasons=list(reasons), obligations=list(obligations), grondslag=grondslag
    )


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def to_beslissing(
    *,
    request: DecisionRequest,
    decision: Decision,
    requester: Requester,
    tijd: dt.datetime,
    uiterlijk: dt.datetime | None = None,
) -> Beslissing:
    """The log record: the token's user, ids and codes from the request, the outcome."""
    assert decision.decision_id is not None
    res = request.resource
    return Beslissing(
        decision_id=decision.decision_id,
        tijd=tijd,
        aanvrager=requester.user,
        user=requester.user,
        org=requester.org,
        roles=tuple(requester.roles),
        action=request.action,
        resource_type=res.type,
        casus=res.casus,
        item=res.item,
        eigenaar=res.eigenaar,
        categorie=res.categorie,
        doel=request.context.doel,
        allow=decision.allow,
        reasons=tuple(decision.reasons),
        grondslag=decision.grondslag,
        policy_version=decision.policy_version,
        uiterlijk=uiterlijk,
        # Only a well-formed pseudonym: a report asks by one, and the column holds 32 characters.
        betrokkene=res.betrokkene if is_pseudoniem(res.betrokkene) else None,
    )

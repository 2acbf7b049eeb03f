"""HTTP API of the consent service: the PDP and the FG's decision-log queries.

Routes only validate, authenticate and call the use cases; the rules live in Rego.
No ``from __future__ import annotations``: FastAPI must resolve the local ``Annotated`` aliases.
"""

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from zvh_contracts.pdp import (
    Decision,
    DecisionBatch,
    DecisionBatchRequest,
    DecisionRequest,
    Resource,
)
from zvh_platform.auth import User, bearer_user
from zvh_platform.settings import ServiceSettings

from zvh_consent.application.audit import AuditDenied, Requester, list_decisions, verify_log
from zvh_consent.application.ports import ConsentHandlers, LogFilter
from zvh_consent.domain.beslissingenlog import Schakel


class LogRegel(BaseModel):
    """One decision-log record as the FG sees it: ids and codes, no content."""

    seq: int
    decision_id: uuid.UUID
    tijd: dt.datetime
    aanvrager: str | None
    user: str
    org: str
    roles: list[str]
    action: str
    resource: Resource
    doel: str
    allow: bool
    reasons: list[str]
    grondslag: str | None
    policy_version: str | None
    prev_hash: str
    hash: str


class KetenControle(BaseModel):
    """Outcome of recomputing the hash chain."""

    ok: bool
    count: int
    head_hash: str
    broken_at: int | None
    reason: str | None


def handlers_from_state(request: Request) -> ConsentHandlers:
    """The handlers bootstrap put on ``app.state.consent``."""
    handlers: ConsentHandlers = request.app.state.consent
    return handlers


def make_router(
    settings: ServiceSettings,
    *,
    get_handlers: Callable[[Request], ConsentHandlers] = handlers_from_state,
) -> APIRouter:
    """``/v1/decisions`` routes; every route needs a valid bearer token (service or user)."""
    router = APIRouter(prefix="/v1/decisions", tags=["decisions"])
    CurrentUser = Annotated[User, Depends(bearer_user(settings))]
    Handlers = Annotated[ConsentHandlers, Depends(get_handlers)]

    @router.post("", response_model=Decision)
    async def post_decision(body: DecisionRequest, caller: CurrentUser, h: Handlers) -> Decision:
        """The PDP: one question, one logged answer. Anything but allow=true is a deny."""
        return await h.decide(body, aanvrager=caller.id)

    @router.post("/batch", response_model=DecisionBatch)
    async def post_decision_batch(
        body: DecisionBatchRequest, caller: CurrentUser, h: Handlers
    ) -> DecisionBatch:
        """The PDP for up to 100 questions: answers in request order, logged in one append."""
        return DecisionBatch(decisions=await h.decide.many(body.requests, aanvrager=caller.id))

    @router.get("", response_model=list[LogRegel])
    async def get_decisions(
        caller: CurrentUser,
        h: Handlers,
        user: Annotated[str | None, Query(max_length=100)] = None,
        casus: Annotated[str | None, Query(max_length=100)] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> list[LogRegel] | JSONResponse:
        """The decision log for the FG; access is decided by the policy (read audit)."""
        try:
            rows = await list_decisions(
                decide=h.decide,
                decision_log=h.decision_log,
                requester=Requester(user=caller.id, org=caller.org, roles=tuple(caller.roles)),
                flt=LogFilter(user=user, casus=casus, limit=limit),
            )
        except AuditDenied as denied:
            return JSONResponse(
                status_code=403,
                content={
                    "detail": "inzage in het beslissingenlog geweigerd",
                    "reasons": denied.decision.reasons,
                    "decision_id": str(denied.decision.decision_id),
                },
            )
        return [to_regel(s) for s in rows]

    @router.get("/verify", response_model=KetenControle)
    async def get_verify(caller: CurrentUser, h: Handlers) -> KetenControle:
        """Recompute the hash chain; ``ok=false`` names the first broken record."""
        check = await verify_log(decision_log=h.decision_log)
        return KetenControle(
            ok=check.ok,
            count=check.count,
            head_hash=check.head_hash,
            broken_at=check.broken_at,
            reason=check.reason,
        )

    return router


def to_regel(s: Schakel) -> LogRegel:
    b = s.beslissing
    return LogRegel(
        seq=s.seq,
        decision_id=b.decision_id,
        tijd=b.tijd,
        aanvrager=b.aanvrager,
        user=b.user,
        org=b.org,
        roles=list(b.roles),
        action=b.action,
        resource=Resource(
            type=b.resource_type,
            casus=b.casus,
            item=b.item,
            eigenaar=b.eigenaar,
            categorie=b.categorie,
        ),
        doel=b.doel,
        allow=b.allow,
        reasons=list(b.reasons),
        grondslag=b.grondslag,
        policy_version=b.policy_version,
        prev_hash=s.prev_hash,
        hash=s.hash,
    )

"""HTTP API of the consent service: the PDP and the FG's decision-log queries.

Routes only validate, authenticate and call the use cases; the rules live in Rego.
No ``from __future__ import annotations``: FastAPI must resolve the local ``Annotated`` aliases.

The PDP routes take the subject from the verified bearer token (``Requester``), never from the
body: a body ``subject`` is accepted for compatibility and ignored. They read and validate the
body themselves, so a violation (a field too long, a list too big, an unknown field) is a 422
with Dutch reasons per field, and the answer is serialised once, without a second validation.
"""

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from zvh_contracts.pdp import (
    DEADLINE_HEADER,
    Decision,
    DecisionBatch,
    DecisionBatchRequest,
    DecisionRequest,
    Resource,
)
from zvh_platform.auth import User, bearer_user
from zvh_platform.openapi import request_body
from zvh_platform.settings import ServiceSettings

from zvh_consent.application.audit import AuditDenied, list_decisions, verify_log
from zvh_consent.application.ports import ConsentHandlers, LogFilter, Requester
from zvh_consent.domain.beslissingenlog import Schakel
from zvh_consent.domain.fouten import Fout
from zvh_consent.entrypoints.antwoorden import ONGELDIGE_VRAAG, geweigerd, read_body, redenen


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
    uiterlijk: dt.datetime | None = None
    prev_hash: str
    hash: str


class KetenControle(BaseModel):
    """Outcome of recomputing the hash chain."""

    ok: bool
    count: int
    head_hash: str
    broken_at: int | None
    reason: str | None


async def handlers_from_state(request: Request) -> ConsentHandlers:
    """The handlers bootstrap put on ``app.state.consent`` (async: no thread-pool hop)."""
    handlers: ConsentHandlers = request.app.state.consent
    return handlers


def make_router(
    settings: ServiceSettings,
    *,
    get_handlers: Callable[[Request], Awaitable[ConsentHandlers]] = handlers_from_state,
) -> APIRouter:
    """``/v1/decisions`` routes; every route needs a valid bearer token (service or user)."""
    router = APIRouter(prefix="/v1/decisions", tags=["decisions"])
    CurrentUser = Annotated[User, Depends(bearer_user(settings))]
    Handlers = Annotated[ConsentHandlers, Depends(get_handlers)]

    @router.post(
        "",
        responses={200: {"model": Decision}, 422: {"description": ONGELDIGE_VRAAG}},
        openapi_extra=request_body(DecisionRequest),
    )
    async def post_decision(request: Request, caller: CurrentUser, h: Handlers) -> Response:
        """The PDP: one question, one logged answer. Anything but allow=true is a deny.

        Decided and logged as the token's user; a ``subject`` in the body is ignored.
        """
        body = await read_body(request, DecisionRequest)
        if isinstance(body, Response):
            return body
        uiterlijk = read_deadline(request)
        if isinstance(uiterlijk, Response):
            return uiterlijk
        decision = await h.decide(body, requester=requester_of(caller), uiterlijk=uiterlijk)
        return Response(decision.model_dump_json(), media_type="application/json")

    @router.post(
        "/batch",
        responses={200: {"model": DecisionBatch}, 422: {"description": ONGELDIGE_VRAAG}},
        openapi_extra=request_body(DecisionBatchRequest),
    )
    async def post_decision_batch(request: Request, caller: CurrentUser, h: Handlers) -> Response:
        """The PDP for up to 100 questions: answers in request order, logged in one append."""
        body = await read_body(request, DecisionBatchRequest)
        if isinstance(body, Response):
            return body
        uiterlijk = read_deadline(request)
        if isinstance(uiterlijk, Response):
            return uiterlijk
        decisions = await h.decide.many(
            body.requests, requester=requester_of(caller), uiterlijk=uiterlijk
        )
        return Response(
            DecisionBatch(decisions=decisions).model_dump_json(), media_type="application/json"
        )

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
                requester=requester_of(caller),
                flt=LogFilter(user=user, casus=casus, limit=limit),
            )
        except AuditDenied as denied:
            return geweigerd(denied, detail="inzage in het beslissingenlog geweigerd")
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


def requester_of(caller: User) -> Requester:
    """The subject of every decision: the verified token's user, organisation and roles."""
    return Requester(user=caller.id, org=caller.org, roles=tuple(caller.roles))


def read_deadline(request: Request) -> dt.datetime | Response | None:
    """The enforcement point's deadline (``x-zvh-pdp-deadline``), or the Dutch 422."""
    raw = request.headers.get(DEADLINE_HEADER)
    if raw is None:
        return None
    try:
        uiterlijk = dt.datetime.fromisoformat(raw.strip()) if len(raw) <= 64 else None
    except ValueError:
        uiterlijk = None
    if uiterlijk is None or uiterlijk.tzinfo is None:
        melding = "moet een tijdstip zijn (ISO 8601, met tijdzone)"
        return redenen([Fout(DEADLINE_HEADER, melding)], detail=ONGELDIGE_VRAAG)
    return uiterlijk.astimezone(dt.UTC)


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
            betrokkene=b.betrokkene,
        ),
        doel=b.doel,
        allow=b.allow,
        reasons=list(b.reasons),
        grondslag=b.grondslag,
        policy_version=b.policy_version,
        uiterlijk=b.uiterlijk,
        prev_hash=s.prev_hash,
        hash=s.hash,
    )

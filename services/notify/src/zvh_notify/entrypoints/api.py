"""HTTP: delivery status with attempts. Who sees which is the PDP's answer
(``application/inzage.py``), asked with the reader's own token: by the policy ZVH staff see all,
a partner only the bezorgingen to its own organisation.

No ``from __future__ import annotations`` here: FastAPI must see the route's local
``CurrentUser`` dependency type at definition time.
"""

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from zvh_platform.auth import User, bearer_token, bearer_user
from zvh_platform.settings import ServiceSettings

from zvh_notify.application.inzage import (
    InzageGeweigerd,
    Lezer,
    bezorgingen_inzien,
    signalen_inzien,
)
from zvh_notify.application.ports import PolicyDecisionPoint, UnitOfWorkFactory
from zvh_notify.domain.model import Bezorging, Status
from zvh_notify.domain.termijnbewaking import Timer

#: Longest ontvanger filter (a partner code, as the PDP's ``eigenaar`` bound).
MAX_ORG = 63


class PogingOut(BaseModel):
    nr: int
    tijd: datetime
    resultaat: str
    fout: str | None


class BezorgingKern(BaseModel):
    """What every view of a bezorging shows: ids, codes, status and counts, no content."""

    bezorging_id: uuid.UUID
    kanaal: str
    ontvanger: str
    bron_event_id: uuid.UUID
    event_type: str
    casus_id: uuid.UUID | None
    status: str
    pogingen: int
    aangemaakt_op: datetime
    bijgewerkt_op: datetime | None

    @staticmethod
    def kern(b: Bezorging) -> dict[str, Any]:
        return {
            "bezorging_id": b.id,
            "kanaal": b.kanaal.value,
            "ontvanger": b.ontvanger,
            "bron_event_id": b.bron_event_id,
            "event_type": b.event_type,
            "casus_id": b.casus_id,
            "status": b.status.value,
            "pogingen": b.pogingen,
            "aangemaakt_op": b.aangemaakt_op,
            "bijgewerkt_op": b.bijgewerkt_op,
        }


class BezorgingOut(BezorgingKern):
    laatste_fout: str | None
    volgende_poging_op: datetime | None
    message_id: str | None
    bezorgpogingen: list[PogingOut]

    @classmethod
    def of(cls, b: Bezorging) -> "BezorgingOut":
        return cls(
            **cls.kern(b),
            laatste_fout=b.laatste_fout,
            volgende_poging_op=b.volgende_poging_op,
            message_id=b.message_id if b.email else None,
            bezorgpogingen=[
                PogingOut(nr=p.nr, tijd=p.tijd, resultaat=p.resultaat.value, fout=p.fout)
                for p in b.pogingen_log
            ],
        )


class TermijnsignaalOut(BaseModel):
    """A herinnering or verlopen signal that was sent: ids, codes and dates only."""

    signaal_id: uuid.UUID
    soort: str
    termijn: str
    casus_id: uuid.UUID | None
    actie_id: uuid.UUID | None
    overleg_id: uuid.UUID | None
    melding_id: uuid.UUID | None = None
    ontvanger: str
    #: Set for a personal signal (a VPT incident's): the user it is for (None with the casemanager
    #: set: the organisation's address or the piket was told).
    gebruiker: str | None = None
    #: Set for a VPT incident's signal: the casemanager assigned to the incident.
    casemanager: str | None = None
    uiterlijk: date
    verstuurd_op: datetime | None

    @classmethod
    def of(cls, t: Timer) -> "TermijnsignaalOut":
        return cls(
            signaal_id=t.id,
            soort=t.soort.value,
            termijn=t.termijn,
            casus_id=t.casus_id,
            actie_id=t.actie_id,
            overleg_id=t.overleg_id,
            melding_id=t.melding_id,
            ontvanger=t.ontvanger,
            gebruiker=t.gebruiker,
            casemanager=t.casemanager,
            uiterlijk=t.uiterlijk,
            verstuurd_op=t.verstuurd_op,
        )


class Geweigerd(BaseModel):
    """A 403: the PDP's Dutch reasons."""

    detail: str
    reasons: list[str]


def _lezer(request: Request, user: User) -> Lezer:
    """The reader as the verified token says, with that token to forward to the PDP."""
    return Lezer(user=user.id, org=user.org, roles=tuple(user.roles), token=bearer_token(request))


def _geweigerd(exc: InzageGeweigerd) -> JSONResponse:
    return JSONResponse(
        status_code=status.HTTP_403_FORBIDDEN,
        content={"detail": "; ".join(exc.redenen), "reasons": exc.redenen},
    )


def make_router(
    settings: ServiceSettings,
    *,
    uow_factory: Callable[[Request], UnitOfWorkFactory],
    pdp: Callable[[Request], PolicyDecisionPoint],
) -> APIRouter:
    """The routes; ``uow_factory`` and ``pdp`` give the request's unit-of-work factory and
    policy decision point (wired in bootstrap)."""
    router = APIRouter(prefix="/v1", tags=["bezorgingen"])
    CurrentUser = Annotated[User, Depends(bearer_user(settings))]

    @router.get(
        "/bezorgingen",
        response_model=list[BezorgingOut],
        responses={403: {"model": Geweigerd, "description": "the PDP did not allow it"}},
    )
    async def bezorgingen(
        request: Request,
        user: CurrentUser,
        bron_event_id: uuid.UUID | None = None,
        event_id: Annotated[uuid.UUID | None, Query(description="Alias of bron_event_id")] = None,
        ontvanger: Annotated[str | None, Query(min_length=1, max_length=MAX_ORG)] = None,
        status_: Annotated[
            Status | None,
            Query(
                alias="status",
                description="e.g. opgegeven: every attempt in the retry window failed",
            ),
        ] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> Any:
        """Deliveries with their attempts, filtered by source event, recipient and/or status.

        Without ``ontvanger``: every recipient when the PDP allows it, else the reader's own
        organisation's. A deny (also: the PDP unreachable) is a 403 with the PDP's reasons.
        """
        lezer = _lezer(request, user)
        try:
            found = await bezorgingen_inzien(
                pdp=pdp(request),
                lezer=lezer,
                uow_factory=uow_factory(request),
                ontvanger=ontvanger,
                bron_event_id=bron_event_id or event_id,
                status=status_,
                limit=limit,
            )
        except InzageGeweigerd as exc:
            return _geweigerd(exc)
        return [BezorgingOut.of(b) for b in found]

    @router.get(
        "/termijnsignalen",
        response_model=list[TermijnsignaalOut],
        tags=["termijnbewaking"],
        responses={403: {"model": Geweigerd, "description": "the PDP did not allow it"}},
    )
    async def termijnsignalen(
        request: Request,
        user: CurrentUser,
        ontvanger: Annotated[str | None, Query(min_length=1, max_length=MAX_ORG)] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> Any:
        """The termijn herinneringen and verlopen signals sent, newest first (the postvak).

        Scoped like ``/v1/bezorgingen``: without ``ontvanger`` every recipient when the PDP
        allows it, else the reader's own organisation's; a deny is a 403 with the reasons.
        Personal signals (a VPT incident's) show only to the user they are for and the assigned
        VPT casemanager, as the PDP decides, and only without an ``ontvanger`` filter.
        """
        lezer = _lezer(request, user)
        try:
            found = await signalen_inzien(
                pdp=pdp(request),
                lezer=lezer,
                uow_factory=uow_factory(request),
                ontvanger=ontvanger,
                limit=limit,
            )
        except InzageGeweigerd as exc:
            return _geweigerd(exc)
        return [TermijnsignaalOut.of(t) for t in found]

    return router

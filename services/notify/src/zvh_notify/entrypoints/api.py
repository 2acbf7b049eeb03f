"""HTTP: delivery status with attempts. ZVH staff see all; a partner user only its own org's.

No ``from __future__ import annotations`` here: FastAPI must see the route's local
``CurrentUser`` dependency type at definition time.
"""

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel
from zvh_platform.auth import User, bearer_user
from zvh_platform.settings import ServiceSettings

from zvh_notify.application.ports import UnitOfWorkFactory
from zvh_notify.application.queries import list_bezorgingen
from zvh_notify.domain.model import Bezorging, Status

ZVH_ORG = "zvh"


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


def make_router(
    settings: ServiceSettings, *, uow_factory: Callable[[Request], UnitOfWorkFactory]
) -> APIRouter:
    """The routes; ``uow_factory`` gives the request's unit-of-work factory (wired in bootstrap)."""
    router = APIRouter(prefix="/v1", tags=["bezorgingen"])
    CurrentUser = Annotated[User, Depends(bearer_user(settings))]

    @router.get("/bezorgingen")
    async def bezorgingen(
        request: Request,
        user: CurrentUser,
        bron_event_id: uuid.UUID | None = None,
        event_id: Annotated[uuid.UUID | None, Query(description="Alias of bron_event_id")] = None,
        ontvanger: str | None = None,
        status: Annotated[
            Status | None,
            Query(description="e.g. opgegeven: every attempt in the retry window failed"),
        ] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> list[BezorgingOut]:
        """Deliveries with their attempts, filtered by source event, recipient and/or status."""
        if user.org != ZVH_ORG:
            if ontvanger not in (None, user.org):
                raise HTTPException(403, "alleen bezorgingen aan uw eigen organisatie")
            ontvanger = user.org
        found = await list_bezorgingen(
            uow_factory=uow_factory(request),
            bron_event_id=bron_event_id or event_id,
            ontvanger=ontvanger,
            status=status,
            limit=limit,
        )
        return [BezorgingOut.of(b) for b in found]

    return router

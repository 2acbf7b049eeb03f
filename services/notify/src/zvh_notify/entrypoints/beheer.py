"""HTTP for operators (role ``beheerder``): given-up bezorgingen, and retrying one.

The list carries ids, codes and counts only — no address, subject, text or error text (an SMTP
error may echo the address); the error's type is enough to tell an outage from a bad address.
(No ``from __future__ import annotations``: FastAPI must see the dependency types.)
"""

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import status as http
from zvh_platform.auth import User
from zvh_platform.beheer import beheerder_user
from zvh_platform.settings import ServiceSettings

from zvh_notify.application.beheer import BezorgingOnbekend, heropen_bezorging
from zvh_notify.application.ports import Clock, UnitOfWorkFactory
from zvh_notify.application.queries import list_bezorgingen
from zvh_notify.domain.model import Bezorging, NietOpgegeven, Status
from zvh_notify.entrypoints.api import BezorgingKern


class BezorgingBeheerOut(BezorgingKern):
    fout_type: str | None
    venster_start: datetime
    heropend_door: str | None

    @classmethod
    def of(cls, b: Bezorging) -> "BezorgingBeheerOut":
        return cls(
            **cls.kern(b),
            fout_type=b.fout_type,
            venster_start=b.venster_start,
            heropend_door=b.heropend_door,
        )


def make_beheer_router(
    settings: ServiceSettings,
    *,
    uow_factory: Callable[[Request], UnitOfWorkFactory],
    wake: Callable[[Request], None],
    clock: Clock,
) -> APIRouter:
    """``GET /beheer/bezorgingen`` and ``POST /beheer/bezorgingen/{id}/opnieuw``.

    ``wake`` tells the request's delivery worker that a bezorging is due now.
    """
    router = APIRouter(prefix="/beheer", tags=["beheer"])
    Beheerder = Annotated[User, Depends(beheerder_user(settings))]

    @router.get("/bezorgingen")
    async def lijst(
        request: Request,
        _user: Beheerder,
        status: Annotated[
            Status, Query(description="default opgegeven: the retry window ran out")
        ] = Status.OPGEGEVEN,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> list[BezorgingBeheerOut]:
        """Bezorgingen in one status (oldest first), without any content."""
        found = await list_bezorgingen(uow_factory=uow_factory(request), status=status, limit=limit)
        return [BezorgingBeheerOut.of(b) for b in found]

    @router.post("/bezorgingen/{bezorging_id}/opnieuw")
    async def opnieuw(
        request: Request, bezorging_id: uuid.UUID, user: Beheerder
    ) -> BezorgingBeheerOut:
        """Retry a given-up bezorging now, with a fresh retry window; records who did it."""
        try:
            b = await heropen_bezorging(
                uow_factory=uow_factory(request),
                bezorging_id=bezorging_id,
                door=user.id,
                clock=clock,
            )
        except BezorgingOnbekend:
            raise HTTPException(http.HTTP_404_NOT_FOUND, detail="bezorging onbekend") from None
        except NietOpgegeven:
            raise HTTPException(
                http.HTTP_409_CONFLICT,
                detail="alleen een opgegeven bezorging kan opnieuw worden verstuurd",
            ) from None
        wake(request)
        return BezorgingBeheerOut.of(b)

    return router

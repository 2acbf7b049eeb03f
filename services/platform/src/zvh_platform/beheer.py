"""Operator access to a service's dead letters: list them and replay one (role ``beheerder``).

The list never shows bodies or headers; a replay runs the service's own handler for the kept
record in-process and records who did it, when, and the outcome. (No ``from __future__ import
annotations``: FastAPI must see the closures' dependencies when the routes are defined.)
"""

import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status

from zvh_platform import dead_letters
from zvh_platform.auth import User, bearer_user
from zvh_platform.settings import ServiceSettings

BEHEERDER = "beheerder"


def beheerder_user(settings: ServiceSettings) -> Callable[..., Awaitable[User]]:
    """A dependency: the signed-in user (401 without a token), 403 unless role ``beheerder``."""
    signed_in = bearer_user(settings)

    async def beheerder(user: Annotated[User, Depends(signed_in)]) -> User:
        if not user.has_role(BEHEERDER):
            raise HTTPException(status.HTTP_403_FORBIDDEN, detail="alleen voor beheerders")
        return user

    return beheerder


def dead_letter_router(settings: ServiceSettings) -> APIRouter:
    """``GET /beheer/dead-letters`` and ``POST /beheer/dead-letters/{id}/replay``."""
    router = APIRouter(prefix="/beheer", tags=["beheer"])
    Beheerder = Annotated[User, Depends(beheerder_user(settings))]

    @router.get("/dead-letters")
    async def lijst(
        request: Request,
        _user: Beheerder,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        open_only: bool = False,
    ) -> list[dict[str, Any]]:
        runtime = request.app.state.runtime
        async with runtime.sessions() as session:
            rows = await dead_letters.list_dead_letters(session, limit=limit, open_only=open_only)
        return [row.as_json() for row in rows]

    @router.post("/dead-letters/{dead_letter_id}/replay")
    async def replay(
        request: Request, dead_letter_id: uuid.UUID, user: Beheerder
    ) -> dict[str, Any]:
        runtime = request.app.state.runtime
        replayed = await runtime.consumers.replay(dead_letter_id, by=user.id)
        if replayed is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail="dead letter onbekend")
        return replayed.as_json()

    return router

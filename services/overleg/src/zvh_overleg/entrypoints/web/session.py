"""The UI session: an HttpOnly cookie holding a platform-signed token for the chosen user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request, status
from zvh_platform.auth import InvalidToken, User, verify_token

from zvh_overleg.application.ports import Actor
from zvh_overleg.entrypoints.context import Services, actor, services

COOKIE = "zvh_sessie"
TTL_S = 8 * 3600


@dataclass(frozen=True)
class Sessie:
    user: User
    token: str

    @property
    def actor(self) -> Actor:
        return actor(self.user, self.token)


def optional_sessie(request: Request, svc: Annotated[Services, Depends(services)]) -> Sessie | None:
    token = request.cookies.get(COOKIE)
    if not token:
        return None
    try:
        return Sessie(user=verify_token(token, secret=svc.token_secret), token=token)
    except InvalidToken:
        return None


def require_sessie(
    request: Request, sessie: Annotated[Sessie | None, Depends(optional_sessie)]
) -> Sessie:
    """The signed-in user, or a redirect to /aanmelden (also for htmx requests)."""
    if sessie is None:
        terug = quote(request.url.path, safe="/")
        target = f"/aanmelden?terug={terug}"
        raise HTTPException(
            status.HTTP_303_SEE_OTHER,
            "Niet aangemeld",
            headers={"Location": target, "HX-Redirect": target},
        )
    return sessie


SessieDep = Annotated[Sessie, Depends(require_sessie)]
OptionalSessieDep = Annotated[Sessie | None, Depends(optional_sessie)]

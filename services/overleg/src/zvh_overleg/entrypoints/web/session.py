"""The UI session: an HttpOnly cookie with a random key to a server-side session (sessies).

Every request derives a short-lived token from the session (at most five minutes, with the
session's ``sid``) for the calls it makes to the other services; ending the session ends them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request, status
from zvh_platform.auth import USER_TOKEN_TTL_S, User, issue_token

from zvh_overleg.application.ports import Actor
from zvh_overleg.entrypoints.context import Services, actor, services

COOKIE = "zvh_sessie"


@dataclass(frozen=True)
class Sessie:
    user: User
    sid: str
    token: str

    @property
    def actor(self) -> Actor:
        return actor(self.user, self.token)


async def optional_sessie(
    request: Request, svc: Annotated[Services, Depends(services)]
) -> Sessie | None:
    sleutel = request.cookies.get(COOKIE)
    if not sleutel:
        return None
    sessie = await svc.sessies.actief(sleutel, now=svc.clock.now())
    if sessie is None:
        return None
    token = issue_token(sessie.user, key=svc.signer, ttl_s=USER_TOKEN_TTL_S, sid=sessie.sid)
    return Sessie(user=sessie.user, sid=sessie.sid, token=token)


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

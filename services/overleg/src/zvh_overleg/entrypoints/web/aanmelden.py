"""Sign-in by picking a demo user: for the local runtime only, refused in production."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from zvh_platform.auth import issue_token

from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.web.session import COOKIE, TTL_S, OptionalSessieDep
from zvh_overleg.entrypoints.web.templating import render

router = APIRouter()

Svc = Annotated[Services, Depends(services)]


def _safe_terug(terug: str | None) -> str | None:
    """Only local paths, so the sign-in cannot redirect elsewhere."""
    if terug and terug.startswith("/") and not terug.startswith("//"):
        return terug
    return None


def secure_cookie(env: str) -> bool:
    """The session cookie is ``Secure`` everywhere but local/test, which run on plain http."""
    return env not in ("local", "test")


def _start(roles: list[str]) -> str:
    return "/triage" if "procesregisseur" in roles else "/casussen"


def _refused(request: Request, svc: Services) -> HTMLResponse | None:
    if svc.settings.env == "production":
        return render(
            request,
            "fout.html",
            status_code=403,
            titel="Aanmelden niet beschikbaar",
            melding="Aanmelden met een demogebruiker kan alleen in de lokale omgeving.",
        )
    return None


@router.get("/", include_in_schema=False)
async def home(sessie: OptionalSessieDep) -> RedirectResponse:
    return RedirectResponse(_start(sessie.user.roles) if sessie else "/aanmelden", 303)


@router.get("/aanmelden", response_class=HTMLResponse)
async def aanmelden_form(
    request: Request, svc: Svc, sessie: OptionalSessieDep, terug: str | None = None
) -> Response:
    refused = _refused(request, svc)
    if refused:
        return refused
    region = svc.settings.region()
    return render(
        request,
        "aanmelden.html",
        user=sessie.user if sessie else None,
        region=region,
        users=region.users,
        terug=_safe_terug(terug) or "",
    )


@router.post("/aanmelden")
async def aanmelden(
    request: Request,
    svc: Svc,
    gebruiker: Annotated[str, Form()] = "",
    terug: Annotated[str, Form()] = "",
) -> Response:
    refused = _refused(request, svc)
    if refused:
        return refused
    region = svc.settings.region()
    user = region.user(gebruiker) if gebruiker else None
    if user is None:
        return render(
            request,
            "aanmelden.html",
            status_code=422,
            region=region,
            users=region.users,
            terug=_safe_terug(terug) or "",
            fouten=[("gebruiker", "Kies een gebruiker om mee aan te melden.")],
        )
    token = issue_token(user, secret=svc.token_secret, ttl_s=TTL_S)
    response = RedirectResponse(_safe_terug(terug) or _start(user.roles), 303)
    response.set_cookie(
        COOKIE,
        token,
        max_age=TTL_S,
        httponly=True,
        samesite="lax",
        secure=secure_cookie(svc.settings.env),
        path="/",
    )
    return response


@router.post("/afmelden")
async def afmelden() -> RedirectResponse:
    response = RedirectResponse("/aanmelden", 303)
    response.delete_cookie(COOKIE, path="/")
    return response

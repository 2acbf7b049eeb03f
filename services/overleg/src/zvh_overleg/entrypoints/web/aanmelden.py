"""Sign-in through the user's own organisation (OIDC code flow with PKCE), and logging out.

``/aanmelden`` lets the user choose their organisation and sends them to its identity provider;
``/aanmelden/terug`` finishes the flow, starts a server-side session and sets its cookie. The
local runtime also lists the demo users: picking one goes to that user's organisation's provider
(the OIDC stand-in `zvh up` starts), so local and production run the same code.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from zvh_platform.region import Partner

from zvh_overleg.application.aanmelden import AanmeldenGeweigerd, ProviderFout, gebruiker_uit_claims
from zvh_overleg.application.sessies import Aanmelding
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.web.session import COOKIE, OptionalSessieDep
from zvh_overleg.entrypoints.web.templating import render

router = APIRouter()

Svc = Annotated[Services, Depends(services)]
TERUG_PAD = "/aanmelden/terug"


def _safe_terug(terug: str | None) -> str | None:
    """Only local paths, so the sign-in cannot redirect elsewhere."""
    if terug and terug.startswith("/") and not terug.startswith("//") and "\\" not in terug:
        return terug
    return None


def secure_cookie(env: str) -> bool:
    """The session cookie is ``Secure`` everywhere but local/test, which run on plain http."""
    return env not in ("local", "test")


def _start(roles: list[str]) -> str:
    return "/triage" if "procesregisseur" in roles else "/casussen"


def _redirect_uri(svc: Services) -> str:
    return svc.settings.ui_url.rstrip("/") + TERUG_PAD


def _pagina(
    request: Request,
    svc: Svc,
    *,
    status_code: int = 200,
    terug: str = "",
    fouten: list[tuple[str, str]] | None = None,
    melding: str | None = None,
    user: object = None,
) -> HTMLResponse:
    region = svc.settings.region()
    lokaal = svc.settings.env in ("local", "test")
    return render(
        request,
        "aanmelden.html",
        status_code=status_code,
        user=user,
        region=region,
        organisaties=region.met_identiteit(),
        users=region.users if lokaal else [],
        lokaal=lokaal,
        terug=terug,
        fouten=fouten or [],
        melding=melding,
    )


@router.get("/", include_in_schema=False)
async def home(sessie: OptionalSessieDep) -> RedirectResponse:
    return RedirectResponse(_start(sessie.user.roles) if sessie else "/aanmelden", 303)


@router.get("/aanmelden", response_class=HTMLResponse)
async def aanmelden_form(
    request: Request,
    svc: Svc,
    sessie: OptionalSessieDep,
    terug: str | None = None,
    afgemeld: str | None = None,
) -> Response:
    return _pagina(
        request,
        svc,
        user=sessie.user if sessie else None,
        terug=_safe_terug(terug) or "",
        melding="U bent afgemeld." if afgemeld else None,
    )


@router.post("/aanmelden")
async def aanmelden(
    request: Request,
    svc: Svc,
    organisatie: Annotated[str, Form()] = "",
    gebruiker: Annotated[str, Form()] = "",
    terug: Annotated[str, Form()] = "",
) -> Response:
    """Send the browser to the chosen organisation's identity provider."""
    region = svc.settings.region()
    hint: str | None = None
    if gebruiker and svc.settings.env in ("local", "test"):
        demo = region.user(gebruiker)
        if demo is not None:
            organisatie, hint = demo.org, demo.id
    partner: Partner | None = region.partner(organisatie) if organisatie else None
    if partner is None or partner.identiteit is None:
        if gebruiker:
            veld, tekst = "gebruiker", "Kies een gebruiker om mee aan te melden."
        elif organisatie:
            veld, tekst = "organisatie", "Deze organisatie kan (nog) niet aanmelden bij ZVH keten."
        else:
            veld, tekst = "organisatie", "Kies uw organisatie om mee aan te melden."
        return _pagina(
            request, svc, status_code=422, terug=_safe_terug(terug) or "", fouten=[(veld, tekst)]
        )
    aanmelding = Aanmelding(
        state=secrets.token_urlsafe(24),
        org=partner.code,
        code_verifier=secrets.token_urlsafe(48),
        nonce=secrets.token_urlsafe(24),
        terug=_safe_terug(terug) or "",
        begonnen_op=svc.clock.now(),
    )
    try:
        url = await svc.identiteit.autorisatie_url(
            partner.identiteit,
            redirect_uri=_redirect_uri(svc),
            state=aanmelding.state,
            nonce=aanmelding.nonce,
            code_verifier=aanmelding.code_verifier,
            login_hint=hint,
        )
    except ProviderFout:
        return _pagina(
            request,
            svc,
            status_code=502,
            terug=aanmelding.terug,
            fouten=[
                (
                    "organisatie",
                    f"De aanmeldvoorziening van {partner.naam} is niet bereikbaar. "
                    "Probeer het later opnieuw.",
                )
            ],
        )
    await svc.sessies.begin_aanmelding(aanmelding)
    return RedirectResponse(url, 303)


@router.get(TERUG_PAD, response_class=HTMLResponse)
async def aanmelden_terug(
    request: Request,
    svc: Svc,
    state: str = "",
    code: str = "",
    error: str = "",
) -> Response:
    """Finish the code flow: check state, PKCE and the ID token, then start the session."""
    now = svc.clock.now()
    aanmelding = await svc.sessies.neem_aanmelding(state, now=now) if state else None
    if aanmelding is None:
        return _pagina(
            request,
            svc,
            status_code=400,
            fouten=[
                ("organisatie", "Deze aanmelding is verlopen of al gebruikt. Meld u opnieuw aan.")
            ],
        )
    if error or not code:
        return _pagina(
            request,
            svc,
            status_code=400,
            terug=aanmelding.terug,
            fouten=[("organisatie", "Aanmelden is niet gelukt of geweigerd bij uw organisatie.")],
        )
    partner = svc.settings.region().partner(aanmelding.org)
    if partner is None or partner.identiteit is None:
        return _pagina(
            request,
            svc,
            status_code=400,
            fouten=[("organisatie", "Deze organisatie kan niet (meer) aanmelden.")],
        )
    try:
        claims = await svc.identiteit.claims(
            partner.identiteit,
            code=code,
            redirect_uri=_redirect_uri(svc),
            code_verifier=aanmelding.code_verifier,
            nonce=aanmelding.nonce,
        )
        user = gebruiker_uit_claims(partner, claims)
    except ProviderFout:
        return _pagina(
            request,
            svc,
            status_code=502,
            terug=aanmelding.terug,
            fouten=[
                (
                    "organisatie",
                    f"De aanmelding bij {partner.naam} kon niet worden gecontroleerd. "
                    "Probeer het opnieuw.",
                )
            ],
        )
    except AanmeldenGeweigerd as exc:
        return _pagina(request, svc, status_code=403, fouten=[("organisatie", str(exc))])
    sleutel, _ = await svc.sessies.start(user, issuer=partner.identiteit.issuer, now=now)
    response = RedirectResponse(aanmelding.terug or _start(user.roles), 303)
    response.set_cookie(
        COOKIE,
        sleutel,
        max_age=int(svc.sessies.maximum.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=secure_cookie(svc.settings.env),
        path="/",
    )
    return response


@router.post("/afmelden")
async def afmelden(request: Request, svc: Svc) -> RedirectResponse:
    """End the session for good: the cookie and every token derived from it stop working."""
    sleutel = request.cookies.get(COOKIE)
    if sleutel:
        await svc.sessies.beeindig(sleutel, now=svc.clock.now())
    response = RedirectResponse("/aanmelden?afgemeld=1", 303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/intern/sessies/{sid}", include_in_schema=False)
async def sessie_status(sid: str, svc: Svc) -> JSONResponse:
    """Whether a session still runs: asked by the other services about a token's ``sid``."""
    actief = len(sid) <= 64 and await svc.sessies.sid_actief(sid, now=svc.clock.now())
    return JSONResponse({"actief": actief}, status_code=200 if actief else 404)

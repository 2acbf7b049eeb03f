"""The beheerder's convenant register: every organisation's convenant with its status, a form to
record a new one or change one, and the audit (historie) per organisation.

consent keeps the register and decides (every signed-in user reads, a beheerder of the ZVH
records); the forms are shown to a beheerder only as a hint, consent's answer is what counts.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from zvh_contracts.vocab import Categorie

from zvh_overleg.application.privacy import (
    CONVENANT_STATUS,
    ConsentBestaatAl,
    Fouten,
    convenant_invoer,
    convenant_status,
)
from zvh_overleg.application.toestemmingen import (
    ConsentNietGevonden,
    ConsentOngeldig,
)
from zvh_overleg.domain.model import ZVH
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.web.consentpagina import (
    privacy,
    veldfouten,
)
from zvh_overleg.entrypoints.web.session import Sessie, SessieDep
from zvh_overleg.entrypoints.web.templating import render

router = APIRouter()
Svc = Annotated[Services, Depends(services)]
OrgPad = Annotated[str, Path(min_length=2, max_length=63, pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]

CATEGORIEEN = [c.value for c in Categorie]
BESTAAT_AL = "deze organisatie heeft al een convenant: wijzig het op haar pagina"
#: consent's ``veld`` → the form's element id
VELDEN: dict[str, str] = {
    "org": "c-org",
    "van": "c-van",
    "tot": "c-tot",
    "herzien_op": "c-herzien",
    "categorieen": "c-categorieen",
    **{f"categorieen.{c}": f"c-basis-{c}" for c in CATEGORIEEN},
}


def _met_status(c: dict[str, Any], svc: Services) -> dict[str, Any]:
    status = convenant_status(c, nu=svc.clock.now())
    return dict(c, status=status, status_label=CONVENANT_STATUS[status])


def _waarden(c: dict[str, Any] | None) -> dict[str, str]:
    """The form's values from a convenant (empty for none)."""
    if c is None:
        return {}
    w = {k: str(c.get(k) or "") for k in ("org", "van", "tot", "herzien_op")}
    for cb in c.get("categorieen") or []:
        w[f"basis_{cb.get('categorie')}"] = str(cb.get("basis") or "")
    return w


async def _formulier(request: Request) -> dict[str, str]:
    form = await request.form()
    velden = ["org", "van", "tot", "herzien_op"] + [f"basis_{c}" for c in CATEGORIEEN]
    return {v: str(form.get(v) or "") for v in velden}


def _invoer(w: dict[str, str]) -> tuple[dict[str, Any], Fouten]:
    invoer, fouten = convenant_invoer(
        van=w["van"],
        tot=w["tot"],
        herzien_op=w["herzien_op"],
        basis={c: w[f"basis_{c}"] for c in CATEGORIEEN},
    )
    return invoer, [(VELDEN[v], m) for v, m in fouten]


async def _lijst(
    request: Request,
    *,
    sessie: Sessie,
    svc: Services,
    fouten: Fouten | None = None,
    waarden: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    rows = await privacy(svc).convenanten(token=sessie.token)
    region = svc.settings.region()
    bekend = {str(c.get("org")) for c in rows}
    return render(
        request,
        "convenanten.html",
        status_code=status_code,
        user=sessie.user,
        actief="convenanten",
        region=region,
        convenanten=sorted((_met_status(c, svc) for c in rows), key=lambda c: str(c["org"])),
        zonder=[p for p in region.partners if p.code != ZVH and p.code not in bekend],
        categorieen=CATEGORIEEN,
        fouten=fouten or [],
        w=waarden or {},
        gewijzigd=request.query_params.get("gewijzigd"),
    )


@router.get("/beheer/convenanten", response_class=HTMLResponse)
async def convenanten_pagina(request: Request, sessie: SessieDep, svc: Svc) -> Response:
    return await _lijst(request, sessie=sessie, svc=svc)


@router.post("/beheer/convenanten")
async def convenant_nieuw(request: Request, sessie: SessieDep, svc: Svc) -> Response:
    w = await _formulier(request)
    invoer, fouten = _invoer(w)
    if not w["org"].strip():
        fouten.insert(0, (VELDEN["org"], "kies de organisatie"))
    if not fouten:
        try:
            await privacy(svc).convenant_nieuw(
                {"org": w["org"].strip(), **invoer}, token=sessie.token
            )
        except ConsentOngeldig as exc:
            fouten = veldfouten(exc, VELDEN, anders=VELDEN["org"])
        except ConsentBestaatAl:
            fouten = [
                (
                    VELDEN["org"],
                    "deze organisatie heeft al een convenant: wijzig het op haar pagina",
                )
            ]
    if fouten:
        return await _lijst(
            request, sessie=sessie, svc=svc, fouten=fouten, waarden=w, status_code=422
        )
    return RedirectResponse(f"/beheer/convenanten/{w['org'].strip()}?gewijzigd=1", 303)


async def _organisatie(
    request: Request,
    org: str,
    *,
    sessie: Sessie,
    svc: Services,
    fouten: Fouten | None = None,
    waarden: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    convenant: dict[str, Any] | None
    port = privacy(svc)
    try:
        convenant = _met_status(await port.convenant(org, token=sessie.token), svc)
    except ConsentNietGevonden:
        convenant = None
    historie = await port.convenant_historie(org, token=sessie.token)
    return render(
        request,
        "convenant.html",
        status_code=status_code,
        user=sessie.user,
        actief="convenanten",
        region=svc.settings.region(),
        org=org,
        convenant=convenant,
        historie=list(reversed(historie)),  # newest first on the page
        categorieen=CATEGORIEEN,
        fouten=fouten or [],
        w=waarden if waarden is not None else _waarden(convenant),
        gewijzigd=request.query_params.get("gewijzigd"),
    )


@router.get("/beheer/convenanten/{org}", response_class=HTMLResponse)
async def convenant_pagina(request: Request, org: OrgPad, sessie: SessieDep, svc: Svc) -> Response:
    return await _organisatie(request, org, sessie=sessie, svc=svc)


@router.post("/beheer/convenanten/{org}")
async def convenant_wijzigen(
    request: Request, org: OrgPad, sessie: SessieDep, svc: Svc
) -> Response:
    w = await _formulier(request)
    invoer, fouten = _invoer(w)
    if not fouten:
        try:
            await privacy(svc).convenant_vastleggen(org, invoer, token=sessie.token)
        except ConsentOngeldig as exc:
            fouten = veldfouten(exc, VELDEN, anders=VELDEN["van"])
    if fouten:
        return await _organisatie(
            request, org, sessie=sessie, svc=svc, fouten=fouten, waarden=w, status_code=422
        )
    return RedirectResponse(f"/beheer/convenanten/{org}?gewijzigd=1", 303)

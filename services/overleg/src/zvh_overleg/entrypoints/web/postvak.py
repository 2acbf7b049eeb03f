"""The postvak: the termijn herinneringen and verlopen signals for the signed-in user.

Notify decides through the PDP whose signals the user may see (ZVH staff all, a partner its
own); a refusal shows the PDP's reasons, an unreachable notify says so.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from zvh_overleg.application.postvak import PostvakFout, PostvakGeweigerd
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.web.session import SessieDep
from zvh_overleg.entrypoints.web.templating import render

router = APIRouter()

#: The names of notify's signals about a VPT incident (meldpunt agressie en geweld).
VPT_TERMIJNEN = {
    "vpt-incident-gemeld": "Incident gemeld (agressie en geweld)",
    "vpt-piket": "Urgent incident: piket",
    "vpt-nazorg-eerste": "Eerste nazorgcontact",
    "vpt-nazorg-een-week": "Nazorgcontact na een week",
    "vpt-nazorg-zes-weken": "Nazorgcontact na zes weken",
}
Svc = Annotated[Services, Depends(services)]


@router.get("/postvak", response_class=HTMLResponse)
async def postvak(request: Request, sessie: SessieDep, svc: Svc) -> Response:
    if svc.postvak is None:
        return _onbereikbaar(request, sessie)
    try:
        signalen = await svc.postvak.termijnsignalen(token=sessie.token)
    except PostvakGeweigerd as exc:
        return render(
            request,
            "fout.html",
            status_code=403,
            user=sessie.user,
            titel="Geen toegang",
            melding="U heeft geen toegang tot deze signalen.",
            redenen=exc.redenen,
        )
    except PostvakFout:
        return _onbereikbaar(request, sessie)
    return render(
        request,
        "postvak.html",
        user=sessie.user,
        actief="postvak",
        signalen=signalen,
        region=svc.settings.region(),
        termijn_namen={
            **{code: t.naam for code, t in svc.settings.region().termijnen_van_regio().items()},
            **VPT_TERMIJNEN,
        },
        verlopen=sum(1 for s in signalen if s.verlopen),
    )


def _onbereikbaar(request: Request, sessie: SessieDep) -> HTMLResponse:
    return render(
        request,
        "fout.html",
        status_code=502,
        user=sessie.user,
        titel="Postvak niet bereikbaar",
        melding="De signalen kunnen nu niet worden opgehaald. Probeer het later opnieuw.",
    )

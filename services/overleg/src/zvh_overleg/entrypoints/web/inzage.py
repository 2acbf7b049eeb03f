""" "Wie las onze informatie": for any professional, who read (or was refused) the items their
organisation owns. consent scopes the rows to the caller's organisation (from the token)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from zvh_overleg.application.privacy import UITKOMSTEN, nieuwste_eerst
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.web.consentpagina import privacy
from zvh_overleg.entrypoints.web.session import SessieDep
from zvh_overleg.entrypoints.web.templating import render

router = APIRouter()
Svc = Annotated[Services, Depends(services)]

LIMIET = 500
UITKOMST_LABELS = {"alle": "Alle", "toegestaan": "Toegestaan", "geweigerd": "Geweigerd"}


@router.get("/inzage", response_class=HTMLResponse)
async def wie_las(
    request: Request, sessie: SessieDep, svc: Svc, uitkomst: str = "alle"
) -> Response:
    uitkomst = uitkomst if uitkomst in UITKOMSTEN else "alle"
    regels = await privacy(svc).inzage_eigenaar(uitkomst=uitkomst, limit=LIMIET, token=sessie.token)
    response = render(
        request,
        "inzage.html",
        user=sessie.user,
        actief="inzage",
        region=svc.settings.region(),
        regels=nieuwste_eerst(regels),
        uitkomst=uitkomst,
        uitkomst_labels=UITKOMST_LABELS,
        namen={u.id: u.naam for u in svc.settings.region().users},
        limiet=LIMIET,
    )
    response.headers["Cache-Control"] = "no-store"
    return response

"""The procesregisseur's dashboard page: counts, signals and charts (issue 9, part 5)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from zvh_overleg.application.dashboard import dashboard
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.domain.dashboard import Rag
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.web.formulier import geweigerd
from zvh_overleg.entrypoints.web.session import SessieDep
from zvh_overleg.entrypoints.web.templating import STATIC_DIR, render

router = APIRouter()
Svc = Annotated[Services, Depends(services)]

#: Chart.js, fetched by the Makefile from the npm registry; without it the tables remain.
CHARTJS_FILE = STATIC_DIR / "vendor" / "chart.umd.min.js"

FASE_NAMEN = {
    1: "Fase 1",
    2: "Fase 2",
    3: "Fase 3",
    4: "Fase 4",
    5: "Fase 5",
    None: "Nog geen fase",
}
RAG_NAMEN = {Rag.ROOD: "Verlopen", Rag.ORANJE: "Binnen 2 werkdagen", Rag.GROEN: "Op schema"}


@router.get("/dashboard", response_class=HTMLResponse)
async def dashboard_pagina(request: Request, sessie: SessieDep, svc: Svc) -> Response:
    region = svc.settings.region()
    try:
        bord = await dashboard(
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
            intake=svc.intake,
            termijnen=region.termijnen_van_regio(),
            kalender=region.werkdagkalender(),
        )
    except ToegangGeweigerd as exc:
        return geweigerd(
            request,
            sessie,
            exc,
            titel="Geen toegang tot het dashboard",
            melding="Het dashboard is er voor de procesregisseur van het ZVH.",
        )
    return render(
        request,
        "dashboard.html",
        user=sessie.user,
        region=region,
        actief="dashboard",
        bord=bord,
        fase_namen=FASE_NAMEN,
        rag_namen=RAG_NAMEN,
        chartjs=CHARTJS_FILE.exists(),
    )

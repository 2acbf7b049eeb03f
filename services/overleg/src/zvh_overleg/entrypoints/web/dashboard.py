"""The procesregisseur's dashboard page: counts, signals and charts (issue 9, part 5)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from zvh_overleg.application.dashboard import bekend_bij_triage, dashboard
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.domain.dashboard import Rag
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.web.formulier import geweigerd
from zvh_overleg.entrypoints.web.session import Sessie, SessieDep
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
            termijnen=region.termijnen_van_regio(),
            kalender=region.werkdagkalender(),
        )
    except ToegangGeweigerd as exc:
        return _geweigerd(request, sessie, exc)
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


@router.get("/dashboard/bekend", response_class=HTMLResponse)
async def bekend_fragment(request: Request, sessie: SessieDep, svc: Svc) -> Response:
    """The "al bekend bij triage" count: a fragment htmx loads into the dashboard, or a page
    of its own (the dashboard links to it) without JavaScript."""
    try:
        telling = await bekend_bij_triage(actor=sessie.actor, pdp=svc.pdp, intake=svc.intake)
    except ToegangGeweigerd as exc:
        return _geweigerd(request, sessie, exc)
    fragment = request.headers.get("HX-Request") == "true"
    return render(
        request,
        "_dashboard_bekend.html" if fragment else "dashboard_bekend.html",
        user=sessie.user,
        actief="dashboard",
        telling=telling,
    )


def _geweigerd(request: Request, sessie: Sessie, exc: ToegangGeweigerd) -> Response:
    return geweigerd(
        request,
        sessie,
        exc,
        titel="Geen toegang tot het dashboard",
        melding="Het dashboard is er voor de procesregisseur van het ZVH.",
    )

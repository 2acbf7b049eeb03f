"""The staff web UI: server-rendered pages (Jinja2), enhanced with htmx when it is served."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from zvh_overleg.application.toestemmingen import ConsentFout
from zvh_overleg.entrypoints.web import (
    aanhoudingen,
    aanmelden,
    casussen,
    convenanten,
    dashboard,
    doorbreken,
    eigenaarsbeheer,
    fg,
    inzage,
    levensloop,
    overleggen,
    overlegmodus,
    postvak,
    rapportage,
    sociale_kaart,
    streams,
    toestemmingen,
    triage,
    veiligheidssignalen,
    vpt,
    vpt_evaluatie,
)
from zvh_overleg.entrypoints.web.consentpagina import consent_weigert_of_is_weg
from zvh_overleg.entrypoints.web.templating import STATIC_DIR

router = APIRouter(include_in_schema=False)
router.include_router(aanmelden.router)
router.include_router(triage.router)
router.include_router(aanhoudingen.router)
router.include_router(sociale_kaart.router)
router.include_router(casussen.router)
router.include_router(overleggen.router)
router.include_router(overlegmodus.router)
router.include_router(streams.router)
router.include_router(levensloop.router)
router.include_router(toestemmingen.router)
router.include_router(doorbreken.router)
router.include_router(eigenaarsbeheer.router)
router.include_router(fg.router)
router.include_router(inzage.router)
router.include_router(convenanten.router)
router.include_router(postvak.router)
router.include_router(rapportage.router)
router.include_router(dashboard.router)
router.include_router(veiligheidssignalen.router)
# before the VPT dossier page's /vpt/{dossier_id}: /vpt/overzicht is not a dossier id
router.include_router(vpt_evaluatie.router)
router.include_router(vpt.router)


def mount_ui(app: FastAPI) -> None:
    """Serve the CSS (and htmx, when the Makefile fetched it) under /static; and turn consent's
    refusal or absence on any page into its Dutch page (``consent_weigert_of_is_weg``)."""
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    app.add_exception_handler(ConsentFout, consent_weigert_of_is_weg)


__all__ = ["mount_ui", "router"]

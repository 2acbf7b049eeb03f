"""Triage Aanhoudingen: the police's arrests of today and yesterday, each marked by the ZVH.

Intake holds the lists and asks the PDP who may (procesregisseur, bemoeizorg); this page shows
what intake returns and passes each mark on. "Melding aanmaken" makes a melding owned by the
police in intake's triage queue; the page then links to it.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zvh_overleg.application.aanhoudingen import KEUZES, MARKERING_LABELS, AanhoudingenPort
from zvh_overleg.application.intake import (
    IntakeConflict,
    IntakeFout,
    IntakeGeweigerd,
    IntakeNietGevonden,
    IntakeOngeldig,
)
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.web.session import SessieDep
from zvh_overleg.entrypoints.web.templating import render

router = APIRouter()
Svc = Annotated[Services, Depends(services)]


def _port(svc: Services) -> AanhoudingenPort:
    if svc.aanhoudingen is None:
        raise IntakeFout("Triage Aanhoudingen is niet aangesloten")
    return svc.aanhoudingen


def _fout(
    request: Request, sessie: SessieDep, *, status: int, titel: str, melding: str, **extra: Any
) -> HTMLResponse:
    return render(
        request,
        "fout.html",
        status_code=status,
        user=sessie.user,
        titel=titel,
        melding=melding,
        **extra,
    )


async def _pagina(
    request: Request,
    sessie: SessieDep,
    svc: Services,
    *,
    gemarkeerd: uuid.UUID | None = None,
    fout: tuple[str, str] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    try:
        overzicht = await _port(svc).aanhoudingen(token=sessie.token)
    except IntakeGeweigerd as exc:
        return _fout(
            request,
            sessie,
            status=403,
            titel="Geen toegang",
            melding="U heeft geen toegang tot de Triage Aanhoudingen.",
            redenen=exc.reasons,
        )
    except IntakeFout:
        return _fout(
            request,
            sessie,
            status=502,
            titel="Intake niet bereikbaar",
            melding="De aanhoudingen kunnen nu niet worden opgehaald. Probeer het later opnieuw.",
        )
    laatste = None
    if gemarkeerd is not None:
        laatste = next(
            (
                a
                for lijst in overzicht["lijsten"]
                for a in lijst.get("aanhoudingen", [])
                if a.get("id") == str(gemarkeerd)
            ),
            None,
        )
    return render(
        request,
        "aanhoudingen.html",
        status_code=status_code,
        user=sessie.user,
        overzicht=overzicht,
        keuzes=KEUZES,
        markering_labels=MARKERING_LABELS,
        laatste=laatste,
        fout=fout,
        partner=svc.partner_naam,
        gemeenten=svc.settings.region().gemeentenamen(),
    )


@router.get("/aanhoudingen", response_class=HTMLResponse)
async def aanhoudingen(
    request: Request, sessie: SessieDep, svc: Svc, gemarkeerd: uuid.UUID | None = None
) -> Response:
    return await _pagina(request, sessie, svc, gemarkeerd=gemarkeerd)


@router.post("/aanhoudingen/{aanhouding}/markering")
async def markeer(
    request: Request,
    aanhouding: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    markering: Annotated[str, Form()] = "",
) -> Response:
    if markering not in KEUZES:
        keuzes = ", ".join(k.lower() for k in KEUZES.values())
        fout = (str(aanhouding), f"Kies wat er met de aanhouding gebeurt: {keuzes}.")
        return await _pagina(request, sessie, svc, fout=fout, status_code=422)
    try:
        await _port(svc).markeer_aanhouding(aanhouding, markering=markering, token=sessie.token)
    except IntakeGeweigerd as exc:
        return _fout(
            request,
            sessie,
            status=403,
            titel="Niet toegestaan",
            melding="U mag deze aanhouding niet markeren.",
            redenen=exc.reasons,
        )
    except IntakeNietGevonden:
        return _fout(
            request,
            sessie,
            status=404,
            titel="Niet gevonden",
            melding="Deze aanhouding bestaat niet (meer).",
        )
    except IntakeConflict:
        fout = (str(aanhouding), "Van deze aanhouding is al een melding gemaakt.")
        return await _pagina(request, sessie, svc, fout=fout, status_code=409)
    except IntakeOngeldig as exc:
        fout = (str(aanhouding), f"De markering is niet geldig: {exc}.")
        return await _pagina(request, sessie, svc, fout=fout, status_code=422)
    except IntakeFout:
        return _fout(
            request,
            sessie,
            status=502,
            titel="Intake niet bereikbaar",
            melding="De markering kon niet worden vastgelegd. Probeer het later opnieuw.",
        )
    return RedirectResponse(
        f"/aanhoudingen?gemarkeerd={aanhouding}#aanhouding-{aanhouding}", status_code=303
    )

"""The FG's pages: every doorbreking with its review, and the inzageverzoek per person.

consent decides who may (its policy lets the FG); a refusal shows consent's reasons. The
inzageverzoek is a POST (the BSN stays out of URLs and logs) without an idempotency key: it
only reads, and a stored fingerprint of a BSN could be reversed. The report and its PDF show the
person only as a kenmerk (the pseudonym's first characters); the PDF form carries the pseudonym.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zvh_overleg.application.privacy import (
    GRONDEN,
    OORDELEN,
    PSEUDONIEM,
    Fouten,
    beoordeling_invoer,
    doorbrekingen_overzicht,
    kenmerk,
    nieuwste_eerst,
    persoon_vraag,
    tellingen,
)
from zvh_overleg.application.toestemmingen import (
    ConsentFout,
    ConsentGeweigerd,
    ConsentNietGevonden,
    ConsentOngeldig,
)
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.web.consentpagina import (
    geen_toegang,
    niet_gevonden,
    onbereikbaar,
    privacy,
    veldfouten,
)
from zvh_overleg.entrypoints.web.formulier import foutpagina
from zvh_overleg.entrypoints.web.session import Sessie, SessieDep
from zvh_overleg.entrypoints.web.templating import RAPPORT_CSS, render

router = APIRouter()
Svc = Annotated[Services, Depends(services)]

LIMIET = 200
UITKOMST_LABELS = {True: "Toegestaan", False: "Geweigerd"}
INZAGE_VELDEN = {
    "bsn": "i-bsn",
    "voornaam": "i-voornaam",
    "achternaam": "i-achternaam",
    "geboortedatum": "i-geboortedatum",
}


def _namen(svc: Services) -> dict[str, str]:
    """user id → name, for the region's users (others are shown by their id)."""
    return {u.id: u.naam for u in svc.settings.region().users}


# --- doorbrekingen -------------------------------------------------------------------------------


async def _doorbrekingen(
    request: Request,
    *,
    sessie: Sessie,
    svc: Services,
    onbeoordeeld: bool,
    fouten: Fouten | None = None,
    waarden: dict[str, str] | None = None,
    open_id: str = "",
    status_code: int = 200,
) -> Response:
    try:
        rows = await privacy(svc).doorbrekingen(
            onbeoordeeld=onbeoordeeld, limit=LIMIET, token=sessie.token
        )
    except ConsentGeweigerd as exc:
        return geen_toegang(request, sessie, exc)
    except ConsentFout:
        return onbereikbaar(request, sessie)
    return render(
        request,
        "fg_doorbrekingen.html",
        status_code=status_code,
        user=sessie.user,
        actief="doorbrekingen",
        region=svc.settings.region(),
        doorbrekingen=doorbrekingen_overzicht(rows, nu=svc.clock.now()),
        onbeoordeeld=onbeoordeeld,
        gronden=GRONDEN,
        oordelen=OORDELEN,
        namen=_namen(svc),
        fouten=fouten or [],
        w=waarden or {},
        open_id=open_id,
        beoordeeld=request.query_params.get("beoordeeld") == "1",
    )


@router.get("/fg/doorbrekingen", response_class=HTMLResponse)
async def doorbrekingen_pagina(
    request: Request, sessie: SessieDep, svc: Svc, onbeoordeeld: str = ""
) -> Response:
    return await _doorbrekingen(
        request, sessie=sessie, svc=svc, onbeoordeeld=onbeoordeeld in ("1", "true", "on")
    )


@router.post("/fg/doorbrekingen/{doorbreking_id}/beoordeling")
async def beoordelen(
    request: Request,
    doorbreking_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    oordeel: Annotated[str, Form()] = "",
    toelichting: Annotated[str, Form()] = "",
    onbeoordeeld: Annotated[str, Form()] = "",
) -> Response:
    """The FG's oordeel → consent; back to the list with a confirmation, or the field errors."""
    velden = {
        "oordeel": f"b-{doorbreking_id}-oordeel",
        "toelichting": f"b-{doorbreking_id}-toelichting",
    }
    invoer, fouten = beoordeling_invoer(oordeel=oordeel, toelichting=toelichting)
    fouten = [(velden[v], m) for v, m in fouten]
    if not fouten:
        try:
            await privacy(svc).beoordelen(doorbreking_id, invoer, token=sessie.token)
        except ConsentOngeldig as exc:
            fouten = veldfouten(exc, velden, anders=velden["toelichting"])
        except ConsentGeweigerd as exc:
            return geen_toegang(request, sessie, exc)
        except ConsentNietGevonden:
            return niet_gevonden(request, sessie, wat="Deze doorbreking")
        except ConsentFout:
            return onbereikbaar(request, sessie)
    filter = onbeoordeeld in ("1", "true", "on")
    if fouten:
        return await _doorbrekingen(
            request,
            sessie=sessie,
            svc=svc,
            onbeoordeeld=filter,
            fouten=fouten,
            waarden={"oordeel": oordeel, "toelichting": toelichting},
            open_id=str(doorbreking_id),
            status_code=422,
        )
    terug = "/fg/doorbrekingen?beoordeeld=1" + ("&onbeoordeeld=1" if filter else "")
    return RedirectResponse(terug, status_code=303)


# --- inzageverzoek -------------------------------------------------------------------------------


def _inzage_formulier(
    request: Request,
    sessie: Sessie,
    *,
    fouten: Fouten | None = None,
    waarden: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    return render(
        request,
        "fg_inzage.html",
        status_code=status_code,
        user=sessie.user,
        actief="inzageverzoek",
        fouten=fouten or [],
        w=waarden or {},
    )


@router.get("/fg/inzage", response_class=HTMLResponse)
async def inzage_formulier(request: Request, sessie: SessieDep) -> Response:
    return _inzage_formulier(request, sessie)


async def _rapport(vraag: dict[str, str], *, sessie: Sessie, svc: Services) -> dict[str, Any]:
    """consent's answer as the report's context (raises consent's errors)."""
    antwoord = await privacy(svc).inzage_persoon(vraag, token=sessie.token)
    betrokkene = str(antwoord.get("betrokkene") or "")
    regels = [r for r in antwoord.get("regels") or [] if isinstance(r, dict)]
    return {
        "betrokkene": betrokkene,
        "kenmerk": kenmerk(betrokkene),
        "regels": nieuwste_eerst(regels),
        "tellingen": tellingen(regels),
        "namen": _namen(svc),
        "uitkomsten": UITKOMST_LABELS,
        "region": svc.settings.region(),
        "opgesteld": svc.clock.now(),
    }


@router.post("/fg/inzage", response_class=HTMLResponse)
async def inzage_rapport(
    request: Request,
    sessie: SessieDep,
    svc: Svc,
    bsn: Annotated[str, Form()] = "",
    voornaam: Annotated[str, Form()] = "",
    achternaam: Annotated[str, Form()] = "",
    geboortedatum: Annotated[str, Form()] = "",
) -> Response:
    """The report for one person; the BSN goes to consent in the body and nowhere else."""
    # what is typed comes back on an error, except the BSN
    waarden = {"voornaam": voornaam, "achternaam": achternaam, "geboortedatum": geboortedatum}
    vraag, fouten = persoon_vraag(
        bsn=bsn, voornaam=voornaam, achternaam=achternaam, geboortedatum=geboortedatum
    )
    fouten = [(INZAGE_VELDEN[v], m) for v, m in fouten]
    if not fouten:
        try:
            context = await _rapport(vraag, sessie=sessie, svc=svc)
        except ConsentOngeldig as exc:
            fouten = veldfouten(exc, INZAGE_VELDEN, anders=INZAGE_VELDEN["bsn"])
        except ConsentGeweigerd as exc:
            return geen_toegang(request, sessie, exc)
        except ConsentFout:
            return onbereikbaar(request, sessie)
    if fouten:
        return _inzage_formulier(request, sessie, fouten=fouten, waarden=waarden, status_code=422)
    response = render(
        request,
        "fg_inzage_rapport.html",
        user=sessie.user,
        actief="inzageverzoek",
        layout="base.html",
        **context,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.post("/fg/inzage/pdf")
async def inzage_pdf(
    request: Request,
    sessie: SessieDep,
    svc: Svc,
    betrokkene: Annotated[str, Form()] = "",
) -> Response:
    """The same report as a PDF the FG can hand to the person (asked of consent again)."""
    if not PSEUDONIEM.fullmatch(betrokkene):
        return _inzage_formulier(
            request,
            sessie,
            fouten=[(INZAGE_VELDEN["bsn"], "vraag het overzicht eerst opnieuw op")],
            status_code=422,
        )
    try:
        context = await _rapport({"betrokkene": betrokkene}, sessie=sessie, svc=svc)
    except ConsentGeweigerd as exc:
        return geen_toegang(request, sessie, exc)
    except ConsentFout:
        return onbereikbaar(request, sessie)
    if svc.pdf is None:
        return foutpagina(
            request,
            sessie,
            status=503,
            titel="PDF niet beschikbaar",
            melding="De PDF kan nu niet worden gemaakt. Druk de pagina af vanuit de browser.",
        )
    html = render(
        request,
        "fg_inzage_rapport.html",
        user=sessie.user,
        layout="_print.html",
        pdf=True,
        **context,
    )
    inhoud = await svc.pdf.pdf(
        bytes(html.body).decode("utf-8"), base_url=str(request.base_url), stylesheets=[RAPPORT_CSS]
    )
    return Response(
        inhoud,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="inzage-{context["kenmerk"]}.pdf"',
            "Cache-Control": "no-store",
        },
    )

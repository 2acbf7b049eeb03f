"""The evaluation after a VPT incident (a section of the dossier page) and the yearly overview.

- ``POST /vpt/{dossier_id}/evaluatie``: record or correct the evaluation.
- ``POST /vpt/{dossier_id}/maatregelen``: add a maatregel (after the evaluation).
- ``POST /vpt/{dossier_id}/maatregelen/{maatregel_id}/status``: gedaan, vervallen or open.
- ``GET /vpt/overzicht`` and ``/vpt/overzicht.csv``: the yearly overview per organisation.

The section ``_vpt_evaluatie.html`` is included by the dossier page, whose route calls
``evaluatie_context(uow, dossier_id)`` after the PDP allowed reading the dossier. A form with a
mistake comes back on its own page (``vpt_evaluatie.html``) with the Dutch message by its field.
This router must be included before the dossier page's ``/vpt/{dossier_id}`` route.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.intake import IntakeFout
from zvh_overleg.application.vpt_evaluatie import (
    DossierOnbekend,
    evaluatie_context,
    leg_evaluatie_vast,
    stel_overzicht_op,
    voeg_maatregel_toe,
    zet_maatregel_status,
)
from zvh_overleg.domain.model import ZVH
from zvh_overleg.domain.tijd import nl_datum
from zvh_overleg.domain.vpt_evaluatie import (
    EvaluatieOngeldig,
    MaatregelNietGevonden,
    MaatregelStatus,
)
from zvh_overleg.domain.vpt_overzicht import MELDEN_UITLEG, VptOverzicht
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.web.formulier import Fouten, foutpagina, geweigerd
from zvh_overleg.entrypoints.web.session import Sessie, SessieDep
from zvh_overleg.entrypoints.web.templating import render

router = APIRouter()
Svc = Annotated[Services, Depends(services)]

KOLOMMEN = ("jaar", "organisatie", "tabel", "onderdeel", "waarde", "weergave")

__all__ = ["evaluatie_context", "router"]


def _dossier_weg(request: Request, sessie: Sessie) -> Response:
    return foutpagina(
        request,
        sessie,
        status=404,
        titel="Dossier niet gevonden",
        melding="Dit VPT-dossier bestaat niet.",
    )


def _geen_toegang(request: Request, sessie: Sessie, exc: ToegangGeweigerd) -> Response:
    return geweigerd(
        request,
        sessie,
        exc,
        titel="Niet toegestaan",
        melding="Alleen de casemanager van dit dossier legt de evaluatie en maatregelen vast.",
    )


async def _opnieuw(
    request: Request,
    sessie: Sessie,
    svc: Svc,
    dossier_id: uuid.UUID,
    *,
    formulier: str,
    fouten: Fouten,
    w: dict[str, Any],
) -> Response:
    ctx = await evaluatie_context(svc.uow, dossier_id, vandaag=nl_datum(svc.clock.now()))
    return render(
        request,
        "vpt_evaluatie.html",
        status_code=422,
        user=sessie.user,
        actief="vpt",
        fouten=fouten,
        formulier=formulier,
        w=w,
        **ctx,
    )


async def _uitvoeren(
    request: Request,
    sessie: Sessie,
    svc: Svc,
    dossier_id: uuid.UUID,
    actie: Any,
    *,
    formulier: str,
    fouten: Fouten,
    w: dict[str, Any],
) -> Response:
    if fouten:
        return await _opnieuw(
            request, sessie, svc, dossier_id, formulier=formulier, fouten=fouten, w=w
        )
    try:
        await actie()
    except DossierOnbekend:
        return _dossier_weg(request, sessie)
    except ToegangGeweigerd as exc:
        return _geen_toegang(request, sessie, exc)
    except MaatregelNietGevonden:
        return foutpagina(
            request,
            sessie,
            status=404,
            titel="Niet gevonden",
            melding="Deze maatregel bestaat niet.",
        )
    except EvaluatieOngeldig as exc:
        veld = f"{formulier}-{exc.veld}" if exc.veld else formulier
        return await _opnieuw(
            request, sessie, svc, dossier_id, formulier=formulier, fouten=[(veld, str(exc))], w=w
        )
    return RedirectResponse(f"/vpt/{dossier_id}#{formulier}", 303)


@router.post("/vpt/{dossier_id}/evaluatie")
async def evaluatie_vastleggen(
    request: Request,
    dossier_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    wat_gebeurde: Annotated[str, Form()] = "",
    wat_ging_goed: Annotated[str, Form()] = "",
    wat_moet_anders: Annotated[str, Form()] = "",
    met_team: Annotated[str, Form()] = "",
    deelnemers: Annotated[str, Form()] = "",
) -> Response:
    w = {
        "wat_gebeurde": wat_gebeurde,
        "wat_ging_goed": wat_ging_goed,
        "wat_moet_anders": wat_moet_anders,
        "met_team": bool(met_team),
        "deelnemers": deelnemers,
    }
    fouten: Fouten = []
    aantal: int | None = None
    if deelnemers.strip():
        try:
            aantal = int(deelnemers)
        except ValueError:
            fouten.append(("evaluatie-deelnemers", "Vul het aantal deelnemers in als getal."))

    async def actie() -> None:
        await leg_evaluatie_vast(
            dossier_id,
            wat_gebeurde=wat_gebeurde,
            wat_ging_goed=wat_ging_goed,
            wat_moet_anders=wat_moet_anders,
            met_team=bool(met_team),
            deelnemers=aantal,
            actor=sessie.actor,
            pdp=svc.pdp,
            uow=svc.uow,
            dossiers=svc.dossier_sleutels,
            nu=svc.clock.now(),
        )

    return await _uitvoeren(
        request, sessie, svc, dossier_id, actie, formulier="evaluatie", fouten=fouten, w=w
    )


@router.post("/vpt/{dossier_id}/maatregelen")
async def maatregel_toevoegen(
    request: Request,
    dossier_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    wat: Annotated[str, Form()] = "",
    eigenaar: Annotated[str, Form()] = "",
    wanneer: Annotated[str, Form()] = "",
) -> Response:
    w = {"wat": wat, "eigenaar": eigenaar, "wanneer": wanneer}
    fouten: Fouten = []
    dag: date | None = None
    if wanneer.strip():
        try:
            dag = date.fromisoformat(wanneer.strip())
        except ValueError:
            fouten.append(
                ("maatregel-wanneer", "Vul een geldige datum in, bijvoorbeeld 2026-12-31.")
            )

    async def actie() -> None:
        await voeg_maatregel_toe(
            dossier_id,
            wat=wat,
            eigenaar=eigenaar,
            wanneer=dag,
            actor=sessie.actor,
            pdp=svc.pdp,
            uow=svc.uow,
            dossiers=svc.dossier_sleutels,
            nu=svc.clock.now(),
        )

    return await _uitvoeren(
        request, sessie, svc, dossier_id, actie, formulier="maatregel", fouten=fouten, w=w
    )


@router.post("/vpt/{dossier_id}/maatregelen/{maatregel_id}/status")
async def maatregel_status(
    request: Request,
    dossier_id: uuid.UUID,
    maatregel_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    status: Annotated[str, Form()] = "",
) -> Response:
    async def actie() -> None:
        await zet_maatregel_status(
            dossier_id,
            maatregel_id,
            status=status,
            actor=sessie.actor,
            pdp=svc.pdp,
            uow=svc.uow,
            dossiers=svc.dossier_sleutels,
            nu=svc.clock.now(),
        )

    fouten: Fouten = []
    if status not in {s.value for s in MaatregelStatus}:
        fouten.append(("maatregelen", "Kies een status: open, gedaan of vervallen."))
    return await _uitvoeren(
        request, sessie, svc, dossier_id, actie, formulier="maatregelen", fouten=fouten, w={}
    )


# --- the yearly overview ----------------------------------------------------------------------


class KeuzeOngeldig(ValueError):
    def __init__(self, veld: str, melding: str) -> None:
        super().__init__(melding)
        self.veld = veld
        self.melding = melding


def keuze(svc: Services, sessie: Sessie, jaar: str, organisatie: str) -> tuple[int, str]:
    """The year (default: this year) and organisation (default: the user's own; for ZVH staff
    the region's first partner). The overview is always of one organisation: intake counts
    per organisation and the policy decides per organisation."""
    huidig = nl_datum(svc.clock.now()).year
    if jaar.strip():
        try:
            gekozen = int(jaar.strip())
        except ValueError:
            gekozen = 0
        if not 2000 <= gekozen <= huidig:
            raise KeuzeOngeldig("jaar", f"Kies een jaar van 2000 tot en met {huidig}.")
    else:
        gekozen = huidig
    partners = svc.partners()
    code = organisatie.strip()
    if not code:
        code = sessie.user.org if sessie.user.org != ZVH or not partners else partners[0]
    if code not in partners:
        raise KeuzeOngeldig("organisatie", f"De organisatie '{code}' hoort niet bij deze regio.")
    return gekozen, code


def rijen(overzicht: VptOverzicht) -> list[dict[str, Any]]:
    return [
        {
            "jaar": overzicht.jaar,
            "organisatie": overzicht.organisatie_naam,
            "tabel": tabel,
            "onderdeel": onderdeel,
            "waarde": waarde,
            "weergave": weergave,
        }
        for tabel, onderdeel, waarde, weergave in overzicht.regels()
    ]


def als_csv(overzicht: VptOverzicht) -> bytes:
    """CSV (semicolon, UTF-8 with BOM), like the quarterly report's."""
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(KOLOMMEN)
    for r in rijen(overzicht):
        schrijver.writerow(["" if r[k] is None else r[k] for k in KOLOMMEN])
    return ("\ufeff" + uit.getvalue()).encode("utf-8")


async def _overzicht(
    request: Request, sessie: Sessie, svc: Services, jaar: str, organisatie: str, soort: str
) -> Response:
    huidig = nl_datum(svc.clock.now()).year
    keuzes: dict[str, Any] = {
        "jaren": list(range(huidig, huidig - 6, -1)),
        "organisaties": {c: svc.partner_naam(c) for c in svc.partners()},
    }
    try:
        gekozen, code = keuze(svc, sessie, jaar, organisatie)
    except KeuzeOngeldig as fout:
        return render(
            request,
            "vpt_overzicht.html",
            status_code=400,
            user=sessie.user,
            actief="vpt-overzicht",
            overzicht=None,
            fout=fout,
            w={"jaar": jaar, "organisatie": organisatie},
            uitleg=MELDEN_UITLEG,
            **keuzes,
        )
    try:
        overzicht = await stel_overzicht_op(
            jaar=gekozen,
            organisatie=code,
            organisatie_naam=svc.partner_naam(code),
            actor=sessie.actor,
            pdp=svc.pdp,
            uow=svc.uow,
            intake=svc.intake,  # type: ignore[arg-type]
            vandaag=nl_datum(svc.clock.now()),
        )
    except ToegangGeweigerd as exc:
        return geweigerd(
            request,
            sessie,
            exc,
            titel="Geen toegang",
            melding="U mag dit VPT-overzicht niet inzien.",
        )
    except IntakeFout:
        return foutpagina(
            request,
            sessie,
            status=503,
            titel="Overzicht niet beschikbaar",
            melding="De aantallen incidenten zijn nu niet op te halen. Probeer het later opnieuw.",
        )
    if soort == "csv":
        naam = f"vpt-overzicht-{gekozen}-{code}.csv"
        return Response(
            als_csv(overzicht),
            media_type="text/csv; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{naam}"',
                "Cache-Control": "no-store",
            },
        )
    return render(
        request,
        "vpt_overzicht.html",
        user=sessie.user,
        actief="vpt-overzicht",
        overzicht=overzicht,
        fout=None,
        w={"jaar": str(gekozen), "organisatie": code},
        uitleg=MELDEN_UITLEG,
        **keuzes,
    )


@router.get("/vpt/overzicht", response_class=HTMLResponse)
async def overzicht_pagina(
    request: Request, sessie: SessieDep, svc: Svc, jaar: str = "", organisatie: str = ""
) -> Response:
    return await _overzicht(request, sessie, svc, jaar, organisatie, "html")


@router.get("/vpt/overzicht.csv")
async def overzicht_csv(
    request: Request, sessie: SessieDep, svc: Svc, jaar: str = "", organisatie: str = ""
) -> Response:
    return await _overzicht(request, sessie, svc, jaar, organisatie, "csv")

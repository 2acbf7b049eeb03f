"""The quarterly report page (/rapportage) with its CSV and XLSX downloads, and the same report
as JSON rows for `zvh rapport` (/v1/rapportage).

The policy answers who may (``rapportage``, doel ``verantwoording``); the figures are already
aggregated and suppressed (``domain.rapportage``), so the files hold nothing the page does not.
"""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from openpyxl import Workbook
from openpyxl.styles import Font

from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.intake import IntakeFout
from zvh_overleg.application.ports import Actor
from zvh_overleg.application.rapportage import TermijnenVanCasussen, stel_rapport_op
from zvh_overleg.domain.rapportage import ONBEKEND, Kwartaal, KwartaalOngeldig, Rapport
from zvh_overleg.domain.tijd import nl_datum
from zvh_overleg.entrypoints.api import Caller
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.web.formulier import foutpagina
from zvh_overleg.entrypoints.web.session import Sessie, SessieDep
from zvh_overleg.entrypoints.web.templating import render

router = APIRouter()
api_router = APIRouter(prefix="/v1", tags=["rapportage"])
Svc = Annotated[Services, Depends(services)]

#: The columns of the CSV and XLSX files (the same in `zvh rapport`'s files).
KOLOMMEN = ("kwartaal", "gemeente", "tabel", "onderdeel", "waarde", "weergave")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class KeuzeOngeldig(ValueError):
    """The chosen kwartaal or gemeente cannot be used; ``veld`` and a Dutch message."""

    def __init__(self, veld: str, melding: str) -> None:
        super().__init__(melding)
        self.veld = veld
        self.melding = melding


def keuze(svc: Services, kwartaal: str, gemeente: str) -> tuple[Kwartaal, str | None]:
    """The kwartaal (default: the current one) and gemeente ("" for all) from the form."""
    if kwartaal.strip():
        try:
            gekozen = Kwartaal.parse(kwartaal)
        except KwartaalOngeldig as exc:
            raise KeuzeOngeldig("kwartaal", str(exc)) from exc
    else:
        gekozen = Kwartaal.van_datum(nl_datum(svc.clock.now()))
    code = gemeente.strip() or None
    if code is not None and code != ONBEKEND and code not in svc.settings.region().gemeentenamen():
        raise KeuzeOngeldig("gemeente", f"De gemeente '{code}' hoort niet bij deze regio.")
    return gekozen, code


async def rapport_voor(
    svc: Services, actor: Actor, kwartaal: Kwartaal, gemeente: str | None
) -> Rapport:
    return await stel_rapport_op(
        kwartaal=kwartaal,
        gemeente=gemeente,
        actor=actor,
        pdp=svc.pdp,
        uow=svc.uow,
        intake=svc.intake,
        gemeenten=svc.settings.region().gemeentenamen(),
        partnernaam=svc.partner_naam,
        termijnen=TermijnenVanCasussen(
            uow=svc.uow,
            nu=svc.clock.now(),
            termijnen=svc.settings.region().termijnen_van_regio(),
            kalender=svc.settings.region().werkdagkalender(),
        ),
    )


def rijen(rapport: Rapport) -> list[dict[str, Any]]:
    """The report as rows: one per figure, with its value (None when hidden) and display."""
    return [
        {
            "kwartaal": str(rapport.kwartaal),
            "gemeente": rapport.gemeente_naam,
            "tabel": tabel,
            "onderdeel": onderdeel,
            "waarde": waarde,
            "weergave": weergave,
        }
        for tabel, onderdeel, waarde, weergave in rapport.regels()
    ]


def als_csv(rapport: Rapport) -> bytes:
    """CSV (semicolon, UTF-8 with BOM: what Dutch spreadsheet programs open as is)."""
    uit = io.StringIO()
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(KOLOMMEN)
    for r in rijen(rapport):
        schrijver.writerow(["" if r[k] is None else r[k] for k in KOLOMMEN])
    return ("\ufeff" + uit.getvalue()).encode("utf-8")


def als_xlsx(rapport: Rapport) -> bytes:
    """One sheet ``Rapportage``: a title row, then the columns; hidden figures are text."""
    boek = Workbook()
    blad = boek.active
    assert blad is not None
    blad.title = "Rapportage"
    blad.append([f"ZVH-rapportage {rapport.kwartaal.naam} — {rapport.gemeente_naam}"])
    blad["A1"].font = Font(bold=True)
    blad.append(list(KOLOMMEN))
    for cel in blad[2]:
        cel.font = Font(bold=True)
    for r in rijen(rapport):
        blad.append([r[k] for k in KOLOMMEN[:4]] + [r["waarde"], r["weergave"]])
    for kolom, breedte in zip("ABCDEF", (10, 18, 38, 48, 10, 12), strict=True):
        blad.column_dimensions[kolom].width = breedte
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def bestandsnaam(rapport: Rapport, extensie: str) -> str:
    gemeente = rapport.gemeente or "alle-gemeenten"
    return f"zvh-rapportage-{rapport.kwartaal}-{gemeente}.{extensie}"


async def _pagina_of_bestand(
    request: Request, sessie: Sessie, svc: Services, kwartaal: str, gemeente: str, soort: str
) -> Response:
    try:
        gekozen, code = keuze(svc, kwartaal, gemeente)
    except KeuzeOngeldig as fout:
        return _pagina(request, sessie, svc, None, kwartaal, gemeente, fout=fout, status_code=400)
    try:
        rapport = await rapport_voor(svc, sessie.actor, gekozen, code)
    except ToegangGeweigerd as exc:
        return foutpagina(
            request,
            sessie,
            status=403,
            titel="Geen toegang",
            melding="U mag de rapportage niet inzien.",
            redenen=list(exc.reasons),
        )
    except IntakeFout:
        return foutpagina(
            request,
            sessie,
            status=503,
            titel="Rapportage niet beschikbaar",
            melding="De aantallen meldingen zijn nu niet op te halen. Probeer het later opnieuw.",
        )
    if soort == "csv":
        return _bestand(als_csv(rapport), "text/csv; charset=utf-8", bestandsnaam(rapport, "csv"))
    if soort == "xlsx":
        return _bestand(als_xlsx(rapport), XLSX, bestandsnaam(rapport, "xlsx"))
    return _pagina(request, sessie, svc, rapport, str(gekozen), code or "")


def _bestand(inhoud: bytes, media_type: str, naam: str) -> Response:
    return Response(
        inhoud,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{naam}"',
            "Cache-Control": "no-store",
        },
    )


def _pagina(
    request: Request,
    sessie: Sessie,
    svc: Services,
    rapport: Rapport | None,
    kwartaal: str,
    gemeente: str,
    *,
    fout: KeuzeOngeldig | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    huidig = Kwartaal.van_datum(nl_datum(svc.clock.now()))
    kwartalen = [huidig]
    for _ in range(7):
        kwartalen.append(kwartalen[-1].vorige())
    return render(
        request,
        "rapportage.html",
        status_code=status_code,
        user=sessie.user,
        actief="rapportage",
        rapport=rapport,
        kwartalen=[str(k) for k in kwartalen],
        gemeenten=svc.settings.region().gemeentenamen(),
        onbekend=ONBEKEND,
        w={"kwartaal": kwartaal, "gemeente": gemeente},
        fout=fout,
    )


@router.get("/rapportage", response_class=HTMLResponse)
async def rapportage_pagina(
    request: Request, sessie: SessieDep, svc: Svc, kwartaal: str = "", gemeente: str = ""
) -> Response:
    return await _pagina_of_bestand(request, sessie, svc, kwartaal, gemeente, "html")


@router.get("/rapportage.csv")
async def rapportage_csv(
    request: Request, sessie: SessieDep, svc: Svc, kwartaal: str = "", gemeente: str = ""
) -> Response:
    return await _pagina_of_bestand(request, sessie, svc, kwartaal, gemeente, "csv")


@router.get("/rapportage.xlsx")
async def rapportage_xlsx(
    request: Request, sessie: SessieDep, svc: Svc, kwartaal: str = "", gemeente: str = ""
) -> Response:
    return await _pagina_of_bestand(request, sessie, svc, kwartaal, gemeente, "xlsx")


@api_router.get("/rapportage")
async def rapportage_api(caller: Caller, svc: Svc, kwartaal: str, gemeente: str = "") -> Response:
    """The report as rows ``{kwartaal, gemeente, tabel, onderdeel, waarde, weergave}`` (the
    CSV's columns): what `zvh rapport` writes to its files. 422 with a Dutch reason for a bad
    kwartaal or gemeente, 403 with the PDP's reasons, 503 when intake cannot answer."""
    try:
        gekozen, code = keuze(svc, kwartaal, gemeente)
    except KeuzeOngeldig as fout:
        return JSONResponse(
            {"detail": fout.melding, "redenen": [{"veld": fout.veld, "melding": fout.melding}]},
            status_code=422,
        )
    try:
        rapport = await rapport_voor(svc, caller, gekozen, code)
    except ToegangGeweigerd as exc:
        return JSONResponse(
            {"detail": "geen toegang", "reasons": list(exc.reasons)}, status_code=403
        )
    except IntakeFout:
        return JSONResponse({"detail": "intake niet bereikbaar"}, status_code=503)
    return JSONResponse(
        {
            "kwartaal": str(rapport.kwartaal),
            "gemeente": rapport.gemeente,
            "gemeente_naam": rapport.gemeente_naam,
            "kolommen": list(KOLOMMEN),
            "rijen": rijen(rapport),
        }
    )

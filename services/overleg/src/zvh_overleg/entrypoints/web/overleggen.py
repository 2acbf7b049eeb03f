"""Overleg pages: the agenda, planning (one-off and series), one overleg with answers and
attendance, changing and cancelling, the verslag (HTML and PDF per reader)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from zvh_contracts.vocab import OverlegAntwoord, OverlegSoort

from zvh_overleg.application import planning, verslag
from zvh_overleg.application.access import vereis
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.labels import casus_labels, labels_voor
from zvh_overleg.application.overleg_queries import (
    PAGINA,
    agenda_overleggen,
    overleg_weergave,
)
from zvh_overleg.application.queries import lijst_casussen
from zvh_overleg.application.timeutil import NL, vandaag
from zvh_overleg.domain.errors import (
    AntwoordGeweigerd,
    CasusNietGevonden,
    OverlegNietGevonden,
    OverlegNietWijzigbaar,
    OverlegOngeldig,
    VerslagNietMogelijk,
)
from zvh_overleg.domain.model import ZVH
from zvh_overleg.domain.reeks import WEEKDAGEN
from zvh_overleg.domain.tijd import nl_datum
from zvh_overleg.domain.verslag import Aanwezigheid
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.tracing import mark
from zvh_overleg.entrypoints.web.formulier import (
    Fouten,
    Fouttypen,
    casus_niet_gevonden,
    foutpagina,
    geweigerd,
    voer_formulier_uit,
)
from zvh_overleg.entrypoints.web.session import Sessie, SessieDep
from zvh_overleg.entrypoints.web.templating import VERSLAG_CSS, render

router = APIRouter()
Svc = Annotated[Services, Depends(services)]

SOORT_LABELS = {
    OverlegSoort.CASUSOVERLEG: "Casusoverleg",
    OverlegSoort.CASUS_PLUS: "Casus Plus",
    OverlegSoort.ZORGOVERLEG: "Zorgoverleg / evaluatie",
}
VELD_IDS = {
    "datum": "overleg-datum",
    "begintijd": "overleg-begintijd",
    "eindtijd": "overleg-eindtijd",
    "locatie": "overleg-locatie",
    "soort": "overleg-soort",
    "voorzitter": "overleg-voorzitter",
    "agenda": "agenda",
    "weekdag": "reeks-weekdag",
    "duur": "reeks-duur",
    "interval": "reeks-interval",
    "aantal": "reeks-aantal",
    "reden": "antwoord-reden",
    "antwoord": "antwoord-komt",
    "ritme": "ritme",
    "aanwezigheid": "aanwezigheid",
}


def _niet_gevonden(request: Request, sessie: Sessie) -> Response:
    return foutpagina(
        request,
        sessie,
        status=404,
        titel="Overleg niet gevonden",
        melding="Dit overleg bestaat niet.",
    )


def _geweigerd(request: Request, sessie: Sessie, exc: ToegangGeweigerd, titel: str) -> Response:
    return geweigerd(request, sessie, exc, titel=titel, melding="U heeft hiervoor geen toegang.")


def _afwijzing(request: Request, sessie: Sessie, titel: str) -> Callable[[Exception], Response]:
    """The page for an unknown overleg or a refusal titled ``titel``."""

    def pagina(exc: Exception) -> Response:
        if isinstance(exc, ToegangGeweigerd):
            return _geweigerd(request, sessie, exc, titel)
        return _niet_gevonden(request, sessie)

    return pagina


async def _op_overleg(
    request: Request,
    actie: Callable[[], Awaitable[object]],
    *,
    sessie: Sessie,
    svc: Services,
    overleg_id: uuid.UUID,
    ongeldig: Fouttypen,
    veld: str,
    titel: str,
    gelukt: str,
    status_code: int,
) -> Response:
    """A button on the overleg page: an ``ongeldig`` error comes back there, at ``veld``."""

    async def opnieuw(fouten: Fouten) -> Response:
        return await _overleg_pagina(
            request,
            sessie=sessie,
            svc=svc,
            overleg_id=overleg_id,
            fouten=fouten,
            status_code=status_code,
        )

    return await voer_formulier_uit(
        actie,
        fouten=[],
        ongeldig=ongeldig,
        veld_id=lambda _: veld,
        afgewezen=(OverlegNietGevonden, ToegangGeweigerd),
        afwijzing=_afwijzing(request, sessie, titel),
        gelukt=gelukt,
        opnieuw=opnieuw,
    )


def _tijd(tekst: str) -> time | None:
    try:
        return time.fromisoformat(tekst.strip())
    except ValueError:
        return None


def _datum(tekst: str) -> date | None:
    try:
        return date.fromisoformat(tekst.strip())
    except ValueError:
        return None


def agenda_uit_formulier(form: Any) -> list[uuid.UUID]:
    """Checked casussen (``agenda``) in the order of their ``volgorde-{id}`` numbers."""
    gekozen = []
    for i, waarde in enumerate(form.getlist("agenda")):
        try:
            casus_id = uuid.UUID(str(waarde))
        except ValueError:
            continue
        try:
            positie = int(str(form.get(f"volgorde-{casus_id}", "")).strip())
        except ValueError:
            positie = 10_000 + i
        gekozen.append((positie, i, casus_id))
    return [c for _, _, c in sorted(gekozen)]


def _tijden(
    waarden: dict[str, str], fouten: list[tuple[str, str]]
) -> tuple[datetime, datetime] | None:
    """Date, start and end in NL time as aware datetimes; format errors next to their field."""
    dag = _datum(waarden.get("datum", ""))
    begin = _tijd(waarden.get("begintijd", ""))
    eind = _tijd(waarden.get("eindtijd", ""))
    if dag is None:
        fouten.append((VELD_IDS["datum"], "Vul een geldige datum in (dd-mm-jjjj)."))
    if begin is None:
        fouten.append((VELD_IDS["begintijd"], "Vul een geldige begintijd in (uu:mm)."))
    if eind is None:
        fouten.append((VELD_IDS["eindtijd"], "Vul een geldige eindtijd in (uu:mm)."))
    if dag is None or begin is None or eind is None:
        return None
    return datetime.combine(dag, begin, tzinfo=NL), datetime.combine(dag, eind, tzinfo=NL)


def _soort(waarde: str, fouten: list[tuple[str, str]]) -> OverlegSoort | None:
    try:
        return OverlegSoort(waarde)
    except ValueError:
        fouten.append((VELD_IDS["soort"], "Kies de soort overleg."))
        return None


async def _formulier(
    request: Request,
    *,
    sessie: Sessie,
    svc: Services,
    waarden: dict[str, Any],
    fouten: list[tuple[str, str]] | None = None,
    overleg_id: uuid.UUID | None = None,
    status_code: int = 200,
) -> Response:
    casussen = await lijst_casussen(actor=sessie.actor, uow=svc.uow, pdp=svc.pdp)
    casussen = [c for c in casussen if planning.is_open(c)]
    gekozen = [str(c) for c in waarden.get("agenda", [])]
    # chosen casussen first, in their order; then the others
    casussen.sort(
        key=lambda c: gekozen.index(str(c.casus_id)) if str(c.casus_id) in gekozen else len(gekozen)
    )
    labels = await casus_labels(casussen, intake=svc.intake, token=sessie.token)
    return render(
        request,
        "overleg_plannen.html",
        labels={str(k): v for k, v in labels.items()},
        status_code=status_code,
        user=sessie.user,
        actief="overleggen",
        region=svc.settings.region(),
        casussen=casussen,
        gekozen=gekozen,
        waarden=waarden,
        fouten=fouten or [],
        soorten=SOORT_LABELS,
        voorzitters=svc.voorzitters(),
        overleg_id=overleg_id,
        vandaag=vandaag(svc.clock.now()).isoformat(),
    )


@router.get("/overleggen", response_class=HTMLResponse)
async def agenda(request: Request, sessie: SessieDep, svc: Svc, verleden: bool = False) -> Response:
    lijst = await agenda_overleggen(
        actor=sessie.actor, uow=svc.uow, pdp=svc.pdp, clock=svc.clock, verleden=verleden
    )
    return render(
        request,
        "overleggen.html",
        user=sessie.user,
        actief="overleggen",
        region=svc.settings.region(),
        overleggen=lijst.overleggen,
        open_verslagen=lijst.open_verslagen,
        verleden=verleden,
        soorten=SOORT_LABELS,
        mag_plannen=lijst.rechten.plannen,
    )


@router.get("/overleggen/nieuw", response_class=HTMLResponse)
async def plan_formulier(
    request: Request, sessie: SessieDep, svc: Svc, casus: str = "", datum: str = ""
) -> Response:
    try:
        await vereis(sessie.actor, "plan", pdp=svc.pdp)
    except ToegangGeweigerd as exc:
        return _geweigerd(request, sessie, exc, "Overleg plannen niet toegestaan")
    waarden: dict[str, Any] = {"voorzitter": sessie.user.id, "datum": datum, "agenda": []}
    if casus:
        waarden["agenda"] = [casus]
    return await _formulier(request, sessie=sessie, svc=svc, waarden=waarden)


@router.post("/overleggen/nieuw")
async def plan(request: Request, sessie: SessieDep, svc: Svc) -> Response:
    form = await request.form()
    waarden: dict[str, Any] = {
        k: str(form.get(k, ""))
        for k in ("datum", "begintijd", "eindtijd", "locatie", "soort", "voorzitter")
    }
    waarden["agenda"] = agenda_uit_formulier(form)
    waarden["volgorde"] = {str(c): i + 1 for i, c in enumerate(waarden["agenda"])}
    fouten: list[tuple[str, str]] = []
    soort = _soort(waarden["soort"], fouten)
    tijden = _tijden(waarden, fouten)
    if not fouten and soort is not None and tijden is not None:
        try:
            overleg_id = await planning.plan_overleg(
                planning.PlanOverleg(
                    soort=soort,
                    start=tijden[0],
                    eind=tijden[1],
                    locatie=waarden["locatie"],
                    voorzitter=waarden["voorzitter"],
                    agenda=waarden["agenda"],
                ),
                actor=sessie.actor,
                uow=svc.uow,
                pdp=svc.pdp,
                clock=svc.clock,
                voorzitters=svc.voorzitter_ids(),
            )
        except OverlegOngeldig as exc:
            fouten.append((VELD_IDS.get(exc.veld, "overleg-datum"), str(exc)))
        except ToegangGeweigerd as exc:
            return _geweigerd(request, sessie, exc, "Overleg plannen niet toegestaan")
        else:
            return RedirectResponse(f"/overleggen/{overleg_id}?gepland=1", 303)
    return await _formulier(
        request, sessie=sessie, svc=svc, waarden=waarden, fouten=fouten, status_code=422
    )


@router.get("/overleggen/reeks/nieuw", response_class=HTMLResponse)
async def reeks_formulier(request: Request, sessie: SessieDep, svc: Svc) -> Response:
    return await _reeks_pagina(
        request, sessie=sessie, svc=svc, waarden={"voorzitter": sessie.user.id}
    )


async def _reeks_pagina(
    request: Request,
    *,
    sessie: Sessie,
    svc: Services,
    waarden: dict[str, Any],
    fouten: list[tuple[str, str]] | None = None,
    status_code: int = 200,
) -> Response:
    try:
        await vereis(sessie.actor, "plan", pdp=svc.pdp)
    except ToegangGeweigerd as exc:
        return _geweigerd(request, sessie, exc, "Reeks plannen niet toegestaan")
    return render(
        request,
        "overleg_reeks.html",
        status_code=status_code,
        user=sessie.user,
        actief="overleggen",
        waarden=waarden,
        fouten=fouten or [],
        soorten=SOORT_LABELS,
        weekdagen=WEEKDAGEN[:5],
        voorzitters=svc.voorzitters(),
        vandaag=vandaag(svc.clock.now()).isoformat(),
    )


def _getal(waarde: str, veld: str, tekst: str, fouten: list[tuple[str, str]]) -> int:
    try:
        return int(waarde.strip())
    except ValueError:
        fouten.append((VELD_IDS[veld], tekst))
        return 0


@router.post("/overleggen/reeks/nieuw")
async def reeks_plannen(request: Request, sessie: SessieDep, svc: Svc) -> Response:
    form = await request.form()
    waarden = {
        k: str(form.get(k, ""))
        for k in (
            "soort",
            "weekdag",
            "begintijd",
            "duur",
            "interval",
            "aantal",
            "locatie",
            "voorzitter",
            "vanaf",
        )
    }
    fouten: list[tuple[str, str]] = []
    soort = _soort(waarden["soort"], fouten)
    weekdag = _getal(waarden["weekdag"], "weekdag", "Kies een weekdag.", fouten)
    begintijd = _tijd(waarden["begintijd"])
    if begintijd is None:
        fouten.append((VELD_IDS["begintijd"], "Vul een geldige begintijd in (uu:mm)."))
    duur = _getal(waarden["duur"], "duur", "Vul de duur in minuten in.", fouten)
    interval = _getal(waarden["interval"], "interval", "Vul het interval in weken in.", fouten)
    aantal = _getal(waarden["aantal"], "aantal", "Vul in hoeveel overleggen vooruit.", fouten)
    vanaf = _datum(waarden["vanaf"]) or vandaag(svc.clock.now())
    if not fouten and soort is not None and begintijd is not None:
        try:
            await planning.plan_reeks(
                planning.PlanReeks(
                    soort=soort,
                    weekdag=weekdag,
                    begintijd=begintijd,
                    duur_minuten=duur,
                    interval_weken=interval,
                    aantal_vooruit=aantal,
                    locatie=waarden["locatie"],
                    voorzitter=waarden["voorzitter"],
                    vanaf=vanaf,
                ),
                actor=sessie.actor,
                uow=svc.uow,
                pdp=svc.pdp,
                clock=svc.clock,
                voorzitters=svc.voorzitter_ids(),
            )
        except OverlegOngeldig as exc:
            veld = {"datum": "begintijd", "eindtijd": "duur"}.get(exc.veld, exc.veld)
            fouten.append((VELD_IDS.get(veld, "reeks-weekdag"), str(exc)))
        except ToegangGeweigerd as exc:
            return _geweigerd(request, sessie, exc, "Reeks plannen niet toegestaan")
        else:
            return RedirectResponse("/overleggen?reeks=1", 303)
    return await _reeks_pagina(
        request, sessie=sessie, svc=svc, waarden=waarden, fouten=fouten, status_code=422
    )


async def _overleg_pagina(
    request: Request,
    *,
    sessie: Sessie,
    svc: Services,
    overleg_id: uuid.UUID,
    fouten: list[tuple[str, str]] | None = None,
    waarden: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    mark(overleg_id=overleg_id)
    try:
        zicht = await overleg_weergave(
            overleg_id,
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
            acties=PAGINA,
        )
    except OverlegNietGevonden:
        return _niet_gevonden(request, sessie)
    except ToegangGeweigerd as exc:
        return _geweigerd(request, sessie, exc, "Geen toegang tot dit overleg")
    regie = zicht.rechten.geheel
    voorstellen: dict[uuid.UUID, date] = {}
    ritmes: dict[uuid.UUID, int] = {}
    if regie:
        ritmes, voorstellen = await verslag.ritme_overzicht(overleg_id, uow=svc.uow)
    nu = svc.clock.now()
    labels = await labels_voor(zicht.agenda, uow=svc.uow, intake=svc.intake, token=sessie.token)
    return render(
        request,
        "overleg.html",
        labels=labels,
        status_code=status_code,
        user=sessie.user,
        actief="overleggen",
        region=svc.settings.region(),
        z=zicht,
        o=zicht.overleg,
        soorten=SOORT_LABELS,
        regie=regie,
        mag_plannen=zicht.rechten.plannen,
        mag_notuleren=zicht.rechten.notuleren,
        is_partner=sessie.user.org != ZVH and zicht.eigen is not None,
        begonnen=nl_datum(nu) >= nl_datum(zicht.overleg.start),
        ritmes=ritmes,
        voorstellen=voorstellen,
        fouten=fouten or [],
        waarden=waarden or {},
    )


@router.get("/overleggen/{overleg_id}", response_class=HTMLResponse)
async def overleg_pagina(
    request: Request, overleg_id: uuid.UUID, sessie: SessieDep, svc: Svc
) -> Response:
    return await _overleg_pagina(request, sessie=sessie, svc=svc, overleg_id=overleg_id)


@router.post("/overleggen/{overleg_id}/antwoord")
async def antwoord(
    request: Request, overleg_id: uuid.UUID, sessie: SessieDep, svc: Svc
) -> Response:
    form = await request.form()
    waarden = {"antwoord": str(form.get("antwoord", "")), "reden": str(form.get("reden", ""))}
    fouten: list[tuple[str, str]] = []
    try:
        keuze = OverlegAntwoord(waarden["antwoord"])
    except ValueError:
        fouten.append((VELD_IDS["antwoord"], "Kies of u komt of niet komt."))
    if not fouten:
        try:
            await planning.beantwoord_uitnodiging(
                overleg_id,
                antwoord=keuze,
                reden=waarden["reden"],
                actor=sessie.actor,
                uow=svc.uow,
                clock=svc.clock,
            )
        except OverlegNietGevonden:
            return _niet_gevonden(request, sessie)
        except AntwoordGeweigerd as exc:
            if not exc.veld:
                return _geweigerd(
                    request, sessie, ToegangGeweigerd([str(exc)]), "Antwoord niet mogelijk"
                )
            fouten.append((VELD_IDS.get(exc.veld, "antwoord-komt"), str(exc)))
        else:
            return RedirectResponse(f"/overleggen/{overleg_id}?beantwoord=1#antwoord", 303)
    return await _overleg_pagina(
        request,
        sessie=sessie,
        svc=svc,
        overleg_id=overleg_id,
        fouten=fouten,
        waarden=waarden,
        status_code=422,
    )


@router.post("/overleggen/{overleg_id}/aanwezigheid")
async def aanwezigheid(
    request: Request, overleg_id: uuid.UUID, sessie: SessieDep, svc: Svc
) -> Response:
    form = await request.form()
    partners = {
        str(k).removeprefix("aanwezig-"): str(v) == "ja"
        for k, v in form.items()
        if str(k).startswith("aanwezig-")
    }
    client: dict[uuid.UUID, bool] = {}
    for k, v in form.items():
        if str(k).startswith("client-"):
            try:
                client[uuid.UUID(str(k).removeprefix("client-"))] = str(v) == "ja"
            except ValueError:
                continue
    return await _op_overleg(
        request,
        lambda: planning.leg_aanwezigheid_vast(
            overleg_id,
            aanwezigheid=Aanwezigheid(partners=partners, client=client),
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
        ),
        sessie=sessie,
        svc=svc,
        overleg_id=overleg_id,
        ongeldig=(OverlegOngeldig, OverlegNietWijzigbaar),
        veld="aanwezigheid",
        titel="Aanwezigheid vastleggen niet toegestaan",
        gelukt=f"/overleggen/{overleg_id}?aanwezigheid=1#aanwezigheid",
        status_code=422,
    )


@router.get("/overleggen/{overleg_id}/wijzigen", response_class=HTMLResponse)
async def wijzig_formulier(
    request: Request, overleg_id: uuid.UUID, sessie: SessieDep, svc: Svc
) -> Response:
    try:
        await vereis(sessie.actor, "plan", pdp=svc.pdp, overleg_id=overleg_id)
        zicht = await overleg_weergave(
            overleg_id, actor=sessie.actor, uow=svc.uow, pdp=svc.pdp, clock=svc.clock
        )
    except OverlegNietGevonden:
        return _niet_gevonden(request, sessie)
    except ToegangGeweigerd as exc:
        return _geweigerd(request, sessie, exc, "Overleg wijzigen niet toegestaan")
    overleg = zicht.overleg
    start, eind = overleg.start.astimezone(NL), overleg.eind.astimezone(NL)
    waarden: dict[str, Any] = {
        "datum": start.date().isoformat(),
        "begintijd": start.strftime("%H:%M"),
        "eindtijd": eind.strftime("%H:%M"),
        "locatie": overleg.locatie,
        "soort": overleg.soort.value,
        "voorzitter": overleg.voorzitter,
        "agenda": list(overleg.agenda),
        "volgorde": {str(c): i + 1 for i, c in enumerate(overleg.agenda)},
    }
    return await _formulier(request, sessie=sessie, svc=svc, waarden=waarden, overleg_id=overleg_id)


@router.post("/overleggen/{overleg_id}/wijzigen")
async def wijzig(request: Request, overleg_id: uuid.UUID, sessie: SessieDep, svc: Svc) -> Response:
    form = await request.form()
    waarden: dict[str, Any] = {
        k: str(form.get(k, ""))
        for k in ("datum", "begintijd", "eindtijd", "locatie", "soort", "voorzitter")
    }
    waarden["agenda"] = agenda_uit_formulier(form)
    waarden["volgorde"] = {str(c): i + 1 for i, c in enumerate(waarden["agenda"])}
    fouten: list[tuple[str, str]] = []
    tijden = _tijden(waarden, fouten)

    async def actie() -> None:
        assert tijden is not None  # bad times are among the fouten: no run
        await planning.wijzig_overleg(
            planning.WijzigOverleg(
                overleg_id=overleg_id,
                start=tijden[0],
                eind=tijden[1],
                locatie=waarden["locatie"],
                voorzitter=waarden["voorzitter"],
                agenda=waarden["agenda"],
            ),
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
            voorzitters=svc.voorzitter_ids(),
        )

    async def opnieuw(fouten: Fouten) -> Response:
        return await _formulier(
            request,
            sessie=sessie,
            svc=svc,
            waarden=waarden,
            fouten=fouten,
            overleg_id=overleg_id,
            status_code=422,
        )

    return await voer_formulier_uit(
        actie,
        fouten=fouten,
        # OverlegNietWijzigbaar has no veld: it lands at the date, like an unknown veld
        ongeldig=(OverlegOngeldig, OverlegNietWijzigbaar),
        veld_id=lambda veld: VELD_IDS.get(veld, "overleg-datum"),
        afgewezen=(OverlegNietGevonden, ToegangGeweigerd),
        afwijzing=_afwijzing(request, sessie, "Overleg wijzigen niet toegestaan"),
        gelukt=f"/overleggen/{overleg_id}?gewijzigd=1",
        opnieuw=opnieuw,
    )


@router.post("/overleggen/{overleg_id}/annuleren")
async def annuleren(
    request: Request, overleg_id: uuid.UUID, sessie: SessieDep, svc: Svc
) -> Response:
    return await _op_overleg(
        request,
        lambda: planning.annuleer_overleg(
            overleg_id, actor=sessie.actor, uow=svc.uow, pdp=svc.pdp, clock=svc.clock
        ),
        sessie=sessie,
        svc=svc,
        overleg_id=overleg_id,
        ongeldig=OverlegNietWijzigbaar,
        veld="overleg-acties",
        titel="Overleg annuleren niet toegestaan",
        gelukt=f"/overleggen/{overleg_id}?geannuleerd=1",
        status_code=409,
    )


@router.post("/overleggen/{overleg_id}/verslag/vaststellen")
async def verslag_vaststellen(
    request: Request, overleg_id: uuid.UUID, sessie: SessieDep, svc: Svc
) -> Response:
    return await _op_overleg(
        request,
        lambda: verslag.stel_verslag_vast(
            overleg_id,
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
            voorzitters=svc.voorzitter_ids(),
        ),
        sessie=sessie,
        svc=svc,
        overleg_id=overleg_id,
        ongeldig=VerslagNietMogelijk,
        veld="verslag-vaststellen",
        titel="Verslag vaststellen niet toegestaan",
        gelukt=f"/overleggen/{overleg_id}/verslag?vastgesteld=1",
        status_code=409,
    )


@router.post("/overleggen/{overleg_id}/ritme/{casus_id}")
async def ritme(
    request: Request, overleg_id: uuid.UUID, casus_id: uuid.UUID, sessie: SessieDep, svc: Svc
) -> Response:
    """Casus Plus: the procesregisseur sets a casus' meeting rhythm (empty clears it)."""
    form = await request.form()
    tekst = str(form.get("ritme", "")).strip()
    try:
        weken = int(tekst) if tekst else None
        await verslag.zet_ritme(
            casus_id, interval_weken=weken, actor=sessie.actor, uow=svc.uow, pdp=svc.pdp
        )
    except ValueError:
        fout = "Vul het ritme in als een aantal weken."
    except OverlegOngeldig as exc:
        fout = str(exc)
    except CasusNietGevonden:
        return casus_niet_gevonden(request, sessie)
    except ToegangGeweigerd as exc:
        return _geweigerd(request, sessie, exc, "Ritme instellen niet toegestaan")
    else:
        return RedirectResponse(f"/overleggen/{overleg_id}?ritme=1#agenda", 303)
    return await _overleg_pagina(
        request,
        sessie=sessie,
        svc=svc,
        overleg_id=overleg_id,
        fouten=[(f"ritme-{casus_id}", fout)],
        status_code=422,
    )


async def _verslag(
    request: Request, *, sessie: Sessie, svc: Services, overleg_id: uuid.UUID, pdf: bool
) -> Response:
    mark(overleg_id=overleg_id)
    try:
        weergave = await verslag.verslag_voor(
            overleg_id, actor=sessie.actor, uow=svc.uow, pdp=svc.pdp, clock=svc.clock
        )
    except OverlegNietGevonden:
        return _niet_gevonden(request, sessie)
    except ToegangGeweigerd as exc:
        return _geweigerd(request, sessie, exc, "Geen toegang tot dit verslag")
    labels = await labels_voor(
        [c.casus.casus_id for c in weergave.casussen],
        uow=svc.uow,
        intake=svc.intake,
        token=sessie.token,
    )
    response = render(
        request,
        "verslag.html",
        labels=labels,
        user=sessie.user,
        actief="overleggen",
        layout="_print.html" if pdf else "base.html",
        region=svc.settings.region(),
        v=weergave,
        o=weergave.overleg,
        soorten=SOORT_LABELS,
        lezer=sessie.user,
    )
    if not pdf:
        return response
    if svc.pdf is None:
        return foutpagina(
            request,
            sessie,
            status=503,
            titel="PDF niet beschikbaar",
            melding="De PDF kan nu niet worden gemaakt. Gebruik de afdrukbare versie.",
        )
    inhoud = await svc.pdf.pdf(
        bytes(response.body).decode("utf-8"),
        base_url=str(request.base_url),
        stylesheets=[VERSLAG_CSS],
    )
    return Response(
        inhoud,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="verslag-{overleg_id}.pdf"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/overleggen/{overleg_id}/verslag", response_class=HTMLResponse)
async def verslag_pagina(
    request: Request, overleg_id: uuid.UUID, sessie: SessieDep, svc: Svc
) -> Response:
    return await _verslag(request, sessie=sessie, svc=svc, overleg_id=overleg_id, pdf=False)


@router.get("/overleggen/{overleg_id}/verslag.pdf")
async def verslag_pdf(
    request: Request, overleg_id: uuid.UUID, sessie: SessieDep, svc: Svc
) -> Response:
    return await _verslag(request, sessie=sessie, svc=svc, overleg_id=overleg_id, pdf=True)

"""Overlegmodus for the notulist, and the projectie for the screen in the room.

``/overleggen/{id}/modus`` goes to the first casus on the agenda; ``/overleggen/{id}/modus/{casus}``
shows one casus with its sections (acties bespreken, bouwschema, acties bewerken, volgend overleg,
Casus Plus analyse). Each form posts back, redirects on success (303) and re-renders the page
with Dutch messages next to the fields on a domain error (422).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.handlers import VoegActieToe, voeg_actie_toe
from zvh_overleg.application.labels import labels_van, labels_voor
from zvh_overleg.application.overlegmodus import (
    BespreekActie,
    OverlegNietGevonden,
    PlanVolgendOverleg,
    VoegItemToe,
    WijzigActie,
    bespreek_actie_in_overleg,
    bestaand_overleg,
    eerste_casus,
    open_in_overlegmodus,
    plan_volgend_overleg_van_casus,
    projectie_beeld,
    projectie_onderwerpen,
    voeg_toe_aan_bouwschema,
    wijzig_actie_van_casus,
)
from zvh_overleg.application.timeutil import vandaag
from zvh_overleg.domain.errors import ActieNietGevonden, ActieOngeldig, CasusNietGevonden
from zvh_overleg.domain.model import ActieStatus
from zvh_overleg.domain.overlegmodus import BESPREEK_STATUSSEN, TE_BESPREKEN, InbrengOngeldig
from zvh_overleg.domain.sociale_kaart import deelnemers_op_kaart
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.tracing import mark
from zvh_overleg.entrypoints.web.formulier import (
    Fouten,
    foutpagina,
    geweigerd,
    voer_formulier_uit,
)
from zvh_overleg.entrypoints.web.modusweergave import (
    ALLEEN_ANALYSE,
    BOUWSCHEMA,
    groepeer,
    projectie_context,
    weergave_context,
)
from zvh_overleg.entrypoints.web.session import Sessie, SessieDep
from zvh_overleg.entrypoints.web.templating import render

router = APIRouter()
Svc = Annotated[Services, Depends(services)]

ACTIE_VELDEN = {"wat": "actie-wat", "wie": "actie-wie", "wanneer": "actie-wanneer"}


def _pad(overleg_id: uuid.UUID, casus_id: uuid.UUID) -> str:
    return f"/overleggen/{overleg_id}/modus/{casus_id}"


def _fout(request: Request, sessie: Sessie, exc: Exception) -> Response:
    """The Dutch error page for refusals and unknown overleggen/casussen/acties."""
    if isinstance(exc, ToegangGeweigerd):
        return geweigerd(
            request,
            sessie,
            exc,
            titel="Geen toegang tot overlegmodus",
            melding="U mag dit niet doen in overlegmodus.",
        )
    return foutpagina(
        request,
        sessie,
        status=404,
        titel="Niet gevonden",
        melding="Dit overleg, deze casus of deze actie bestaat niet (of staat niet op de agenda).",
    )


NIET_GEVONDEN = (OverlegNietGevonden, CasusNietGevonden, ActieNietGevonden)


async def _modus_page(
    request: Request,
    *,
    sessie: Sessie,
    svc: Services,
    overleg_id: uuid.UUID,
    casus_id: uuid.UUID,
    fouten: Fouten | None = None,
    waarden: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Response:
    mark(casus_id=casus_id)
    # The label (intake decides on it by itself) comes beside this page's own checks, and is
    # dropped unused when they refuse: one wait instead of two.
    label = asyncio.ensure_future(
        labels_voor([casus_id], uow=svc.uow, intake=svc.intake, token=sessie.token)
    )
    try:
        beeld = await open_in_overlegmodus(
            overleg_id,
            casus_id,
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
        )
    except (ToegangGeweigerd, *NIET_GEVONDEN) as exc:
        label.cancel()
        return _fout(request, sessie, exc)
    casus = beeld.casus
    labels = await label
    return render(
        request,
        "overlegmodus.html",
        labels=labels,
        status_code=status_code,
        user=sessie.user,
        beeld=beeld,
        casus=casus,
        region=svc.settings.region(),
        # the new actie's "wie": each deelnemer's soort and lange wachttijd (sociale kaart)
        deelnemers_kaart={
            r.partner.code: r
            for r in deelnemers_op_kaart(
                svc.settings.region(), list(casus.deelnemers), nu=svc.clock.now()
            )
        },
        fouten=fouten or [],
        waarden=waarden or {},
        # Review what was agreed before this overleg was planned, not what it agrees itself.
        te_bespreken=[
            a
            for a in casus.acties
            if a.status in TE_BESPREKEN and a.toegewezen_op <= beeld.overleg.gepland_op
        ],
        te_bewerken=[a for a in casus.acties if a.status is not ActieStatus.INGETROKKEN],
        bespreek_statussen=[s.value for s in BESPREEK_STATUSSEN],
        bouwschema=groepeer(beeld.items, BOUWSCHEMA),
        analyse=groepeer(beeld.items, ALLEEN_ANALYSE),
        toon_analyse=beeld.overleg.soort.value == "casus-plus"
        or any(i.onderdeel in ALLEEN_ANALYSE for i in beeld.items),
        nieuw_verzoek=lambda: str(uuid.uuid4()),  # one per form: a resent form is a no-op
        vandaag=vandaag(svc.clock.now()).isoformat(),
        mag_schrijven=True,
        **weergave_context(),
    )


@router.get("/overleggen/{overleg_id}/modus", response_class=HTMLResponse)
async def modus_start(
    request: Request, overleg_id: uuid.UUID, sessie: SessieDep, svc: Svc
) -> Response:
    try:
        eerste = await eerste_casus(overleg_id, actor=sessie.actor, uow=svc.uow, pdp=svc.pdp)
    except (ToegangGeweigerd, OverlegNietGevonden) as exc:
        return _fout(request, sessie, exc)
    if eerste is None:
        return foutpagina(
            request,
            sessie,
            status=404,
            titel="Geen casussen op de agenda",
            melding="Er staan geen casussen op de agenda van dit overleg.",
        )
    return RedirectResponse(_pad(overleg_id, eerste), 303)


@router.get("/overleggen/{overleg_id}/modus/{casus_id}", response_class=HTMLResponse)
async def modus_casus(
    request: Request, overleg_id: uuid.UUID, casus_id: uuid.UUID, sessie: SessieDep, svc: Svc
) -> Response:
    return await _modus_page(
        request, sessie=sessie, svc=svc, overleg_id=overleg_id, casus_id=casus_id
    )


def _verzoek(waarde: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(waarde)
    except ValueError:
        return None


def _datum(waarde: str) -> date | None:
    try:
        return date.fromisoformat(waarde)
    except ValueError:
        return None


async def _uitvoeren(
    request: Request,
    *,
    sessie: Sessie,
    svc: Services,
    overleg_id: uuid.UUID,
    casus_id: uuid.UUID,
    actie: Callable[[], Awaitable[object]],
    veld_id: Callable[[str], str],
    waarden: dict[str, Any],
    anker: str,
    fouten: Fouten | None = None,
) -> Response:
    """Run a command; redirect on success, re-render with the error next to its field."""

    async def opnieuw(fouten: Fouten) -> Response:
        return await _modus_page(
            request,
            sessie=sessie,
            svc=svc,
            overleg_id=overleg_id,
            casus_id=casus_id,
            fouten=fouten,
            waarden=waarden,
            status_code=422,
        )

    return await voer_formulier_uit(
        actie,
        fouten=fouten or [],
        ongeldig=(ActieOngeldig, InbrengOngeldig),
        veld_id=veld_id,
        afgewezen=(ToegangGeweigerd, *NIET_GEVONDEN),
        afwijzing=lambda exc: _fout(request, sessie, exc),
        gelukt=f"{_pad(overleg_id, casus_id)}?opgeslagen=1#{anker}",
        opnieuw=opnieuw,
    )


@router.post("/overleggen/{overleg_id}/modus/{casus_id}/bespreken/{actie_id}")
async def actie_bespreken(
    request: Request,
    overleg_id: uuid.UUID,
    casus_id: uuid.UUID,
    actie_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    status: Annotated[str, Form()] = "",
    reden: Annotated[str, Form()] = "",
    door: Annotated[str, Form()] = "",
    verzoek: Annotated[str, Form()] = "",
) -> Response:
    prefix = f"review-{actie_id}"
    cmd = BespreekActie(
        overleg_id=overleg_id,
        casus_id=casus_id,
        actie_id=actie_id,
        status=status,
        reden=reden,
        door=door,
        verzoek_id=_verzoek(verzoek),
    )
    return await _uitvoeren(
        request,
        sessie=sessie,
        svc=svc,
        overleg_id=overleg_id,
        casus_id=casus_id,
        actie=lambda: bespreek_actie_in_overleg(
            cmd, actor=sessie.actor, uow=svc.uow, pdp=svc.pdp, clock=svc.clock
        ),
        veld_id=lambda veld: f"{prefix}-{veld or 'status'}",
        waarden={f"{prefix}-status": status, f"{prefix}-reden": reden, f"{prefix}-door": door},
        anker="acties-bespreken",
    )


@router.post("/overleggen/{overleg_id}/modus/{casus_id}/bouwschema")
async def item_toevoegen(
    request: Request,
    overleg_id: uuid.UUID,
    casus_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    onderdeel: Annotated[str, Form()] = "",
    eigenaar: Annotated[str, Form()] = "",
    categorie: Annotated[str, Form()] = "",
    tekst: Annotated[str, Form()] = "",
    verzoek: Annotated[str, Form()] = "",
) -> Response:
    cmd = VoegItemToe(
        overleg_id=overleg_id,
        casus_id=casus_id,
        onderdeel=onderdeel,
        eigenaar=eigenaar,
        categorie=categorie,
        tekst=tekst,
        verzoek_id=_verzoek(verzoek),
    )
    return await _uitvoeren(
        request,
        sessie=sessie,
        svc=svc,
        overleg_id=overleg_id,
        casus_id=casus_id,
        actie=lambda: voeg_toe_aan_bouwschema(
            cmd, actor=sessie.actor, uow=svc.uow, pdp=svc.pdp, clock=svc.clock
        ),
        veld_id=lambda veld: f"item-{veld or 'tekst'}",
        waarden={
            "item-onderdeel": onderdeel,
            "item-eigenaar": eigenaar,
            "item-categorie": categorie,
            "item-tekst": tekst,
        },
        anker="bouwschema",
    )


@router.post("/overleggen/{overleg_id}/modus/{casus_id}/acties")
async def actie_toevoegen(
    request: Request,
    overleg_id: uuid.UUID,
    casus_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    wat: Annotated[str, Form()] = "",
    wie: Annotated[str, Form()] = "",
    wanneer: Annotated[str, Form()] = "",
) -> Response:
    datum = _datum(wanneer)
    fouten: Fouten = []
    if datum is None:
        fouten.append((ACTIE_VELDEN["wanneer"], "Vul bij 'Wanneer' een geldige datum in."))

    async def uitvoeren() -> None:
        assert datum is not None
        await bestaand_overleg(overleg_id, uow=svc.uow)  # the PDP decides in voeg_actie_toe
        await voeg_actie_toe(
            VoegActieToe(casus_id=casus_id, wat=wat, wie=wie, wanneer=datum),
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
        )

    return await _uitvoeren(
        request,
        sessie=sessie,
        svc=svc,
        overleg_id=overleg_id,
        casus_id=casus_id,
        actie=uitvoeren,
        veld_id=lambda veld: ACTIE_VELDEN.get(veld, "actie-wat"),
        waarden={"actie-wat": wat, "actie-wie": wie, "actie-wanneer": wanneer},
        anker="acties-bewerken",
        fouten=fouten,
    )


@router.post("/overleggen/{overleg_id}/modus/{casus_id}/acties/{actie_id}")
async def actie_wijzigen(
    request: Request,
    overleg_id: uuid.UUID,
    casus_id: uuid.UUID,
    actie_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    wat: Annotated[str, Form()] = "",
    wie: Annotated[str, Form()] = "",
    wanneer: Annotated[str, Form()] = "",
    wachtlijst: Annotated[str, Form()] = "",
    intrekken: Annotated[str, Form()] = "",
    verzoek: Annotated[str, Form()] = "",
) -> Response:
    prefix = f"wijzig-{actie_id}"
    fouten: Fouten = []
    trekt_in = bool(intrekken)
    datum = None if trekt_in else _datum(wanneer)
    if not trekt_in and datum is None:
        fouten.append((f"{prefix}-wanneer", "Vul bij 'Wanneer' een geldige datum in."))
    cmd = (
        WijzigActie(
            casus_id=casus_id,
            actie_id=actie_id,
            intrekken=True,
            overleg_id=overleg_id,
            verzoek_id=_verzoek(verzoek),
        )
        if trekt_in
        else WijzigActie(
            casus_id=casus_id,
            actie_id=actie_id,
            wat=wat,
            wie=wie,
            wanneer=datum,
            wachtlijst=bool(wachtlijst),
            overleg_id=overleg_id,
            verzoek_id=_verzoek(verzoek),
        )
    )
    return await _uitvoeren(
        request,
        sessie=sessie,
        svc=svc,
        overleg_id=overleg_id,
        casus_id=casus_id,
        actie=lambda: wijzig_actie_van_casus(
            cmd, actor=sessie.actor, uow=svc.uow, pdp=svc.pdp, clock=svc.clock
        ),
        veld_id=lambda veld: f"{prefix}-{veld or 'wat'}",
        waarden={
            f"{prefix}-wat": wat,
            f"{prefix}-wie": wie,
            f"{prefix}-wanneer": wanneer,
            f"{prefix}-wachtlijst": wachtlijst,
        },
        anker="acties-bewerken",
        fouten=fouten,
    )


@router.post("/overleggen/{overleg_id}/modus/{casus_id}/volgend-overleg")
async def volgend_overleg(
    request: Request,
    overleg_id: uuid.UUID,
    casus_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    datum: Annotated[str, Form()] = "",
) -> Response:
    dag = _datum(datum)
    fouten: Fouten = []
    if dag is None:
        fouten.append(("volgend-overleg-datum", "Vul een geldige datum in."))

    async def uitvoeren() -> None:
        assert dag is not None
        await plan_volgend_overleg_van_casus(
            PlanVolgendOverleg(casus_id=casus_id, datum=dag, overleg_id=overleg_id),
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
        )

    return await _uitvoeren(
        request,
        sessie=sessie,
        svc=svc,
        overleg_id=overleg_id,
        casus_id=casus_id,
        actie=uitvoeren,
        veld_id=lambda veld: "volgend-overleg-datum",
        waarden={"volgend-overleg-datum": datum},
        anker="volgend-overleg",
        fouten=fouten,
    )


@router.get("/overleggen/{overleg_id}/projectie", response_class=HTMLResponse)
async def projectie(
    request: Request, overleg_id: uuid.UUID, sessie: SessieDep, svc: Svc
) -> Response:
    """Read-only, large type; live over SSE when htmx and its sse extension are served."""
    _, stand = await projectie_onderwerpen(overleg_id, uow=svc.uow)  # before the content
    try:
        beeld = await projectie_beeld(overleg_id, actor=sessie.actor, uow=svc.uow, pdp=svc.pdp)
    except OverlegNietGevonden as exc:
        return _fout(request, sessie, exc)
    labels = await labels_van(
        [beeld.casus] if beeld.casus else [], intake=svc.intake, token=sessie.token
    )
    return render(
        request,
        "projectie.html",
        user=sessie.user,
        stand=stand,
        labels=labels,
        **projectie_context(beeld, region=svc.settings.region()),
    )

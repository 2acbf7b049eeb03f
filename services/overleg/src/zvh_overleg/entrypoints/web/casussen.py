"""Casus pages: the list, one casus with deelnemers and actielijst, adding an actie."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response
from zvh_contracts.vocab import VEILIGHEIDSSIGNAAL_LABELS

from zvh_overleg.application.access import actielijst_request, casus_request, vraag
from zvh_overleg.application.casemanagement import MODEL_NAMEN
from zvh_overleg.application.errors import ToegangGeweigerd
from zvh_overleg.application.handlers import VoegActieToe, voeg_actie_toe
from zvh_overleg.application.labels import casus_labels
from zvh_overleg.application.overlegmodus import casus_versie
from zvh_overleg.application.ports import CasusFilter
from zvh_overleg.application.queries import casus_laden, gefilterde_casussen, inbreng_van
from zvh_overleg.application.timeutil import vandaag
from zvh_overleg.application.veiligheidssignalen import signalen_voor
from zvh_overleg.domain.errors import ActieOngeldig, CasusNietGevonden
from zvh_overleg.domain.model import Casus
from zvh_overleg.domain.overlegmodus import BOUWSCHEMA
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.tracing import mark
from zvh_overleg.entrypoints.web.casus_extra import casus_extra
from zvh_overleg.entrypoints.web.formulier import (
    Fouten,
    Fouttypen,
    casus_niet_gevonden,
    geweigerd,
    voer_formulier_uit,
)
from zvh_overleg.entrypoints.web.modusweergave import ALLEEN_ANALYSE, groepeer, weergave_context
from zvh_overleg.entrypoints.web.session import Sessie, SessieDep
from zvh_overleg.entrypoints.web.templating import render

router = APIRouter()
Svc = Annotated[Services, Depends(services)]

VELD_IDS = {"wat": "actie-wat", "wie": "actie-wie", "wanneer": "actie-wanneer"}

#: The veiligheidssignaal codes to choose from, with their Dutch label (the regie's form).
SIGNAAL_CODES = [(c.value, naam) for c, naam in VEILIGHEIDSSIGNAAL_LABELS.items()]


@router.get("/casussen", response_class=HTMLResponse)
async def casussen_lijst(
    request: Request,
    sessie: SessieDep,
    svc: Svc,
    status: str = "",
    fase: str = "",
    deelnemer: str = "",
    verlopen: str = "",
    zoek: str = "",
) -> Response:
    """The list with filters (GET form, works without JS); scoped like before."""
    filter = CasusFilter(
        status=status if status in ("open", "afgesloten") else None,
        ave_fase=int(fase) if fase in ("1", "2", "3", "4", "5") else None,
        met_deelnemer=deelnemer or None,
        verlopen_voor=vandaag(svc.clock.now()) if verlopen else None,
    )
    casussen = await gefilterde_casussen(
        actor=sessie.actor, uow=svc.uow, pdp=svc.pdp, filter=filter
    )
    labels = await casus_labels(casussen, intake=svc.intake, token=sessie.token)
    term = zoek.strip().lower()
    if term:  # casus number or label; labels come from intake, so this part is in Python
        casussen = [
            c for c in casussen if term in str(c.casus_id) or term in labels[c.casus_id].lower()
        ]
    return render(
        request,
        "casussen.html",
        user=sessie.user,
        casussen=casussen,
        labels=labels,
        region=svc.settings.region(),
        filters={
            "status": status,
            "fase": fase,
            "deelnemer": deelnemer,
            "verlopen": bool(verlopen),
            "zoek": zoek,
        },
        gefilterd=bool(filter != CasusFilter() or term),
    )


async def _casus_page(
    request: Request,
    *,
    sessie: Sessie,
    svc: Services,
    casus_id: uuid.UUID,
    fouten: Fouten | None = None,
    waarden: dict[str, Any] | None = None,
    status_code: int = 200,
    template: str = "casus.html",
) -> Response:
    mark(casus_id=casus_id)
    versie = await casus_versie(casus_id, uow=svc.uow)  # before the content: the stream's start
    try:
        casus, extra = await _gecontroleerd(
            casus_id, sessie=sessie, svc=svc, volledig=template == "casus.html"
        )
    except CasusNietGevonden:
        return casus_niet_gevonden(request, sessie)
    except ToegangGeweigerd as exc:
        return geweigerd(
            request,
            sessie,
            exc,
            titel="Geen toegang tot deze casus",
            melding="U mag de actielijst van deze casus niet inzien.",
        )
    return render(
        request,
        template,
        status_code=status_code,
        **extra,
        user=sessie.user,
        casus=casus,
        region=svc.settings.region(),
        fouten=fouten or [],
        waarden=waarden or {},
        vandaag=vandaag(svc.clock.now()).isoformat(),
        versie=versie,
    )


async def _gecontroleerd(
    casus_id: uuid.UUID, *, sessie: Sessie, svc: Services, volledig: bool
) -> tuple[Casus, dict[str, Any]]:
    """The casus after the PDP's allow, and for the full page what it shows besides.

    The PDP questions and the rest (label from intake, timeline) run at the same time, so the
    page waits for the slower of the two instead of both; nothing of the rest is used, and it is
    cancelled, when the PDP refuses. The full page asks in the same round trip whether this user
    may write the actielijst and steer the casus (which forms it shows): the PDP decides that
    too, the page keeps no role list.
    """
    casus = await casus_laden(casus_id, uow=svc.uow)
    vragen = [actielijst_request(casus, actor=sessie.actor, action="read")]
    if volledig:
        vragen += [
            actielijst_request(casus, actor=sessie.actor, action="write"),
            casus_request(casus, actor=sessie.actor, action="write"),
        ]
    besluit = asyncio.ensure_future(vraag(vragen, actor=sessie.actor, pdp=svc.pdp))
    extra = asyncio.ensure_future(casus_extra(casus, sessie=sessie, svc=svc)) if volledig else None
    try:
        zichten = await besluit
        if not zichten[0].getoond:
            raise ToegangGeweigerd(list(zichten[0].redenen))
    except BaseException:
        if extra is not None:
            extra.cancel()
        raise
    # The veiligheidssignalen (PDP-decided, after the allow like the items below) show at the
    # top and beside each actie, on the page and in the actielijst fragment alike.
    signalen = signalen_voor(casus, actor=sessie.actor, uow=svc.uow, pdp=svc.pdp, clock=svc.clock)
    if extra is None:
        return casus, {"signalen": await signalen}
    # The bouwschema entries and toelichtingen are informatie-items: asked only after the allow
    # (nothing is logged as read for a page that is then refused).
    (items, toelichtingen), gezien = await asyncio.gather(
        inbreng_van(casus, actor=sessie.actor, uow=svc.uow, pdp=svc.pdp), signalen
    )
    return casus, {
        **await extra,
        "signalen": gezien,
        "signaal_codes": SIGNAAL_CODES,
        **weergave_context(),
        "bouwschema": [g for g in groepeer(items, BOUWSCHEMA + ALLEEN_ANALYSE) if g[2]],
        "toelichtingen": toelichtingen,
        "mag_schrijven": zichten[1].getoond,
        "mag_regie": zichten[2].getoond,
        # the casus' model and its history; its termijnen with their status come with the extra
        "model_namen": MODEL_NAMEN,
    }


async def voer_casusformulier_uit(
    request: Request,
    actie: Callable[[], Awaitable[object]],
    *,
    sessie: Sessie,
    svc: Services,
    casus_id: uuid.UUID,
    fouten: Fouten,
    waarden: dict[str, Any],
    ongeldig: Fouttypen,
    veld_id: Callable[[str], str],
    weigering: tuple[str, str],
    gelukt: str,
) -> Response:
    """A form on the casus page: its field errors come back on that page (422); a refusal
    shows ``weigering`` (titel, melding)."""

    def afwijzing(exc: Exception) -> Response:
        if isinstance(exc, ToegangGeweigerd):
            titel, melding = weigering
            return geweigerd(request, sessie, exc, titel=titel, melding=melding)
        return casus_niet_gevonden(request, sessie)

    async def opnieuw(fouten: Fouten) -> Response:
        return await _casus_page(
            request,
            sessie=sessie,
            svc=svc,
            casus_id=casus_id,
            fouten=fouten,
            waarden=waarden,
            status_code=422,
        )

    return await voer_formulier_uit(
        actie,
        fouten=fouten,
        ongeldig=ongeldig,
        veld_id=veld_id,
        afgewezen=(ToegangGeweigerd, CasusNietGevonden),
        afwijzing=afwijzing,
        gelukt=gelukt,
        opnieuw=opnieuw,
    )


@router.get("/casussen/{casus_id}", response_class=HTMLResponse)
async def casus_pagina(
    request: Request, casus_id: uuid.UUID, sessie: SessieDep, svc: Svc
) -> Response:
    return await _casus_page(request, sessie=sessie, svc=svc, casus_id=casus_id)


@router.get("/casussen/{casus_id}/actielijst", response_class=HTMLResponse)
async def actielijst_fragment(
    request: Request, casus_id: uuid.UUID, sessie: SessieDep, svc: Svc
) -> Response:
    """The actielijst table alone: htmx polls it so terugkoppeling shows without a reload."""
    return await _casus_page(
        request, sessie=sessie, svc=svc, casus_id=casus_id, template="_actielijst.html"
    )


@router.post("/casussen/{casus_id}/acties")
async def actie_toevoegen(
    request: Request,
    casus_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    wat: Annotated[str, Form()] = "",
    wie: Annotated[str, Form()] = "",
    wanneer: Annotated[str, Form()] = "",
) -> Response:
    waarden = {"wat": wat, "wie": wie, "wanneer": wanneer}
    fouten: Fouten = []
    datum: date | None = None
    try:
        datum = date.fromisoformat(wanneer)
    except ValueError:
        fouten.append((VELD_IDS["wanneer"], "Vul bij 'Wanneer' een geldige datum in."))
    if not wat.strip():
        fouten.insert(0, (VELD_IDS["wat"], "Vul in wat er moet gebeuren."))
    if not wie:
        fouten.append((VELD_IDS["wie"], "Kies bij 'Wie' een deelnemer."))

    async def actie() -> None:
        assert datum is not None  # a bad date is one of the fouten: no run
        await voeg_actie_toe(
            VoegActieToe(casus_id=casus_id, wat=wat, wie=wie, wanneer=datum),
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
        )

    return await voer_casusformulier_uit(
        request,
        actie,
        sessie=sessie,
        svc=svc,
        casus_id=casus_id,
        fouten=fouten,
        waarden=waarden,
        ongeldig=ActieOngeldig,
        veld_id=lambda veld: VELD_IDS.get(veld, "actie-wat"),
        weigering=(
            "Actie toevoegen niet toegestaan",
            "U mag geen acties aan deze casus toevoegen.",
        ),
        gelukt=f"/casussen/{casus_id}?toegevoegd=1#actielijst",
    )

"""Casus lifecycle forms: fase, model, termijnen met, cliënt geïnformeerd, casusregisseur,
deelnemers, afsluiten, and a partner's terugkoppeling on its own actie. Each POST redirects on
success, or shows the casus page again with the Dutch message next to the field (422); nothing
is saved half.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from zvh_contracts.vocab import Casemanagementmodel

from zvh_overleg.application import levensloop as cmd
from zvh_overleg.domain.errors import CasusOngeldig
from zvh_overleg.domain.termijnregistratie import Gebeurtenis
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.tracing import mark
from zvh_overleg.entrypoints.web.casussen import voer_casusformulier_uit
from zvh_overleg.entrypoints.web.formulier import Fouten
from zvh_overleg.entrypoints.web.session import Sessie, SessieDep

router = APIRouter()
Svc = Annotated[Services, Depends(services)]

#: Domain ``veld`` → element id, per form.
VELDEN: dict[str, dict[str, str]] = {
    "fase": {"naar": "fase-naar", "reden": "fase-reden"},
    "model": {"model": "model-naar", "reden": "model-reden"},
    "termijn": {"gebeurtenis": "termijn-gebeurtenis", "op": "termijn-op"},
    "client": {
        "client-geinformeerd": "cg-ja",
        "herbeoordeling-op": "cg-herbeoordeling-op",
        "reden": "cg-reden",
    },
    "casusregisseur": {"casusregisseur": "casusregisseur"},
    "deelnemer": {"partner": "deelnemer-partner", "reden": "deelnemer-reden"},
    "verwijderen": {
        "verwijder-partner": "verwijder-partner",
        "verwijder-reden": "verwijder-reden",
    },
    "afsluiten": {
        "afsluitreden": "afsluitreden-doel-bereikt",
        "afsluit-toelichting": "afsluit-toelichting",
    },
}


async def _voer_uit(
    request: Request,
    *,
    sessie: Sessie,
    svc: Services,
    casus_id: uuid.UUID,
    formulier: str,
    waarden: dict[str, Any],
    actie: Callable[[], Awaitable[None]],
    velden: dict[str, str] | None = None,
    fouten: Fouten | None = None,
) -> Response:
    mark(casus_id=casus_id)
    velden = velden if velden is not None else VELDEN[formulier]
    eerste_veld = next(iter(velden.values()))

    return await voer_casusformulier_uit(
        request,
        actie,
        sessie=sessie,
        svc=svc,
        casus_id=casus_id,
        fouten=fouten or [],
        waarden={"formulier": formulier, **waarden},
        ongeldig=CasusOngeldig,
        veld_id=lambda veld: velden.get(veld, eerste_veld),
        weigering=("Niet toegestaan", "U mag deze wijziging niet doen."),
        gelukt=f"/casussen/{casus_id}?gewijzigd={formulier}",
    )


@router.post("/casussen/{casus_id}/fase")
async def fase_wijzigen(
    request: Request,
    casus_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    naar: Annotated[str, Form()] = "",
    reden: Annotated[str, Form()] = "",
) -> Response:
    fase = int(naar) if naar.isdigit() else None

    async def actie() -> None:
        await cmd.wijzig_fase(
            casus_id,
            naar=fase,
            reden=reden,
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
        )

    return await _voer_uit(
        request,
        sessie=sessie,
        svc=svc,
        casus_id=casus_id,
        formulier="fase",
        waarden={"naar": naar, "reden": reden},
        actie=actie,
    )


@router.post("/casussen/{casus_id}/model")
async def model_wijzigen(
    request: Request,
    casus_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    naar: Annotated[str, Form()] = "",
    reden: Annotated[str, Form()] = "",
) -> Response:
    model = Casemanagementmodel(naar) if naar in {m.value for m in Casemanagementmodel} else None

    async def actie() -> None:
        await cmd.wijzig_model(
            casus_id,
            naar=model,
            reden=reden,
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
        )

    return await _voer_uit(
        request,
        sessie=sessie,
        svc=svc,
        casus_id=casus_id,
        formulier="model",
        waarden={"naar": naar, "reden": reden},
        actie=actie,
    )


@router.post("/casussen/{casus_id}/termijnen")
async def termijn_vastleggen(
    request: Request,
    casus_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    gebeurtenis: Annotated[str, Form()] = "",
    op: Annotated[str, Form()] = "",
) -> Response:
    """The regie records the day eerste contact was made, hulp started or eerste hulp ended."""
    soort = Gebeurtenis(gebeurtenis) if gebeurtenis in {g.value for g in Gebeurtenis} else None
    try:
        dag: date | None = date.fromisoformat(op.strip()) if op.strip() else None
    except ValueError:
        dag = None

    async def actie() -> None:
        await cmd.registreer_termijn(
            casus_id,
            gebeurtenis=soort,
            op=dag,
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
        )

    return await _voer_uit(
        request,
        sessie=sessie,
        svc=svc,
        casus_id=casus_id,
        formulier="termijn",
        waarden={"gebeurtenis": gebeurtenis, "op": op},
        actie=actie,
    )


@router.post("/casussen/{casus_id}/client-geinformeerd")
async def client_geinformeerd_wijzigen(
    request: Request,
    casus_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    client_geinformeerd: Annotated[str, Form()] = "",
    herbeoordeling_op: Annotated[str, Form()] = "",
    reden: Annotated[str, Form()] = "",
) -> Response:
    geinformeerd = {"ja": True, "nee": False}.get(client_geinformeerd)
    fouten: Fouten = []
    datum: date | None = None
    if geinformeerd is False and herbeoordeling_op:
        try:
            datum = date.fromisoformat(herbeoordeling_op)
        except ValueError:
            fouten.append(("cg-herbeoordeling-op", "Vul een geldige herbeoordelingsdatum in."))

    async def actie() -> None:
        await cmd.wijzig_client_geinformeerd(
            casus_id,
            geinformeerd=geinformeerd,
            herbeoordeling_op=datum,
            reden=reden,
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
        )

    return await _voer_uit(
        request,
        sessie=sessie,
        svc=svc,
        casus_id=casus_id,
        formulier="client",
        waarden={
            "client_geinformeerd": client_geinformeerd,
            "herbeoordeling_op": herbeoordeling_op,
            "cg_reden": reden,
        },
        actie=actie,
        fouten=fouten,
    )


@router.post("/casussen/{casus_id}/casusregisseur")
async def casusregisseur_toewijzen(
    request: Request,
    casus_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    casusregisseur: Annotated[str, Form()] = "",
) -> Response:
    gebruiker = svc.settings.region().user(casusregisseur) if casusregisseur else None

    async def actie() -> None:
        await cmd.wijs_casusregisseur_toe(
            casus_id,
            gebruiker=casusregisseur,
            org=gebruiker.org if gebruiker else None,
            is_casusregisseur=bool(gebruiker and "casusregisseur" in gebruiker.roles),
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
        )

    return await _voer_uit(
        request,
        sessie=sessie,
        svc=svc,
        casus_id=casus_id,
        formulier="casusregisseur",
        waarden={"casusregisseur": casusregisseur},
        actie=actie,
    )


@router.post("/casussen/{casus_id}/deelnemers")
async def deelnemer_toevoegen(
    request: Request,
    casus_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    partner: Annotated[str, Form()] = "",
    reden: Annotated[str, Form()] = "",
) -> Response:
    async def actie() -> None:
        await cmd.voeg_deelnemer_toe(
            casus_id,
            partner=partner,
            partners=svc.partners(),
            reden=reden,
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
            convenanten=svc.convenanten,
            naam=svc.partner_naam,
        )

    return await _voer_uit(
        request,
        sessie=sessie,
        svc=svc,
        casus_id=casus_id,
        formulier="deelnemer",
        waarden={"partner": partner, "deelnemer_reden": reden},
        actie=actie,
    )


@router.post("/casussen/{casus_id}/deelnemers/verwijderen")
async def deelnemer_verwijderen(
    request: Request,
    casus_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    partner: Annotated[str, Form()] = "",
    reden: Annotated[str, Form()] = "",
) -> Response:
    async def actie() -> None:
        await cmd.verwijder_deelnemer(
            casus_id,
            partner=partner,
            reden=reden,
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
        )

    return await _voer_uit(
        request,
        sessie=sessie,
        svc=svc,
        casus_id=casus_id,
        formulier="verwijderen",
        waarden={"verwijder_partner": partner, "verwijder_reden": reden},
        actie=actie,
    )


@router.post("/casussen/{casus_id}/afsluiten")
async def casus_afsluiten(
    request: Request,
    casus_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    afsluitreden: Annotated[str, Form()] = "",
    toelichting: Annotated[str, Form()] = "",
) -> Response:
    async def actie() -> None:
        await cmd.sluit_af(
            casus_id,
            reden=afsluitreden,
            toelichting=toelichting,
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
        )

    return await _voer_uit(
        request,
        sessie=sessie,
        svc=svc,
        casus_id=casus_id,
        formulier="afsluiten",
        waarden={"afsluitreden": afsluitreden, "afsluit_toelichting": toelichting},
        actie=actie,
    )


@router.post("/casussen/{casus_id}/acties/{actie_id}/terugkoppeling")
async def terugkoppelen(
    request: Request,
    casus_id: uuid.UUID,
    actie_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    status: Annotated[str, Form()] = "",
    toelichting: Annotated[str, Form()] = "",
) -> Response:
    """A partner user reports on its own actie (the same path as the Kafka terugkoppeling)."""

    async def actie() -> None:
        await cmd.koppel_terug(
            casus_id,
            actie_id=actie_id,
            status=status,
            toelichting=toelichting,
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
            clock=svc.clock,
        )

    return await _voer_uit(
        request,
        sessie=sessie,
        svc=svc,
        casus_id=casus_id,
        formulier=f"terugkoppeling-{actie_id}",
        waarden={"tk_actie": str(actie_id), "tk_status": status, "tk_toelichting": toelichting},
        actie=actie,
        velden={"status": f"tk-status-{actie_id}", "toelichting": f"tk-toelichting-{actie_id}"},
    )

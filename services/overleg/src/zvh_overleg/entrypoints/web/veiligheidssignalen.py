"""Veiligheidssignaal forms on the casus page (issue 10, part 5): set, renew, withdraw.

Only the procesregisseur sees the forms (the PDP decides: ``veiligheidssignaal`` write); each
POST redirects to the casus page on success or shows it again with the Dutch message next to
the field (422). The signals themselves show on the casus page and beside each actie.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from zvh_overleg.application import veiligheidssignalen as cmd
from zvh_overleg.domain.veiligheidssignaal import (
    VeiligheidssignaalNietGevonden,
    VeiligheidssignaalOngeldig,
)
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.tracing import mark
from zvh_overleg.entrypoints.web.casussen import voer_casusformulier_uit
from zvh_overleg.entrypoints.web.formulier import Fouten
from zvh_overleg.entrypoints.web.session import SessieDep

router = APIRouter()
Svc = Annotated[Services, Depends(services)]

ZETTEN = {
    "code": "signaal-code",
    "geldig_van": "signaal-geldig-van",
    "geldig_tot": "signaal-geldig-tot",
    "herbeoordeling_op": "signaal-herbeoordeling-op",
}
WEIGERING = (
    "Veiligheidssignaal niet toegestaan",
    "Alleen de procesregisseur van het ZVH legt veiligheidssignalen vast.",
)


def _datum(waarde: str) -> date | None:
    try:
        return date.fromisoformat(waarde) if waarde else None
    except ValueError:
        return None


def _verleng_velden(signaal_id: uuid.UUID) -> dict[str, str]:
    return {
        "geldig_tot": f"verleng-{signaal_id}-geldig-tot",
        "herbeoordeling_op": f"verleng-{signaal_id}-herbeoordeling-op",
    }


@router.post("/casussen/{casus_id}/veiligheidssignalen")
async def signaal_zetten(
    request: Request,
    casus_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    code: Annotated[str, Form()] = "",
    geldig_van: Annotated[str, Form()] = "",
    geldig_tot: Annotated[str, Form()] = "",
    herbeoordeling_op: Annotated[str, Form()] = "",
) -> Response:
    mark(casus_id=casus_id)
    fouten: Fouten = []
    if geldig_van and _datum(geldig_van) is None:
        fouten.append((ZETTEN["geldig_van"], "Vul bij 'Geldig van' een geldige datum in."))

    async def actie() -> None:
        await cmd.zet_veiligheidssignaal(
            cmd.ZetVeiligheidssignaal(
                casus_id=casus_id,
                code=code or None,
                geldig_van=_datum(geldig_van),
                geldig_tot=_datum(geldig_tot),
                herbeoordeling_op=_datum(herbeoordeling_op),
            ),
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
        waarden={
            "formulier": "signaal",
            "code": code,
            "geldig_van": geldig_van,
            "geldig_tot": geldig_tot,
            "herbeoordeling_op": herbeoordeling_op,
        },
        ongeldig=(VeiligheidssignaalOngeldig, VeiligheidssignaalNietGevonden),
        veld_id=lambda veld: ZETTEN.get(veld, ZETTEN["code"]),
        weigering=WEIGERING,
        gelukt=f"/casussen/{casus_id}?gewijzigd=signaal#veiligheidssignalen",
    )


@router.post("/casussen/{casus_id}/veiligheidssignalen/{signaal_id}/verlengen")
async def signaal_verlengen(
    request: Request,
    casus_id: uuid.UUID,
    signaal_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    geldig_tot: Annotated[str, Form()] = "",
    herbeoordeling_op: Annotated[str, Form()] = "",
) -> Response:
    mark(casus_id=casus_id)
    velden = _verleng_velden(signaal_id)

    async def actie() -> None:
        await cmd.verleng_veiligheidssignaal(
            cmd.VerlengVeiligheidssignaal(
                casus_id=casus_id,
                signaal_id=signaal_id,
                geldig_tot=_datum(geldig_tot),
                herbeoordeling_op=_datum(herbeoordeling_op),
            ),
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
        fouten=[],
        waarden={
            "formulier": f"verleng-{signaal_id}",
            "geldig_tot": geldig_tot,
            "herbeoordeling_op": herbeoordeling_op,
        },
        ongeldig=(VeiligheidssignaalOngeldig, VeiligheidssignaalNietGevonden),
        veld_id=lambda veld: velden.get(veld, velden["geldig_tot"]),
        weigering=WEIGERING,
        gelukt=f"/casussen/{casus_id}?gewijzigd=signaal-verlengd#veiligheidssignalen",
    )


@router.post("/casussen/{casus_id}/veiligheidssignalen/{signaal_id}/intrekken")
async def signaal_intrekken(
    request: Request,
    casus_id: uuid.UUID,
    signaal_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
) -> Response:
    mark(casus_id=casus_id)

    async def actie() -> None:
        await cmd.trek_veiligheidssignaal_in(
            casus_id,
            signaal_id,
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
        fouten=[],
        waarden={"formulier": f"intrekken-{signaal_id}"},
        ongeldig=(VeiligheidssignaalOngeldig, VeiligheidssignaalNietGevonden),
        veld_id=lambda _veld: f"intrekken-{signaal_id}",
        weigering=WEIGERING,
        gelukt=f"/casussen/{casus_id}?gewijzigd=signaal-ingetrokken#veiligheidssignalen",
    )

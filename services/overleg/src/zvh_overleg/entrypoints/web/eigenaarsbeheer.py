"""The eigenaar's controls beside its own bouwschema entries on the casus page: restrict to the
ZVH regie, lift that, or withdraw the entry. The PDP decides (``application/eigenaarsbeheer``);
a refusal is a "Geen toegang" page with its reasons, a rule broken comes back beside the entry.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response

from zvh_overleg.application.eigenaarsbeheer import Handeling, beheer_item
from zvh_overleg.domain.errors import BeheerOngeldig, ItemNietGevonden
from zvh_overleg.domain.model import ZVH
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.tracing import mark
from zvh_overleg.entrypoints.web.casussen import voer_casusformulier_uit
from zvh_overleg.entrypoints.web.session import SessieDep

router = APIRouter()
Svc = Annotated[Services, Depends(services)]

ONBEKENDE_HANDELING = "kies beperken, beperking opheffen of intrekken"


@router.post("/casussen/{casus_id}/informatie/{item_id}/beheer")
async def beheer(
    request: Request,
    casus_id: uuid.UUID,
    item_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    handeling: Annotated[str, Form()] = "",
) -> Response:
    mark(casus_id=casus_id)
    veld = f"beheer-{item_id}"
    gekozen = Handeling(handeling) if handeling in {h.value for h in Handeling} else None

    async def actie() -> None:
        assert gekozen is not None
        await beheer_item(
            casus_id,
            item_id,
            handeling=gekozen,
            beperkt_tot=(ZVH,),
            actor=sessie.actor,
            uow=svc.uow,
            pdp=svc.pdp,
        )

    return await voer_casusformulier_uit(
        request,
        actie,
        sessie=sessie,
        svc=svc,
        casus_id=casus_id,
        fouten=[] if gekozen else [(veld, ONBEKENDE_HANDELING)],
        waarden={},
        ongeldig=(BeheerOngeldig, ItemNietGevonden),
        veld_id=lambda _v: veld,
        weigering=("Geen toegang", "Alleen de eigenaar beheert dit informatie-item."),
        gelukt=f"/casussen/{casus_id}#item-{item_id}",
    )

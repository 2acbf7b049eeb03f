"""Doorbreken ("break the glass") from the casus page: a professional who sees an item as hidden
asks consent to open the eigenaar's items of this casus (or that one item) for a few hours, on a
ground and with a typed reason. consent's policy decides, records it, tells the eigenaar and puts
it before the FG; the casus page then says on what ground and until when the user reads.
"""

from __future__ import annotations

import re
import uuid
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from zvh_overleg.application.privacy import Fouten, doorbreking_invoer, tot_tijd
from zvh_overleg.application.queries import eigenaar_van_item
from zvh_overleg.application.toestemmingen import ConsentOngeldig
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.tracing import mark
from zvh_overleg.entrypoints.web.casussen import voer_casusformulier_uit
from zvh_overleg.entrypoints.web.consentpagina import (
    privacy,
    veldfouten,
)
from zvh_overleg.entrypoints.web.session import Sessie, SessieDep

router = APIRouter()
Svc = Annotated[Services, Depends(services)]


SLEUTEL = re.compile(r"^[A-Za-z0-9-]{1,64}$")


def velden(sleutel: str) -> dict[str, str]:
    """consent's ``veld`` → the element id in this form on the casus page (``sleutel`` tells
    the forms beside several hidden items apart)."""
    basis = f"db-{sleutel}"
    return {
        "type": f"{basis}-type",
        "reden": f"{basis}-reden",
        "duur_uren": f"{basis}-duur",
    }


async def _opnieuw(
    request: Request,
    casus_id: uuid.UUID,
    *,
    sessie: Sessie,
    svc: Services,
    fouten: Fouten,
    waarden: dict[str, Any],
) -> Response:
    """The casus page again (422) with the errors next to this item's form, input kept."""

    async def niet_uitgevoerd() -> None:  # with fouten the form helper only re-renders
        raise AssertionError("niet aangeroepen")

    return await voer_casusformulier_uit(
        request,
        niet_uitgevoerd,
        sessie=sessie,
        svc=svc,
        casus_id=casus_id,
        fouten=fouten,
        waarden=waarden,
        ongeldig=(),
        veld_id=lambda v: v,
        weigering=("Geen toegang", "U mag deze informatie niet doorbreken."),
        gelukt=f"/casussen/{casus_id}",
    )


async def _eigenaar_van(casus_id: uuid.UUID, item: str, *, svc: Services) -> str | None:
    try:
        item_id = uuid.UUID(item)
    except ValueError:
        return None
    return await eigenaar_van_item(casus_id, item_id, uow=svc.uow)


@router.post("/casussen/{casus_id}/doorbreken")
async def doorbreken(
    request: Request,
    casus_id: uuid.UUID,
    sessie: SessieDep,
    svc: Svc,
    type: Annotated[str, Form()] = "",
    reden: Annotated[str, Form()] = "",
    eigenaar: Annotated[str, Form()] = "",
    item: Annotated[str, Form()] = "",
    duur_uren: Annotated[str, Form()] = "",
    formulier: Annotated[str, Form()] = "",
) -> Response:
    mark(casus_id=casus_id)
    sleutel = formulier if SLEUTEL.fullmatch(formulier) else "casus"
    ids = velden(sleutel)
    if item and not eigenaar:
        # A hidden bouwschema entry: its eigenaar is looked up here, not shown to the reader
        # before the glass is broken.
        eigenaar = await _eigenaar_van(casus_id, item, svc=svc) or ""
    # Overleg asks the PDP per kind of item, not per item: the doorbreking covers the
    # eigenaar's items of this casus, so no item id is sent.
    item = ""
    invoer, fouten = doorbreking_invoer(
        type=type, reden=reden, casus=casus_id, item=item, eigenaar=eigenaar, duur_uren=duur_uren
    )
    fouten = [(ids.get(v, ids["reden"]), m) for v, m in fouten]
    antwoord: dict[str, Any] = {}
    if not fouten:
        try:
            antwoord = await privacy(svc).doorbreken(invoer, token=sessie.token)
        except ConsentOngeldig as exc:
            fouten = veldfouten(exc, ids, anders=ids["reden"])
    if fouten:
        waarden = {
            "doorbreken_formulier": sleutel,
            "doorbreken_type": type,
            "doorbreken_reden": reden,
            "doorbreken_duur": duur_uren,
        }
        return await _opnieuw(
            request, casus_id, sessie=sessie, svc=svc, fouten=fouten, waarden=waarden
        )
    query = urlencode({"doorbroken": str(antwoord.get("type") or type), "tot": tot_tijd(antwoord)})
    return RedirectResponse(f"/casussen/{casus_id}?{query}#doorbreking-melding", status_code=303)

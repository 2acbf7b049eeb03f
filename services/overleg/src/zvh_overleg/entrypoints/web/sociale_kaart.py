"""The sociale kaart: who the region's partners are, what they offer, how long one waits, who
to call (issue 10, part 6).

The page reads the region file only (professional contact details, no case content), so any
signed-in member of staff may see it; it asks the PDP nothing. The search is a GET form, so it
works without JavaScript and a search can be bookmarked or shared.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from zvh_overleg.domain.model import ZVH
from zvh_overleg.domain.sociale_kaart import (
    MAX_ZOEKTEKST,
    kaartregel,
    soorten_in,
    zoek_partners,
)
from zvh_overleg.entrypoints.context import Services, services
from zvh_overleg.entrypoints.web.session import SessieDep
from zvh_overleg.entrypoints.web.templating import render

router = APIRouter()
Svc = Annotated[Services, Depends(services)]


@router.get("/sociale-kaart", response_class=HTMLResponse)
async def sociale_kaart(
    request: Request,
    sessie: SessieDep,
    svc: Svc,
    zoek: Annotated[str, Query(max_length=MAX_ZOEKTEKST)] = "",
    soort: Annotated[str, Query(max_length=40)] = "",
) -> HTMLResponse:
    region = svc.settings.region()
    nu = svc.clock.now()
    gevonden = zoek_partners(region, zoek=zoek, soort=soort or None)
    return render(
        request,
        "sociale_kaart.html",
        user=sessie.user,
        region=region,
        regels=[kaartregel(region, p, nu=nu) for p in gevonden],
        soorten=soorten_in(region),
        filters={"zoek": zoek, "soort": soort},
        gefilterd=bool(zoek.strip() or soort),
        # the name of whoever is on piket: for the partner's own staff and the ZVH only
        piket_namen_voor={sessie.user.org, ZVH},
    )

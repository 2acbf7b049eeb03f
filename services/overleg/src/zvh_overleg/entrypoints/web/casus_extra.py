"""What the casus page shows besides the actielijst: label, timeline, lifecycle forms."""

from __future__ import annotations

import asyncio
from typing import Any

from zvh_overleg.application.labels import casus_labels
from zvh_overleg.application.tijdlijn import AFSLUITREDEN_LABELS, tijdlijn_van
from zvh_overleg.domain.levensloop import TERUGKOPPEL_STATUSSEN
from zvh_overleg.domain.model import ZVH, Casus
from zvh_overleg.entrypoints.context import Services
from zvh_overleg.entrypoints.web.session import Sessie


async def casus_extra(casus: Casus, *, sessie: Sessie, svc: Services) -> dict[str, Any]:
    """Template context for the lifecycle parts of ``casus.html``."""
    region = svc.settings.region()
    # The page already had the PDP's allow for this casus; label (intake) and timeline (our
    # database) are independent, so ask both at once.
    toevoegbaar = [p for p in region.partners if p.code != ZVH and p.code not in casus.deelnemers]
    # ... and the convenant register (consent): who cannot be invited, and why (issue 7).
    labels, items, niet_uitnodigbaar = await asyncio.gather(
        casus_labels([casus], intake=svc.intake, token=sessie.token),
        tijdlijn_van(casus, uow=svc.uow),
        svc.niet_uitnodigbaar([p.code for p in toevoegbaar], token=sessie.token),
    )
    regisseur = region.user(casus.casusregisseur) if casus.casusregisseur else None
    # the acties this user's organisation reports on (the domain's rule: the partner it is for)
    eigen = [a for a in casus.acties if a.wie == sessie.user.org]
    return {
        "label": labels[casus.casus_id],
        "tijdlijn": items,
        "casusregisseur_naam": regisseur.naam if regisseur else casus.casusregisseur,
        "regisseur_kandidaten": [
            u for u in region.users if "casusregisseur" in u.roles and u.org in casus.deelnemers
        ],
        "toevoegbare_partners": toevoegbaar,
        "niet_uitnodigbaar": niet_uitnodigbaar,
        "afsluitredenen": list(AFSLUITREDEN_LABELS.items()),
        "eigen_acties": eigen,
        "terugkoppel_statussen": TERUGKOPPEL_STATUSSEN,
    }

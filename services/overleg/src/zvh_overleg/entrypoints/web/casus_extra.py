"""What the casus page shows besides the actielijst: label, timeline, lifecycle forms."""

from __future__ import annotations

import asyncio
from typing import Any

from zvh_overleg.application.labels import casus_labels
from zvh_overleg.application.termijnstatus import termijnstatus_van_casus
from zvh_overleg.application.tijdlijn import AFSLUITREDEN_LABELS, tijdlijn_van
from zvh_overleg.domain.levensloop import TERUGKOPPEL_STATUSSEN
from zvh_overleg.domain.model import ZVH, Casus
from zvh_overleg.domain.sociale_kaart import deelnemers_op_kaart
from zvh_overleg.domain.termijnregistratie import GEBEURTENIS_NAMEN, Gebeurtenis
from zvh_overleg.entrypoints.context import Services
from zvh_overleg.entrypoints.web.session import Sessie


async def casus_extra(casus: Casus, *, sessie: Sessie, svc: Services) -> dict[str, Any]:
    """Template context for the lifecycle parts of ``casus.html``."""
    region = svc.settings.region()
    # The page already had the PDP's allow for this casus; label (intake) and timeline (our
    # database) are independent, so ask both at once.
    toevoegbaar = [p for p in region.partners if p.code != ZVH and p.code not in casus.deelnemers]
    # ... and the convenant register (consent): who cannot be invited, and why (issue 7).
    # ... and where each termijn stands (deadlines on the region's calendar, by the service Clock)
    labels, items, niet_uitnodigbaar, termijnen = await asyncio.gather(
        casus_labels([casus], intake=svc.intake, token=sessie.token),
        tijdlijn_van(casus, uow=svc.uow),
        svc.niet_uitnodigbaar([p.code for p in toevoegbaar], token=sessie.token),
        termijnstatus_van_casus(
            casus,
            nu=svc.clock.now(),
            uow=svc.uow,
            termijnen=region.termijnen_van_regio(),
            kalender=region.werkdagkalender(),
        ),
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
        "casus_termijnen": termijnen,
        "gebeurtenis_namen": GEBEURTENIS_NAMEN,
        "actie_wat": {a.actie_id: a.wat for a in casus.acties},
        # the actie form's "wie": each deelnemer's soort, diensten and wachttijden (sociale kaart)
        "deelnemers_kaart": {
            r.partner.code: r
            for r in deelnemers_op_kaart(region, list(casus.deelnemers), nu=svc.clock.now())
        },
        # what the regie can record; eerste hulp ends only in a model that has it
        "termijn_gebeurtenissen": [
            (g, naam)
            for g, naam in GEBEURTENIS_NAMEN.items()
            if g is not Gebeurtenis.EERSTE_HULP_BEEINDIGD
            or any(t.code == "eerste-hulp" for t in termijnen)
        ],
    }

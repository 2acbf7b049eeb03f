"""Overleg's VPT events on ``zvh.overleg.casus.v1``: the VPT dossier (issue 10).

Ids, a partner code and a moment only: the dossier's content (aangifte, zittingen,
schadevergoeding, verzuim) stays in overleg.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from zvh_contracts.base import Event, PartnerCode


class VptDossierAfgesloten(Event):
    """The VPT casemanager closed a VPT dossier (after its evaluation): notify ends the nazorg
    termijnen of its incident."""

    event_type = "zvh.overleg.vpt.dossier-afgesloten.v1"
    summary = "A VPT dossier was closed (ids and the moment only)"

    dossier_id: uuid.UUID
    incident_id: uuid.UUID
    organisatie: PartnerCode
    afgesloten_op: datetime

    def subject(self) -> str:
        return str(self.dossier_id)

"""Shared pieces of the VPT dossier tests."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from overleg_fakes import FakePdp
from zvh_contracts.intake.vpt_v1 import VptIncidentGeregistreerd, VptNazorgTermijn
from zvh_contracts.pdp import Decision, DecisionRequest

ORG = "gemeente-bergen-op-zoom"
GEMELD = datetime(2030, 3, 1, 9, 0, tzinfo=UTC)


def geregistreerd(
    incident_id: uuid.UUID | None = None, *, casemanager: str = "vpt.dewit"
) -> VptIncidentGeregistreerd:
    return VptIncidentGeregistreerd(
        incident_id=incident_id or uuid.uuid4(),
        organisatie=ORG,
        gemeld_op=GEMELD,
        melder="wt.yilmaz",
        leidinggevende="lg.peters",
        casemanager=casemanager,
        nazorg=[VptNazorgTermijn(contact="eerste", uiterlijk=date(2030, 3, 4))],
    )


class VptBeleidPdp(FakePdp):
    """vpt.rego as overleg expects it: read by the melder, a leidinggevende of the org or the
    assigned casemanager; write only by the assigned casemanager."""

    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
        self.requests.append(request)
        s, r = request.subject, request.resource
        assert s is not None
        casemanager = "vpt-casemanager" in s.roles and s.org == "zvh" and s.user == r.casemanager
        if request.action == "write":
            ok = casemanager and request.context.doel == "vpt-casemanagement"
        else:
            eigen = s.org == r.eigenaar
            ok = (eigen and s.user == r.melder) or (eigen and "leidinggevende" in s.roles)
            ok = ok or casemanager
        if ok:
            return Decision(allow=True, reasons=["vpt"], obligations=["log-inzage"])
        return Decision(allow=False, reasons=["geweigerd: alleen de melder, ..."])

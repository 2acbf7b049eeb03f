"""A fake PDP that mimics the policy for planning tests (items per eigenaar, regie sees all)."""

from __future__ import annotations

from overleg_fakes import FakePdp
from zvh_contracts.pdp import Decision, DecisionRequest

REGIE = {"procesregisseur", "notulist"}


class EigenaarPdp(FakePdp):
    """informatie-item: its eigenaar's org and ZVH regie; actielijst: deelnemers and ZVH regie."""

    async def decide(self, request: DecisionRequest, *, token: str | None) -> Decision:
        self.requests.append(request)
        s, r = request.subject, request.resource
        regie = s.org == "zvh" and bool(REGIE & set(s.roles))
        if r.type == "informatie-item":
            allow = regie or s.org == r.eigenaar
        elif r.type == "actielijst":
            allow = regie or s.org in (request.context.deelnemers or [])
        else:
            allow = False
        return Decision(allow=allow, reasons=["nep-beleid"])

"""Planning tests' fakes: a PDP that mimics the policy (items per eigenaar, regie sees all)
and two casussen to plan with."""

from __future__ import annotations

import uuid
from datetime import date

from overleg_fakes import NU, FakePdp, Store, casus
from zvh_contracts.pdp import Decision, DecisionRequest
from zvh_overleg.domain.model import Actie, Casus

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


def twee_casussen(store: Store) -> tuple[Casus, Casus]:
    """Two casussen sharing politie-zwb; the first has one open actie for the gemeente."""
    a = casus(deelnemers=["politie-zwb", "gemeente-bergen-op-zoom"])
    b = casus(deelnemers=["ggz-wnb", "politie-zwb"])
    a.acties.append(
        Actie(
            actie_id=uuid.uuid4(),
            casus_id=a.casus_id,
            wat="Huisbezoek afleggen",
            wie="gemeente-bergen-op-zoom",
            wanneer=date(2030, 3, 20),
            toegewezen_op=NU,
        )
    )
    store.casussen = {a.casus_id: a, b.casus_id: b}
    return a, b

"""Planning tests' fakes: a PDP that mimics the policy (items per eigenaar, regie sees all)
and two casussen to plan with."""

from __future__ import annotations

import uuid
from datetime import date

from overleg_fakes import NU, BeleidPdp, Store, casus
from zvh_overleg.domain.model import Actie, Casus

#: The planning tests' PDP: the policy as overleg expects it (``overleg_fakes.BeleidPdp``).
EigenaarPdp = BeleidPdp


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

"""Dashboard test data: one region's casussen, acties and an overleg (fakes and SQL alike).

The clock is the fakes' FixedClock: Monday 4 March 2030, 10:00 UTC. Amber runs up to Wednesday
6 March (two werkdagen), the week up to Sunday 10 March.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from overleg_fakes import NU, Store, casus
from zvh_contracts.vocab import Casemanagementmodel, OverlegAntwoord, OverlegSoort
from zvh_overleg.domain.model import Actie, ActieStatus
from zvh_overleg.domain.overleg import Antwoord, Overleg, OverlegStatus, Uitgenodigd

GEMEENTE = "gemeente-bergen-op-zoom"
POLITIE = "politie-zwb"


def actie(casus_id: uuid.UUID, wie: str, wanneer: date, **kw: object) -> Actie:
    return Actie(
        actie_id=uuid.uuid4(),
        casus_id=casus_id,
        wat="Huisbezoek afleggen",
        wie=wie,
        wanneer=wanneer,
        toegewezen_op=NU - timedelta(days=10),
        **kw,  # type: ignore[arg-type]
    )


def vul(store: Store) -> dict[str, uuid.UUID]:
    """Two open casussen of pr.jansen (fase 3 and 4), one of someone else, one closed; acties
    red, amber and green, one reported back, one in the closed casus."""
    mijn = casus(
        ave_fase=3,
        geopend_op=NU - timedelta(days=10),
        casusregisseur="gemeente.visser",
        casusregisseur_org=GEMEENTE,
    )
    tweede = casus(
        ave_fase=4,
        geopend_op=NU - timedelta(days=1),
        casemanagementmodel=Casemanagementmodel.INTENSIEF,
    )
    ander = casus(ave_fase=4, geopend_door="pr.devos", geopend_op=NU - timedelta(days=40))
    dicht = casus(ave_fase=2, afgesloten_op=NU - timedelta(days=3))
    rood = actie(mijn.casus_id, GEMEENTE, date(2030, 3, 1))
    oranje = actie(mijn.casus_id, GEMEENTE, date(2030, 3, 6))
    groen = actie(tweede.casus_id, POLITIE, date(2030, 3, 7))
    later = actie(tweede.casus_id, POLITIE, date(2030, 4, 1), status=ActieStatus.LOOPT)
    terug = actie(
        ander.casus_id,
        POLITIE,
        date(2030, 2, 20),
        status=ActieStatus.AFGEROND,
        teruggekoppeld_op=NU - timedelta(days=10) + timedelta(days=3, hours=2),
    )
    oud = actie(dicht.casus_id, GEMEENTE, date(2030, 1, 1))  # open, but the casus is closed
    mijn.acties = [rood, oranje]
    tweede.acties = [groen, later]
    ander.acties = [terug]
    dicht.acties = [oud]
    for c in (mijn, tweede, ander, dicht):
        store.casussen[c.casus_id] = c
    overleg = Overleg(
        overleg_id=uuid.uuid4(),
        soort=OverlegSoort.CASUSOVERLEG,
        start=NU + timedelta(days=7),
        eind=NU + timedelta(days=7, hours=1),
        locatie="Zaal 2",
        voorzitter="pr.jansen",
        status=OverlegStatus.GEPLAND,
        sequence=0,
        gepland_op=NU - timedelta(days=6),
        gepland_door="pr.jansen",
        agenda=[mijn.casus_id],
        antwoorden=[
            Antwoord(
                partner=GEMEENTE,
                antwoord=OverlegAntwoord.KOMT,
                reden=None,
                beantwoord_op=NU - timedelta(days=4),
                door="gemeente.visser",
            )
        ],
    )
    store.overleggen[overleg.overleg_id] = overleg
    store.genodigden[overleg.overleg_id] = [
        Uitgenodigd(GEMEENTE, [mijn.casus_id]),
        Uitgenodigd(POLITIE, [mijn.casus_id]),
    ]
    return {
        "mijn": mijn.casus_id,
        "ander": ander.casus_id,
        "dicht": dicht.casus_id,
        "rood": rood.actie_id,
        "oranje": oranje.actie_id,
        "groen": groen.actie_id,
        "oud": oud.actie_id,
    }

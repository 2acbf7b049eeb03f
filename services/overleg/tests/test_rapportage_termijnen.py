"""The report's casus termijnen come from the casussen themselves (``TermijnenVanCasussen``):
met on time, met late or passed, counted in the quarter their deadline fell in."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from overleg_fakes import NU, FakeUnitOfWork, Store, open_casus
from zvh_overleg.application.rapportage import TermijnenVanCasussen, begin_van
from zvh_overleg.domain.termijnregistratie import Gebeurtenis, TermijnRegistratie


async def test_first_contact_late_and_help_never_started_count_as_not_met() -> None:
    store = Store()
    op_tijd, te_laat = await open_casus(store), await open_casus(store)
    geopend = NU.date()
    for casus_id, dag in ((op_tijd, geopend), (te_laat, geopend + timedelta(days=9))):
        store.casussen[casus_id].termijnregistraties.append(
            TermijnRegistratie(
                gebeurtenis=Gebeurtenis.EERSTE_CONTACT,
                op=dag,
                door="pr.jansen",
                vastgelegd_op=NU,
            )
        )
    later = NU + timedelta(days=40)
    bron = TermijnenVanCasussen(uow=lambda: FakeUnitOfWork(store), nu=later)
    kwartaal = (begin_van(date(NU.year, 1, 1)), begin_van(date(NU.year + 1, 1, 1)))
    uitkomsten = await bron.afgelopen(van=kwartaal[0], tot=kwartaal[1])

    per = {(u.casus_id, u.code): u.gehaald for u in uitkomsten}
    assert per[(op_tijd, "eerste-contact")] is True
    assert per[(te_laat, "eerste-contact")] is False
    assert per[(op_tijd, "hulp-gestart")] is False  # never recorded, deadline passed: verlopen
    assert not [u for u in uitkomsten if u.code == "actie"]  # the report counts acties apart

    # a period before the deadlines holds none of them
    eerder = await bron.afgelopen(
        van=datetime(2000, 1, 1, tzinfo=UTC), tot=datetime(2000, 4, 1, tzinfo=UTC)
    )
    assert eerder == []

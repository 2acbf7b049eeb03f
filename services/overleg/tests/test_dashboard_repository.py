"""The dashboard's SQL queries on SQLite and PostgreSQL give what the in-memory fake gives.

The fake is what the page tests run on (test_web_dashboard.py); the same data stored through
the SQL repositories must count the same, so both follow ``domain.dashboard.rag``'s line.
"""

from __future__ import annotations

from datetime import date, timedelta

from dashboard_helpers import vul
from overleg_fakes import NU, FakeDashboardRepository, Store
from zvh_overleg.adapters.db.dashboard import SqlDashboardRepository
from zvh_overleg.adapters.db.overleggen import SqlOverlegRepository
from zvh_overleg.adapters.db.planning import SqlPlanningRepository
from zvh_overleg.adapters.db.repository import SqlCasusRepository

VANDAAG = date(2030, 3, 4)
ORANJE_TOT = date(2030, 3, 6)
ZONDAG = date(2030, 3, 10)


async def test_sql_counts_as_the_fake_does(sessions) -> None:  # type: ignore[no-untyped-def]
    store = Store()
    ids = vul(store)
    async with sessions() as s, s.begin():
        repo = SqlCasusRepository(s)
        for c in store.casussen.values():
            await repo.add(c)
            await repo.save(c)  # afgesloten_op
        overleggen = SqlOverlegRepository(s)
        planning = SqlPlanningRepository(s)
        for o in store.overleggen.values():
            await overleggen.add(o)
            await planning.zet_genodigden(o.overleg_id, store.genodigden[o.overleg_id])

    fake = FakeDashboardRepository(store)
    async with sessions() as s:
        sql = SqlDashboardRepository(s)
        open_sql = await sql.open_casussen()
        assert [c.casus_id for c in open_sql] == [c.casus_id for c in await fake.open_casussen()]
        assert ids["dicht"] not in {c.casus_id for c in open_sql}
        per_partner = await sql.acties_per_partner(
            vandaag=VANDAAG, oranje_tot=ORANJE_TOT, zondag=ZONDAG
        )
        assert per_partner == await fake.acties_per_partner(
            vandaag=VANDAAG, oranje_tot=ORANJE_TOT, zondag=ZONDAG
        )
        assert [(p.partner, p.rood, p.oranje, p.groen, p.deze_week) for p in per_partner] == [
            ("gemeente-bergen-op-zoom", 1, 1, 0, 1),
            ("politie-zwb", 0, 0, 2, 1),
        ]
        aandacht = await sql.aandachtsacties(tot_en_met=ORANJE_TOT, limiet=50)
        assert aandacht == await fake.aandachtsacties(tot_en_met=ORANJE_TOT, limiet=50)
        assert [a.actie_id for a in aandacht] == [ids["rood"], ids["oranje"]]
        assert [a.actie_id for a in await sql.aandachtsacties(tot_en_met=ORANJE_TOT, limiet=1)] == [
            ids["rood"]
        ]
        sinds = NU - timedelta(days=365)
        assert await sql.terugkoppeltijden(sinds=sinds) == {"politie-zwb": {3: 1}}
        assert await sql.terugkoppeltijden(sinds=sinds) == await fake.terugkoppeltijden(sinds=sinds)
        assert await sql.terugkoppeltijden(sinds=NU) == {}
        uitnodigingen = sorted(await sql.uitnodigingen(sinds=sinds), key=lambda u: u.partner)
        assert uitnodigingen == sorted(
            await fake.uitnodigingen(sinds=sinds), key=lambda u: u.partner
        )
        assert [(u.partner, u.beantwoord_op is not None) for u in uitnodigingen] == [
            ("gemeente-bergen-op-zoom", True),
            ("politie-zwb", False),
        ]
        assert await sql.uitnodigingen(sinds=NU) == []

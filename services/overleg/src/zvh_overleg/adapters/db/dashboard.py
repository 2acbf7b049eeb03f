"""SQL implementation of the DashboardRepository port: aggregates counted in the database.

The dashboard must stay fast with 10,000 casussen and 500,000 acties (issue 9): everything that
scales with the acties is counted by the database (``GROUP BY``) and only counts come back;
migration 0014_dashboard_indexes backs these queries.
"""

from __future__ import annotations

import builtins
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Integer, and_, case, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from zvh_overleg.adapters.db.tables import (
    acties,
    antwoorden,
    casussen,
    overleg_genodigden,
    overleggen,
)
from zvh_overleg.application.ports import ActieSignaal, OpenCasus, PartnerActies, Uitnodiging

#: An actie counts as open until its partner reports it done or it is withdrawn.
OPEN_STATUSSEN = ("open", "loopt")


def _open_acties() -> ColumnElement[bool]:
    """Open acties of casussen that are still open."""
    return and_(
        acties.c.status.in_(OPEN_STATUSSEN),
        acties.c.casus_id.in_(
            select(casussen.c.casus_id).where(casussen.c.afgesloten_op.is_(None))
        ),
    )


class SqlDashboardRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    def _dialect(self) -> str:
        return self._s.get_bind().dialect.name

    async def open_casussen(self) -> builtins.list[OpenCasus]:
        rows = await self._s.execute(
            select(
                casussen.c.casus_id,
                casussen.c.ave_fase,
                casussen.c.geopend_op,
                casussen.c.geopend_door,
                casussen.c.casusregisseur,
                casussen.c.casusregisseur_org,
                casussen.c.casemanagementmodel,
            )
            .where(casussen.c.afgesloten_op.is_(None))
            .order_by(casussen.c.geopend_op.desc())
        )
        return [
            OpenCasus(
                casus_id=r.casus_id,
                ave_fase=r.ave_fase,
                geopend_op=r.geopend_op,
                geopend_door=r.geopend_door,
                casusregisseur=r.casusregisseur,
                casusregisseur_org=r.casusregisseur_org,
                casemanagementmodel=r.casemanagementmodel,
            )
            for r in rows
        ]

    async def acties_per_partner(
        self, *, vandaag: date, oranje_tot: date, zondag: date
    ) -> builtins.list[PartnerActies]:
        def telling(voorwaarde: ColumnElement[bool]) -> Any:
            return func.coalesce(func.sum(case((voorwaarde, 1), else_=0)), 0)

        rows = await self._s.execute(
            select(
                acties.c.wie,
                telling(acties.c.wanneer < vandaag).label("rood"),
                telling(and_(acties.c.wanneer >= vandaag, acties.c.wanneer <= oranje_tot)).label(
                    "oranje"
                ),
                telling(acties.c.wanneer > oranje_tot).label("groen"),
                telling(and_(acties.c.wanneer >= vandaag, acties.c.wanneer <= zondag)).label(
                    "deze_week"
                ),
            )
            .where(_open_acties())
            .group_by(acties.c.wie)
            .order_by(acties.c.wie)
        )
        return [
            PartnerActies(
                partner=r.wie,
                rood=int(r.rood),
                oranje=int(r.oranje),
                groen=int(r.groen),
                deze_week=int(r.deze_week),
            )
            for r in rows
        ]

    async def aandachtsacties(
        self, *, tot_en_met: date, limiet: int
    ) -> builtins.list[ActieSignaal]:
        rows = await self._s.execute(
            select(
                acties.c.actie_id,
                acties.c.casus_id,
                acties.c.wie,
                acties.c.wanneer,
                acties.c.status,
            )
            .where(_open_acties(), acties.c.wanneer <= tot_en_met)
            .order_by(acties.c.wanneer, acties.c.actie_id)
            .limit(limiet)
        )
        return [
            ActieSignaal(
                actie_id=r.actie_id,
                casus_id=r.casus_id,
                wie=r.wie,
                wanneer=r.wanneer,
                status=r.status,
            )
            for r in rows
        ]

    def _dagen(self) -> ColumnElement[Any]:
        """Whole days from toegewezen_op to teruggekoppeld_op, in the database's own terms."""
        if self._dialect() == "postgresql":
            # date_part gives a double; extract a numeric, several times slower over many rows
            seconden = func.date_part("epoch", acties.c.teruggekoppeld_op - acties.c.toegewezen_op)
            return cast(func.floor(seconden / 86400), Integer)
        # SQLite keeps UTC text: julianday gives fractional days
        verschil = func.julianday(acties.c.teruggekoppeld_op) - func.julianday(
            acties.c.toegewezen_op
        )
        return cast(func.floor(verschil), Integer)

    async def terugkoppeltijden(self, *, sinds: datetime) -> dict[str, dict[int, int]]:
        dagen = self._dagen().label("dagen")
        rows = await self._s.execute(
            select(acties.c.wie, dagen, func.count().label("aantal"))
            .where(acties.c.teruggekoppeld_op >= sinds)
            .group_by(acties.c.wie, dagen)
        )
        uit: dict[str, dict[int, int]] = {}
        for r in rows:
            per_dag = uit.setdefault(r.wie, {})
            dag = max(0, int(r.dagen))  # a clock step back must not count as negative
            per_dag[dag] = per_dag.get(dag, 0) + int(r.aantal)
        return uit

    async def uitnodigingen(self, *, sinds: datetime) -> builtins.list[Uitnodiging]:
        eerste = (
            select(
                antwoorden.c.overleg_id,
                antwoorden.c.partner,
                func.min(antwoorden.c.beantwoord_op).label("beantwoord_op"),
            )
            .group_by(antwoorden.c.overleg_id, antwoorden.c.partner)
            .subquery()
        )
        rows = await self._s.execute(
            select(overleg_genodigden.c.partner, overleggen.c.gepland_op, eerste.c.beantwoord_op)
            .join(overleggen, overleggen.c.overleg_id == overleg_genodigden.c.overleg_id)
            .outerjoin(
                eerste,
                and_(
                    eerste.c.overleg_id == overleg_genodigden.c.overleg_id,
                    eerste.c.partner == overleg_genodigden.c.partner,
                ),
            )
            .where(overleggen.c.gepland_op >= sinds)
        )
        return [
            Uitnodiging(
                partner=r.partner, uitgenodigd_op=r.gepland_op, beantwoord_op=r.beantwoord_op
            )
            for r in rows
        ]

"""SQL repository for the meldpunt's incidents and their nazorg (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from zvh_intake.adapters.db.tables import vpt_incidenten, vpt_nazorg
from zvh_intake.domain.vpt import Nazorg, NazorgContact, VptIncident


class SqlVptRepository:
    """Incidents with their three nazorg contacts."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _met_nazorg(self, rows: Sequence[Any]) -> list[VptIncident]:
        ids = [r.id for r in rows]
        per_incident: dict[uuid.UUID, list[Nazorg]] = {i: [] for i in ids}
        if ids:
            result = await self._session.execute(
                select(vpt_nazorg).where(vpt_nazorg.c.incident.in_(ids))
            )
            for n in result:
                per_incident[n.incident].append(
                    Nazorg(NazorgContact(n.contact), n.uiterlijk, n.gedaan_op, n.door)
                )
        volgorde = list(NazorgContact)
        return [
            VptIncident(
                id=r.id,
                organisatie=r.organisatie,
                gemeld_op=r.gemeld_op,
                gebeurd_op=r.gebeurd_op,
                soorten=tuple(r.soorten),
                politie_ter_plaatse=r.politie_ter_plaatse,
                impact=r.impact,
                urgent=r.urgent,
                casemanager=r.casemanager,
                inhoud=json.loads(r.inhoud),
                nazorg=tuple(sorted(per_incident[r.id], key=lambda n: volgorde.index(n.contact))),
                referentie=r.referentie,
                melder=r.melder,
                leidinggevende=r.leidinggevende,
                casus_id=r.casus_id,
                client_pseudoniem=r.client_pseudoniem,
            )
            for r in rows
        ]

    async def get(self, incident_id: uuid.UUID) -> VptIncident | None:
        rows = (
            await self._session.execute(
                select(vpt_incidenten).where(vpt_incidenten.c.id == incident_id)
            )
        ).all()
        found = await self._met_nazorg(rows)
        return found[0] if found else None

    async def find_by_referentie(self, *, organisatie: str, referentie: str) -> VptIncident | None:
        rows = (
            await self._session.execute(
                select(vpt_incidenten).where(
                    vpt_incidenten.c.organisatie == organisatie,
                    vpt_incidenten.c.referentie == referentie,
                )
            )
        ).all()
        found = await self._met_nazorg(rows)
        return found[0] if found else None

    async def add(self, incident: VptIncident) -> None:
        await self._session.execute(
            insert(vpt_incidenten).values(
                id=incident.id,
                organisatie=incident.organisatie,
                referentie=incident.referentie,
                melder=incident.melder,
                leidinggevende=incident.leidinggevende,
                casemanager=incident.casemanager,
                gemeld_op=incident.gemeld_op,
                gebeurd_op=incident.gebeurd_op,
                soorten=list(incident.soorten),
                politie_ter_plaatse=incident.politie_ter_plaatse,
                impact=incident.impact,
                urgent=incident.urgent,
                casus_id=incident.casus_id,
                client_pseudoniem=incident.client_pseudoniem,
                inhoud=json.dumps(dict(incident.inhoud), ensure_ascii=False),
                open=incident.open,
            )
        )
        await self._session.execute(
            insert(vpt_nazorg),
            [
                {
                    "incident": incident.id,
                    "contact": n.contact.value,
                    "uiterlijk": n.uiterlijk,
                    "gedaan_op": n.gedaan_op,
                    "door": n.door,
                }
                for n in incident.nazorg
            ],
        )

    async def save_nazorg(self, incident: VptIncident, contact: NazorgContact) -> None:
        n = incident.nazorg_van(contact)
        await self._session.execute(
            update(vpt_nazorg)
            .where(vpt_nazorg.c.incident == incident.id, vpt_nazorg.c.contact == contact.value)
            .values(gedaan_op=n.gedaan_op, door=n.door)
        )
        await self._session.execute(
            update(vpt_incidenten)
            .where(vpt_incidenten.c.id == incident.id)
            .values(open=incident.open)
        )

    async def voor(self, *, organisatie: str, user: str) -> list[VptIncident]:
        """Candidates for one user's list (the PDP decides each): the own organisation's
        incidents and those assigned to the user, newest first."""
        rows = (
            await self._session.execute(
                select(vpt_incidenten)
                .where(
                    or_(
                        vpt_incidenten.c.organisatie == organisatie,
                        vpt_incidenten.c.casemanager == user,
                    )
                )
                .order_by(vpt_incidenten.c.gemeld_op.desc(), vpt_incidenten.c.id)
            )
        ).all()
        return await self._met_nazorg(rows)

    async def open_per_casemanager(self) -> dict[str, int]:
        result = await self._session.execute(
            select(vpt_incidenten.c.casemanager, func.count())
            .where(vpt_incidenten.c.open.is_(True))
            .group_by(vpt_incidenten.c.casemanager)
        )
        return {cm: int(n) for cm, n in result}

    async def gemeld_tussen(
        self, *, organisatie: str, van: datetime, tot: datetime
    ) -> list[VptIncident]:
        """The organisation's incidents reported in ``[van, tot)``."""
        rows = (
            await self._session.execute(
                select(vpt_incidenten).where(
                    vpt_incidenten.c.organisatie == organisatie,
                    vpt_incidenten.c.gemeld_op >= van,
                    vpt_incidenten.c.gemeld_op < tot,
                )
            )
        ).all()
        return await self._met_nazorg(rows)


__all__ = ["SqlVptRepository"]

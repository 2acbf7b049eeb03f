"""SQL repository for bezorgingen; attempts are append-only rows keyed by (bezorging, nr), and an
e-mail's attachments are rows keyed the same way, written once with the bezorging."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from zvh_notify.adapters.db.tables import (
    bezorging_bijlagen,
    bezorgingen,
    bezorgpogingen,
    webhook_berichten,
)
from zvh_notify.domain.model import (
    Bezorging,
    Bezorgpoging,
    Bijlage,
    Email,
    Kanaal,
    Resultaat,
    Status,
    WebhookBericht,
)


class SqlBezorgingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._s = session

    async def add(self, bezorging: Bezorging) -> None:
        await self._s.execute(insert(bezorgingen).values(**_row(bezorging)))
        await self._insert_pogingen(bezorging.id, bezorging.pogingen_log)
        bijlagen = bezorging.email.bijlagen if bezorging.email else ()
        if bijlagen:
            await self._s.execute(
                insert(bezorging_bijlagen),
                [
                    {
                        "bezorging_id": bezorging.id,
                        "nr": nr,
                        "bestandsnaam": b.bestandsnaam,
                        "content_type": b.content_type,
                        "inhoud": b.inhoud,
                    }
                    for nr, b in enumerate(bijlagen, start=1)
                ],
            )
        if bezorging.webhook is not None:
            await self._s.execute(
                insert(webhook_berichten).values(
                    bezorging_id=bezorging.id, body=bezorging.webhook.body
                )
            )

    async def get(self, bezorging_id: uuid.UUID) -> Bezorging | None:
        found = await self._load(select(bezorgingen).where(bezorgingen.c.id == bezorging_id))
        return found[0] if found else None

    async def save(self, bezorging: Bezorging) -> None:
        row = _row(bezorging)
        row.pop("id")
        await self._s.execute(
            update(bezorgingen).where(bezorgingen.c.id == bezorging.id).values(**row)
        )
        stored = await self._s.scalar(
            select(func.coalesce(func.max(bezorgpogingen.c.nr), 0)).where(
                bezorgpogingen.c.bezorging_id == bezorging.id
            )
        )
        new = [p for p in bezorging.pogingen_log if p.nr > (stored or 0)]
        await self._insert_pogingen(bezorging.id, new)

    async def due_emails(self, *, now: datetime, limit: int) -> list[Bezorging]:
        return await self._load(
            select(bezorgingen)
            .where(
                bezorgingen.c.kanaal == Kanaal.EMAIL.value,
                bezorgingen.c.status == Status.WACHT.value,
                bezorgingen.c.volgende_poging_op <= now,
            )
            .order_by(bezorgingen.c.volgende_poging_op, bezorgingen.c.aangemaakt_op)
            .limit(limit)
        )

    async def due_webhooks(self, *, now: datetime, limit: int) -> list[Bezorging]:
        return await self._load(
            select(bezorgingen)
            .where(
                bezorgingen.c.kanaal == Kanaal.WEBHOOK.value,
                bezorgingen.c.status == Status.WACHT.value,
                bezorgingen.c.volgende_poging_op <= now,
            )
            .order_by(bezorgingen.c.volgende_poging_op, bezorgingen.c.aangemaakt_op)
            .limit(limit)
        )

    async def waiting_partner_topic(self, *, limit: int) -> list[Bezorging]:
        return await self._load(
            select(bezorgingen)
            .where(
                bezorgingen.c.kanaal == Kanaal.PARTNER_TOPIC.value,
                bezorgingen.c.status == Status.WACHT.value,
            )
            .order_by(bezorgingen.c.aangemaakt_op)
            .limit(limit)
        )

    async def find(
        self,
        *,
        bron_event_id: uuid.UUID | None,
        ontvanger: str | None,
        limit: int,
        status: Status | None = None,
    ) -> list[Bezorging]:
        q = select(bezorgingen)
        if status is not None:
            q = q.where(bezorgingen.c.status == status.value)
        if bron_event_id is not None:
            q = q.where(bezorgingen.c.bron_event_id == bron_event_id)
        if ontvanger is not None:
            q = q.where(bezorgingen.c.ontvanger == ontvanger)
        return await self._load(
            q.order_by(bezorgingen.c.aangemaakt_op, bezorgingen.c.kanaal).limit(limit)
        )

    async def _insert_pogingen(
        self, bezorging_id: uuid.UUID, pogingen: Sequence[Bezorgpoging]
    ) -> None:
        if pogingen:
            await self._s.execute(
                insert(bezorgpogingen),
                [
                    {
                        "bezorging_id": bezorging_id,
                        "nr": p.nr,
                        "tijd": p.tijd,
                        "resultaat": p.resultaat.value,
                        "fout": p.fout,
                    }
                    for p in pogingen
                ],
            )

    async def _load(self, query: Any) -> list[Bezorging]:
        rows = (await self._s.execute(query)).mappings().all()
        if not rows:
            return []
        ids = [r["id"] for r in rows]
        pogingen: dict[uuid.UUID, list[Bezorgpoging]] = {i: [] for i in ids}
        for p in (
            await self._s.execute(
                select(bezorgpogingen)
                .where(bezorgpogingen.c.bezorging_id.in_(ids))
                .order_by(bezorgpogingen.c.bezorging_id, bezorgpogingen.c.nr)
            )
        ).mappings():
            pogingen[p["bezorging_id"]].append(
                Bezorgpoging(
                    nr=p["nr"], tijd=p["tijd"], resultaat=Resultaat(p["resultaat"]), fout=p["fout"]
                )
            )
        bijlagen: dict[uuid.UUID, list[Bijlage]] = {i: [] for i in ids}
        for a in (
            await self._s.execute(
                select(bezorging_bijlagen)
                .where(bezorging_bijlagen.c.bezorging_id.in_(ids))
                .order_by(bezorging_bijlagen.c.bezorging_id, bezorging_bijlagen.c.nr)
            )
        ).mappings():
            bijlagen[a["bezorging_id"]].append(
                Bijlage(
                    bestandsnaam=a["bestandsnaam"],
                    content_type=a["content_type"],
                    inhoud=bytes(a["inhoud"]),
                )
            )
        bodies: dict[uuid.UUID, bytes] = {
            w["bezorging_id"]: bytes(w["body"])
            for w in (
                await self._s.execute(
                    select(webhook_berichten).where(webhook_berichten.c.bezorging_id.in_(ids))
                )
            ).mappings()
        }
        return [
            _bezorging(r, pogingen[r["id"]], tuple(bijlagen[r["id"]]), bodies.get(r["id"]))
            for r in rows
        ]


def _row(b: Bezorging) -> dict[str, Any]:
    return {
        "id": b.id,
        "kanaal": b.kanaal.value,
        "ontvanger": b.ontvanger,
        "bron_event_id": b.bron_event_id,
        "event_type": b.event_type,
        "casus_id": b.casus_id,
        "status": b.status.value,
        "pogingen": b.pogingen,
        "laatste_fout": b.laatste_fout,
        "aangemaakt_op": b.aangemaakt_op,
        "bijgewerkt_op": b.bijgewerkt_op,
        "volgende_poging_op": b.volgende_poging_op,
        "email_adres": b.email.adres if b.email else None,
        "onderwerp": b.email.onderwerp if b.email else None,
        "tekst": b.email.tekst if b.email else None,
        "heropend_op": b.heropend_op,
        "heropend_door": b.heropend_door,
        "pogingen_voor_venster": b.pogingen_voor_venster,
    }


def _bezorging(
    r: Any, pogingen: list[Bezorgpoging], bijlagen: tuple[Bijlage, ...], body: bytes | None
) -> Bezorging:
    email = (
        Email(adres=r["email_adres"], onderwerp=r["onderwerp"], tekst=r["tekst"], bijlagen=bijlagen)
        if r["email_adres"]
        else None
    )
    return Bezorging(
        id=r["id"],
        kanaal=Kanaal(r["kanaal"]),
        ontvanger=r["ontvanger"],
        bron_event_id=r["bron_event_id"],
        event_type=r["event_type"],
        casus_id=r["casus_id"],
        aangemaakt_op=r["aangemaakt_op"],
        status=Status(r["status"]),
        pogingen=r["pogingen"],
        laatste_fout=r["laatste_fout"],
        bijgewerkt_op=r["bijgewerkt_op"],
        volgende_poging_op=r["volgende_poging_op"],
        email=email,
        webhook=WebhookBericht(body=body) if body is not None else None,
        pogingen_log=pogingen,
        heropend_op=r["heropend_op"],
        heropend_door=r["heropend_door"],
        pogingen_voor_venster=r["pogingen_voor_venster"],
    )

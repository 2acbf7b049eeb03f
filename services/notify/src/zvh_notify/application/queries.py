"""Read side: deliveries with their attempts, for operators and the partner's own view."""

from __future__ import annotations

import uuid

from zvh_notify.application.ports import UnitOfWorkFactory
from zvh_notify.domain.model import Bezorging, Status


async def list_bezorgingen(
    *,
    uow_factory: UnitOfWorkFactory,
    bron_event_id: uuid.UUID | None = None,
    ontvanger: str | None = None,
    status: Status | None = None,
    limit: int = 100,
) -> list[Bezorging]:
    async with uow_factory() as uow:
        return await uow.bezorgingen.find(
            bron_event_id=bron_event_id, ontvanger=ontvanger, status=status, limit=limit
        )

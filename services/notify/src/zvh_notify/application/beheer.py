"""Operator actions on bezorgingen: reopen one that was given up, so it is tried again.

Reopening is the answer to ``opgegeven`` (the retry window ran out): after the operator fixed
the cause — the mail server, the partner's address — the bezorging gets a fresh window.
"""

from __future__ import annotations

import logging
import uuid

from zvh_notify.application.ports import Clock, UnitOfWorkFactory
from zvh_notify.domain.model import Bezorging

log = logging.getLogger(__name__)


class BezorgingOnbekend(LookupError):
    """No bezorging with that id."""


async def heropen_bezorging(
    *, uow_factory: UnitOfWorkFactory, bezorging_id: uuid.UUID, door: str, clock: Clock
) -> Bezorging:
    """Put a given-up bezorging back to ``wacht`` with a new window from now; returns it.

    Raises BezorgingOnbekend, or NietOpgegeven when it is not given up. The caller wakes the
    delivery worker after this returns (the change is committed).
    """
    async with uow_factory() as uow:
        b = await uow.bezorgingen.get(bezorging_id)
        if b is None:
            raise BezorgingOnbekend(str(bezorging_id))
        b.heropen(tijd=clock.now(), door=door)
        await uow.bezorgingen.save(b)
        await uow.commit()
    log.warning(
        "%s bezorging %s to %s reopened by %s after %d attempts; new retry window from %s",
        b.kanaal.value,
        b.id,
        b.ontvanger,
        door,
        b.pogingen,
        b.venster_start.isoformat(),
    )
    return b

"""Turn overleg's and consent's events into bezorgingen: a partner-topic message and an e-mail
per recipient.

Everything for one incoming event happens in one transaction: the inbox record, the outbox rows
and the bezorgingen. Ids derive from the incoming ``ce_id``, so a replay changes nothing. What
each event becomes is decided in ``casus_berichten``, ``overleg_berichten`` and
``doorbreking_berichten``; the actie events also plan or end termijn timers (``termijnen``), in
the same transaction. Intake's VPT incident events become the leidinggevende's and the piket's
messages and the nazorg timers (``vpt_nazorg``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from zvh_contracts.base import Event
from zvh_platform.kalender import NEDERLAND, Kalender
from zvh_platform.termijnen import Termijnen

from zvh_notify.application import (
    casus_berichten,
    doorbreking_berichten,
    overleg_berichten,
    termijnen,
    vpt_nazorg,
)
from zvh_notify.application.bericht import Bericht, Omgeving
from zvh_notify.application.bezorgen import bezorg
from zvh_notify.application.ports import Clock, PartnerDirectory, UnitOfWork
from zvh_notify.domain.model import Bezorging

CASUS_TYPES = frozenset(t.event_type for t in casus_berichten.DELIVERED)
OVERLEG_TYPES = frozenset(t.event_type for t in overleg_berichten.DELIVERED)
DOORBREKING_TYPES = frozenset(t.event_type for t in doorbreking_berichten.DELIVERED)
#: Event types the consumer parses and hands on; everything else is skipped unparsed.
HANDLED_TYPES = CASUS_TYPES | OVERLEG_TYPES | DOORBREKING_TYPES | termijnen.TYPES | vpt_nazorg.TYPES

DEFAULT_UI_URL = "http://127.0.0.1:8000"

_Bouwer = Callable[[Event, Omgeving], Iterable[Bericht]]


def _casus(event: Event, _omgeving: Omgeving) -> Iterable[Bericht]:
    return casus_berichten.casus_berichten(event)


#: Which module decides what each handled event type becomes.
_BOUWERS: dict[str, _Bouwer] = {
    **dict.fromkeys(CASUS_TYPES, _casus),
    **dict.fromkeys(OVERLEG_TYPES, overleg_berichten.overleg_berichten),
    **dict.fromkeys(DOORBREKING_TYPES, doorbreking_berichten.doorbreking_berichten),
}


async def handle_event(
    *,
    event_id: uuid.UUID,
    event: Event,
    uow: UnitOfWork,
    partners: PartnerDirectory,
    clock: Clock,
    ui_url: str = DEFAULT_UI_URL,
    kalender: Kalender = NEDERLAND,
    regio_termijnen: Termijnen | None = None,
) -> list[Bezorging]:
    """Process one event from ``zvh.overleg.casus.v1``, ``zvh.overleg.overleg.v1`` or
    ``zvh.consent.doorbreking.v1``; returns the bezorgingen it created. A type notify does not
    deliver leaves no trace, not even an inbox record."""
    bouwer = _BOUWERS.get(event.event_type)
    if bouwer is None and event.event_type not in termijnen.TYPES | vpt_nazorg.TYPES:
        return []
    async with uow:
        if await uow.seen_before(event_id):
            return []
        omgeving = Omgeving(partners=partners, nu=clock.now(), ui_url=ui_url.rstrip("/"))
        created: list[Bezorging] = []
        for bericht in bouwer(event, omgeving) if bouwer else ():
            created += await bezorg(
                uow=uow, bron=event_id, event=event, bericht=bericht, omgeving=omgeving
            )
        await termijnen.bij_event(
            event,
            timers=uow.timers,
            omgeving=omgeving,
            kalender=kalender,
            termijnen=regio_termijnen,
        )
        created += await vpt_nazorg.bij_event(event, uow=uow, omgeving=omgeving, kalender=kalender)
        await uow.commit()
    return created

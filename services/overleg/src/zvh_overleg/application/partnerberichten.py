"""Taking in a partner's terugkoppeling or antwoord: every one is answered and, when rejected, kept.

Overleg owns these partner types (``zvh_contracts.registry.PARTNER_TYPE_OWNERS``); intake answers
the rest. The partner is the one whose topic carried the message, never a payload field; the
inbox key is partner + ``ce_id`` (a ``ce_id`` is unique per partner only).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field

from pydantic import ValidationError
from zvh_contracts import registry
from zvh_contracts.afwijzing import TE_DIEP_GENEST, Reden, bewaarde_kopie, uit_validatiefouten
from zvh_contracts.envelope import Envelope, derived_id, partner_message_id, readable_ce_id
from zvh_contracts.partner.actie_v1 import ActieTeruggekoppeld
from zvh_contracts.partner.overleg_v1 import OverlegBeantwoord
from zvh_contracts.topics import MAX_MESSAGE_BYTES

from zvh_overleg.application.handlers import handle_partner_event
from zvh_overleg.application.ontvangst import Ontvangst, wijs_af
from zvh_overleg.application.planning import handle_partner_antwoord
from zvh_overleg.application.ports import Clock, UnitOfWorkFactory
from zvh_overleg.domain.errors import OverlegError
from zvh_overleg.domain.partnerbericht import AfgewezenBericht

log = logging.getLogger(__name__)

OWNER = "overleg"
MAX_BYTES = MAX_MESSAGE_BYTES
ONVERWACHT = Reden(veld="", melding="het bericht kon niet worden verwerkt; de ZVH zoekt het uit")


@dataclass(frozen=True)
class Partnerbericht:
    """One message from a partner's to-zvh topic, as the consumer received it."""

    topic: str
    partner: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    envelope: Envelope | None = None
    envelope_error: str | None = None
    partition: int | None = None
    offset: int | None = None

    @property
    def berichttype(self) -> str:
        return self.envelope.type if self.envelope else self.headers.get("ce_type", "")

    @property
    def ce_id(self) -> uuid.UUID | None:
        return readable_ce_id(self.envelope, self.headers)

    def ontvangst(self) -> Ontvangst:
        ce_id = self.ce_id
        event_id = (
            partner_message_id(self.partner, ce_id)
            if ce_id is not None
            else derived_id(OWNER, "partnerbericht", self.topic, self.partition, self.offset)
        )
        return Ontvangst(
            partner=self.partner, ce_id=ce_id, berichttype=self.berichttype, event_id=event_id
        )


def is_van_overleg(bericht: Partnerbericht) -> bool:
    """Whether overleg answers this message (by its ce_type, even when the envelope is broken)."""
    return registry.partner_type_owner(bericht.berichttype or None) == OWNER


class _Afgewezen(Exception):
    def __init__(self, redenen: list[Reden]) -> None:
        super().__init__("afgewezen")
        self.redenen = redenen


def _lees(bericht: Partnerbericht, *, max_bytes: int) -> ActieTeruggekoppeld | OverlegBeantwoord:
    if bericht.envelope is None:
        tekst = f"ongeldige CloudEvents-envelop: {bericht.envelope_error}"
        raise _Afgewezen([Reden(veld="", melding=tekst[:1000])])
    if len(bericht.body) > max_bytes:
        raise _Afgewezen([Reden(veld="", melding=f"het bericht is groter dan {max_bytes} bytes")])
    try:
        event = registry.parse(bericht.envelope.type, bericht.body)
    except ValidationError as exc:
        raise _Afgewezen(uit_validatiefouten(exc.errors(include_input=False))) from exc
    except RecursionError as exc:
        raise _Afgewezen([TE_DIEP_GENEST]) from exc
    assert isinstance(event, ActieTeruggekoppeld | OverlegBeantwoord)
    return event


async def ontvang(
    bericht: Partnerbericht, *, uow: UnitOfWorkFactory, clock: Clock, max_bytes: int = MAX_BYTES
) -> bool:
    """Take in one partner message overleg owns; True when applied, False when not (answered)."""
    if not is_van_overleg(bericht):
        return False
    ontvangst = bericht.ontvangst()
    try:
        event = _lees(bericht, max_bytes=max_bytes)
        if isinstance(event, OverlegBeantwoord):
            return await handle_partner_antwoord(
                event_id=ontvangst.event_id,
                topic=bericht.topic,
                event=event,
                uow=uow,
                clock=clock,
                ontvangst=ontvangst,
            )
        return await handle_partner_event(
            event_id=ontvangst.event_id,
            topic=bericht.topic,
            event=event,
            uow=uow,
            clock=clock,
            ontvangst=ontvangst,
        )
    except _Afgewezen as afwijzing:
        redenen = afwijzing.redenen
    except OverlegError as exc:  # Dutch domain texts naming ids from the partner's own message
        redenen = [Reden(veld=getattr(exc, "veld", ""), melding=str(exc)[:1000])]
    await keep_and_reject(bericht, redenen=redenen, uow=uow, clock=clock, max_bytes=max_bytes)
    return False


async def keep_and_reject(
    bericht: Partnerbericht,
    *,
    redenen: list[Reden],
    uow: UnitOfWorkFactory,
    clock: Clock,
    max_bytes: int = MAX_BYTES,
    remember: bool = True,
) -> None:
    """Keep the raw message and answer it with the reasons, once per partner + ce_id.

    ``remember`` False (an unexpected crash) leaves the inbox alone so a replay still handles it,
    and keeps no copy: the platform's dead letter already holds the record.
    """
    ontvangst = bericht.ontvangst()
    async with uow() as tx:
        if remember:
            if await tx.seen_before(ontvangst.event_id):
                return
            await tx.afgewezen.add(_kopie(bericht, redenen=redenen, clock=clock, limit=max_bytes))
        await wijs_af(tx, ontvangst, redenen)
        await tx.commit()
    log.info(
        "partnerbericht afgewezen",
        extra={"partner": bericht.partner, "ce_id": str(ontvangst.ce_id)},
    )


def _kopie(
    bericht: Partnerbericht, *, redenen: list[Reden], clock: Clock, limit: int
) -> AfgewezenBericht:
    tekst, body_base64 = bewaarde_kopie(bericht.body, limit)
    ce_id = bericht.headers.get("ce_id")
    ce_type = bericht.headers.get("ce_type")
    return AfgewezenBericht(
        id=uuid.uuid4(),
        topic=bericht.topic,
        partition=bericht.partition,
        offset=bericht.offset,
        partner=bericht.partner,
        ce_id=ce_id[:100] if ce_id else None,
        ce_type=ce_type[:200] if ce_type else None,
        headers=dict(bericht.headers),
        body_tekst=tekst,
        body_base64=body_base64,
        redenen=tuple(redenen),
        ontvangen_op=clock.now(),
    )

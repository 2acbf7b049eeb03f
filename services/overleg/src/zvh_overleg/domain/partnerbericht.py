"""A partner message overleg could not take in, kept as it arrived: nothing is dropped silently."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from zvh_contracts.afwijzing import Reden


@dataclass(frozen=True)
class AfgewezenBericht:
    """The raw message (cut to the size limit, kept once) and why it was rejected."""

    id: uuid.UUID
    topic: str
    partition: int | None
    offset: int | None
    partner: str
    ce_id: str | None
    ce_type: str | None
    headers: dict[str, str]
    #: The body as text when it is UTF-8; else None and ``body_base64`` holds it.
    body_tekst: str | None
    body_base64: str
    redenen: tuple[Reden, ...]
    ontvangen_op: datetime

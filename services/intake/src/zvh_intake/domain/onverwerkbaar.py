"""A message intake could not process, kept as it arrived so nothing is dropped silently."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from zvh_intake.domain.afwijzing import Reden


@dataclass(frozen=True)
class OnverwerkbaarBericht:
    """The raw message and why it was rejected, for inspection by an operator."""

    id: uuid.UUID
    topic: str
    partition: int | None
    offset: int | None
    melder: str | None
    ce_id: str | None
    headers: dict[str, str]
    #: The body (cut to the size limit) as text when it is UTF-8; else None and base64 below.
    body_tekst: str | None
    #: The body as base64 when it is not UTF-8; "" when ``body_tekst`` holds it.
    body_base64: str
    redenen: tuple[Reden, ...]
    ontvangen_op: datetime

"""Ids on the current span, so operators can find a casus or melding in a trace. Ids only."""

from __future__ import annotations

import uuid

from opentelemetry import trace


def mark(
    *,
    casus_id: uuid.UUID | None = None,
    melding_id: uuid.UUID | None = None,
    overleg_id: uuid.UUID | None = None,
) -> None:
    span = trace.get_current_span()
    if overleg_id is not None:
        span.set_attribute("zvh.overleg_id", str(overleg_id))
    if casus_id is not None:
        span.set_attribute("zvh.casus_id", str(casus_id))
    if melding_id is not None:
        span.set_attribute("zvh.melding_id", str(melding_id))

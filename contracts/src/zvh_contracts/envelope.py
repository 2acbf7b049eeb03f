"""CloudEvents 1.0 in Kafka binary mode (contracts/README.md).

The event body is the message value (JSON); the attributes travel as ``ce_*`` headers. W3C trace
context headers (``traceparent``/``tracestate``) travel beside them and are set by the telemetry
middleware, not here.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field

CONTENT_TYPE = "application/json"
SPECVERSION = "1.0"


class EnvelopeError(ValueError):
    """The headers do not form a valid CloudEvent."""


class Envelope(BaseModel):
    """The CloudEvents attributes of one message."""

    model_config = ConfigDict(frozen=True)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, description="Dedupe key")
    source: str = Field(min_length=1, max_length=200)
    type: str = Field(min_length=1, max_length=200)
    subject: str = Field(min_length=1, max_length=200)
    time: datetime = Field(default_factory=lambda: datetime.now(UTC))
    specversion: str = SPECVERSION

    def headers(self) -> dict[str, str]:
        """Kafka headers for this envelope."""
        return {
            "ce_specversion": self.specversion,
            "ce_id": str(self.id),
            "ce_source": self.source,
            "ce_type": self.type,
            "ce_subject": self.subject,
            "ce_time": self.time.isoformat(),
            "content-type": CONTENT_TYPE,
        }

    @classmethod
    def from_headers(
        cls, headers: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes]]
    ) -> Envelope:
        """Read the envelope from Kafka headers; raise EnvelopeError naming what is wrong."""
        items = headers.items() if isinstance(headers, Mapping) else headers
        h = {k: (v.decode("utf-8", "replace") if isinstance(v, bytes) else v) for k, v in items}
        missing = [
            k
            for k in ("ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject")
            if not h.get(k)
        ]
        if missing:
            raise EnvelopeError(f"missing CloudEvents header(s): {', '.join(missing)}")
        if h["ce_specversion"] != SPECVERSION:
            raise EnvelopeError(f"unsupported ce_specversion {h['ce_specversion']!r}, expected 1.0")
        try:
            return cls(
                id=uuid.UUID(h["ce_id"]),
                source=h["ce_source"],
                type=h["ce_type"],
                subject=h["ce_subject"],
                time=datetime.fromisoformat(h["ce_time"])
                if h.get("ce_time")
                else datetime.now(UTC),
            )
        except ValueError as exc:
            raise EnvelopeError(f"invalid CloudEvents header: {exc}") from exc


def derived_id(*parts: object) -> uuid.UUID:
    """A stable event id derived from what caused it, so a replay yields the same ``ce_id``."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "zvh:" + ":".join(str(p) for p in parts))


def readable_ce_id(envelope: Envelope | None, headers: Mapping[str, str]) -> uuid.UUID | None:
    """A message's ``ce_id``, also from a broken envelope when that header itself is fine."""
    if envelope is not None:
        return envelope.id
    try:
        return uuid.UUID(headers.get("ce_id", ""))
    except ValueError:
        return None


def partner_message_id(partner: str, ce_id: uuid.UUID) -> uuid.UUID:
    """The dedupe key of a partner's message: its ``ce_id`` is unique per partner only."""
    return derived_id("partner-bericht", partner, ce_id)

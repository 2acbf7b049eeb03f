"""Kafka records as they arrived, and a FastStream parser that never raises.

FastStream's own parser decodes every header value as strict UTF-8 and drops the message when a
value is not UTF-8 or is null, before any handler sees it. ``safe_parser`` replaces undecodable
bytes instead, so every record reaches a handler, and handlers get a ``RawRecord``: the same
value a dead letter keeps, so a handler can be called again for a replay.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from faststream.message import StreamMessage
from zvh_contracts.envelope import Envelope, EnvelopeError

Header = tuple[str, bytes]

#: The FastStream header that lists keys seen more than once (only the last value is in
#: ``msg.headers``; the raw record keeps all of them).
DUPLICATE_HEADERS = "x-zvh-duplicate-headers"


def decode_header(value: bytes | None) -> str:
    """A header value as text: null becomes "", invalid UTF-8 gets replacement characters."""
    if value is None:
        return ""
    return bytes(value).decode("utf-8", "replace")


@dataclass(frozen=True)
class RawRecord:
    """One Kafka record exactly as consumed: what a handler gets and what a dead letter keeps."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    headers: tuple[Header, ...]
    value: bytes
    timestamp: int | None = None
    header_map: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        mapping: dict[str, str] = {}
        for name, value in self.headers:
            mapping.setdefault(name, decode_header(value))  # first value wins for a duplicate
        object.__setattr__(self, "header_map", mapping)

    @classmethod
    def from_consumer_record(cls, record: Any) -> RawRecord:
        headers = tuple(
            (str(name), b"" if value is None else bytes(value))
            for name, value in (getattr(record, "headers", None) or ())
        )
        key = getattr(record, "key", None)
        value = getattr(record, "value", None)
        return cls(
            topic=str(record.topic),
            partition=int(record.partition),
            offset=int(record.offset),
            key=bytes(key) if key is not None else None,
            headers=headers,
            value=bytes(value) if value is not None else b"",
            timestamp=getattr(record, "timestamp", None),
        )

    def header(self, name: str) -> str | None:
        """The (first) value of header ``name`` as text, or None when absent."""
        return self.header_map.get(name)

    @property
    def duplicate_headers(self) -> tuple[str, ...]:
        names = [n for n, _ in self.headers]
        return tuple(sorted({n for n in names if names.count(n) > 1}))

    @property
    def key_text(self) -> str | None:
        return decode_header(self.key) if self.key is not None else None

    def envelope(self) -> tuple[Envelope | None, str | None]:
        """The CloudEvents envelope, or None and why not (never raises)."""
        try:
            return Envelope.from_headers(self.header_map), None
        except EnvelopeError as exc:
            return None, str(exc)

    def to_json_headers(self) -> list[list[str]]:
        """Headers for storage in JSON: name and value as latin-1 text (lossless for bytes)."""
        return [[n, v.decode("latin-1")] for n, v in self.headers]

    @staticmethod
    def headers_from_json(stored: Any) -> tuple[Header, ...]:
        if isinstance(stored, str):
            stored = json.loads(stored)
        return tuple((str(n), str(v).encode("latin-1")) for n, v in stored or ())

    def truncated(self, limit: int) -> RawRecord:
        """The same record with its value cut to ``limit`` bytes (what a dead letter keeps)."""
        if len(self.value) <= limit:
            return self
        return dataclasses.replace(self, value=self.value[:limit])


RecordHandler = Callable[[RawRecord], Awaitable[None]]


def _clean_headers(headers: Any) -> list[Header]:
    return [(str(name), decode_header(value).encode("utf-8")) for name, value in (headers or ())]


async def safe_parser(
    record: Any, original: Callable[[Any], Awaitable[StreamMessage[Any]]]
) -> StreamMessage[Any]:
    """FastStream ``parser=``: header values decoded with replacement, the record kept intact."""
    clean = dataclasses.replace(record, headers=_clean_headers(record.headers))
    consumer = getattr(record, "consumer", None)
    if consumer is not None:
        clean.consumer = consumer  # type: ignore[attr-defined]
    msg = await original(clean)
    msg.raw_message = record
    names = [n for n, _ in (record.headers or ())]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        msg.headers = {**msg.headers, DUPLICATE_HEADERS: ",".join(dupes)}
    return msg


async def safe_batch_parser(
    records: tuple[Any, ...], original: Callable[[Any], Awaitable[StreamMessage[Any]]]
) -> StreamMessage[Any]:
    """``safe_parser`` for a batch subscriber: every record's headers decoded with replacement."""
    msg = await original(
        tuple(dataclasses.replace(r, headers=_clean_headers(r.headers)) for r in records)
    )
    msg.raw_message = records
    return msg


async def raw_batch_decoder(msg: StreamMessage[Any]) -> list[bytes]:
    """``raw_decoder`` for a batch subscriber: the bodies stay bytes."""
    return [bytes(body) for body in msg.body]


async def raw_decoder(msg: StreamMessage[Any]) -> bytes:
    """FastStream ``decoder=``: the body stays bytes (a JSON error is the handler's to answer)."""
    return bytes(msg.body)

"""Raw records and failure classification, without a broker."""

from __future__ import annotations

import errno
import socket
import sqlite3
from typing import Any

import httpx
import pytest
from aiokafka import ConsumerRecord
from faststream.kafka.message import FAKE_CONSUMER, KafkaMessage
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import IntegrityError, OperationalError
from zvh_platform.consuming import backoff_s
from zvh_platform.failures import describe_error, is_transient
from zvh_platform.records import DUPLICATE_HEADERS, RawRecord, safe_parser


def _record(headers: list[tuple[str, Any]], value: bytes | None = b"{}") -> ConsumerRecord:
    return ConsumerRecord(
        topic="zvh.partner.politie-zwb.to-zvh.v1",
        partition=2,
        offset=41,
        timestamp=1,
        timestamp_type=0,
        key=b"k",
        value=value,
        checksum=None,
        serialized_key_size=1,
        serialized_value_size=2,
        headers=headers,
    )


async def _original(record: ConsumerRecord) -> KafkaMessage:
    """FastStream's own parsing step: strict UTF-8, as in faststream/kafka/parser.py."""
    headers = {i: j.decode() for i, j in record.headers}
    return KafkaMessage(
        body=record.value, headers=headers, raw_message=record, consumer=FAKE_CONSUMER
    )


async def test_parser_survives_non_utf8_null_and_duplicate_headers() -> None:
    raw = _record([("ce_source", b"\xff\xfepolitie"), ("ce_id", None), ("x", b"1"), ("x", b"2")])
    with pytest.raises(UnicodeDecodeError):
        await _original(raw)  # what dropped such records before
    msg = await safe_parser(raw, _original)
    assert msg.headers["ce_source"] == "\ufffd\ufffdpolitie"
    assert msg.headers["ce_id"] == ""
    assert msg.headers[DUPLICATE_HEADERS] == "x"
    assert msg.raw_message is raw  # the original record, untouched

    record = RawRecord.from_consumer_record(raw)
    assert record.headers[0] == ("ce_source", b"\xff\xfepolitie")
    assert record.header("ce_id") == "" and record.header("x") == "1"
    assert record.duplicate_headers == ("x",)
    envelope, error = record.envelope()
    assert envelope is None and error is not None


def test_raw_record_headers_round_trip_through_json_and_truncate() -> None:
    record = RawRecord.from_consumer_record(_record([("a", b"\x00\xff")], value=b"x" * 10))
    assert RawRecord.headers_from_json(record.to_json_headers()) == record.headers
    assert record.truncated(4).value == b"xxxx" and record.truncated(40) is record
    assert RawRecord.from_consumer_record(_record([], value=None)).value == b""


def test_transient_and_permanent_failures() -> None:
    locked = OperationalError("UPDATE x SET naam=?", ("Jan",), sqlite3.OperationalError("locked"))
    assert is_transient(locked)
    assert is_transient(ConnectionResetError())
    assert is_transient(TimeoutError())
    assert is_transient(httpx.ConnectError("pdp weg"))
    try:
        try:
            raise OSError(errno.ENETUNREACH, "netwerk")
        except OSError as inner:
            raise RuntimeError("wrapped") from inner
    except RuntimeError as outer:
        assert is_transient(outer)  # the cause counts
    assert not is_transient(RuntimeError("bug"))
    assert not is_transient(ValueError("kapot"))
    assert not is_transient(RecursionError())
    assert is_transient(OSError(errno.EHOSTUNREACH, "geen route"))
    assert not is_transient(FileNotFoundError(errno.ENOENT, "weg"))  # retrying changes nothing
    assert not is_transient(PermissionError(errno.EACCES, "geen toegang"))
    assert not is_transient(OSError("no errno"))
    assert is_transient(socket.gaierror(socket.EAI_AGAIN, "naam onbekend"))
    assert not is_transient(IntegrityError("INSERT", ("123456782",), Exception("unique")))


def test_describe_error_never_shows_sql_or_parameters() -> None:
    exc = OperationalError(
        "INSERT INTO meldingen (naam) VALUES (?)", ("Jan de Vries",), sqlite3.OperationalError("x")
    )
    text = describe_error(exc)
    assert text == "database error (OperationalError from OperationalError)"

    class M(BaseModel):
        bsn: int

    with pytest.raises(ValidationError) as info:
        M.model_validate({"bsn": "Jan de Vries 123456782"})
    assert "123456782" not in describe_error(info.value)


def test_backoff_is_exponential_and_capped() -> None:
    assert [backoff_s(n, start_s=0.2, cap_s=30) for n in (1, 2, 3)] == [0.2, 0.4, 0.8]
    assert backoff_s(20, start_s=0.2, cap_s=30) == 30

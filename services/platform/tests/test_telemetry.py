"""Spans land as parsable OTLP-JSON lines with the service name; logs carry trace ids."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from opentelemetry import trace
from platform_helpers import settings_for
from zvh_platform.telemetry import flush_telemetry, setup_telemetry, shutdown_telemetry


def _lines(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def test_spans_written_as_otlp_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    settings = settings_for(tmp=tmp_path, service="telemetrieproef")
    setup_telemetry(settings)
    setup_telemetry(settings)  # idempotent
    try:
        with trace.get_tracer("test").start_as_current_span("werk") as span:
            span.set_attribute("zvh.melding.id", "m-1")
            trace_id = format(span.get_span_context().trace_id, "032x")
        assert flush_telemetry()
    finally:
        shutdown_telemetry()
    path = tmp_path / "telemetry" / "telemetrieproef-traces.jsonl"
    docs = _lines(path)
    assert docs
    resource_spans = [rs for d in docs for rs in d["resourceSpans"]]
    attrs = {a["key"]: a["value"] for a in resource_spans[0]["resource"]["attributes"]}
    assert attrs["service.name"] == {"stringValue": "zvh-telemetrieproef"}
    spans = [s for rs in resource_spans for ss in rs["scopeSpans"] for s in ss["spans"]]
    werk = next(s for s in spans if s["name"] == "werk")
    assert werk["traceId"] == trace_id  # OTLP/JSON: hex ids, not protobuf's base64
    assert werk["kind"] == 1  # enums as integers (SPAN_KIND_INTERNAL)
    assert {"key": "zvh.melding.id", "value": {"stringValue": "m-1"}} in werk["attributes"]


def test_log_records_carry_trace_ids(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    setup_telemetry(settings_for(tmp=tmp_path, service="logproef"))
    try:
        from zvh_platform import telemetry

        handler = telemetry._State.log_handler
        assert handler is not None
        with trace.get_tracer("test").start_as_current_span("log") as span:
            record = logging.LogRecord("x", logging.INFO, __file__, 1, "hallo", None, None)
            handler.filter(record)
            assert record.trace_id == format(span.get_span_context().trace_id, "032x")  # type: ignore[attr-defined]
            assert "trace_id=" in handler.format(record)
    finally:
        shutdown_telemetry()

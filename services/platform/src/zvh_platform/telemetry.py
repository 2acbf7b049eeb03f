"""OpenTelemetry for a service: traces, metrics and log correlation.

See docs/architecture.md, Observability.

Without ``OTEL_EXPORTER_OTLP_ENDPOINT`` spans go to ``{telemetry_dir}/{service}-traces.jsonl`` as
OTLP-JSON, one export batch per line, so ``zvh trace`` and the privacy scan can read them without a
collector. Global OTel providers can be set only once per process; later ``setup_telemetry`` calls
(tests start several apps in one process) swap the exporter behind a switchable processor.

Never put message bodies or personal data in span attributes: ids, codes and topic names only.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from google.protobuf.json_format import MessageToDict
from opentelemetry import context as otel_context
from opentelemetry import metrics, trace
from opentelemetry.exporter.otlp.proto.common.metrics_encoder import encode_metrics
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import (
    MetricExporter,
    MetricExportResult,
    MetricsData,
    PeriodicExportingMetricReader,
)
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, Span, SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter, SpanExportResult

if TYPE_CHECKING:
    from fastapi import FastAPI
    from sqlalchemy.ext.asyncio import AsyncEngine

    from zvh_platform.settings import ServiceSettings

OTLP_ENDPOINT_ENV = "OTEL_EXPORTER_OTLP_ENDPOINT"
SCHEDULE_DELAY_MS = 500
METRIC_INTERVAL_MS = 5000
LOG_FORMAT = (
    "%(asctime)s %(levelname)s [%(name)s] [trace_id=%(trace_id)s span_id=%(span_id)s] %(message)s"
)


_ID_FIELDS = frozenset({"traceId", "spanId", "parentSpanId"})


def otlp_json(message: Any) -> dict[str, Any]:
    """OTLP/JSON for a protobuf export request: camelCase, enums as integers, ids as hex.

    The protobuf JSON mapping renders bytes as base64; OTLP/JSON requires hex trace and span ids.
    """
    doc = MessageToDict(message, use_integers_for_enums=True)
    _hex_ids(doc)
    return doc


def _hex_ids(node: Any) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in _ID_FIELDS and isinstance(value, str):
                node[key] = base64.b64decode(value).hex()
            else:
                _hex_ids(value)
    elif isinstance(node, list):
        for item in node:
            _hex_ids(item)


def _write_line(path: Path, line: str, lock: threading.Lock) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with lock, path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")


class JsonLinesSpanExporter(SpanExporter):
    """Writes each export batch as one OTLP-JSON ``ExportTraceServiceRequest`` line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        try:
            doc = otlp_json(encode_spans(spans))
            _write_line(self.path, json.dumps(doc, separators=(",", ":")), self._lock)
        except Exception:
            return SpanExportResult.FAILURE
        return SpanExportResult.SUCCESS

    def shutdown(self) -> None:
        return None

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return True


class JsonLinesMetricExporter(MetricExporter):
    """Writes each metrics export as one OTLP-JSON line to a switchable file."""

    def __init__(self, path: Path) -> None:
        super().__init__(preferred_temporality={}, preferred_aggregation={})
        self.path: Path | None = path
        self._lock = threading.Lock()

    def export(
        self, metrics_data: MetricsData, timeout_millis: float = 10_000, **kwargs: Any
    ) -> MetricExportResult:
        path = self.path
        if path is None or not metrics_data.resource_metrics:
            return MetricExportResult.SUCCESS
        try:
            doc = otlp_json(encode_metrics(metrics_data))
            _write_line(path, json.dumps(doc, separators=(",", ":")), self._lock)
        except Exception:
            return MetricExportResult.FAILURE
        return MetricExportResult.SUCCESS

    def force_flush(self, timeout_millis: float = 10_000) -> bool:
        return True

    def shutdown(self, timeout_millis: float = 30_000, **kwargs: Any) -> None:
        return None


class _SwitchableProcessor(SpanProcessor):
    """One processor registered once; the real (batch) processor behind it can be swapped."""

    def __init__(self) -> None:
        self.delegate: SpanProcessor | None = None

    def on_start(self, span: Span, parent_context: otel_context.Context | None = None) -> None:
        if self.delegate is not None:
            self.delegate.on_start(span, parent_context=parent_context)

    def on_end(self, span: ReadableSpan) -> None:
        if self.delegate is not None:
            self.delegate.on_end(span)

    def shutdown(self) -> None:
        if self.delegate is not None:
            self.delegate.shutdown()

    def force_flush(self, timeout_millis: int = 30000) -> bool:
        return self.delegate.force_flush(timeout_millis) if self.delegate is not None else True


class _TraceIds(logging.Filter):
    """Adds ``trace_id``/``span_id`` of the current span to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        ctx = trace.get_current_span().get_span_context()
        if ctx.is_valid:
            record.trace_id = format(ctx.trace_id, "032x")
            record.span_id = format(ctx.span_id, "016x")
        else:
            record.trace_id = record.span_id = "-"
        return True


class _State:
    provider: TracerProvider | None = None
    router = _SwitchableProcessor()
    meter_provider: MeterProvider | None = None
    metric_exporter: JsonLinesMetricExporter | None = None
    service: str | None = None
    httpx_done = False
    log_handler: logging.Handler | None = None


def _resource(service: str) -> Resource:
    return Resource.create({"service.name": f"zvh-{service}", "service.namespace": "zvh-keten"})


def _otlp_endpoint() -> str | None:
    return os.environ.get(OTLP_ENDPOINT_ENV) or None


def _span_exporter(settings: ServiceSettings) -> SpanExporter:
    if _otlp_endpoint():
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter()
    return JsonLinesSpanExporter(settings.telemetry_path() / f"{settings.service}-traces.jsonl")


def _setup_traces(settings: ServiceSettings) -> None:
    resource = _resource(settings.service)
    if _State.provider is None:
        _State.provider = TracerProvider(resource=resource)
        _State.provider.add_span_processor(_State.router)
        trace.set_tracer_provider(_State.provider)
    else:
        _State.provider._update_resource(resource)  # another app in the same (test) process
    previous = _State.router.delegate
    _State.router.delegate = BatchSpanProcessor(
        _span_exporter(settings), schedule_delay_millis=SCHEDULE_DELAY_MS
    )
    if previous is not None:  # another service took over without shutting down: keep its spans
        previous.force_flush()
        previous.shutdown()


def _setup_metrics(settings: ServiceSettings) -> None:
    path = settings.telemetry_path() / f"{settings.service}-metrics.jsonl"
    if _State.meter_provider is not None:
        if _State.metric_exporter is not None:
            _State.metric_exporter.path = path
        return
    exporter: MetricExporter
    if _otlp_endpoint():
        from opentelemetry.exporter.otlp.proto.http.metric_exporter import OTLPMetricExporter

        exporter = OTLPMetricExporter(
            preferred_temporality={}  # type: ignore[arg-type]
        )
    else:
        _State.metric_exporter = JsonLinesMetricExporter(path)
        exporter = _State.metric_exporter
    reader = PeriodicExportingMetricReader(exporter, export_interval_millis=METRIC_INTERVAL_MS)
    _State.meter_provider = MeterProvider(
        resource=_resource(settings.service), metric_readers=[reader]
    )
    metrics.set_meter_provider(_State.meter_provider)


def setup_logging(*, level: int = logging.INFO) -> None:
    """Log to stderr with trace ids on every line (idempotent)."""
    root = logging.getLogger()
    if _State.log_handler is None:
        handler = logging.StreamHandler(sys.stderr)
        handler.addFilter(_TraceIds())
        handler.setFormatter(logging.Formatter(LOG_FORMAT))
        root.addHandler(handler)
        _State.log_handler = handler
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)


def setup_telemetry(settings: ServiceSettings) -> None:
    """Tracer, meter and log correlation with ``service.name=zvh-<service>`` (idempotent)."""
    if _State.service == settings.service and _State.router.delegate is not None:
        return
    _setup_traces(settings)
    _setup_metrics(settings)
    setup_logging()
    instrument_httpx()
    _State.service = settings.service


def shutdown_telemetry() -> None:
    """Flush and stop the exporters; a later ``setup_telemetry`` starts fresh ones."""
    delegate, _State.router.delegate = _State.router.delegate, None
    if delegate is not None:
        delegate.force_flush()
        delegate.shutdown()
    if _State.meter_provider is not None:
        _State.meter_provider.force_flush()
    _State.service = None


def flush_telemetry(timeout_ms: int = 5000) -> bool:
    """Export finished spans now (tests and the CLI read the files right after)."""
    return _State.router.force_flush(timeout_ms)


def instrument_app(app: FastAPI) -> None:
    """A server span for every request (``/healthz`` excluded).

    Without the instrumentation's internal ``http receive`` / ``http send`` spans: they were two
    to three extra spans per request that say nothing the server span does not, and exporting
    them cost more CPU than the request itself on a busy service (the PDP at 16 concurrent
    requests: 300 → 1,400 decisions/s without them and without telemetry; see
    deploy/local/src/zvh_local/bench_pdp.py).
    """
    from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

    FastAPIInstrumentor.instrument_app(
        app, excluded_urls="healthz", exclude_spans=["receive", "send"]
    )


def instrument_engine(engine: AsyncEngine) -> None:
    """Client spans for SQL statements (text with placeholders, never bound values).

    Per engine via ``EngineTracer``: the instrumentor is a process-wide singleton that would
    instrument only the first engine and patch ``create_engine`` globally.
    """
    from opentelemetry.instrumentation.sqlalchemy import __version__ as sqla_otel_version
    from opentelemetry.instrumentation.sqlalchemy.engine import EngineTracer

    sync_engine = engine.sync_engine
    if getattr(sync_engine, "_zvh_instrumented", False):
        return
    name = "opentelemetry.instrumentation.sqlalchemy"
    tracer = trace.get_tracer(name, sqla_otel_version)
    usage = metrics.get_meter(name, sqla_otel_version).create_up_down_counter(
        name="db.client.connections.usage",
        unit="connections",
        description="Connections in the state described by the state attribute.",
    )
    EngineTracer(tracer, sync_engine, usage)
    sync_engine._zvh_instrumented = True  # type: ignore[attr-defined]


def instrument_httpx() -> None:
    """Client spans and ``traceparent`` on every httpx request (PDP calls continue the trace)."""
    if _State.httpx_done:
        return
    from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor

    HTTPXClientInstrumentor().instrument()
    _State.httpx_done = True

"""The demo partner's own tracer: one provider, spans written as OTLP-JSON lines under var/.

The partner adapter is not a ZVH service, so it has its own ``service.name`` and its own provider
(not the global one), and writes where the services write so `zvh trace` sees every hop.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from pathlib import Path

from google.protobuf.json_format import MessageToDict
from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor, SpanExporter, SpanExportResult

SERVICE_NAME = "zvh-partner-demo"


class JsonLinesSpanExporter(SpanExporter):
    """Appends one ExportTraceServiceRequest as JSON per export call to ``path``."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        line = json.dumps(MessageToDict(encode_spans(spans)), separators=(",", ":"))
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as f:
                f.write(line + "\n")
        return SpanExportResult.SUCCESS

    def shutdown(self) -> None:
        return None


def partner_tracer_provider(telemetry_dir: Path) -> TracerProvider:
    """A provider for the demo partner writing ``partner-demo-traces.jsonl``."""
    provider = TracerProvider(resource=Resource.create({"service.name": SERVICE_NAME}))
    exporter = JsonLinesSpanExporter(telemetry_dir / "partner-demo-traces.jsonl")
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider

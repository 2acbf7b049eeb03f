"""`zvh trace`: one trace from the OTLP-JSON files under var/telemetry, as an indented tree.

Each ``*-traces.jsonl`` line is one ExportTraceServiceRequest as JSON. Ids may be hex (OTLP/JSON)
or base64 (protobuf's JSON mapping) and keys camelCase or snake_case: all are accepted.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MELDING_ATTRIBUTE = "zvh.melding_id"
_HEX = re.compile(r"^[0-9a-fA-F]+$")


@dataclass
class Span:
    trace_id: str
    span_id: str
    parent_id: str
    name: str
    service: str
    start_ns: int
    end_ns: int
    attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def duration_ms(self) -> float:
        return max(0, self.end_ns - self.start_ns) / 1e6


def _get(d: dict[str, Any], camel: str) -> Any:
    """``d[camel]`` or its snake_case spelling."""
    if camel in d:
        return d[camel]
    return d.get(re.sub(r"(?<!^)([A-Z])", r"_\1", camel).lower())


def norm_id(value: Any, *, size: int) -> str:
    """A trace (16 bytes) or span (8 bytes) id as lower-case hex; '' when absent."""
    if not value:
        return ""
    s = str(value)
    if len(s) == size * 2 and _HEX.match(s):
        return s.lower()
    try:
        raw = base64.b64decode(s, validate=True)
    except (binascii.Error, ValueError):
        return s.lower()
    return raw.hex() if len(raw) == size else s.lower()


def _value(v: dict[str, Any]) -> Any:
    for key in ("stringValue", "intValue", "boolValue", "doubleValue"):
        got = _get(v, key)
        if got is not None:
            return got
    return None


def _attributes(items: list[dict[str, Any]] | None) -> dict[str, Any]:
    return {a.get("key", ""): _value(a.get("value") or {}) for a in items or []}


def parse_line(line: str) -> Iterator[Span]:
    """The spans of one ExportTraceServiceRequest JSON line (bad lines yield nothing)."""
    try:
        request = json.loads(line)
    except ValueError:
        return
    if not isinstance(request, dict):
        return
    for rs in _get(request, "resourceSpans") or []:
        resource = _attributes((rs.get("resource") or {}).get("attributes"))
        service = str(resource.get("service.name", "?"))
        for ss in _get(rs, "scopeSpans") or []:
            for sp in ss.get("spans") or []:
                yield Span(
                    trace_id=norm_id(_get(sp, "traceId"), size=16),
                    span_id=norm_id(_get(sp, "spanId"), size=8),
                    parent_id=norm_id(_get(sp, "parentSpanId"), size=8),
                    name=str(sp.get("name", "")),
                    service=service,
                    start_ns=int(_get(sp, "startTimeUnixNano") or 0),
                    end_ns=int(_get(sp, "endTimeUnixNano") or 0),
                    attributes=_attributes(sp.get("attributes")),
                )


def load_spans(telemetry_dir: Path) -> list[Span]:
    """Every span in every ``*-traces.jsonl`` under ``telemetry_dir``."""
    spans: list[Span] = []
    for path in sorted(telemetry_dir.glob("*-traces.jsonl")):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for line in text.splitlines():
            if line.strip():
                spans.extend(parse_line(line))
    return spans


def find_traces(spans: list[Span], ident: str) -> dict[str, list[Span]]:
    """Traces matching ``ident``: a trace id, or a melding id found in ``zvh.melding_id``."""
    wanted = ident.strip().lower()
    by_trace: dict[str, list[Span]] = {}
    for s in spans:
        by_trace.setdefault(s.trace_id, []).append(s)
    if wanted.replace("-", "") and wanted in by_trace:
        return {wanted: by_trace[wanted]}
    ids = {
        s.trace_id for s in spans if str(s.attributes.get(MELDING_ATTRIBUTE, "")).lower() == wanted
    }
    return {t: by_trace[t] for t in sorted(ids, key=lambda t: min(s.start_ns for s in by_trace[t]))}


def services_of(spans: list[Span]) -> list[str]:
    return sorted({s.service for s in spans})


def render(trace_id: str, spans: list[Span]) -> str:
    """The trace as an indented tree: service, span name, duration."""
    ids = {s.span_id for s in spans}
    children: dict[str, list[Span]] = {}
    roots: list[Span] = []
    for s in spans:
        if s.parent_id and s.parent_id in ids:
            children.setdefault(s.parent_id, []).append(s)
        else:
            roots.append(s)
    lines = [f"trace {trace_id}"]

    def walk(span: Span, depth: int) -> None:
        pad = "  " * depth
        lines.append(f"{pad}{span.service:<18} {span.name}  ({span.duration_ms:.1f} ms)")
        for child in sorted(children.get(span.span_id, []), key=lambda c: c.start_ns):
            walk(child, depth + 1)

    for root in sorted(roots, key=lambda r: r.start_ns):
        walk(root, 1)
    svcs = services_of(spans)
    lines.append(f"{len(spans)} spans across {len(svcs)} services: {', '.join(svcs)}")
    return "\n".join(lines)


def wait_for_trace(
    telemetry_dir: Path, ident: str, *, timeout_s: float = 10.0, settle_s: float = 1.0
) -> dict[str, list[Span]]:
    """Poll the files until the trace is there and has stopped growing (spans come in batches)."""
    deadline = time.monotonic() + timeout_s
    last = -1
    stable_since = time.monotonic()
    found: dict[str, list[Span]] = {}
    while time.monotonic() < deadline:
        found = find_traces(load_spans(telemetry_dir), ident)
        count = sum(len(v) for v in found.values())
        if count != last:
            last, stable_since = count, time.monotonic()
        elif count and time.monotonic() - stable_since >= settle_s:
            return found
        time.sleep(0.25)
    return found


def show(
    telemetry_dir: Path, ident: str, *, timeout_s: float, out: Callable[[str], None] = print
) -> int:
    """Print the matching trace(s); exit code 0 when found, 1 when not."""
    found = wait_for_trace(telemetry_dir, ident, timeout_s=timeout_s)
    if not found:
        out(f"no trace found for {ident!r} under {telemetry_dir} (waited {timeout_s:.0f}s)")
        return 1
    for trace_id, spans in found.items():
        out(render(trace_id, spans))
    return 0

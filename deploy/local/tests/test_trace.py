"""`zvh trace` reads OTLP-JSON lines with hex or base64 ids and prints one trace as a tree."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from opentelemetry import trace as otel_trace
from zvh_local.otel import partner_tracer_provider
from zvh_local.trace import find_traces, load_spans, norm_id, render, services_of, show

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
ROOT = "00f067aa0ba902b7"
CHILD = "b7ad6b7169203331"
MELDING = "0b6f3c1e-7f1a-4d4e-9a55-0c2f8e3b9d11"


def _b64(hexid: str) -> str:
    return base64.b64encode(bytes.fromhex(hexid)).decode()


def _line(*, service: str, spans: list[dict[str, object]], snake: bool = False) -> str:
    rs = "resource_spans" if snake else "resourceSpans"
    ss = "scope_spans" if snake else "scopeSpans"
    return json.dumps(
        {
            rs: [
                {
                    "resource": {
                        "attributes": [{"key": "service.name", "value": {"stringValue": service}}]
                    },
                    ss: [{"scope": {"name": "t"}, "spans": spans}],
                }
            ]
        }
    )


def _write(tmp_path: Path) -> Path:
    tele = tmp_path / "telemetry"
    tele.mkdir()
    (tele / "intake-traces.jsonl").write_text(
        _line(
            service="zvh-intake",
            spans=[
                {
                    "traceId": TRACE,
                    "spanId": ROOT,
                    "name": "POST /v1/meldingen/{id}/triage",
                    "startTimeUnixNano": "1000000",
                    "endTimeUnixNano": "13500000",
                    "attributes": [{"key": "zvh.melding_id", "value": {"stringValue": MELDING}}],
                }
            ],
        )
        + "\nnot json\n"
    )
    (tele / "overleg-traces.jsonl").write_text(
        _line(
            service="zvh-overleg",
            snake=True,
            spans=[
                {
                    "trace_id": _b64(TRACE),
                    "span_id": _b64(CHILD),
                    "parent_span_id": _b64(ROOT),
                    "name": "zvh.intake.melding.v1 process",
                    "start_time_unix_nano": "2000000",
                    "end_time_unix_nano": "4000000",
                }
            ],
        )
        + "\n"
    )
    return tele


def test_ids_in_hex_and_base64_normalise_to_hex() -> None:
    assert norm_id(TRACE.upper(), size=16) == TRACE
    assert norm_id(_b64(TRACE), size=16) == TRACE
    assert norm_id(_b64(ROOT), size=8) == ROOT
    assert norm_id("", size=8) == ""


def test_finds_trace_by_id_and_by_melding_id(tmp_path: Path) -> None:
    spans = load_spans(_write(tmp_path))
    assert set(find_traces(spans, TRACE)) == {TRACE}
    by_melding = find_traces(spans, MELDING)
    assert list(by_melding) == [TRACE]
    assert services_of(by_melding[TRACE]) == ["zvh-intake", "zvh-overleg"]
    assert find_traces(spans, "ffffffffffffffffffffffffffffffff") == {}


def test_render_nests_children_under_parents(tmp_path: Path) -> None:
    spans = load_spans(_write(tmp_path))
    text = render(TRACE, spans)
    lines = text.splitlines()
    root_line = next(ln for ln in lines if "triage" in ln)
    child_line = next(ln for ln in lines if "process" in ln)
    indent = len(child_line) - len(child_line.lstrip())
    assert indent == len(root_line) - len(root_line.lstrip()) + 2
    assert "(12.5 ms)" in root_line
    assert "2 services" in lines[-1]


def test_show_reports_a_missing_trace(tmp_path: Path) -> None:
    out: list[str] = []
    code = show(_write(tmp_path), "nope", timeout_s=0.3, out=out.append)
    assert code == 1
    assert "no trace found" in out[0]


def test_reads_what_the_demo_tracer_writes(tmp_path: Path) -> None:
    provider = partner_tracer_provider(tmp_path)
    tracer = provider.get_tracer("t")
    with tracer.start_as_current_span("root") as root:
        root.set_attribute("zvh.melding_id", MELDING)
        with tracer.start_as_current_span("child"):
            pass
    provider.shutdown()
    trace_id = otel_trace.format_trace_id(root.get_span_context().trace_id)
    found = find_traces(load_spans(tmp_path), MELDING)
    assert list(found) == [trace_id]
    assert services_of(found[trace_id]) == ["zvh-partner-demo"]
    text = render(trace_id, found[trace_id])
    assert "\n  zvh-partner-demo   root" in text
    assert "\n    zvh-partner-demo   child" in text

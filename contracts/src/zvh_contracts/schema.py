"""Generate JSON Schemas and AsyncAPI 3 documents from the models (committed under contracts/)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from zvh_contracts.registry import EVENTS, TO_ZVH

ENVELOPE_HEADERS: dict[str, Any] = {
    "type": "object",
    "required": ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject", "content-type"],
    "properties": {
        "ce_specversion": {"type": "string", "const": "1.0"},
        "ce_id": {"type": "string", "format": "uuid", "description": "Dedupe key"},
        "ce_source": {"type": "string"},
        "ce_type": {"type": "string"},
        "ce_subject": {"type": "string", "description": "Aggregate id, also the Kafka key"},
        "ce_time": {"type": "string", "format": "date-time"},
        "content-type": {"type": "string", "const": "application/json"},
        "traceparent": {"type": "string", "description": "W3C trace context"},
        "tracestate": {"type": "string"},
    },
}


def json_schema(event_type: str) -> dict[str, Any]:
    """The JSON Schema of one event body."""
    spec = EVENTS[event_type]
    schema = spec.model.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:zvh:schema:{event_type}",
        "x-zvh-topic": spec.topic,
        **schema,
    }


def _context(event_type: str) -> str:
    return event_type.split(".")[1]


def asyncapi(context: str) -> dict[str, Any]:
    """An AsyncAPI 3.0 document for one context's events."""
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for etype, spec in sorted(EVENTS.items()):
        if _context(etype) != context:
            continue
        name = etype.replace(".", "_").replace("-", "_")
        schemas[name] = json_schema(etype)
        messages[name] = {
            "name": etype,
            "title": spec.model.__name__,
            "summary": spec.model.summary,
            "contentType": "application/json",
            "headers": {"$ref": "#/components/schemas/CloudEventHeaders"},
            "payload": {"$ref": f"#/components/schemas/{name}"},
        }
        address = spec.topic
        channel = address.replace(".", "_").replace("{", "").replace("}", "").replace("-", "_")
        ch = channels.setdefault(channel, {"address": address, "messages": {}})
        if "{org}" in address:
            ch["parameters"] = {"org": {"description": "The partner's code, e.g. politie-zwb"}}
        ch["messages"][name] = {"$ref": f"#/components/messages/{name}"}
        # From the ZVH's point of view: it receives what partners send, sends the rest.
        action = "receive" if spec.topic == TO_ZVH else "send"
        operations[f"{action}_{name}"] = {
            "action": action,
            "channel": {"$ref": f"#/channels/{channel}"},
            "messages": [{"$ref": f"#/channels/{channel}/messages/{name}"}],
        }
    schemas["CloudEventHeaders"] = ENVELOPE_HEADERS
    title = {
        "partner": "ZVH keten — partner contract",
        "intake": "ZVH keten — intake events",
        "overleg": "ZVH keten — overleg events",
    }.get(context, f"ZVH keten — {context} events")
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": title,
            "version": "1.0.0",
            "description": "Generated from zvh_contracts; CloudEvents 1.0 Kafka binary mode.",
        },
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }


def render(obj: Any) -> str:
    """Stable JSON text for committed files."""
    return json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def generated_files() -> dict[str, str]:
    """Every generated file, keyed by path relative to contracts/."""
    files = {f"schemas/{t}.json": text for t, text in current_schemas().items()}
    for ctx in sorted({_context(t) for t in EVENTS}):
        files[f"asyncapi/{ctx}.asyncapi.json"] = render(asyncapi(ctx))
    return files


def write(root: Path) -> list[Path]:
    """Write every generated file under ``root`` (the contracts/ folder)."""
    written = []
    for rel, text in generated_files().items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def current_schemas() -> dict[str, str]:
    """The current JSON Schema text of every event type, as committed under schemas/."""
    return {t: render(json_schema(t)) for t in sorted(EVENTS)}


def main(argv: list[str] | None = None) -> int:
    """``python -m zvh_contracts.schema [contracts/] [--release [--allow-breaking]]``."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m zvh_contracts.schema")
    parser.add_argument("target", nargs="?", type=Path, default=Path(__file__).resolve().parents[2])
    parser.add_argument(
        "--release",
        action="store_true",
        help="make the current schemas the released baseline (contracts/released/)",
    )
    parser.add_argument(
        "--allow-breaking",
        action="store_true",
        help="with --release: accept breaking changes (only when the partners agreed)",
    )
    args = parser.parse_args(argv)
    if not args.release:
        for p in write(args.target):
            print(p)
        return 0
    from zvh_contracts.released import BreakingRelease, release

    try:
        written = release(args.target, current_schemas(), allow_breaking=args.allow_breaking)
    except BreakingRelease as exc:
        print(
            "not released: these changes break the released contract; publish a new version "
            f"(v2) beside the old one, or pass --allow-breaking if the partners agreed:\n{exc}",
            file=sys.stderr,
        )
        return 1
    for p in written:
        print(p)
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

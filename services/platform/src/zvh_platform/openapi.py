"""OpenAPI for a request body a route reads and validates itself (for Dutch, per-field errors)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel


def inline_defs(schema: dict[str, Any]) -> dict[str, Any]:
    """A JSON Schema with its ``$defs`` written in place (an operation has no room for them)."""
    defs = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return inline(defs[ref.removeprefix("#/$defs/")])
            return {k: inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    return dict(inline(schema))


def request_body(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` documenting ``model`` as the operation's required JSON body."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": inline_defs(model.model_json_schema())}},
        }
    }

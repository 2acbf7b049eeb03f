"""The no-content rule for internal topics, checked on a JSON Schema (docs/architecture.md rule 2).

Internal topics carry ids, codes, dates, pseudonyms and actielijst text only. So every string a
message on such a topic can hold must be an id or date (``format``), a fixed value (``enum`` or
``const``), or be classified with a shareable ``x-zvh-klasse``. Anything else — content,
personal data, system text or a string nobody classified — is reported.
"""

from __future__ import annotations

from typing import Any

from zvh_contracts.base import KLASSE, SHAREABLE

#: Formats that can only hold ids and dates.
SAFE_FORMATS = frozenset({"uuid", "date", "date-time"})
_SHAREABLE = frozenset(k.value for k in SHAREABLE)


def content_fields(schema: dict[str, Any]) -> list[str]:
    """Paths of string leaves that may carry content, with the reason; empty when clean."""
    found: list[str] = []
    _walk(schema, root=schema, path="", klasse=None, found=found, active=frozenset())
    return found


def _walk(
    node: Any,
    *,
    root: dict[str, Any],
    path: str,
    klasse: str | None,
    found: list[str],
    active: frozenset[str],
) -> None:
    if not isinstance(node, dict):
        return
    klasse = node.get(KLASSE, klasse)
    if "$ref" in node:
        ref = node["$ref"]
        if ref in active:  # recursive model: already being walked above
            return
        target = _resolve(ref, root)
        merged = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        _walk(merged, root=root, path=path, klasse=klasse, found=found, active=active | {ref})
        return
    kw = {"root": root, "found": found, "active": active}
    for alt_kw in ("anyOf", "oneOf", "allOf"):
        for alt in node.get(alt_kw, []):
            _walk(alt, path=path, klasse=klasse, **kw)  # type: ignore[arg-type]
    prefix = f"{path}." if path else ""
    for name, sub in node.get("properties", {}).items():
        _walk(sub, path=f"{prefix}{name}", klasse=None, **kw)  # type: ignore[arg-type]
    if isinstance(node.get("items"), dict):
        _walk(node["items"], path=f"{path}[]", klasse=None, **kw)  # type: ignore[arg-type]
    for i, sub in enumerate(node.get("prefixItems", [])):
        _walk(sub, path=f"{path}[{i}]", klasse=None, **kw)  # type: ignore[arg-type]
    if isinstance(node.get("additionalProperties"), dict):
        _walk(node["additionalProperties"], path=f"{path}{{*}}", klasse=None, **kw)  # type: ignore[arg-type]
    if _is_string(node):
        reason = _why_unsafe(node, klasse)
        if reason:
            found.append(f"{path or '(root)'}: {reason}")


def _is_string(node: dict[str, Any]) -> bool:
    t = node.get("type")
    if t == "string" or (isinstance(t, list) and "string" in t):
        return True
    return t is None and (
        isinstance(node.get("const"), str) or any(isinstance(v, str) for v in node.get("enum", []))
    )


def _why_unsafe(node: dict[str, Any], klasse: str | None) -> str | None:
    if node.get("format") in SAFE_FORMATS or "enum" in node or "const" in node:
        return None
    if klasse in _SHAREABLE:
        return None
    if klasse is None:
        return "unclassified string (give it a format, an enum or a shareable x-zvh-klasse)"
    return f"x-zvh-klasse {klasse!r} may not travel on an internal topic"


def _resolve(ref: str, root: dict[str, Any]) -> dict[str, Any]:
    if not ref.startswith("#/"):
        raise ValueError(f"only local $ref is supported, got {ref!r}")
    node: Any = root
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return dict(node)

"""Backward-compatibility check between two JSON Schemas of one event type (contracts/README.md).

Within a major version only optional fields may be added. Everything that could make a message
valid under the old schema invalid under the new one (or hand a consumer a value it never had to
handle, such as a new enum value) is reported, so that the change is made as a ``v2`` type instead.
"""

from __future__ import annotations

import json
from typing import Any

Schema = dict[str, Any]

#: Upper bounds: lowering (or adding) one rejects messages that were valid.
_UPPER_BOUNDS = ("maxLength", "maxItems", "maxProperties", "maximum", "exclusiveMaximum")
#: Lower bounds: raising (or adding) one rejects messages that were valid.
_LOWER_BOUNDS = ("minLength", "minItems", "minProperties", "minimum", "exclusiveMinimum")
#: Keywords this module does not reason about in detail: any addition or change is reported.
_OPAQUE = (
    "not",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "propertyNames",
    "contains",
    "prefixItems",
    "multipleOf",
    "patternProperties",
)


def breaking_changes(old: Schema, new: Schema) -> list[str]:
    """Human-readable incompatibilities from ``old`` to ``new``; empty when compatible."""
    problems: list[str] = []
    if old.get("x-zvh-topic") != new.get("x-zvh-topic"):
        problems.append(
            f"topic changed from {old.get('x-zvh-topic')!r} to {new.get('x-zvh-topic')!r}"
        )
    _Comparer(old_root=old, new_root=new, problems=problems).compare(old, new, path="")
    return problems


class _Comparer:
    """Walks both schemas side by side, resolving local ``$ref``s against their own root."""

    def __init__(self, *, old_root: Schema, new_root: Schema, problems: list[str]) -> None:
        self.old_root = old_root
        self.new_root = new_root
        self.problems = problems
        self._active: set[tuple[str, str]] = set()

    def report(self, path: str, message: str) -> None:
        self.problems.append(f"{path or '(root)'}: {message}")

    # --- entry -------------------------------------------------------------------------------

    def compare(self, old: Any, new: Any, *, path: str) -> None:
        """Compare two subschemas at ``path`` (``a.b[]``)."""
        key = (json.dumps(old, sort_keys=True), json.dumps(new, sort_keys=True))
        if key in self._active:  # a recursive model came back to itself: compared already
            return
        self._active.add(key)
        try:
            self._compare(old, new, path=path)
        finally:
            self._active.discard(key)

    def _compare(self, old: Any, new: Any, *, path: str) -> None:
        old_s = _normalise(old, self.old_root)
        new_s = _normalise(new, self.new_root)
        old_b, new_b = _branches(old_s, self.old_root), _branches(new_s, self.new_root)
        old_types, new_types = _types(old_b), _types(new_b)
        if "any" in new_types:
            changed = False
        elif "any" in old_types:
            changed = True
        else:
            changed = bool(old_types - new_types or new_types - old_types - {"null"})
        if changed:
            self.report(
                path, f"type changed from {_fmt_types(old_types)} to {_fmt_types(new_types)}"
            )
        for t in sorted((old_types & new_types) - {"null"}):
            self._compare_branch(_pick(old_b, t), _pick(new_b, t), path=path)

    # --- one branch of a single type ---------------------------------------------------------

    def _compare_branch(self, old: Schema, new: Schema, *, path: str) -> None:
        self._enum(old, new, path=path)
        self._const(old, new, path=path)
        self._bounds(old, new, path=path)
        for kw in ("pattern", "format"):
            if kw in new and old.get(kw) != new[kw]:
                before = f"{old[kw]!r}" if kw in old else "none"
                self.report(path, f"{kw} changed from {before} to {new[kw]!r}")
        if new.get("uniqueItems") and not old.get("uniqueItems"):
            self.report(path, "uniqueItems added")
        for kw in _OPAQUE:
            if kw in new and old.get(kw) != new[kw]:
                self.report(path, f"'{kw}' added or changed (a new or stricter rule)")
        if "properties" in old or "properties" in new or _has_type(old, "object"):
            self._object(old, new, path=path)
        if "items" in old and "items" in new:
            self.compare(old["items"], new["items"], path=f"{path}[]")
        elif "items" in new and "items" not in old:
            self.report(path, "items schema added (a new rule for array elements)")

    def _enum(self, old: Schema, new: Schema, *, path: str) -> None:
        if "enum" not in old and "enum" not in new:
            return
        if "enum" not in new:
            self.report(path, "enum removed (any value now allowed)")
            return
        if "enum" not in old:
            self.report(path, f"enum added: only {_fmt_values(new['enum'])} allowed")
            return
        added = [v for v in new["enum"] if v not in old["enum"]]
        removed = [v for v in old["enum"] if v not in new["enum"]]
        if added:
            self.report(
                path,
                f"enum value(s) added: {_fmt_values(added)} (a new enum value is breaking: "
                "consumers must handle it, publish a new version)",
            )
        if removed:
            self.report(path, f"enum value(s) removed: {_fmt_values(removed)}")

    def _const(self, old: Schema, new: Schema, *, path: str) -> None:
        if "const" in new and "const" not in old:
            self.report(path, f"const added ({new['const']!r})")
        elif "const" in new and old["const"] != new["const"]:
            self.report(path, f"const changed from {old['const']!r} to {new['const']!r}")
        elif "const" in old and "const" not in new:
            self.report(path, f"const {old['const']!r} removed (any value now allowed)")

    def _bounds(self, old: Schema, new: Schema, *, path: str) -> None:
        for kw in _UPPER_BOUNDS:
            if kw not in new:
                continue
            if kw not in old:
                self.report(path, f"{kw} added ({new[kw]})")
            elif new[kw] < old[kw]:
                self.report(path, f"{kw} lowered from {old[kw]} to {new[kw]}")
        for kw in _LOWER_BOUNDS:
            if kw not in new:
                continue
            if kw not in old:
                if new[kw] != 0:
                    self.report(path, f"{kw} added ({new[kw]})")
            elif new[kw] > old[kw]:
                self.report(path, f"{kw} raised from {old[kw]} to {new[kw]}")

    def _object(self, old: Schema, new: Schema, *, path: str) -> None:
        old_props: dict[str, Any] = old.get("properties", {})
        new_props: dict[str, Any] = new.get("properties", {})
        prefix = f"{path}." if path else ""
        for name in old_props:
            if name not in new_props:
                self.report(f"{prefix}{name}", "property removed")
        old_req = set(old.get("required", []))
        for name in new.get("required", []):
            if name not in old_req:
                what = "property newly required" if name in old_props else "new required property"
                self.report(f"{prefix}{name}", what)
        for name in old_props:
            if name in new_props:
                self.compare(old_props[name], new_props[name], path=f"{prefix}{name}")
        self._additional(old, new, path=path)

    def _additional(self, old: Schema, new: Schema, *, path: str) -> None:
        before = old.get("additionalProperties", True)
        after = new.get("additionalProperties", True)
        if after is False and before is not False:
            self.report(path, "additionalProperties tightened: extra properties no longer allowed")
        elif isinstance(after, dict) and before is True:
            self.report(path, "additionalProperties tightened: extra properties now constrained")
        elif isinstance(after, dict) and isinstance(before, dict):
            self.compare(before, after, path=f"{path}{{*}}")


# --- helpers -------------------------------------------------------------------------------------


def _resolve(ref: str, root: Schema) -> Schema:
    if not ref.startswith("#"):
        raise ValueError(f"only local $ref is supported, got {ref!r}")
    node: Any = root
    for part in ref.lstrip("#").split("/"):
        if part:
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node  # type: ignore[no-any-return]


def _normalise(schema: Any, root: Schema) -> Schema:
    """Follow ``$ref`` chains and fold ``allOf`` into one schema (siblings win over targets)."""
    if schema is True or schema is None:
        return {}
    if schema is False:
        return {"not": {}}
    s = dict(schema)
    depth = 0
    while "$ref" in s:
        depth += 1
        if depth > 50:
            raise ValueError(f"$ref chain too deep at {s['$ref']!r}")
        target = dict(_resolve(s.pop("$ref"), root))
        target.update(s)
        s = target
    if "allOf" in s:
        parts = [_normalise(p, root) for p in s.pop("allOf")]
        merged: Schema = {}
        for p in [*parts, s]:
            props = {**merged.get("properties", {}), **p.get("properties", {})}
            req = sorted({*merged.get("required", []), *p.get("required", [])})
            merged.update(p)
            if props:
                merged["properties"] = props
            if req:
                merged["required"] = req
        s = merged
    return s


def _branches(schema: Schema, root: Schema) -> list[Schema]:
    """The alternatives of a schema: ``anyOf``/``oneOf`` entries, or the schema itself."""
    for kw in ("anyOf", "oneOf"):
        if kw in schema:
            rest = {k: v for k, v in schema.items() if k != kw}
            out: list[Schema] = []
            for alt in schema[kw]:
                merged = {**rest, **_normalise(alt, root)}
                out.extend(_branches(merged, root))
            return out
    t = schema.get("type")
    if isinstance(t, list):  # {"type": ["string", "null"]} → one branch per type
        return [{**schema, "type": one} for one in t]
    return [schema]


def _branch_type(b: Schema) -> str:
    t = b.get("type")
    if isinstance(t, str):
        return t
    if "const" in b:
        return _json_type(b["const"])
    if b.get("enum"):
        kinds = {_json_type(v) for v in b["enum"]}
        return kinds.pop() if len(kinds) == 1 else "any"
    if "properties" in b:
        return "object"
    if "items" in b:
        return "array"
    return "any"


def _json_type(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "string"
    return "array" if isinstance(v, list) else "object"


def _types(branches: list[Schema]) -> set[str]:
    return {_branch_type(b) for b in branches}


def _pick(branches: list[Schema], t: str) -> Schema:
    """The branch of type ``t``; several (e.g. a union of objects) are merged loosely."""
    hits = [b for b in branches if _branch_type(b) == t]
    if len(hits) == 1:
        return hits[0]
    merged: Schema = {}
    for h in hits:
        merged.setdefault("properties", {}).update(h.get("properties", {}))
    return merged


def _has_type(s: Schema, t: str) -> bool:
    return _branch_type(s) == t


def _fmt_types(types: set[str]) -> str:
    return " | ".join(sorted(types))


def _fmt_values(values: list[Any]) -> str:
    return ", ".join(repr(v) for v in values)

"""Readable rejection reasons in Dutch, translated from validation errors.

A partner developer reads these in a rejection (``melding.ontvangen``, ``bericht.ontvangen``);
they name the field path (``betrokkenen[0].bsn``) and say in plain Dutch what is wrong. Input
values are never echoed: they may hold names or a BSN.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Reden:
    """One reason why a message was rejected: the field path ('' = whole message) and what."""

    veld: str
    melding: str


_VASTE_TEKSTEN: dict[str, str] = {
    "missing": "is verplicht maar ontbreekt",
    "json_invalid": "het bericht is geen geldige JSON",
    "json_type": "het bericht is geen geldige JSON",
    "model_type": "moet een JSON-object zijn",
    "model_attributes_type": "moet een JSON-object zijn",
    "dict_type": "moet een JSON-object zijn",
    "list_type": "moet een lijst zijn",
    "string_type": "moet tekst zijn",
    "bool_type": "moet true of false zijn",
    "bool_parsing": "moet true of false zijn",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "date_type": "moet een datum zijn (JJJJ-MM-DD)",
    "date_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_from_datetime_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_from_datetime_inexact": "moet een datum zijn zonder tijd (JJJJ-MM-DD)",
    "datetime_type": "moet een tijdstip zijn (ISO 8601)",
    "datetime_parsing": "moet een tijdstip zijn (ISO 8601)",
    "uuid_type": "moet een UUID zijn",
    "uuid_parsing": "moet een UUID zijn",
    "string_pattern_mismatch": "heeft niet de juiste vorm",
    "extra_forbidden": "is geen bekend veld",
}


def _ctx(error: Mapping[str, Any], key: str) -> Any:
    ctx = error.get("ctx") or {}
    return ctx.get(key)


def _tekst(error: Mapping[str, Any]) -> str:
    soort = str(error.get("type", ""))
    if soort in _VASTE_TEKSTEN:
        return _VASTE_TEKSTEN[soort]
    if soort == "string_too_short":
        n = _ctx(error, "min_length")
        return "mag niet leeg zijn" if n in (None, 1) else f"moet minstens {n} tekens lang zijn"
    if soort == "string_too_long":
        return f"mag hoogstens {_ctx(error, 'max_length')} tekens lang zijn"
    if soort == "too_short":
        n = _ctx(error, "min_length")
        return "mag niet leeg zijn" if n in (None, 1) else f"moet minstens {n} elementen bevatten"
    if soort == "too_long":
        return f"mag hoogstens {_ctx(error, 'max_length')} elementen bevatten"
    if soort in ("greater_than_equal", "greater_than"):
        return f"moet minstens {_ctx(error, 'ge') or _ctx(error, 'gt')} zijn"
    if soort in ("less_than_equal", "less_than"):
        return f"mag hoogstens {_ctx(error, 'le') or _ctx(error, 'lt')} zijn"
    if soort == "enum":
        return f"moet een van deze waarden zijn: {_ctx(error, 'expected')}"
    if soort in ("value_error", "assertion_error"):
        msg = str(error.get("msg", ""))
        for prefix in ("Value error, ", "Assertion failed, "):
            msg = msg.removeprefix(prefix)
        return msg or "ongeldige waarde"
    return "ongeldige waarde"


def veldpad(loc: Sequence[str | int]) -> str:
    """``('betrokkenen', 0, 'bsn')`` → ``'betrokkenen[0].bsn'``."""
    pad = ""
    for part in loc:
        if isinstance(part, int):
            pad += f"[{part}]"
        else:
            pad += f".{part}" if pad else str(part)
    return pad


def uit_validatiefouten(errors: Iterable[Mapping[str, Any]]) -> list[Reden]:
    """Dutch reasons for pydantic's ``ValidationError.errors()`` (inputs are not echoed)."""
    redenen = [Reden(veld=veldpad(e.get("loc", ())), melding=_tekst(e)) for e in errors]
    return redenen or [Reden(veld="", melding="het bericht is ongeldig")]


#: The reason for a body nested too deeply to parse (Python's RecursionError).
TE_DIEP_GENEST = Reden(veld="", melding="het bericht is te diep genest")


def bewaarde_kopie(body: bytes, limit: int) -> tuple[str | None, str]:
    """How a rejected body is kept: cut to ``limit`` bytes, as text when it is UTF-8 (then the
    base64 is empty), else as base64 (then the text is None)."""
    body = body[:limit]
    try:
        return body.decode("utf-8"), ""
    except UnicodeDecodeError:
        return None, base64.b64encode(body).decode("ascii")

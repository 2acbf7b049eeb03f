"""Applying the PDP's obligations to one informatie-item before it is returned.

The vocabulary is ``zvh_contracts.pdp``'s: ``redact:<veld>`` (``redact:bsn``: all but the last 3
digits; ``redact:geboortedatum``: the year only; any other field: left out), ``alleen-metadata``
(what the item is, none of its content) and ``log-inzage`` (intake notes the read in its own log).
An obligation intake does not know makes the item denied: an enforcement point that cannot do
what the PDP asked must not return the content.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from zvh_contracts.pdp import OBLIGATION_ALLEEN_METADATA, OBLIGATION_LOG_INZAGE, OBLIGATION_REDACT

#: How many characters of an unknown obligation an explanation repeats.
MAX_TEKST = 60

#: What a redacted field is called in the Dutch explanation.
VELD_TEKST = {
    "bsn": "het BSN (alleen de laatste 3 cijfers)",
    "geboortedatum": "de geboortedatum (alleen het jaar)",
}


class OnbekendeVerplichting(Exception):
    """The PDP asked for something this enforcement point cannot do."""

    def __init__(self, verplichting: str) -> None:
        super().__init__(verplichting[:MAX_TEKST])
        self.verplichting = verplichting[:MAX_TEKST]


@dataclass(frozen=True)
class Toegepast:
    """An item's content after the obligations: None when only its metadata may be returned."""

    inhoud: dict[str, Any] | None
    gemaskeerd: tuple[str, ...] = ()  # the fields redacted (masked or left out), in order
    log_inzage: bool = False


def maskeer_bsn(bsn: str) -> str:
    """All but the last 3 digits hidden: '111222333' → '******333'."""
    zichtbaar = bsn[-3:] if len(bsn) > 3 else ""
    return "*" * (len(bsn) - len(zichtbaar)) + zichtbaar


def alleen_jaar(datum: str) -> str:
    """The year of an ISO date: '1980-01-01' → '1980'."""
    return datum[:4]


def _redact(inhoud: dict[str, Any], veld: str) -> bool:
    """Redact ``veld`` in place; True when the item had it."""
    if veld not in inhoud:
        return False
    waarde = inhoud[veld]
    if waarde is None:
        return False
    if veld == "bsn":
        inhoud[veld] = maskeer_bsn(str(waarde))
    elif veld == "geboortedatum":
        inhoud[veld] = alleen_jaar(str(waarde))
    else:
        del inhoud[veld]
    return True


def controleer(verplichtingen: Sequence[str], *, bekend: frozenset[str] = frozenset()) -> None:
    """Raise OnbekendeVerplichting for the first obligation that is not in the vocabulary.

    ``bekend`` adds obligations a particular read knows how to honour (a label's
    ``alleen-initialen``: a label never holds more than initials).
    """
    for v in verplichtingen:
        if v in bekend or v in (OBLIGATION_ALLEEN_METADATA, OBLIGATION_LOG_INZAGE):
            continue
        if v.startswith(OBLIGATION_REDACT) and len(v) > len(OBLIGATION_REDACT):
            continue
        raise OnbekendeVerplichting(v)


def pas_toe(verplichtingen: Sequence[str], inhoud: Mapping[str, Any]) -> Toegepast:
    """The item's content with every obligation applied; raises OnbekendeVerplichting."""
    controleer(verplichtingen)
    log = OBLIGATION_LOG_INZAGE in verplichtingen
    if OBLIGATION_ALLEEN_METADATA in verplichtingen:
        return Toegepast(inhoud=None, log_inzage=log)
    uit = dict(inhoud)
    gemaskeerd: list[str] = []
    for v in verplichtingen:
        if v.startswith(OBLIGATION_REDACT):
            veld = v.removeprefix(OBLIGATION_REDACT)
            if _redact(uit, veld) and veld not in gemaskeerd:
                gemaskeerd.append(veld)
    return Toegepast(inhoud=uit, gemaskeerd=tuple(gemaskeerd), log_inzage=log)


def veld_tekst(veld: str) -> str:
    """A redacted field in words (Dutch)."""
    return VELD_TEKST.get(veld, f"het veld '{veld[:MAX_TEKST]}' (weggelaten)")

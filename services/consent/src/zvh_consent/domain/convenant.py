"""The convenant register: which organisations are partners of this ZVH, from when until when,
and which categories of information each may receive, on which basis (grondslag).

An organisation without a valid convenant cannot be invited to a casus and reads nothing
(issue 7); the policy decides that from the convenant the PDP adds to its input. Every change is
audited (``Convenantwijziging``): who (from the token), when and what changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from zvh_contracts.base import PARTNER_CODE_PATTERN
from zvh_contracts.vocab import Categorie

from zvh_consent.domain.fouten import Fout, weiger_als

#: A basis (grondslag) is a short legal reference, e.g. "wettelijke taak (Wet politiegegevens
#: art. 19)"; never case content.
MIN_BASIS = 5
MAX_BASIS = 200
CATEGORIEEN = tuple(c.value for c in Categorie)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Convenant:
    """One organisation's convenant with the ZVH. ``tot`` is the last valid day (inclusive)."""

    org: str
    van: dt.date
    tot: dt.date | None
    herzien_op: dt.date
    #: categorie → basis (grondslag text) on which the organisation may receive it.
    categorieen: Mapping[str, str]

    def geldig_op(self, dag: dt.date) -> bool:
        """Valid on ``dag``: started, and not ended before it."""
        return self.van <= dag and (self.tot is None or dag <= self.tot)

    def als_dict(self) -> dict[str, Any]:
        """The convenant as JSON-ready values (audit, API)."""
        return {
            "org": self.org,
            "van": self.van.isoformat(),
            "tot": self.tot.isoformat() if self.tot else None,
            "herzien_op": self.herzien_op.isoformat(),
            "categorieen": dict(sorted(self.categorieen.items())),
        }


def nieuw_convenant(
    *,
    org: str,
    van: dt.date,
    tot: dt.date | None,
    herzien_op: dt.date,
    categorieen: Mapping[str, str],
) -> Convenant:
    """A checked convenant; raises ``Ongeldig`` with Dutch reasons per field."""
    fouten: list[Fout] = []
    if not (2 <= len(org) <= 63 and re.fullmatch(PARTNER_CODE_PATTERN, org)):
        fouten.append(Fout("org", "is geen geldige organisatiecode (bijv. politie-zwb)"))
    if tot is not None and tot < van:
        fouten.append(Fout("tot", "mag niet voor de ingangsdatum (van) liggen"))
    if herzien_op < van:
        fouten.append(Fout("herzien_op", "mag niet voor de ingangsdatum (van) liggen"))
    if not categorieen:
        fouten.append(Fout("categorieen", "noem minstens één categorie met haar grondslag"))
    schoon: dict[str, str] = {}
    for categorie, basis in categorieen.items():
        veld = f"categorieen.{categorie}"
        if categorie not in CATEGORIEEN:
            fouten.append(Fout(veld, f"is geen categorie; kies uit {', '.join(CATEGORIEEN)}"))
            continue
        tekst = " ".join(basis.split())
        if len(tekst) < MIN_BASIS:
            fouten.append(Fout(veld, f"noem de grondslag (minstens {MIN_BASIS} tekens)"))
        elif len(tekst) > MAX_BASIS:
            fouten.append(Fout(veld, f"de grondslag mag hoogstens {MAX_BASIS} tekens lang zijn"))
        schoon[categorie] = tekst
    weiger_als(fouten)
    return Convenant(org=org, van=van, tot=tot, herzien_op=herzien_op, categorieen=schoon)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Convenantwijziging:
    """One audited change: who (token's user and organisation), when, and what changed."""

    org: str
    tijd: dt.datetime
    door: str
    door_org: str
    actie: str  # aangemaakt | gewijzigd
    #: field → [old, new] (JSON values); for ``aangemaakt`` the old values are null.
    wijzigingen: Mapping[str, Any]
    seq: int | None = None


def verschil(oud: Convenant | None, nieuw: Convenant) -> dict[str, Any]:
    """What changed from ``oud`` to ``nieuw``: field → [old, new]; categories one by one."""
    a = oud.als_dict() if oud else {}
    b = nieuw.als_dict()
    out: dict[str, Any] = {}
    for veld in ("van", "tot", "herzien_op"):
        if a.get(veld) != b[veld]:
            out[veld] = [a.get(veld), b[veld]]
    oude_cat: dict[str, str] = a.get("categorieen", {})
    for categorie in sorted(set(oude_cat) | set(b["categorieen"])):
        voor, na = oude_cat.get(categorie), b["categorieen"].get(categorie)
        if voor != na:
            out[f"categorieen.{categorie}"] = [voor, na]
    return out

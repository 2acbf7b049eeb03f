"""Whom an inzage report is about: a BSN, a name with birth date, or a pseudonym.

The BSN or name is turned into the person's keyed pseudonym at query time and never stored or
logged: the decision log holds pseudonyms only (``Beslissing.betrokkene``). Validation gives
Dutch reasons per field, like the registers.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re

from zvh_contracts.partner.melding_v1 import elfproef
from zvh_platform.pseudoniem import pseudoniem

from zvh_consent.domain.fouten import Fout, weiger_als

PSEUDONIEM = re.compile(r"^[0-9a-f]{32}$")
BSN = re.compile(r"^[0-9]{9}$")
MAX_NAAM = 200


def is_pseudoniem(waarde: str | None) -> bool:
    """A well-formed pseudonym: 32 lower-case hex characters (``zvh_platform.pseudoniem``)."""
    return waarde is not None and PSEUDONIEM.fullmatch(waarde) is not None


@dataclasses.dataclass(frozen=True, kw_only=True)
class Persoonsvraag:
    """Exactly one way to name the person; ``pseudoniem`` is used as is."""

    bsn: str | None = None
    voornaam: str | None = None
    achternaam: str | None = None
    geboortedatum: dt.date | None = None
    betrokkene: str | None = None

    def __repr__(self) -> str:  # never a BSN or a name in a log line or a traceback
        return "Persoonsvraag(…)"


def controleer(vraag: Persoonsvraag) -> None:
    """``Ongeldig`` with Dutch reasons unless the question names one person in one way."""
    fouten: list[Fout] = []
    naam_velden = (vraag.voornaam, vraag.achternaam, vraag.geboortedatum)
    manieren = [
        vraag.bsn is not None,
        any(v is not None for v in naam_velden),
        vraag.betrokkene is not None,
    ]
    if sum(manieren) != 1:
        weiger_als(
            [
                Fout(
                    "",
                    "noem de persoon met óf een BSN, óf voornaam, achternaam en geboortedatum, "
                    "óf het pseudoniem (betrokkene)",
                )
            ]
        )
    if vraag.bsn is not None and not (BSN.fullmatch(vraag.bsn) and elfproef(vraag.bsn)):
        fouten.append(Fout("bsn", "BSN voldoet niet aan de elfproef (9 cijfers)"))
    if manieren[1]:
        for veld, waarde in (("voornaam", vraag.voornaam), ("achternaam", vraag.achternaam)):
            if waarde is None or not waarde.strip():
                fouten.append(Fout(veld, "vul dit in"))
            elif len(waarde) > MAX_NAAM:
                fouten.append(Fout(veld, f"hoogstens {MAX_NAAM} tekens"))
        if vraag.geboortedatum is None:
            fouten.append(Fout("geboortedatum", "vul de geboortedatum in"))
    if vraag.betrokkene is not None and not is_pseudoniem(vraag.betrokkene):
        fouten.append(Fout("betrokkene", "moet een pseudoniem zijn (32 tekens 0-9, a-f)"))
    weiger_als(fouten)


def pseudoniem_van(vraag: Persoonsvraag, *, key: bytes) -> str:
    """The person's pseudonym: as given, or computed like intake does (``zvh_platform``)."""
    controleer(vraag)
    if vraag.betrokkene is not None:
        return vraag.betrokkene
    return pseudoniem(
        key=key,
        bsn=vraag.bsn,
        voornaam=vraag.voornaam or "",
        achternaam=vraag.achternaam or "",
        geboortedatum=vraag.geboortedatum,
    )


class Uitkomst(enum.StrEnum):
    """Which decisions the eigenaar's overview shows."""

    TOEGESTAAN = "toegestaan"
    GEWEIGERD = "geweigerd"
    ALLE = "alle"

    @property
    def allow(self) -> bool | None:
        """The log filter's ``allow``: ``None`` for both."""
        return {"toegestaan": True, "geweigerd": False}.get(self.value)

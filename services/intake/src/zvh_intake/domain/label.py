"""A melding's label for the casusoverleg: the melder's reference and the client's initials.

Staff need to recognise a casus on an agenda without the full name or BSN on screen (policy
obligation ``alleen-initialen``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

#: Words of an achternaam that are tussenvoegsels: their initial is written in lower case.
TUSSENVOEGSELS = frozenset(
    {"de", "den", "der", "van", "von", "het", "'t", "t", "te", "ten", "ter", "in", "op", "aan",
     "bij", "uit", "onder", "over", "voor", "la", "le", "les", "du", "da", "di", "del", "dos",
     "d'", "'s", "s"}
)  # fmt: skip


@dataclass(frozen=True)
class MeldingLabel:
    """What the regie may see of a melding on an agenda: ids and initials only."""

    melding_id: uuid.UUID
    melder_referentie: str
    initialen: str


def _letter(woord: str) -> str:
    return next((c for c in woord if c.isalpha()), "")


def initialen(voornaam: str, achternaam: str) -> str:
    """Dutch initials: "Jan de Vries" → "J.d.V.", "Anna Maria van der Berg" → "A.M.v.d.B.".

    One upper-case letter per word of the voornaam; per word of the achternaam a lower-case
    letter for a tussenvoegsel (:data:`TUSSENVOEGSELS`, not the last word) and an upper-case
    letter otherwise. Each letter is followed by a dot.
    """
    letters = [_letter(w).upper() for w in voornaam.split()]
    woorden = achternaam.split()
    for i, woord in enumerate(woorden):
        tussen = i < len(woorden) - 1 and woord.lower() in TUSSENVOEGSELS
        letter = _letter(woord)
        letters.append(letter.lower() if tussen else letter.upper())
    return "".join(f"{letter}." for letter in letters if letter)


def label_van(
    melding_id: uuid.UUID, *, melder_referentie: str, inhoud: dict[str, Any]
) -> MeldingLabel:
    """The label: initials of the betrokkene with rol ``client``, else of the first betrokkene."""
    betrokkenen = [b for b in inhoud.get("betrokkenen", []) if isinstance(b, dict)]
    persoon = next((b for b in betrokkenen if b.get("rol") == "client"), None)
    if persoon is None and betrokkenen:
        persoon = betrokkenen[0]
    letters = (
        initialen(str(persoon.get("voornaam", "")), str(persoon.get("achternaam", "")))
        if persoon
        else ""
    )
    return MeldingLabel(
        melding_id=melding_id, melder_referentie=melder_referentie, initialen=letters
    )

"""Keyed pseudonyms of betrokkenen, so a returning person is recognised without names.

HMAC-SHA256 with a secret key: without the key a pseudonym cannot be linked to a person, and
the same person always gets the same pseudonym within one deployment. Shared by every service
that holds the key (intake indexes persons by it, consent finds a person's decisions by it), so
a pseudonym made in one service matches the one made in another.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from datetime import date

PSEUDONIEM_LENGTE = 32


def normaliseer_naam(naam: str) -> str:
    """Lower case, accents removed, whitespace collapsed: 'José  de Vries' → 'jose de vries'."""
    decomposed = unicodedata.normalize("NFKD", naam)
    zonder_accenten = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", zonder_accenten).strip().casefold()


def sleutelgegeven(
    *, bsn: str | None, voornaam: str, achternaam: str, geboortedatum: date | None
) -> str:
    """What identifies the person: the BSN when known, else normalised naam + geboortedatum."""
    if bsn:
        return f"bsn:{bsn}"
    geboren = geboortedatum.isoformat() if geboortedatum else "onbekend"
    return f"naam:{normaliseer_naam(voornaam)}|{normaliseer_naam(achternaam)}|{geboren}"


def pseudoniem(
    *,
    key: bytes,
    bsn: str | None,
    voornaam: str,
    achternaam: str,
    geboortedatum: date | None,
) -> str:
    """The person's pseudonym: HMAC-SHA256(key, sleutelgegeven) as 32 hex characters."""
    data = sleutelgegeven(
        bsn=bsn, voornaam=voornaam, achternaam=achternaam, geboortedatum=geboortedatum
    )
    digest = hmac.new(key, data.encode("utf-8"), hashlib.sha256).hexdigest()
    return digest[:PSEUDONIEM_LENGTE]

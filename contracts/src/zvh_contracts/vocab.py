"""Fixed vocabularies shared by the contracts (values are Dutch, as staff say them)."""

from __future__ import annotations

import enum


class BetrokkeneRol(enum.StrEnum):
    """The role of a person in a melding."""

    CLIENT = "client"
    SLACHTOFFER = "slachtoffer"
    PLEGER = "pleger"
    KIND = "kind"
    GEZINSLID = "gezinslid"
    OVERIG = "overig"


class Leefgebied(enum.StrEnum):
    """Life domains a melding touches."""

    GEZIN = "gezin"
    HUISVESTING = "huisvesting"
    FINANCIEN = "financien"
    GEZONDHEID = "gezondheid"
    PSYCHE = "psyche"
    VERSLAVING = "verslaving"
    JUSTITIE = "justitie"
    WERK_OPLEIDING = "werk-opleiding"
    VEILIGHEID = "veiligheid"
    SOCIAAL_NETWERK = "sociaal-netwerk"


class Urgentie(enum.StrEnum):
    """How fast the ZVH should look at a melding."""

    LAAG = "laag"
    NORMAAL = "normaal"
    HOOG = "hoog"
    ACUUT = "acuut"


class TriageUitkomst(enum.StrEnum):
    """The procesregisseur's decision on a melding."""

    CASUS = "casus"
    ADVIES = "advies"
    TERUGVERWEZEN = "terugverwezen"


class Terugkoppelstatus(enum.StrEnum):
    """A partner's status report on an actie."""

    AFGEROND = "afgerond"
    LOOPT = "loopt"
    NIET_MOGELIJK = "niet-mogelijk"
    NIET_UITGEVOERD = "niet-uitgevoerd"

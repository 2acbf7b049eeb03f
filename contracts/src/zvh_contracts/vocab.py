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


class Casemanagementmodel(enum.StrEnum):
    """The form of casemanagement a casus gets (seed 003, §1.1), chosen at triage."""

    MAKELAAR = "makelaar"
    COORDINATIE_PLUS = "coordinatie-plus"
    INTENSIEF = "intensief"


class Terugkoppelstatus(enum.StrEnum):
    """A partner's status report on an actie."""

    AFGEROND = "afgerond"
    LOOPT = "loopt"
    NIET_MOGELIJK = "niet-mogelijk"
    NIET_UITGEVOERD = "niet-uitgevoerd"


class Termijnsignaal(enum.StrEnum):
    """What a termijn signal says: the deadline is near, or it has passed."""

    HERINNERING = "herinnering"
    VERLOPEN = "verlopen"


class OverlegSoort(enum.StrEnum):
    """The kind of overleg (seed 002, 003 and 004)."""

    CASUSOVERLEG = "casusoverleg"
    CASUS_PLUS = "casus-plus"
    ZORGOVERLEG = "zorgoverleg"


class OverlegAntwoord(enum.StrEnum):
    """A partner's answer to an invitation."""

    KOMT = "komt"
    KOMT_NIET = "komt-niet"


class Actiestatus(enum.StrEnum):
    """Where an actie on the actielijst stands."""

    OPEN = "open"
    AFGEROND = "afgerond"
    LOOPT = "loopt"
    NIET_MOGELIJK = "niet-mogelijk"
    NIET_UITGEVOERD = "niet-uitgevoerd"
    INGETROKKEN = "ingetrokken"


class Afsluitreden(enum.StrEnum):
    """Why a casus was closed."""

    DOEL_BEREIKT = "doel-bereikt"
    CLIENT_STOPT = "client-stopt"
    OVERGEDRAGEN = "overgedragen-lokaal-netwerk"
    ANDERS = "anders"


class FaseRichting(enum.StrEnum):
    """Moving a casus up or down the AVE regiekaart."""

    OPSCHALEN = "opschalen"
    AFSCHALEN = "afschalen"


class Categorie(enum.StrEnum):
    """The kind of information an informatie-item holds (docs/ownership-and-privacy.md); a
    convenant lists which a partner may receive, a toestemming may cover one."""

    POLITIE = "politie"
    JUSTITIE = "justitie"
    ZORG = "zorg"
    JEUGD = "jeugd"
    WONEN = "wonen"
    FINANCIEEL = "financieel"
    ALGEMEEN = "algemeen"


class Gevoeligheid(enum.StrEnum):
    """How sensitive an informatie-item is under the AVG."""

    NORMAAL = "normaal"
    BIJZONDER = "bijzonder"  # bijzonder persoonsgegeven, e.g. health (AVG art. 9)
    STRAFRECHTELIJK = "strafrechtelijk"  # strafrechtelijk persoonsgegeven (AVG art. 10)


class Grondslag(enum.StrEnum):
    """The basis on which a partner brings information in."""

    CONVENANT = "convenant"  # wettelijke taak / the signed convenant
    TOESTEMMING = "toestemming"
    VITAAL_BELANG = "vitaal-belang"
    CONFLICT_VAN_PLICHTEN = "conflict-van-plichten"
    MELDCODE = "meldcode"


class ToestemmingStatus(enum.StrEnum):
    """Where a client's toestemming stands; a withdrawal is a new state, never a deletion."""

    GEGEVEN = "gegeven"
    GEWEIGERD = "geweigerd"
    INGETROKKEN = "ingetrokken"


class ToestemmingWijze(enum.StrEnum):
    """How the client gave or refused the toestemming."""

    MONDELING = "mondeling"
    SCHRIFTELIJK = "schriftelijk"


class DoorbrekingType(enum.StrEnum):
    """The ground for breaking the glass: reading without toestemming or convenant basis."""

    VITAAL_BELANG = "vitaal-belang"
    CONFLICT_VAN_PLICHTEN = "conflict-van-plichten"
    MELDCODE = "meldcode"


class Veiligheidssignaalcode(enum.StrEnum):
    """A warning for the professionals who visit the client of a casus (issue 10, part 5).

    Codes only: a signal never says what happened, only how to go on a visit.
    """

    NIET_ALLEEN_OP_HUISBEZOEK = "niet-alleen-op-huisbezoek"
    HUISBEZOEK_MET_POLITIE = "huisbezoek-met-politie"
    GEEN_HUISBEZOEK = "geen-huisbezoek"
    AGRESSIE_BEKEND = "agressie-bekend"
    WAPENBEZIT_BEKEND = "wapenbezit-bekend"


#: How staff and partner systems show a veiligheidssignaal (Dutch).
VEILIGHEIDSSIGNAAL_LABELS: dict[Veiligheidssignaalcode, str] = {
    Veiligheidssignaalcode.NIET_ALLEEN_OP_HUISBEZOEK: "Niet alleen op huisbezoek",
    Veiligheidssignaalcode.HUISBEZOEK_MET_POLITIE: "Huisbezoek alleen met politie",
    Veiligheidssignaalcode.GEEN_HUISBEZOEK: "Geen huisbezoek",
    Veiligheidssignaalcode.AGRESSIE_BEKEND: "Agressie bekend",
    Veiligheidssignaalcode.WAPENBEZIT_BEKEND: "Wapenbezit bekend",
}

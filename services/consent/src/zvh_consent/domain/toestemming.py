"""The toestemming register: the client's consent for sharing, per betrokkene (as a pseudonym),
doel, ontvanger, categorie and period.

Consent's database never holds a BSN or a name: a betrokkene is the pseudonym intake derives
(32 hex characters). A withdrawal is a new state (``ingetrokken``, with who and when), never a
deletion. Minors: under 12 a gezagdrager consents, from 12 to 16 the child and a gezagdrager
both, from 16 the child alone; an incomplete consent is refused.

How toestemmingen weigh in a decision (most specific wins, deny-overrides, a later one for the
same scope replaces an earlier one) is the policy's business, not this module's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re
import uuid

from zvh_contracts.base import PARTNER_CODE_PATTERN
from zvh_contracts.vocab import Categorie, ToestemmingStatus, ToestemmingWijze

from zvh_consent.domain.fouten import Fout, weiger_als

PSEUDONIEM = re.compile(r"^[0-9a-f]{32}$")
CODE = re.compile(PARTNER_CODE_PATTERN)
MAX_CODE = 50
MAX_DOCUMENT = 100


class Leeftijdsgroep(enum.StrEnum):
    """The betrokkene's age group: it decides who must consent."""

    ONDER_12 = "onder-12"
    VAN_12_TOT_16 = "12-tot-16"
    VAN_16 = "16-plus"
    VOLWASSEN = "volwassen"


class Toestemmer(enum.StrEnum):
    """Who gave (or refused) the toestemming."""

    CLIENT = "client"
    GEZAGDRAGER = "gezagdrager"
    BEIDE = "beide"


#: Who must have consented, per age group (a grant).
NODIG_VOOR_TOESTEMMING: dict[Leeftijdsgroep, frozenset[Toestemmer]] = {
    Leeftijdsgroep.ONDER_12: frozenset({Toestemmer.GEZAGDRAGER, Toestemmer.BEIDE}),
    Leeftijdsgroep.VAN_12_TOT_16: frozenset({Toestemmer.BEIDE}),
    Leeftijdsgroep.VAN_16: frozenset({Toestemmer.CLIENT, Toestemmer.BEIDE}),
    Leeftijdsgroep.VOLWASSEN: frozenset({Toestemmer.CLIENT}),
}
#: Who can refuse, per age group: from 12 to 16 one refusal (child or gezagdrager) suffices.
NODIG_VOOR_WEIGERING: dict[Leeftijdsgroep, frozenset[Toestemmer]] = {
    Leeftijdsgroep.ONDER_12: frozenset({Toestemmer.GEZAGDRAGER, Toestemmer.BEIDE}),
    Leeftijdsgroep.VAN_12_TOT_16: frozenset(Toestemmer),
    Leeftijdsgroep.VAN_16: frozenset({Toestemmer.CLIENT, Toestemmer.BEIDE}),
    Leeftijdsgroep.VOLWASSEN: frozenset({Toestemmer.CLIENT}),
}
UITLEG: dict[Leeftijdsgroep, str] = {
    Leeftijdsgroep.ONDER_12: "onder de 12 jaar geeft een gezagdrager toestemming",
    Leeftijdsgroep.VAN_12_TOT_16: (
        "van 12 tot 16 jaar geven het kind én een gezagdrager toestemming (beide)"
    ),
    Leeftijdsgroep.VAN_16: "vanaf 16 jaar geeft het kind zelf toestemming",
    Leeftijdsgroep.VOLWASSEN: "een volwassene geeft zelf toestemming",
}


@dataclasses.dataclass(frozen=True, kw_only=True)
class Toestemming:
    """One toestemming and its current state."""

    id: uuid.UUID
    betrokkene: str
    casus: str | None
    doel: str
    ontvanger: str | None
    categorie: str | None
    van: dt.date
    tot: dt.date | None
    status: ToestemmingStatus
    wijze: ToestemmingWijze
    document_referentie: str | None
    leeftijdsgroep: Leeftijdsgroep
    toestemming_door: Toestemmer
    vastgelegd_door: str
    vastgelegd_door_org: str
    vastgelegd_op: dt.datetime
    #: The latest state change (recording or withdrawal): the policy lets the newest of the
    #: toestemmingen for one scope count.
    gewijzigd_op: dt.datetime
    gewijzigd_door: str

    def intrekken(self, *, door: str, op: dt.datetime) -> Toestemming:
        """The withdrawn toestemming (a new state); ``Ongeldig`` when it was withdrawn already."""
        if self.status is ToestemmingStatus.INGETROKKEN:
            weiger_als([Fout("status", "deze toestemming is al ingetrokken")])
        return dataclasses.replace(
            self, status=ToestemmingStatus.INGETROKKEN, gewijzigd_op=op, gewijzigd_door=door
        )


@dataclasses.dataclass(frozen=True, kw_only=True)
class Toestemmingswijziging:
    """One entry in a toestemming's history: its state from ``tijd``, by whom."""

    toestemming_id: uuid.UUID
    status: ToestemmingStatus
    tijd: dt.datetime
    door: str
    door_org: str


def nieuwe_toestemming(
    *,
    betrokkene: str,
    casus: uuid.UUID | None,
    doel: str,
    ontvanger: str | None,
    categorie: str | None,
    van: dt.date,
    tot: dt.date | None,
    status: ToestemmingStatus,
    wijze: ToestemmingWijze,
    document_referentie: str | None,
    leeftijdsgroep: Leeftijdsgroep,
    toestemming_door: Toestemmer,
    door: str,
    door_org: str,
    op: dt.datetime,
) -> Toestemming:
    """A checked toestemming (gegeven or geweigerd); ``Ongeldig`` with Dutch reasons per field."""
    fouten: list[Fout] = []
    if not PSEUDONIEM.fullmatch(betrokkene):
        fouten.append(
            Fout(
                "betrokkene",
                "moet het pseudoniem van de betrokkene zijn (32 tekens 0-9 en a-f), "
                "nooit een BSN of naam",
            )
        )
    if not _code(doel):
        fouten.append(Fout("doel", "moet een code zijn, bijv. casusoverleg"))
    if ontvanger is not None and not _code(ontvanger):
        fouten.append(Fout("ontvanger", "moet een organisatiecode of rol zijn, bijv. ggz-wnb"))
    if categorie is not None and categorie not in {c.value for c in Categorie}:
        fouten.append(Fout("categorie", "is geen bekende categorie"))
    if tot is not None and tot < van:
        fouten.append(Fout("tot", "mag niet voor de ingangsdatum (van) liggen"))
    if status is ToestemmingStatus.INGETROKKEN:
        fouten.append(
            Fout("status", "leg gegeven of geweigerd vast; intrekken doet u op de toestemming zelf")
        )
    if document_referentie is not None and not (0 < len(document_referentie) <= MAX_DOCUMENT):
        fouten.append(Fout("document_referentie", f"hoogstens {MAX_DOCUMENT} tekens"))
    if wijze is ToestemmingWijze.SCHRIFTELIJK and not document_referentie:
        fouten.append(
            Fout("document_referentie", "noem bij schriftelijke toestemming het document")
        )
    nodig = NODIG_VOOR_TOESTEMMING if status is ToestemmingStatus.GEGEVEN else NODIG_VOOR_WEIGERING
    if toestemming_door not in nodig[leeftijdsgroep]:
        fouten.append(Fout("toestemming_door", f"onvolledig: {UITLEG[leeftijdsgroep]}"))
    weiger_als(fouten)
    return Toestemming(
        id=uuid.uuid4(),
        betrokkene=betrokkene,
        casus=str(casus) if casus else None,
        doel=doel,
        ontvanger=ontvanger,
        categorie=categorie,
        van=van,
        tot=tot,
        status=status,
        wijze=wijze,
        document_referentie=document_referentie,
        leeftijdsgroep=leeftijdsgroep,
        toestemming_door=toestemming_door,
        vastgelegd_door=door,
        vastgelegd_door_org=door_org,
        vastgelegd_op=op,
        gewijzigd_op=op,
        gewijzigd_door=door,
    )


def _code(value: str) -> bool:
    return 2 <= len(value) <= MAX_CODE and CODE.fullmatch(value) is not None

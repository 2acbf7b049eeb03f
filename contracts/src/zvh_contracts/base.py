"""Building blocks shared by every event model.

Every string field carries an ``x-zvh-klasse`` in its JSON Schema so that a contract test can prove
that internal and shared topics carry no case content: only ids, codes, dates, pseudonyms and the
actielijst may travel there (docs/architecture.md rule 2).
"""

from __future__ import annotations

import enum
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

KLASSE = "x-zvh-klasse"


class Klasse(enum.StrEnum):
    """What kind of value a string field holds, for the no-content rule."""

    CODE = "code"  # a code from a fixed vocabulary or a partner code
    REFERENTIE = "referentie"  # an opaque reference (a partner's own case number)
    PSEUDONIEM = "pseudoniem"  # a keyed pseudonym, never reversible outside intake
    ACTIELIJST = "actielijst"  # action-list text: the one thing shared with all deelnemers
    INHOUD = "inhoud"  # free-text case content: stays with its eigenaar
    PERSOONSGEGEVEN = "persoonsgegeven"  # names, BSN, addresses: stays with its eigenaar
    LOGISTIEK = "logistiek"  # where a meeting happens (a room, a video link): no case content


#: Klassen that may appear on internal (``zvh.<context>.*``) topics.
SHAREABLE = frozenset(
    {Klasse.CODE, Klasse.REFERENTIE, Klasse.PSEUDONIEM, Klasse.ACTIELIJST, Klasse.LOGISTIEK}
)


def _klasse(k: Klasse) -> dict[str, str]:
    return {KLASSE: k.value}


PARTNER_CODE_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

PartnerCode = Annotated[
    str,
    StringConstraints(pattern=PARTNER_CODE_PATTERN, min_length=2, max_length=63),
    Field(
        description="A partner organisation's code, e.g. politie-zwb",
        json_schema_extra=_klasse(Klasse.CODE),
    ),
]
#: A code from a vocabulary, or an organisation code or a role (lower case, words joined by '-').
Code = Annotated[
    str,
    StringConstraints(pattern=PARTNER_CODE_PATTERN, min_length=2, max_length=50),
    Field(json_schema_extra=_klasse(Klasse.CODE)),
]
#: A gemeente by its CBS code ("GM" and four digits, e.g. GM0748 Bergen op Zoom): which gemeente a
#: melding concerns, for the quarterly reports to the gemeenten (funders). A code, never content.
Gemeentecode = Annotated[
    str,
    StringConstraints(pattern=r"^GM[0-9]{4}$"),
    Field(
        description="CBS gemeentecode, e.g. GM0748",
        json_schema_extra=_klasse(Klasse.CODE),
    ),
]
Referentie = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._/:-]+$"),
    Field(json_schema_extra=_klasse(Klasse.REFERENTIE)),
]
IcalUid = Annotated[
    str,
    StringConstraints(min_length=3, max_length=255, pattern=r"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+$"),
    Field(
        description="iCalendar UID (RFC 5545), the same for every update of one meeting",
        json_schema_extra=_klasse(Klasse.REFERENTIE),
    ),
]
Pseudoniem = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9a-f]{16,64}$"),
    Field(json_schema_extra=_klasse(Klasse.PSEUDONIEM)),
]
Actietekst = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=500),
    Field(json_schema_extra=_klasse(Klasse.ACTIELIJST)),
]
Inhoud = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=10_000),
    Field(json_schema_extra=_klasse(Klasse.INHOUD)),
]
Naam = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
    Field(json_schema_extra=_klasse(Klasse.PERSOONSGEGEVEN)),
]
Bsn = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{9}$"),
    Field(description="Burgerservicenummer", json_schema_extra=_klasse(Klasse.PERSOONSGEGEVEN)),
]
Locatie = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=300),
    Field(
        description="Where an overleg takes place: a room, an address or a video link",
        json_schema_extra=_klasse(Klasse.LOGISTIEK),
    ),
]
Link = Annotated[
    str,
    StringConstraints(pattern=r"^https?://[^\s]{1,500}$"),
    Field(
        description="A web address in the ZVH's own UI (sign-in required)",
        json_schema_extra=_klasse(Klasse.LOGISTIEK),
    ),
]
AveFase = Annotated[
    int,
    Field(ge=1, le=5, description="Escalation phase of the AVE regiekaart: 1 lowest, 5 highest"),
]


class Event(BaseModel):
    """Base of every event body. ``event_type`` is the CloudEvents ``type``."""

    model_config = ConfigDict(extra="ignore", frozen=True, use_enum_values=False)

    event_type: ClassVar[str]
    #: Short description used in the generated AsyncAPI document.
    summary: ClassVar[str] = ""

    def subject(self) -> str:
        """The aggregate id: the Kafka key and CloudEvents ``subject``."""
        raise NotImplementedError

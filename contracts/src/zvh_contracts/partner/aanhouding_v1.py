"""Police → ZVH: the daily list of arrests for Triage Aanhoudingen (seed 002).

Every day the police partner submits the arrests of the last day; the ZVH's procesregisseur and
bemoeizorg go through them and mark each one (geen actie, bemoeizorg gaat langs, melding
aanmaken). The list carries ids, pseudonyms and codes only: no names, no BSN, no free text. The
schema forbids anything else (patterns, ``additionalProperties: false``), so a police system
cannot leak a description of the arrest through this channel by mistake.

Only a police partner (partner code ``politie…``) may submit it; the ZVH rejects it from anyone
else. The police's identity comes from the topic, as for every partner message.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from zvh_contracts.base import KLASSE, Event, Klasse, Pseudoniem

#: The largest list the ZVH takes in one message (a region's arrests of one day fit easily).
MAX_AANHOUDINGEN = 500

#: The police's own id of an arrest (its registration number): short enough that
#: ``aanhouding:<id>`` is a valid ``melder_referentie`` when a melding is made of it.
AanhoudingId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=50, pattern=r"^[A-Za-z0-9._/:-]+$"),
    Field(
        description="The police's own id of this arrest",
        json_schema_extra={KLASSE: Klasse.REFERENTIE.value},
    ),
]
LijstId = Annotated[
    str,
    StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._/:-]+$"),
    Field(
        description="The police's own id of this daily list; resending it replaces nothing",
        json_schema_extra={KLASSE: Klasse.REFERENTIE.value},
    ),
]
#: A feitcode: the code of the offence in the police's (or the OM's) code table, e.g. ``F110``
#: or ``BA-250``. Upper-case letters, digits, '.' and '-'; never a description.
Feitcode = Annotated[
    str,
    StringConstraints(min_length=1, max_length=20, pattern=r"^[A-Z0-9][A-Z0-9.-]{0,19}$"),
    Field(json_schema_extra={KLASSE: Klasse.CODE.value}),
]
#: The CBS code of a gemeente, e.g. ``GM0748`` (Bergen op Zoom).
GemeenteCode = Annotated[
    str,
    StringConstraints(pattern=r"^GM[0-9]{4}$"),
    Field(json_schema_extra={KLASSE: Klasse.CODE.value}),
]


class Aanhouding(BaseModel):
    """One arrest on the list: who (a pseudonym), for what (codes), when and where (a code)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    aanhouding_id: AanhoudingId
    persoon_pseudoniem: Pseudoniem = Field(
        description=(
            "The police's own stable pseudonym of the arrested person (lower-case hex, 16-64): "
            "the same person gets the same pseudonym on every list, so the ZVH sees a returning "
            "person without learning who it is"
        )
    )
    feitcodes: list[Feitcode] = Field(
        min_length=1, max_length=10, description="The feitcodes of the arrest"
    )
    tijdstip: datetime = Field(description="When the arrest was made (with offset)")
    gemeente: GemeenteCode | None = Field(
        default=None, description="CBS code of the gemeente where it happened (GMxxxx)"
    )


class AanhoudingenIngediend(Event):
    """The police's daily list of arrests, for the ZVH's Triage Aanhoudingen."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    event_type = "zvh.partner.aanhoudingen.ingediend.v1"
    summary = "The police partner submits its daily list of arrests (ids, pseudonyms and codes)"

    lijst_id: LijstId
    datum: date = Field(description="The day the list covers")
    aanhoudingen: list[Aanhouding] = Field(
        max_length=MAX_AANHOUDINGEN,
        description="The arrests of that day; each aanhouding_id at most once",
    )

    @model_validator(mode="after")
    def _elke_aanhouding_eenmaal(self) -> AanhoudingenIngediend:
        ids = [a.aanhouding_id for a in self.aanhoudingen]
        dubbel = sorted({i for i in ids if ids.count(i) > 1})
        if dubbel:
            raise ValueError(f"aanhouding_id komt meer dan eens voor: {', '.join(dubbel)[:200]}")
        return self

    def subject(self) -> str:
        return self.lijst_id

"""Partner ↔ ZVH: submitting a melding and the receipt (or rejection) that answers it."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from zvh_contracts.base import (
    KLASSE,
    AveFase,
    Bsn,
    Event,
    Gemeentecode,
    Inhoud,
    Naam,
    PartnerCode,
    Referentie,
)
from zvh_contracts.vocab import (
    BetrokkeneRol,
    Categorie,
    Gevoeligheid,
    Grondslag,
    Leefgebied,
    TriageUitkomst,
    Urgentie,
)


def elfproef(bsn: str) -> bool:
    """The BSN check digit test (weights 9..2 and -1, sum divisible by 11)."""
    total = sum(int(d) * w for d, w in zip(bsn, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0 and bsn != "000000000"


class Betrokkene(BaseModel):
    """A person the melding is about, with the data needed to recognise them."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    rol: BetrokkeneRol
    voornaam: Naam
    achternaam: Naam
    geboortedatum: date | None = None
    bsn: Bsn | None = None

    @field_validator("bsn")
    @classmethod
    def _bsn_elfproef(cls, v: str | None) -> str | None:
        if v is not None and not elfproef(v):
            raise ValueError("BSN voldoet niet aan de elfproef")
        return v


class MeldingIngediend(Event):
    """A partner reports a (possible) case. The melder is the partner whose topic carries it."""

    event_type = "zvh.partner.melding.ingediend.v1"
    summary = "A partner submits a melding to the ZVH"

    melder_referentie: Referentie = Field(description="The melder's own reference for this case")
    betrokkenen: list[Betrokkene] = Field(min_length=1, max_length=20)
    reden: Inhoud = Field(description="Why the melder asks the ZVH to look at this")
    leefgebieden: list[Leefgebied] = Field(min_length=1)
    urgentie: Urgentie
    voorgestelde_ave_fase: AveFase | None = None
    client_geinformeerd: bool = Field(description="Whether the client knows about this melding")
    reden_niet_geinformeerd: Inhoud | None = Field(
        default=None, description="Required when client_geinformeerd is false"
    )
    uit_te_nodigen_partners: list[PartnerCode] = Field(default_factory=list, max_length=30)
    categorie: Categorie | None = Field(
        default=None,
        description=(
            "Information categorie of the melding's content; absent: derived from the melder's "
            "partner type (politie, OM/reclassering: justitie, GGZ/bemoeizorg: zorg, ...)"
        ),
    )
    gevoeligheid: Gevoeligheid | None = Field(
        default=None,
        description=(
            "normaal | bijzonder (health) | strafrechtelijk; absent: derived from the categorie "
            "(zorg: bijzonder, politie and justitie: strafrechtelijk, else normaal)"
        ),
    )
    grondslag: Grondslag | None = Field(
        default=None, description="The basis the melder shares this on; absent: convenant"
    )
    gemeente: Gemeentecode | None = Field(
        default=None,
        description=(
            "CBS code of the gemeente the melding concerns (where the client lives), e.g. "
            "GM0748; for the quarterly reports per gemeente. Absent: counted as onbekend"
        ),
    )

    @model_validator(mode="after")
    def _reden_when_not_informed(self) -> MeldingIngediend:
        if not self.client_geinformeerd and not self.reden_niet_geinformeerd:
            raise ValueError(
                "reden_niet_geinformeerd is verplicht als client_geinformeerd false is"
            )
        return self

    def subject(self) -> str:
        return self.melder_referentie


class OntvangstStatus(enum.StrEnum):
    """Whether the ZVH accepted a submitted message."""

    ONTVANGEN = "ontvangen"
    AFGEWEZEN = "afgewezen"


Systeemtekst = Annotated[
    str,
    StringConstraints(max_length=1000),
    Field(json_schema_extra={KLASSE: "systeemtekst"}),
]


class Afwijzingsreden(BaseModel):
    """One readable reason why a message was rejected."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    veld: Systeemtekst = Field(description="Path of the offending field, '' for the whole message")
    melding: Systeemtekst = Field(description="What is wrong, in Dutch")


class MeldingOntvangen(Event):
    """The ZVH's receipt for a submitted melding, or its rejection with the reasons."""

    event_type = "zvh.partner.melding.ontvangen.v1"
    summary = "Receipt or rejection of a submitted melding"

    status: OntvangstStatus
    in_antwoord_op: uuid.UUID | None = Field(
        default=None, description="ce_id of the submitted message, when it had one"
    )
    melder_referentie: Referentie | None = None
    melding_id: uuid.UUID | None = Field(default=None, description="Set when ontvangen")
    redenen: list[Afwijzingsreden] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> MeldingOntvangen:
        if self.status is OntvangstStatus.ONTVANGEN and self.melding_id is None:
            raise ValueError("melding_id is required when status is ontvangen")
        if self.status is OntvangstStatus.AFGEWEZEN and not self.redenen:
            raise ValueError("a rejection needs at least one reden")
        return self

    def subject(self) -> str:
        return str(self.melding_id or self.in_antwoord_op or self.melder_referentie or "onbekend")


#: The ZVH's own answer to the melder (an advies, the reason for a terugverwijzing): free text about
#: the case, so ``inhoud`` — it may go to the melder alone, on its own from-zvh topic, never on an
#: internal topic (``tests/contract/test_no_content.py`` would catch that).
Antwoordtekst = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    Field(json_schema_extra={KLASSE: "inhoud"}),
]


class MeldingGetrieerd(Event):
    """The terugmelding to the melder: what the ZVH decided about its melding.

    Sent only to the melder, on its own from-zvh topic. ``casus_id`` is set for uitkomst
    ``casus`` (a new casus, or the running one the melding joined); ``advies`` only for uitkomst
    ``advies``; ``reden_terugverwijzing`` only for ``terugverwezen``. The two texts are the ZVH's
    answer to the melder and reach no other partner.
    """

    event_type = "zvh.partner.melding.getrieerd.v1"
    summary = "The triage outcome of the melder's own melding: casus, advies or terugverwezen"

    melding_id: uuid.UUID
    melder_referentie: Referentie = Field(description="The melder's own reference for the melding")
    uitkomst: TriageUitkomst
    casus_id: uuid.UUID | None = Field(default=None, description="Set when uitkomst is casus")
    advies: Antwoordtekst | None = Field(
        default=None, description="The ZVH's advice to the melder; only with uitkomst advies"
    )
    reden_terugverwijzing: Antwoordtekst | None = Field(
        default=None,
        description="Why the melding goes back to the melder; only with uitkomst terugverwezen",
    )
    getrieerd_op: datetime

    @model_validator(mode="after")
    def _per_uitkomst(self) -> MeldingGetrieerd:
        if (self.casus_id is not None) != (self.uitkomst is TriageUitkomst.CASUS):
            raise ValueError("casus_id is set exactly when uitkomst is casus")
        if self.advies is not None and self.uitkomst is not TriageUitkomst.ADVIES:
            raise ValueError("advies is only given with uitkomst advies")
        if (
            self.reden_terugverwijzing is not None
            and self.uitkomst is not TriageUitkomst.TERUGVERWEZEN
        ):
            raise ValueError("reden_terugverwijzing is only given with uitkomst terugverwezen")
        return self

    def subject(self) -> str:
        return str(self.melding_id)


__all__ = [
    "Afwijzingsreden",
    "Antwoordtekst",
    "Betrokkene",
    "MeldingGetrieerd",
    "MeldingIngediend",
    "MeldingOntvangen",
    "OntvangstStatus",
]

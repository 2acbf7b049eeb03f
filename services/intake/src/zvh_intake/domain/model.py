"""The melding aggregate: what a partner reported and what the procesregisseur decided.

The content (betrokkenen, reden …) stays in intake under the melder as eigenaar; only ids, codes,
dates and pseudonyms leave the service.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from zvh_contracts.triage import (
    STANDAARD_HERBEOORDELING as STANDAARD_HERBEOORDELING,  # re-exported: intake's default
)
from zvh_contracts.triage import (
    TriageFout,
    TriageOpdracht,
    triage_fouten,
    vastgelegde_triage,
)
from zvh_contracts.vocab import Casemanagementmodel, TriageUitkomst, Urgentie

from zvh_intake.domain.afwijzing import Reden
from zvh_intake.domain.errors import AlGetrieerd, TriageOngeldig
from zvh_intake.domain.informatie import InformatieItem, ItemSoort, item_inhoud
from zvh_intake.domain.informatie import categorie_van as categorie_van  # re-exported
from zvh_intake.domain.termijnen import nl_datum


class MeldingStatus(enum.StrEnum):
    """Where a melding is in intake."""

    TE_TRIEREN = "te-trieren"
    GETRIEERD = "getrieerd"


@dataclass(frozen=True)
class Triage:
    """The procesregisseur's decision on a melding."""

    uitkomst: TriageUitkomst
    ave_fase: int | None
    client_geinformeerd: bool
    reden_niet_geinformeerd: str | None
    herbeoordeling_op: date | None
    uit_te_nodigen_partners: tuple[str, ...]
    getrieerd_door: str
    getrieerd_op: datetime
    bestaande_casus_id: uuid.UUID | None = None
    #: The ZVH's answer to the melder (terugmelding): the advies with uitkomst advies, the reason
    #: with terugverwezen. Only the melder receives them (zvh.partner.melding.getrieerd.v1).
    advies: str | None = None
    reden_terugverwijzing: str | None = None
    #: The casemanagement model chosen for the casus (uitkomst casus only). Passed on in the
    #: triage event for overleg; intake does not store it (overleg keeps it with the casus).
    model: Casemanagementmodel | None = None

    def als_opdracht(self) -> TriageOpdracht:
        """This decision in the shape of intake's triage contract (to check its rules)."""
        return TriageOpdracht(
            uitkomst=self.uitkomst,
            ave_fase=self.ave_fase,
            client_geinformeerd=self.client_geinformeerd,
            reden_niet_geinformeerd=self.reden_niet_geinformeerd,
            herbeoordeling_op=self.herbeoordeling_op,
            uit_te_nodigen_partners=list(self.uit_te_nodigen_partners),
            bestaande_casus_id=self.bestaande_casus_id,
            advies=self.advies,
            reden_terugverwijzing=self.reden_terugverwijzing,
            model=self.model,
        )


def triage_ongeldig(fouten: list[TriageFout]) -> TriageOngeldig:
    """The domain error for broken triage rules (field names and Dutch messages kept)."""
    return TriageOngeldig([Reden(veld=f.veld, melding=f.melding) for f in fouten])


@dataclass(frozen=True)
class Melding:
    """One melding. ``inhoud`` is the submitted content as JSON-ready data (never logged)."""

    id: uuid.UUID
    eigenaar: str
    melder_referentie: str
    urgentie: Urgentie
    leefgebieden: tuple[str, ...]
    inhoud: dict[str, Any]
    ontvangen_op: datetime
    triage_uiterlijk: date
    status: MeldingStatus = MeldingStatus.TE_TRIEREN
    traceparent: str | None = None
    pseudoniemen: tuple[str, ...] = field(default_factory=tuple)
    triage: Triage | None = None
    #: The content as informatie-items (reden, each betrokkene, leefgebieden), in that order.
    items: tuple[InformatieItem, ...] = field(default_factory=tuple)
    #: CBS code of the gemeente the melding concerns, as the melder gave it (None: onbekend);
    #: a code, not content, so it travels on to overleg for the reports per gemeente.
    gemeente: str | None = None

    def item(self, item_id: uuid.UUID) -> InformatieItem | None:
        """The informatie-item with this id, if it belongs to this melding."""
        return next((i for i in self.items if i.id == item_id), None)

    def met_item(self, item: InformatieItem) -> Melding:
        """This melding with ``item`` replaced (same id)."""
        return replace(self, items=tuple(item if i.id == item.id else i for i in self.items))

    def pseudoniemen_client_eerst(self) -> tuple[str, ...]:
        """The betrokkenen's pseudonyms, each once: the client's (rol ``client``) first, then
        the others in the melder's order.

        Overleg takes the first as the person a casus is about (toestemming is per person). A
        melding whose items carry no pseudonym (stored before the items had one) keeps the
        order of ``pseudoniemen``.
        """
        betrokkenen = [i for i in self.items if i.soort is ItemSoort.BETROKKENE and i.betrokkene]
        client = [i for i in betrokkenen if item_inhoud(i, self.inhoud).get("rol") == "client"]
        eerst = [i.betrokkene for i in (*client, *betrokkenen) if i.betrokkene]
        return tuple(dict.fromkeys([*eerst, *self.pseudoniemen]))

    def triageer(self, triage: Triage) -> Melding:
        """This melding with ``triage`` applied; refuses a second triage or an invalid one."""
        if self.status is MeldingStatus.GETRIEERD:
            raise AlGetrieerd(f"melding {self.id} is al getrieerd")
        triage = valideer_triage(triage)
        return replace(self, status=MeldingStatus.GETRIEERD, triage=triage)


def valideer_triage(triage: Triage) -> Triage:
    """Check a triage decision against the shared rules (``zvh_contracts.triage``).

    Fills the default herbeoordeling_op (3 months) when the client is not informed, drops reden
    and date when informed. "Today" is the Dutch calendar day of the triage.
    """
    vandaag = nl_datum(triage.getrieerd_op)
    opdracht = triage.als_opdracht()
    fouten = triage_fouten(opdracht, vandaag=vandaag)
    if fouten:
        raise triage_ongeldig(fouten)
    vast = vastgelegde_triage(opdracht, vandaag=vandaag)
    return replace(
        triage,
        reden_niet_geinformeerd=vast.reden_niet_geinformeerd,
        herbeoordeling_op=vast.herbeoordeling_op,
        uit_te_nodigen_partners=tuple(vast.uit_te_nodigen_partners),
        advies=vast.advies,
        reden_terugverwijzing=vast.reden_terugverwijzing,
        model=vast.model,
    )

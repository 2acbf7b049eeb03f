"""Informatie-items: the parts of a melding's content, each with its eigenaar and its labels.

A melding's content is split into items the policy decides on one by one
(docs/ownership-and-privacy.md):

- ``reden``: why the melder asks the ZVH to look (the reden and, when given, the reden why the
  client is not informed);
- ``betrokkene``: one per person, their identifying data (rol, naam, geboortedatum, BSN), with
  the person's pseudonym so that toestemming per betrokkene can apply;
- ``leefgebieden``: the life domains the melding touches.

Each item records its eigenaar (the melder, from the topic), categorie, gevoeligheid and the
grondslag it was brought in on. The content itself stays in the melding (``Melding.inhoud``); an
item says which part of it it is (:func:`item_inhoud`).

Defaults, kept simple on purpose:

- categorie: what the melder says, else derived from its partner type (:func:`categorie_van`);
- gevoeligheid: what the melder says, else by categorie: zorg → bijzonder (health data),
  politie and justitie → strafrechtelijk, anything else → normaal. The leefgebieden item is at
  least bijzonder when it names a health leefgebied (gezondheid, psyche, verslaving);
- grondslag: what the melder says, else ``convenant``.

The eigenaar may restrict an item to named organisations ('zvh': the ZVH regie) or withdraw it;
both are sent to the PDP with every question about the item.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from zvh_contracts.vocab import Categorie, Gevoeligheid, Grondslag

from zvh_intake.domain.errors import BeheerOngeldig

#: The organisation code that stands for the ZVH regie in ``beperkt_tot``.
ZVH_REGIE = "zvh"

#: Leefgebieden whose mention alone is health data (bijzonder persoonsgegeven).
GEZONDHEID_LEEFGEBIEDEN = frozenset({"gezondheid", "psyche", "verslaving"})

#: Information categorie of a melder, by the start of its partner code (its partner type).
_CATEGORIE_PER_PREFIX: tuple[tuple[str, Categorie], ...] = (
    ("politie", Categorie.POLITIE),
    ("om-", Categorie.JUSTITIE),
    ("reclassering", Categorie.JUSTITIE),
    ("ggz", Categorie.ZORG),
    ("bemoeizorg", Categorie.ZORG),
    ("veilig-thuis", Categorie.JEUGD),
    ("jeugd", Categorie.JEUGD),
    ("woon", Categorie.WONEN),
    ("schuld", Categorie.FINANCIEEL),
    ("kredietbank", Categorie.FINANCIEEL),
)


def categorie_van(melder: str) -> Categorie:
    """The categorie a melder's content falls under by its partner type; 'algemeen' if unknown."""
    for prefix, categorie in _CATEGORIE_PER_PREFIX:
        if melder.startswith(prefix):
            return categorie
    return Categorie.ALGEMEEN


def standaard_gevoeligheid(categorie: Categorie) -> Gevoeligheid:
    """The gevoeligheid of a categorie's content when the melder did not say."""
    if categorie == Categorie.ZORG:
        return Gevoeligheid.BIJZONDER
    if categorie in (Categorie.POLITIE, Categorie.JUSTITIE):
        return Gevoeligheid.STRAFRECHTELIJK
    return Gevoeligheid.NORMAAL


class ItemSoort(enum.StrEnum):
    """Which part of a melding an informatie-item is."""

    REDEN = "reden"
    BETROKKENE = "betrokkene"
    LEEFGEBIEDEN = "leefgebieden"


#: Fields of ``Melding.inhoud`` each soort covers (a betrokkene: one entry of ``betrokkenen``).
REDEN_VELDEN = ("reden", "reden_niet_geinformeerd")


@dataclass(frozen=True)
class InformatieItem:
    """One piece of a melding's content with its eigenaar, labels and the eigenaar's controls."""

    id: uuid.UUID
    melding_id: uuid.UUID
    soort: ItemSoort
    positie: int  # the index in ``betrokkenen`` for a betrokkene, else 0
    eigenaar: str
    categorie: Categorie
    gevoeligheid: Gevoeligheid
    grondslag: Grondslag
    betrokkene: str | None = None  # the person's pseudonym (betrokkene items)
    beperkt_tot: tuple[str, ...] | None = None  # None: not restricted
    beperkt_door: str | None = None
    beperkt_op: datetime | None = None
    ingetrokken_door: str | None = None
    ingetrokken_op: datetime | None = None

    @property
    def ingetrokken(self) -> bool:
        return self.ingetrokken_op is not None

    def beperk(self, tot: Sequence[str], *, door: str, op: datetime) -> InformatieItem:
        """This item restricted to ``tot`` (organisation codes; 'zvh' is the ZVH regie)."""
        codes = tuple(dict.fromkeys(tot))
        if not codes:
            raise BeheerOngeldig("noem ten minste één organisatie (of 'zvh' voor de ZVH-regie)")
        if self.ingetrokken:
            raise BeheerOngeldig("dit informatie-item is ingetrokken")
        return replace(self, beperkt_tot=codes, beperkt_door=door, beperkt_op=op)

    def hef_beperking_op(self, *, door: str, op: datetime) -> InformatieItem:
        """This item without a restriction (shared again on the policy's usual terms)."""
        if self.ingetrokken:
            raise BeheerOngeldig("dit informatie-item is ingetrokken")
        return replace(self, beperkt_tot=None, beperkt_door=door, beperkt_op=op)

    def trek_in(self, *, door: str, op: datetime) -> InformatieItem:
        """This item withdrawn: from now on only its eigenaar reads it. Final; twice is a no-op."""
        if self.ingetrokken:
            return self
        return replace(self, ingetrokken_door=door, ingetrokken_op=op)


def item_id(melding_id: uuid.UUID, soort: ItemSoort, positie: int = 0) -> uuid.UUID:
    """The item's id: stable per melding, soort and position (also for migrated meldingen)."""
    return uuid.uuid5(melding_id, f"informatie-item:{soort.value}:{positie}")


def items_voor(
    melding_id: uuid.UUID,
    *,
    eigenaar: str,
    inhoud: Mapping[str, Any],
    pseudoniemen: Sequence[str | None],
    categorie: Categorie | None = None,
    gevoeligheid: Gevoeligheid | None = None,
    grondslag: Grondslag | None = None,
) -> tuple[InformatieItem, ...]:
    """The informatie-items of a melding's content: reden, one per betrokkene, leefgebieden.

    ``pseudoniemen`` holds each betrokkene's pseudonym by position (None when unknown).
    """
    cat = categorie or categorie_van(eigenaar)
    gev = gevoeligheid or standaard_gevoeligheid(cat)
    basis = grondslag or Grondslag.CONVENANT

    def item(soort: ItemSoort, positie: int = 0, **extra: Any) -> InformatieItem:
        return InformatieItem(
            id=item_id(melding_id, soort, positie),
            melding_id=melding_id,
            soort=soort,
            positie=positie,
            eigenaar=eigenaar,
            categorie=cat,
            gevoeligheid=extra.pop("gevoeligheid", gev),
            grondslag=basis,
            **extra,
        )

    betrokkenen = [b for b in inhoud.get("betrokkenen", []) if isinstance(b, dict)]
    leefgebieden = {str(lg) for lg in inhoud.get("leefgebieden", [])}
    gev_leefgebieden = gev
    if gev == Gevoeligheid.NORMAAL and leefgebieden & GEZONDHEID_LEEFGEBIEDEN:
        gev_leefgebieden = Gevoeligheid.BIJZONDER
    return (
        item(ItemSoort.REDEN),
        *(
            item(
                ItemSoort.BETROKKENE,
                i,
                betrokkene=pseudoniemen[i] if i < len(pseudoniemen) else None,
            )
            for i in range(len(betrokkenen))
        ),
        item(ItemSoort.LEEFGEBIEDEN, gevoeligheid=gev_leefgebieden),
    )


def item_inhoud(item: InformatieItem, inhoud: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a melding's content that ``item`` is (a copy; never logged)."""
    if item.soort is ItemSoort.REDEN:
        return {veld: inhoud.get(veld) for veld in REDEN_VELDEN}
    if item.soort is ItemSoort.LEEFGEBIEDEN:
        return {"leefgebieden": list(inhoud.get("leefgebieden", []))}
    betrokkenen = inhoud.get("betrokkenen", [])
    if item.positie < len(betrokkenen) and isinstance(betrokkenen[item.positie], dict):
        return dict(betrokkenen[item.positie])
    return {}


#: How each soort is named in the Dutch explanation of a decision.
SOORT_TEKST = {
    ItemSoort.REDEN: "de reden van de melding",
    ItemSoort.BETROKKENE: "de gegevens van een betrokkene",
    ItemSoort.LEEFGEBIEDEN: "de leefgebieden",
}

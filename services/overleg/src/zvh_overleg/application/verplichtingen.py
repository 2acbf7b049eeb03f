"""The PDP's obligations, applied before content leaves overleg, and why the reader sees what.

The vocabulary (``zvh_contracts.pdp``):

- ``redact:<veld>``: ``redact:bsn`` shows a BSN as its last 3 digits, ``redact:geboortedatum`` a
  date as its year only; any other ``redact:<veld>`` leaves that field out. Overleg's items are
  free text, so ``bsn`` and ``geboortedatum`` are applied to the text: every 8- or 9-digit number
  is treated as a BSN and every full date as a date of birth (deny in doubt). A field an item
  cannot be shown without (its id, casus, onderdeel) hides the whole item.
- ``alleen-metadata``: what the item is (eigenaar, categorie, gevoeligheid, grondslag, date),
  none of its content.
- ``log-inzage``: overleg notes the read in its own log (``zvh_overleg.inzage``: ids and codes
  only; the decision id leads to the PDP's log of who, why and on which grondslag).

Any other obligation is one overleg does not know: the item is hidden (a deny), and the reader
is told so. A ``Zicht`` carries the decision's reasons and grondslag, so the UI can say in Dutch
why something is hidden or shown.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from zvh_contracts.pdp import (
    OBLIGATION_ALLEEN_METADATA,
    OBLIGATION_LOG_INZAGE,
    OBLIGATION_REDACT,
    Decision,
)

from zvh_overleg.domain.bouwschema import Categorie, Gevoeligheid, Informatieitem, Onderdeel
from zvh_overleg.domain.model import ActieStatus, Terugkoppeling

inzage_log = logging.getLogger("zvh_overleg.inzage")
T = TypeVar("T")

BSN = "bsn"
GEBOORTEDATUM = "geboortedatum"
#: Fields masked inside the text rather than left out.
IN_TEKST = frozenset({BSN, GEBOORTEDATUM})

GEEN_BESLISSING = "geen beslissing van de PDP"


@dataclass(frozen=True)
class Zicht:
    """How one reader may see an item, after the PDP's decision and its obligations."""

    getoond: bool
    redenen: tuple[str, ...]
    grondslag: str | None = None
    alleen_metadata: bool = False
    weggelaten: frozenset[str] = field(default_factory=frozenset)  # redact:<veld>, left out
    afgeschermd: frozenset[str] = field(default_factory=frozenset)  # bsn, geboortedatum
    log_inzage: bool = False
    decision_id: uuid.UUID | None = None

    @property
    def redenen_tekst(self) -> str:
        """The decision's reasons as one Dutch sentence part (``;``-separated)."""
        return "; ".join(self.redenen)

    @property
    def beperkingen(self) -> list[str]:
        """What of the item is not shown, in Dutch (empty: all of it is shown)."""
        uit: list[str] = []
        if self.alleen_metadata:
            uit.append("alleen wat het is, niet de inhoud")
        if BSN in self.afgeschermd:
            uit.append("BSN afgeschermd (alleen de laatste 3 cijfers)")
        if GEBOORTEDATUM in self.afgeschermd:
            uit.append("datums alleen als jaar")
        if self.weggelaten:
            uit.append("weggelaten: " + ", ".join(sorted(self.weggelaten)))
        return uit

    @property
    def uitleg(self) -> str:
        """One line for screen and PDF: hidden or shown, and why."""
        if not self.getoond:
            return f"Verborgen: {self.redenen_tekst or 'toegang geweigerd'}"
        tekst = f"Gedeeld op grond van: {self.grondslag or 'onbekend'}"
        if self.redenen:
            tekst += f" ({self.redenen_tekst})"
        if self.beperkingen:
            zin = "; ".join(self.beperkingen)
            tekst += ". " + zin[:1].upper() + zin[1:]
        return tekst


def verborgen(*redenen: str) -> Zicht:
    return Zicht(getoond=False, redenen=tuple(redenen) or ("toegang geweigerd",))


def zicht(decision: Decision | None, *, structureel: Iterable[str] = ()) -> Zicht:
    """The decision, with its obligations checked: an unknown one (or a ``redact`` of a field
    in ``structureel``, without which nothing can be shown) hides the item."""
    if decision is None:
        return verborgen(GEEN_BESLISSING)
    if decision.allow is not True:
        return Zicht(
            getoond=False,
            redenen=tuple(decision.reasons) or ("toegang geweigerd door de PDP",),
            grondslag=decision.grondslag,
            decision_id=decision.decision_id,
        )
    alleen_metadata = log = False
    weggelaten: set[str] = set()
    afgeschermd: set[str] = set()
    onbekend: list[str] = []
    vast = set(structureel)
    for obligation in decision.obligations:
        if obligation == OBLIGATION_ALLEEN_METADATA:
            alleen_metadata = True
        elif obligation == OBLIGATION_LOG_INZAGE:
            log = True
        elif obligation.startswith(OBLIGATION_REDACT) and obligation[len(OBLIGATION_REDACT) :]:
            veld = obligation[len(OBLIGATION_REDACT) :]
            if veld in vast:
                onbekend.append(obligation)
            elif veld in IN_TEKST:
                afgeschermd.add(veld)
            else:
                weggelaten.add(veld)
        else:
            onbekend.append(obligation)
    if onbekend:
        return Zicht(
            getoond=False,
            redenen=tuple(
                f"de PDP stelde een voorwaarde die overleg hier niet kan toepassen ({o})"
                for o in onbekend
            ),
            decision_id=decision.decision_id,
        )
    return Zicht(
        getoond=True,
        redenen=tuple(decision.reasons),
        grondslag=decision.grondslag,
        alleen_metadata=alleen_metadata,
        weggelaten=frozenset(weggelaten),
        afgeschermd=frozenset(afgeschermd),
        log_inzage=log,
        decision_id=decision.decision_id,
    )


def zicht_geheel(decision: Decision | None, *, wat: str) -> Zicht:
    """For a read that shows all or nothing (the actielijst, a casus in a list): only
    ``log-inzage`` can be applied; any other obligation denies (overleg cannot apply it)."""
    z = zicht(decision)
    if z.getoond and (z.alleen_metadata or z.weggelaten or z.afgeschermd):
        assert decision is not None
        andere = [o for o in decision.obligations if o != OBLIGATION_LOG_INZAGE]
        return Zicht(
            getoond=False,
            redenen=tuple(
                f"de PDP stelde een voorwaarde die overleg bij {wat} niet kan toepassen ({o})"
                for o in andere
            ),
            decision_id=decision.decision_id,
        )
    return z


# --- redaction inside free text ----------------------------------------------------------------

#: 8 or 9 digits, optionally grouped as 1234.56.789 / 1234 56 789, not part of a longer number.
_BSN = re.compile(r"(?<![\d.\-])(?:\d{4}[ .]?\d{2}[ .]?\d{3}|\d{8})(?![\d\-]|\.\d)")
_MAANDEN = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    "|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
)
_DATUMS = (
    re.compile(r"(?<!\d)(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?!\d)"),  # 12-03-1990
    re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"),  # 1990-03-12
    re.compile(rf"(?<!\d)(\d{{1,2}})\s+(?:{_MAANDEN})\.?\s+(\d{{4}})(?!\d)", re.IGNORECASE),
)


def scherm_bsn_af(tekst: str) -> str:
    """Every BSN-like number as its last 3 digits (``******789``)."""

    def kort(m: re.Match[str]) -> str:
        cijfers = re.sub(r"\D", "", m.group(0))
        return "*" * (len(cijfers) - 3) + cijfers[-3:]

    return _BSN.sub(kort, tekst)


def alleen_jaar(tekst: str) -> str:
    """Every full date as its year only."""
    tekst = _DATUMS[1].sub(lambda m: m.group(1), tekst)
    tekst = _DATUMS[0].sub(lambda m: m.group(3), tekst)
    return _DATUMS[2].sub(lambda m: m.group(2), tekst)


def inhoud(tekst: str | None, z: Zicht, *, veld: str) -> str | None:
    """The content field ``veld`` as this reader may see it; None when it is not shown."""
    if tekst is None or not z.getoond or z.alleen_metadata or veld in z.weggelaten:
        return None
    if GEBOORTEDATUM in z.afgeschermd:
        tekst = alleen_jaar(tekst)
    if BSN in z.afgeschermd:
        tekst = scherm_bsn_af(tekst)
    return tekst


def metadata(waarde: T, z: Zicht, *, veld: str) -> T | None:
    """A metadata field: shown when the item is (also with alleen-metadata), unless redacted."""
    return waarde if z.getoond and veld not in z.weggelaten else None


def bijzaak(waarde: T, z: Zicht, *, veld: str) -> T | None:
    """A field that is neither content nor what the item is (who recorded it): left out with
    ``alleen-metadata`` as well."""
    return None if z.alleen_metadata else metadata(waarde, z, veld=veld)


# --- the two kinds of informatie-item as a reader sees them ------------------------------------

#: Fields a bouwschema entry cannot be shown without.
ITEM_STRUCTUUR = ("item_id", "casus_id", "onderdeel", "overleg_id")
#: Fields a toelichting cannot be shown without.
TOELICHTING_STRUCTUUR = ("terugkoppeling_id", "actie_id", "casus_id", "status")


@dataclass(frozen=True)
class ItemInzage:
    """A bouwschema entry as one reader may see it: None for what is hidden, and why."""

    item_id: uuid.UUID
    casus_id: uuid.UUID
    onderdeel: Onderdeel
    overleg_id: uuid.UUID | None
    zicht: Zicht
    eigenaar: str | None = None
    categorie: Categorie | None = None
    gevoeligheid: Gevoeligheid | None = None
    grondslag: str | None = None
    ingebracht_op: datetime | None = None
    vastgelegd_door: str | None = None
    tekst: str | None = None
    #: The eigenaar's controls, shown with the item (the eigenaar manages them beside it).
    beperkt_tot: tuple[str, ...] | None = None
    ingetrokken: bool = False

    @classmethod
    def van(cls, item: Informatieitem, z: Zicht) -> ItemInzage:
        return cls(
            item_id=item.item_id,
            casus_id=item.casus_id,
            onderdeel=item.onderdeel,
            overleg_id=item.overleg_id,
            zicht=z,
            eigenaar=metadata(item.eigenaar, z, veld="eigenaar"),
            categorie=metadata(item.categorie, z, veld="categorie"),
            gevoeligheid=metadata(item.gevoeligheid, z, veld="gevoeligheid"),
            grondslag=metadata(item.grondslag, z, veld="grondslag"),
            ingebracht_op=metadata(item.ingebracht_op, z, veld="ingebracht_op"),
            vastgelegd_door=(
                None
                if z.alleen_metadata
                else metadata(item.vastgelegd_door, z, veld="vastgelegd_door")
            ),
            tekst=inhoud(item.tekst, z, veld="tekst"),
            beperkt_tot=metadata(item.beperkt_tot, z, veld="beperkt_tot"),
            ingetrokken=bool(metadata(item.ingetrokken, z, veld="ingetrokken")),
        )


@dataclass(frozen=True)
class ToelichtingInzage:
    """A partner's toelichting on its actie as one reader may see it."""

    terugkoppeling_id: uuid.UUID
    actie_id: uuid.UUID
    casus_id: uuid.UUID
    status: ActieStatus
    zicht: Zicht
    eigenaar: str | None = None
    categorie: Categorie | None = None
    gevoeligheid: Gevoeligheid | None = None
    grondslag: str | None = None
    ontvangen_op: datetime | None = None
    vastgelegd_door: str | None = None
    toelichting: str | None = None

    @classmethod
    def van(cls, t: Terugkoppeling, z: Zicht) -> ToelichtingInzage:
        return cls(
            terugkoppeling_id=t.terugkoppeling_id,
            actie_id=t.actie_id,
            casus_id=t.casus_id,
            status=t.status,
            zicht=z,
            eigenaar=metadata(t.door, z, veld="eigenaar"),
            categorie=metadata(t.categorie, z, veld="categorie"),
            gevoeligheid=metadata(t.gevoeligheid, z, veld="gevoeligheid"),
            grondslag=metadata(t.grondslag, z, veld="grondslag"),
            ontvangen_op=metadata(t.ontvangen_op, z, veld="ontvangen_op"),
            vastgelegd_door=(
                None
                if z.alleen_metadata
                else metadata(t.vastgelegd_door, z, veld="vastgelegd_door")
            ),
            toelichting=inhoud(t.toelichting, z, veld="toelichting"),
        )


def noteer_inzage(*, soort: str, casus_id: uuid.UUID, item_ids: list[uuid.UUID], z: Zicht) -> None:
    """``log-inzage``: note in overleg's own log that these items were shown (ids only)."""
    if not z.log_inzage or not z.getoond or not item_ids:
        return
    inzage_log.info(
        "inzage",
        extra={
            "soort": soort,
            "casus_id": str(casus_id),
            "item_ids": [str(i) for i in item_ids],
            "decision_id": str(z.decision_id) if z.decision_id else None,
            "alleen_metadata": z.alleen_metadata,
        },
    )

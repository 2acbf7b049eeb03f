"""Reading meldingen: the triage queue (no content), one melding per informatie-item, labels.

Every read is decided by the PDP (:mod:`zvh_intake.application.pep`): the queue by one question
for the list, a melding's content by one question per informatie-item (asked in one batch), the
labels by one question per melding about the person the label names. Intake applies each
decision's obligations and tells, in Dutch, why an item is hidden, masked or shown.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from zvh_contracts.pdp import (
    OBLIGATION_ALLEEN_METADATA,
    Context,
    Decision,
    DecisionRequest,
    Resource,
    Subject,
)
from zvh_contracts.vocab import TriageUitkomst

from zvh_intake.application.pep import beslissing, beslissingen, noteer, onbekend_tekst
from zvh_intake.application.ports import PolicyDecisionPoint, UnitOfWorkFactory
from zvh_intake.domain.errors import ActieGeweigerd, InzageGeweigerd, MeldingNietGevonden
from zvh_intake.domain.informatie import InformatieItem, ItemSoort, item_inhoud
from zvh_intake.domain.label import MeldingLabel, label_van
from zvh_intake.domain.model import Melding, MeldingStatus, categorie_van
from zvh_intake.domain.verplichtingen import (
    OnbekendeVerplichting,
    controleer,
    pas_toe,
    veld_tekst,
)

#: The most labels one request may ask for.
MAX_LABELS = 200

#: The resource types intake asks about.
MELDING = "melding"
MELDING_LIJST = "melding-lijst"
MELDING_LABEL = "melding-label"

#: The label obligation: a label never holds more than initials, so intake honours it as is.
ALLEEN_INITIALEN = "alleen-initialen"


# --- the triage queue ---------------------------------------------------------------------------


def lijst_verzoek(*, subject: Subject, doel: str) -> DecisionRequest:
    """The PDP question for the triage queue: one decision for the whole list."""
    return DecisionRequest(
        subject=subject,
        action="list",
        resource=Resource(type=MELDING_LIJST),
        context=Context(doel=doel),
    )


async def lijst_meldingen(
    *,
    subject: Subject,
    doel: str,
    token: str | None,
    uow_factory: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    status: MeldingStatus | None,
) -> list[Melding]:
    """Meldingen by status, oldest deadline first, after the PDP allowed the list.

    Callers show ids, codes and dates of these, never their content; the leefgebieden only
    through :func:`vrije_leefgebieden`.
    """
    await beslissing(
        lijst_verzoek(subject=subject, doel=doel), token=token, pdp=pdp, fout=InzageGeweigerd
    )
    async with uow_factory() as uow:
        meldingen = await uow.meldingen.lijst(status=status)
    return sorted(meldingen, key=lambda m: (m.triage_uiterlijk, m.ontvangen_op))


def vrije_pseudoniemen(melding: Melding) -> list[str]:
    """The persons a queue row may count on: betrokkene items the eigenaar did not restrict or
    withdraw (as with the leefgebieden, the queue never uses an item with a control on it)."""
    return [
        i.betrokkene
        for i in melding.items
        if i.soort is ItemSoort.BETROKKENE
        and i.betrokkene
        and not i.ingetrokken
        and i.beperkt_tot is None
    ]


async def al_bekend(meldingen: list[Melding], *, uow_factory: UnitOfWorkFactory) -> set[uuid.UUID]:
    """Which of these meldingen are about a person already in a casus (earlier or running): a
    melding about them was triaged as casus. For the dashboard's count, so no content; the
    triage page itself shows which casus (``eerdere_meldingen``, per reader)."""
    per_melding = {m.id: vrije_pseudoniemen(m) for m in meldingen}
    alle = [p for ps in per_melding.values() for p in ps]
    if not alle:
        return set()
    async with uow_factory() as uow:
        bekend = await uow.meldingen.in_casus(alle)
    return {m for m, ps in per_melding.items() if any(p in bekend for p in ps)}


def vrije_leefgebieden(melding: Melding) -> list[str]:
    """The leefgebieden a queue row may show: none once the eigenaar restricted or withdrew
    that item (the queue is one decision for the list, so it never shows an item the eigenaar
    put a control on; the melding's own read asks the PDP about it)."""
    item = next((i for i in melding.items if i.soort is ItemSoort.LEEFGEBIEDEN), None)
    if item is not None and (item.ingetrokken or item.beperkt_tot is not None):
        return []
    return list(melding.leefgebieden)


# --- one melding, per informatie-item -----------------------------------------------------------


class Zichtbaarheid(enum.StrEnum):
    """What the reader gets of one informatie-item."""

    VOLLEDIG = "volledig"
    GEMASKEERD = "gemaskeerd"  # some fields masked or left out (redact:<veld>)
    ALLEEN_METADATA = "alleen-metadata"  # what the item is, none of its content
    VERBORGEN = "verborgen"  # denied


@dataclass(frozen=True)
class GelezenItem:
    """One informatie-item as this reader may see it, with the reason why (Dutch)."""

    item: InformatieItem
    zichtbaarheid: Zichtbaarheid
    inhoud: dict[str, Any] | None
    gemaskeerd: tuple[str, ...]
    redenen: tuple[str, ...]
    grondslag: str | None
    toelichting: str
    decision_id: uuid.UUID | None = None

    @property
    def met_inhoud(self) -> bool:
        return self.inhoud is not None


@dataclass(frozen=True)
class GelezenMelding:
    """A melding as this reader may see it: metadata, and each item as decided."""

    melding: Melding
    items: tuple[GelezenItem, ...]

    def van_soort(self, soort: ItemSoort) -> list[GelezenItem]:
        return [g for g in self.items if g.item.soort is soort]

    def inhoud_van(self, soort: ItemSoort) -> dict[str, Any] | None:
        """The (obligation-applied) content of the first item of ``soort`` the reader sees."""
        return next((g.inhoud for g in self.van_soort(soort) if g.inhoud is not None), None)

    def zichtbare_pseudoniemen(self) -> list[str]:
        """Pseudonyms of the betrokkenen whose data the reader sees (for eerdere meldingen)."""
        return [
            g.item.betrokkene
            for g in self.van_soort(ItemSoort.BETROKKENE)
            if g.met_inhoud and g.item.betrokkene
        ]


def _context(melding: Melding, *, doel: str) -> Context:
    triage = melding.triage
    geinformeerd = (
        triage.client_geinformeerd
        if triage is not None
        else bool(melding.inhoud.get("client_geinformeerd"))
    )
    fase = triage.ave_fase if triage is not None else melding.inhoud.get("voorgestelde_ave_fase")
    return Context(
        doel=doel,
        fase=fase if isinstance(fase, int) else None,
        client_geinformeerd=geinformeerd,
        deelnemers=_deelnemers(melding),
    )


def _deelnemers(melding: Melding) -> list[str]:
    """The casus' deelnemers as intake knows them: the melder and whom the triage invited.

    Someone invited later in overleg is not known here (and reads the melding's content only
    through overleg's own items); the policy weighs each deelnemer's basis per item.
    """
    triage = melding.triage
    if triage is None or triage.uitkomst is not TriageUitkomst.CASUS:
        return []
    return list(dict.fromkeys((melding.eigenaar, *triage.uit_te_nodigen_partners)))


def item_resource(item: InformatieItem, *, type: str = MELDING) -> Resource:
    """The PDP resource for one informatie-item, with its labels and the eigenaar's controls."""
    return Resource(
        type=type,
        item=str(item.id),
        eigenaar=item.eigenaar,
        categorie=item.categorie.value,
        gevoeligheid=item.gevoeligheid.value,
        betrokkene=item.betrokkene,
        beperkt_tot=None if item.beperkt_tot is None else list(item.beperkt_tot),
        ingetrokken=item.ingetrokken,
    )


def inzage_verzoeken(melding: Melding, *, subject: Subject, doel: str) -> list[DecisionRequest]:
    """The PDP questions for reading this melding: one per informatie-item.

    A melding without items (none was ever stored for it) gets one question about the melding,
    which can show its metadata only.
    """
    context = _context(melding, doel=doel)
    if not melding.items:
        resource = Resource(
            type=MELDING,
            item=str(melding.id),
            eigenaar=melding.eigenaar,
            categorie=categorie_van(melding.eigenaar).value,
        )
        return [DecisionRequest(subject=subject, action="read", resource=resource, context=context)]
    return [
        DecisionRequest(subject=subject, action="read", resource=item_resource(i), context=context)
        for i in melding.items
    ]


def _redenen(decision: Decision) -> tuple[str, ...]:
    return tuple(decision.reasons) or ("geen reden opgegeven",)


def _zin(redenen: Sequence[str], grondslag: str | None) -> str:
    tekst = "; ".join(redenen)
    return f"{tekst}. Grondslag: {grondslag}." if grondslag else f"{tekst}."


def toelichting(
    zichtbaarheid: Zichtbaarheid,
    *,
    redenen: Sequence[str],
    grondslag: str | None,
    gemaskeerd: Sequence[str] = (),
    ingetrokken: bool = False,
) -> str:
    """Why the reader sees this much of an item, in Dutch (for the UI)."""
    if zichtbaarheid is Zichtbaarheid.VERBORGEN:
        tekst = f"Verborgen: {_zin(redenen, grondslag)}"
    elif zichtbaarheid is Zichtbaarheid.ALLEEN_METADATA:
        tekst = f"Alleen wat dit is, niet de inhoud: {_zin(redenen, grondslag)}"
    elif zichtbaarheid is Zichtbaarheid.GEMASKEERD:
        velden = ", ".join(veld_tekst(v) for v in gemaskeerd)
        tekst = f"Getoond, maar afgeschermd: {velden}. Reden: {_zin(redenen, grondslag)}"
    else:
        tekst = f"Getoond: {_zin(redenen, grondslag)}"
    if ingetrokken and zichtbaarheid is not Zichtbaarheid.VERBORGEN:
        tekst += " De eigenaar heeft dit ingetrokken: alleen de eigenaar ziet het nog."
    return tekst


def gelezen_item(
    item: InformatieItem, *, inhoud: dict[str, Any], decision: Decision, request: DecisionRequest
) -> GelezenItem:
    """One item after its decision: hidden, or shown with every obligation applied."""
    redenen = _redenen(decision)
    grondslag = decision.grondslag

    def verborgen(waarom: Sequence[str]) -> GelezenItem:
        return GelezenItem(
            item=item,
            zichtbaarheid=Zichtbaarheid.VERBORGEN,
            inhoud=None,
            gemaskeerd=(),
            redenen=tuple(waarom),
            grondslag=grondslag if decision.allow is True else None,
            toelichting=toelichting(
                Zichtbaarheid.VERBORGEN,
                redenen=waarom,
                grondslag=grondslag if decision.allow is True else None,
            ),
            decision_id=decision.decision_id,
        )

    if decision.allow is not True:
        return verborgen(redenen)
    try:
        toegepast = pas_toe(decision.obligations, inhoud)
    except OnbekendeVerplichting as exc:
        return verborgen([onbekend_tekst(exc.verplichting)])
    noteer(request, decision)
    if toegepast.inhoud is None:
        zichtbaarheid = Zichtbaarheid.ALLEEN_METADATA
    elif toegepast.gemaskeerd:
        zichtbaarheid = Zichtbaarheid.GEMASKEERD
    else:
        zichtbaarheid = Zichtbaarheid.VOLLEDIG
    return GelezenItem(
        item=item,
        zichtbaarheid=zichtbaarheid,
        inhoud=toegepast.inhoud,
        gemaskeerd=toegepast.gemaskeerd,
        redenen=redenen,
        grondslag=grondslag,
        toelichting=toelichting(
            zichtbaarheid,
            redenen=redenen,
            grondslag=grondslag,
            gemaskeerd=toegepast.gemaskeerd,
            ingetrokken=item.ingetrokken,
        ),
        decision_id=decision.decision_id,
    )


async def lees_melding(
    melding_id: uuid.UUID,
    *,
    subject: Subject,
    doel: str,
    token: str | None,
    uow_factory: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
) -> GelezenMelding:
    """The melding with each informatie-item as the PDP decided (one round trip for all).

    Raises InzageGeweigerd when the reader may see none of it (then not even its metadata).
    """
    async with uow_factory() as uow:
        melding = await uow.meldingen.get(melding_id)
    if melding is None:
        raise MeldingNietGevonden(f"melding {melding_id} bestaat niet")
    verzoeken = inzage_verzoeken(melding, subject=subject, doel=doel)
    decisions = await beslissingen(verzoeken, token=token, pdp=pdp)
    if not melding.items:
        (decision,) = decisions
        if decision.allow is not True:
            raise InzageGeweigerd(list(_redenen(decision)))
        return GelezenMelding(melding=melding, items=())
    gelezen = tuple(
        gelezen_item(i, inhoud=item_inhoud(i, melding.inhoud), decision=d, request=r)
        for i, d, r in zip(melding.items, decisions, verzoeken, strict=True)
    )
    if all(g.zichtbaarheid is Zichtbaarheid.VERBORGEN for g in gelezen):
        raise InzageGeweigerd(list(dict.fromkeys(r for g in gelezen for r in g.redenen)))
    return GelezenMelding(melding=melding, items=gelezen)


async def eerdere_meldingen(
    gelezen: GelezenMelding, *, uow_factory: UnitOfWorkFactory
) -> list[Melding]:
    """Other meldingen about at least one of the persons whose data the reader sees (same
    pseudonym), newest first.

    For the triage of a returning person (heropenen). Callers show ids, codes and dates of
    these, never their content.
    """
    melding = gelezen.melding
    async with uow_factory() as uow:
        ids: dict[uuid.UUID, None] = {}
        for pseudoniem in dict.fromkeys(gelezen.zichtbare_pseudoniemen()):
            ids.update(dict.fromkeys(await uow.meldingen.met_pseudoniem(pseudoniem)))
        ids.pop(melding.id, None)
        gevonden = [m for i in ids if (m := await uow.meldingen.get(i)) is not None]
    return sorted(gevonden, key=lambda m: (m.ontvangen_op, str(m.id)), reverse=True)


# --- labels -------------------------------------------------------------------------------------


def _label_item(melding: Melding) -> InformatieItem | None:
    """The betrokkene a label names: the one with rol client, else the first."""
    betrokkenen = [i for i in melding.items if i.soort is ItemSoort.BETROKKENE]
    for item in betrokkenen:
        if item_inhoud(item, melding.inhoud).get("rol") == "client":
            return item
    return betrokkenen[0] if betrokkenen else None


def label_verzoek(melding: Melding, *, subject: Subject, doel: str) -> DecisionRequest:
    """The PDP question for a melding's label: about the person whose initials it shows."""
    item = _label_item(melding)
    resource = (
        item_resource(item, type=MELDING_LABEL)
        if item is not None
        else Resource(type=MELDING_LABEL, item=str(melding.id), eigenaar=melding.eigenaar)
    )
    return DecisionRequest(
        subject=subject, action="read", resource=resource, context=Context(doel=doel)
    )


@dataclass(frozen=True)
class GelezenLabel:
    """A label as the reader may see it; ``toelichting`` says why the initials are missing."""

    label: MeldingLabel
    toelichting: str | None = None


async def lees_labels(
    ids: Sequence[uuid.UUID],
    *,
    subject: Subject,
    doel: str,
    token: str | None,
    uow_factory: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
) -> list[GelezenLabel]:
    """Labels (melder reference + client initials) of the known ``ids``, in the asked order.

    One PDP question per melding, asked in one batch, about the person the label names
    (obligation ``alleen-initialen``: a label never holds more than initials). A label whose
    person the reader may not see keeps its reference and loses its initials, with the reason;
    when every label is denied, the whole request is (InzageGeweigerd). Unknown ids are left out.
    """
    if len(ids) > MAX_LABELS:
        raise ValueError(f"at most {MAX_LABELS} ids")
    async with uow_factory() as uow:
        meldingen = await uow.meldingen.get_many(ids)
    verzoeken = [label_verzoek(m, subject=subject, doel=doel) for m in meldingen]
    decisions = await beslissingen(verzoeken, token=token, pdp=pdp)
    labels: list[GelezenLabel] = []
    geweigerd: list[str] = []
    n_geweigerd = 0
    for melding, decision, verzoek in zip(meldingen, decisions, verzoeken, strict=True):
        kaal = label_van(melding.id, melder_referentie=melding.melder_referentie, inhoud={})
        waarom = _label_weigering(decision)
        if waarom is not None:
            geweigerd += waarom
            n_geweigerd += 1
            tekst = toelichting(Zichtbaarheid.VERBORGEN, redenen=waarom, grondslag=None)
            labels.append(GelezenLabel(kaal, tekst))
            continue
        noteer(verzoek, decision)
        if OBLIGATION_ALLEEN_METADATA in decision.obligations:
            tekst = toelichting(
                Zichtbaarheid.ALLEEN_METADATA,
                redenen=_redenen(decision),
                grondslag=decision.grondslag,
            )
            labels.append(GelezenLabel(kaal, tekst))
            continue
        item = _label_item(melding)
        persoon = {"betrokkenen": [item_inhoud(item, melding.inhoud)]} if item else {}
        label = label_van(melding.id, melder_referentie=melding.melder_referentie, inhoud=persoon)
        labels.append(GelezenLabel(label))
    if meldingen and n_geweigerd == len(meldingen):
        raise InzageGeweigerd(list(dict.fromkeys(geweigerd)))
    return labels


def _label_weigering(decision: Decision) -> list[str] | None:
    """Why a label's initials may not be shown, or None when they may."""
    if decision.allow is not True:
        return list(_redenen(decision))
    try:
        controleer(decision.obligations, bekend=frozenset({ALLEEN_INITIALEN}))
    except OnbekendeVerplichting as exc:
        return [onbekend_tekst(exc.verplichting)]
    return None


# --- commands' questions ------------------------------------------------------------------------


def triage_verzoek(melding_id: uuid.UUID, *, subject: Subject) -> DecisionRequest:
    """The PDP question for recording a triage decision on a melding."""
    return DecisionRequest(
        subject=subject,
        action="write",
        resource=Resource(type=MELDING, item=str(melding_id)),
        context=Context(doel="triage"),
    )


async def mag_trieren(
    melding_id: uuid.UUID, *, subject: Subject, token: str | None, pdp: PolicyDecisionPoint
) -> None:
    """Raises ActieGeweigerd unless the PDP allows this user to triage the melding."""
    await beslissing(
        triage_verzoek(melding_id, subject=subject), token=token, pdp=pdp, fout=ActieGeweigerd
    )

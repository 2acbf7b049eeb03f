"""Intake's triage command over HTTP (``POST /v1/meldingen/{id}/triage``) and its rules.

The one place that holds each triage rule: intake enforces them (HTTP 422, domain errors) and the
overleg triage form checks the same function before it calls intake, so both judge every input
alike. The model only fixes the shape; every rule about values lives in :func:`triage_fouten`,
with a Dutch message that reads well next to a form field and in an API answer.

"Vandaag" is always the calendar day in the Netherlands (Europe/Amsterdam): the caller passes it.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field

from zvh_contracts.envelope import derived_id
from zvh_contracts.vocab import Casemanagementmodel, TriageUitkomst

#: The ZVH's own organisation code: never a partner to invite.
ZVH = "zvh"
#: When the client is not informed and no re-check date is given, re-check after this long.
STANDAARD_HERBEOORDELING = timedelta(days=91)
AVE_FASE_MIN = 1
AVE_FASE_MAX = 5
MAX_REDEN = 2000
MAX_PARTNERS = 30


class TriageOpdracht(BaseModel):
    """The procesregisseur's decision on a melding, as sent to intake.

    ``uitkomst`` and ``client_geinformeerd`` are required, but checked by :func:`triage_fouten`
    (not by the schema) so that a missing choice gets the same Dutch message everywhere.
    """

    model_config = ConfigDict(extra="forbid")

    uitkomst: TriageUitkomst | None = Field(
        default=None, description="Required: casus, advies or terugverwezen"
    )
    ave_fase: int | None = Field(default=None, description="1–5; required for uitkomst casus")
    client_geinformeerd: bool | None = Field(default=None, description="Required")
    reden_niet_geinformeerd: str | None = Field(
        default=None, description="Required when the client is not informed; dropped otherwise"
    )
    herbeoordeling_op: date | None = Field(
        default=None,
        description=(
            "Only when the client is not informed: after today (Europe/Amsterdam); "
            "defaults to today + 91 days when omitted. Dropped when the client is informed."
        ),
    )
    uit_te_nodigen_partners: list[str] = Field(default_factory=list)
    bestaande_casus_id: uuid.UUID | None = Field(
        default=None,
        description="Only with uitkomst casus: the casus to reopen or add this melding to",
    )
    advies: str | None = Field(
        default=None,
        description=(
            "Only with uitkomst advies: the advice the melder receives "
            "(zvh.partner.melding.getrieerd.v1); dropped with another uitkomst"
        ),
    )
    reden_terugverwijzing: str | None = Field(
        default=None,
        description=(
            "Only with uitkomst terugverwezen: why the melding goes back, as the melder receives "
            "it; dropped with another uitkomst"
        ),
    )
    model: Casemanagementmodel | None = Field(
        default=None,
        description=(
            "Only with uitkomst casus: the casemanagement model of the casus (makelaar when "
            "omitted); dropped with another uitkomst"
        ),
    )


def casus_id_van(melding_id: uuid.UUID) -> uuid.UUID:
    """The id of the casus a melding triaged as ``casus`` opens (without a bestaande casus).

    Overleg opens the casus under this id and intake tells the melder the same id in its
    terugmelding, so both derive it here.
    """
    return derived_id("zvh-overleg", "casus", melding_id)


@dataclass(frozen=True)
class TriageFout:
    """One broken rule: the field (``uit_te_nodigen_partners[2]`` for a list item) and why."""

    veld: str
    melding: str


def herbeoordeling_minimum(vandaag: date) -> date:
    """The earliest herbeoordelingsdatum accepted: tomorrow (the ``min`` of a date input)."""
    return vandaag + timedelta(days=1)


def herbeoordeling_standaard(vandaag: date) -> date:
    """The herbeoordelingsdatum intake records when none is given: about three months ahead."""
    return vandaag + STANDAARD_HERBEOORDELING


def triage_fouten(
    opdracht: TriageOpdracht,
    *,
    vandaag: date,
    partners: Collection[str] | None = None,
) -> list[TriageFout]:
    """Every rule ``opdracht`` breaks, in field order; empty when intake will accept it.

    ``partners`` is the region's partner codes; when None, partner codes are not checked.
    """
    fouten: list[TriageFout] = []
    if opdracht.uitkomst is None:
        fouten.append(TriageFout("uitkomst", "Kies een uitkomst: casus, advies of terugverwezen."))
    if opdracht.ave_fase is not None and not AVE_FASE_MIN <= opdracht.ave_fase <= AVE_FASE_MAX:
        bereik = f"van {AVE_FASE_MIN} tot en met {AVE_FASE_MAX}"
        fouten.append(TriageFout("ave_fase", f"Kies een AVE-fase {bereik}."))
    elif opdracht.ave_fase is None and opdracht.uitkomst is TriageUitkomst.CASUS:
        fouten.append(TriageFout("ave_fase", "Kies een AVE-fase voor de casus."))
    if opdracht.client_geinformeerd is None:
        fouten.append(TriageFout("client_geinformeerd", "Geef aan of de cliënt geïnformeerd is."))
    elif not opdracht.client_geinformeerd:
        reden = (opdracht.reden_niet_geinformeerd or "").strip()
        if not reden:
            fouten.append(
                TriageFout(
                    "reden_niet_geinformeerd",
                    "Vul de reden in waarom de cliënt niet geïnformeerd is.",
                )
            )
        elif len(reden) > MAX_REDEN:
            fouten.append(
                TriageFout(
                    "reden_niet_geinformeerd",
                    f"Gebruik hoogstens {MAX_REDEN} tekens voor de reden.",
                )
            )
        datum = opdracht.herbeoordeling_op
        if datum is not None and datum < herbeoordeling_minimum(vandaag):
            fouten.append(
                TriageFout("herbeoordeling_op", "De herbeoordelingsdatum moet na vandaag liggen.")
            )
    for veld, tekst, wat in (
        ("advies", opdracht.advies, "het advies"),
        ("reden_terugverwijzing", opdracht.reden_terugverwijzing, "de reden"),
    ):
        if tekst is not None and len(tekst.strip()) > MAX_REDEN:
            fouten.append(TriageFout(veld, f"Gebruik hoogstens {MAX_REDEN} tekens voor {wat}."))
    if len(opdracht.uit_te_nodigen_partners) > MAX_PARTNERS:
        fouten.append(
            TriageFout("uit_te_nodigen_partners", f"Kies hoogstens {MAX_PARTNERS} partners.")
        )
    if partners is not None:
        fouten.extend(
            TriageFout(f"uit_te_nodigen_partners[{i}]", "Kies alleen partners uit de regio.")
            for i, code in enumerate(opdracht.uit_te_nodigen_partners)
            if code not in partners or code == ZVH
        )
    if opdracht.bestaande_casus_id is not None and opdracht.uitkomst is not TriageUitkomst.CASUS:
        fouten.append(
            TriageFout(
                "bestaande_casus_id",
                "Een bestaande casus kan alleen bij uitkomst casus worden gekozen.",
            )
        )
    return fouten


def vastgelegde_triage(opdracht: TriageOpdracht, *, vandaag: date) -> TriageOpdracht:
    """The decision as intake records it (call after :func:`triage_fouten` found nothing).

    Client informed: reden and herbeoordelingsdatum are dropped. Not informed: the reden is
    trimmed and a missing herbeoordelingsdatum becomes :func:`herbeoordeling_standaard`.
    Partners are de-duplicated, keeping their order. The advies is kept (trimmed) only with
    uitkomst advies, the reden_terugverwijzing only with terugverwezen, the model only with
    uitkomst casus.
    """
    informed = bool(opdracht.client_geinformeerd)

    def tekst(waarde: str | None, uitkomst: TriageUitkomst) -> str | None:
        return (waarde or "").strip() or None if opdracht.uitkomst is uitkomst else None

    return opdracht.model_copy(
        update={
            "reden_niet_geinformeerd": None
            if informed
            else (opdracht.reden_niet_geinformeerd or "").strip() or None,
            "herbeoordeling_op": None
            if informed
            else opdracht.herbeoordeling_op or herbeoordeling_standaard(vandaag),
            "uit_te_nodigen_partners": list(dict.fromkeys(opdracht.uit_te_nodigen_partners)),
            "advies": tekst(opdracht.advies, TriageUitkomst.ADVIES),
            "reden_terugverwijzing": tekst(
                opdracht.reden_terugverwijzing, TriageUitkomst.TERUGVERWEZEN
            ),
            "model": opdracht.model if opdracht.uitkomst is TriageUitkomst.CASUS else None,
        }
    )

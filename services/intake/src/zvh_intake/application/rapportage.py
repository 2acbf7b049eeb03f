"""The meldingen part of the quarterly report: counts per gemeente, melder and uitkomst.

One PDP question for the whole request (action ``read``, resource type ``rapportage``, doel
``verantwoording``): the same question overleg asks for its part of the report, so who may see
the report is answered in one place, the policy.
"""

from __future__ import annotations

from datetime import date, datetime, time

from zvh_contracts.pdp import Context, DecisionRequest, Resource, Subject
from zvh_platform.termijnen import TIJDZONE

from zvh_intake.application.pep import beslissing
from zvh_intake.application.ports import PolicyDecisionPoint, UnitOfWorkFactory
from zvh_intake.domain.errors import InzageGeweigerd
from zvh_intake.domain.rapportage import MeldingTelling

RAPPORTAGE = "rapportage"
DOEL_VERANTWOORDING = "verantwoording"


def rapportage_verzoek(*, subject: Subject) -> DecisionRequest:
    """The PDP question for reading the aggregate report."""
    return DecisionRequest(
        subject=subject,
        action="read",
        resource=Resource(type=RAPPORTAGE),
        context=Context(doel=DOEL_VERANTWOORDING),
    )


async def meldingen_tellingen(
    *,
    subject: Subject,
    token: str | None,
    uow_factory: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    van: date,
    tot: date,
    gemeente: str | None = None,
) -> list[MeldingTelling]:
    """The counts of meldingen received from Dutch day ``van`` up to (not including) ``tot``,
    after the PDP allowed the report; with ``gemeente`` only that gemeente's (``onbekend``:
    those without one)."""
    await beslissing(
        rapportage_verzoek(subject=subject), token=token, pdp=pdp, fout=InzageGeweigerd
    )
    async with uow_factory() as uow:
        tellingen = await uow.meldingen.tellingen(van=_begin(van), tot=_begin(tot))
    if gemeente is None:
        return tellingen
    gezocht = None if gemeente == "onbekend" else gemeente
    return [t for t in tellingen if t.gemeente == gezocht]


def _begin(dag: date) -> datetime:
    """Midnight at the start of a Dutch calendar day, as an aware moment."""
    return datetime.combine(dag, time(0), tzinfo=TIJDZONE)

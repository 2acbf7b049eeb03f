"""Human labels for casussen ("<melder_referentie> · <initialen>"), released by intake.

Intake's policy decides who may see them (ZVH regie only); any refusal or failure falls back
to the first 8 characters of the casus number, so a page never breaks on it. Pages show
"Casus <label>". One intake call per page.
"""

from __future__ import annotations

import logging
import uuid

from zvh_overleg.application.intake import IntakePort
from zvh_overleg.application.ports import UnitOfWorkFactory
from zvh_overleg.domain.model import Casus

log = logging.getLogger(__name__)


def standaard_label(casus_id: uuid.UUID) -> str:
    """The first 8 characters of the casus number (pages show it as "Casus <label>")."""
    return str(casus_id)[:8]


async def casus_labels(
    casussen: list[Casus], *, intake: IntakePort, token: str
) -> dict[uuid.UUID, str]:
    """A label per casus id; the fallback for each one intake did not release."""
    return await _labels({c.casus_id: c.melding_id for c in casussen}, intake=intake, token=token)


async def _labels(
    meldingen: dict[uuid.UUID, uuid.UUID], *, intake: IntakePort, token: str
) -> dict[uuid.UUID, str]:
    """A label per casus id (given its melding id); the fallback where intake released none."""
    labels = {casus_id: standaard_label(casus_id) for casus_id in meldingen}
    if not meldingen:
        return labels
    per_melding = {melding_id: casus_id for casus_id, melding_id in meldingen.items()}
    try:
        found = await intake.labels(list(per_melding), token=token)
    except Exception as exc:  # refused or unreachable: the fallback is enough
        log.info("geen labels van intake", extra={"fout": type(exc).__name__})
        return labels
    for entry in found:
        try:
            casus_id = per_melding.get(uuid.UUID(str(entry.get("melding_id"))))
        except ValueError:
            continue
        referentie = str(entry.get("melder_referentie") or "").strip()
        initialen = str(entry.get("initialen") or "").strip()
        if casus_id is not None and referentie:
            labels[casus_id] = f"{referentie} · {initialen}" if initialen else referentie
    return labels


async def labels_van(casussen: list[Casus], *, intake: IntakePort, token: str) -> dict[str, str]:
    """Labels for casussen already loaded, keyed by the id as text (as templates look them up)."""
    labels = await casus_labels(casussen, intake=intake, token=token)
    return {str(k): v for k, v in labels.items()}


async def labels_voor(
    casus_ids: list[uuid.UUID], *, uow: UnitOfWorkFactory, intake: IntakePort, token: str
) -> dict[str, str]:
    """Labels for casus ids, keyed by the id as text (as templates look them up)."""
    async with uow() as tx:
        meldingen = await tx.casussen.melding_ids(list(dict.fromkeys(casus_ids)))
    labels = await _labels(meldingen, intake=intake, token=token)
    return {str(k): v for k, v in labels.items()}

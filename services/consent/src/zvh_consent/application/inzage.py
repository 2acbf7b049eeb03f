"""Reports from the decision log: the FG's inzage report per person and the eigenaar's
"wie las onze informatie".

Each is itself a policy decision, logged like any other. The report's question carries only the
person's pseudonym (``resource.betrokkene``): a BSN or name given to find the person is turned
into the pseudonym here, in memory, and is never stored or logged. The log holds ids, codes and
pseudonyms only, so both reports show no content.
"""

from __future__ import annotations

import dataclasses

from zvh_contracts.pdp import Resource

from zvh_consent.application.ports import DecidePort, DecisionLog, LogFilter, Requester
from zvh_consent.application.toegang import vraag
from zvh_consent.domain.beslissingenlog import Schakel
from zvh_consent.domain.inzage import Persoonsvraag, Uitkomst, pseudoniem_van

DOEL_TOEZICHT = "toezicht"
DOEL_INZAGE = "inzage"
#: What the eigenaar's overview covers: reads of content (the enforcement points' resource types).
INHOUD_TYPES = ("informatie-item", "melding")
MAX_REGELS = 1000


@dataclasses.dataclass(frozen=True, kw_only=True)
class Inzagerapport:
    """Every logged decision about one person (by pseudonym), newest first."""

    betrokkene: str
    regels: list[Schakel]


async def rapport_persoon(
    *,
    decide: DecidePort,
    decision_log: DecisionLog,
    requester: Requester,
    persoon: Persoonsvraag,
    key: bytes,
) -> Inzagerapport:
    """The FG's report: ``Ongeldig`` for a bad question, ``Geweigerd`` unless the policy allows."""
    betrokkene = pseudoniem_van(persoon, key=key)
    regels = await _lees_log(
        decide,
        decision_log,
        requester,
        Resource(type="inzagerapport", betrokkene=betrokkene),
        doel=DOEL_TOEZICHT,
        flt=LogFilter(betrokkene=betrokkene, limit=MAX_REGELS),
    )
    return Inzagerapport(betrokkene=betrokkene, regels=regels)


async def wie_las(
    *,
    decide: DecidePort,
    decision_log: DecisionLog,
    requester: Requester,
    eigenaar: str | None = None,
    uitkomst: Uitkomst = Uitkomst.TOEGESTAAN,
    limit: int = 100,
) -> list[Schakel]:
    """Reads of ``eigenaar``'s content (default: the requester's organisation) by users of
    other organisations, newest first; the policy decides who may see them."""
    eigenaar = eigenaar or requester.org
    return await _lees_log(
        decide,
        decision_log,
        requester,
        Resource(type="inzageoverzicht", eigenaar=eigenaar),
        doel=DOEL_INZAGE,
        flt=LogFilter(
            eigenaar=eigenaar,
            andere_org_dan=eigenaar,
            resource_types=INHOUD_TYPES,
            action="read",
            allow=uitkomst.allow,
            limit=min(limit, MAX_REGELS),
        ),
    )


async def _lees_log(
    decide: DecidePort,
    decision_log: DecisionLog,
    requester: Requester,
    resource: Resource,
    *,
    doel: str,
    flt: LogFilter,
) -> list[Schakel]:
    """Ask the policy ``read`` on the report's ``resource``; only when it allows, read the log."""
    await vraag(decide, requester=requester, action="read", resource=resource, doel=doel)
    return await decision_log.list(flt)

"""Counts of meldingen for the quarterly reports: aggregates only, never a melding or content.

Overleg's report combines these with its own figures and suppresses small counts; intake only
counts (per gemeente, melder and uitkomst) so the numbers stay where the meldingen are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from zvh_intake.domain.model import Melding

#: The uitkomst of a melding that was not triaged (yet).
TE_TRIEREN = "te-trieren"


@dataclass(frozen=True)
class MeldingTelling:
    """How many meldingen received in a period share gemeente, melder and uitkomst."""

    gemeente: str | None
    melder: str
    uitkomst: str
    aantal: int


def uitkomst_van(melding: Melding) -> str:
    """The triage outcome as a code, ``te-trieren`` while untriaged."""
    return melding.triage.uitkomst.value if melding.triage is not None else TE_TRIEREN


def tel(meldingen: Iterable[Melding], *, van: datetime, tot: datetime) -> list[MeldingTelling]:
    """The counts of the meldingen received in ``[van, tot)``, in a stable order."""
    teller = Counter(
        (m.gemeente, m.eigenaar, uitkomst_van(m)) for m in meldingen if van <= m.ontvangen_op < tot
    )
    return [
        MeldingTelling(gemeente=g, melder=mld, uitkomst=u, aantal=n)
        for (g, mld, u), n in sorted(teller.items(), key=lambda kv: (kv[0][0] or "", *kv[0][1:]))
    ]

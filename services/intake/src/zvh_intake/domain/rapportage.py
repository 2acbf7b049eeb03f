"""Counts of meldingen for the quarterly reports: aggregates only, never a melding or content.

Overleg's report combines these with its own figures and suppresses small counts; intake only
counts (per gemeente, melder and uitkomst, with how many were triaged within their termijn) so
the numbers are made where the meldingen are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from zvh_intake.domain.model import Melding
from zvh_intake.domain.termijnen import nl_datum

#: The uitkomst of a melding that was not triaged (yet).
TE_TRIEREN = "te-trieren"


@dataclass(frozen=True)
class MeldingFeit:
    """What the report needs of one melding: codes and dates, nothing of its content."""

    gemeente: str | None
    melder: str
    uitkomst: str
    ontvangen_op: datetime
    triage_uiterlijk: date
    getrieerd_op: datetime | None

    @property
    def binnen_termijn(self) -> bool:
        """Triaged on or before its triage deadline (a Dutch calendar day)."""
        return (
            self.getrieerd_op is not None and nl_datum(self.getrieerd_op) <= self.triage_uiterlijk
        )


@dataclass(frozen=True)
class MeldingTelling:
    """How many meldingen received in a period share gemeente, melder and uitkomst, and how
    many of those were triaged within their termijn."""

    gemeente: str | None
    melder: str
    uitkomst: str
    aantal: int
    binnen_termijn: int = 0


def feit_van(melding: Melding) -> MeldingFeit:
    """The report's view of a melding."""
    triage = melding.triage
    return MeldingFeit(
        gemeente=melding.gemeente,
        melder=melding.eigenaar,
        uitkomst=triage.uitkomst.value if triage is not None else TE_TRIEREN,
        ontvangen_op=melding.ontvangen_op,
        triage_uiterlijk=melding.triage_uiterlijk,
        getrieerd_op=triage.getrieerd_op if triage is not None else None,
    )


def tel(feiten: Iterable[MeldingFeit]) -> list[MeldingTelling]:
    """The counts of these meldingen, in a stable order (gemeente, melder, uitkomst)."""
    teller: dict[tuple[str | None, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for f in feiten:
        t = teller[(f.gemeente, f.melder, f.uitkomst)]
        t[0] += 1
        t[1] += int(f.binnen_termijn)
    return [
        MeldingTelling(gemeente=g, melder=m, uitkomst=u, aantal=n, binnen_termijn=b)
        for (g, m, u), (n, b) in sorted(teller.items(), key=lambda kv: (kv[0][0] or "", *kv[0][1:]))
    ]

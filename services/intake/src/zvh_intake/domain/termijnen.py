"""Triage deadlines (termijnen): how fast the ZVH must decide, by urgentie, in werkdagen.

The lengths are the region's triage termijnen (``triage-<urgentie>`` in ``zvh_platform.termijnen``)
and werkdagen are counted on the shared working-day calendar (``zvh_platform.kalender``: weekends
and Dutch public holidays are not werkdagen). Both are pure modules, so this stays framework-free;
the caller passes the region's termijnen and calendar, and without them the defaults and the
national calendar apply.
"""

from __future__ import annotations

from datetime import date, datetime

from zvh_contracts.vocab import Urgentie
from zvh_platform.kalender import NEDERLAND, Kalender
from zvh_platform.termijnen import TIJDZONE, Termijnen, deadline, nl_dag

__all__ = ["TIJDZONE", "WERKDAGEN", "nl_datum", "triage_uiterlijk", "triage_uiterlijk_voor"]

_STANDAARD = Termijnen()

#: Working days after receipt within which triage must happen (the defaults).
WERKDAGEN: dict[Urgentie, int] = {u: _STANDAARD.triage(u).lengte for u in Urgentie}


def triage_uiterlijk(
    *,
    urgentie: Urgentie,
    ontvangen: date,
    termijnen: Termijnen = _STANDAARD,
    kalender: Kalender = NEDERLAND,
) -> date:
    """The date by which a melding received on ``ontvangen`` must be triaged.

    Acuut is the same (calendar) day, even in a weekend or on a holiday: acute cases do not wait.
    """
    return deadline(termijnen.triage(urgentie), ontvangen, kalender)


def triage_uiterlijk_voor(
    *,
    urgentie: Urgentie,
    ontvangen_op: datetime,
    termijnen: Termijnen = _STANDAARD,
    kalender: Kalender = NEDERLAND,
) -> date:
    """The triage deadline for a melding received at ``ontvangen_op`` (Dutch calendar day)."""
    return triage_uiterlijk(
        urgentie=urgentie, ontvangen=nl_dag(ontvangen_op), termijnen=termijnen, kalender=kalender
    )


def nl_datum(moment: datetime) -> date:
    """The Dutch calendar day of an aware ``moment`` ("vandaag" for the triage rules)."""
    return moment.astimezone(TIJDZONE).date()

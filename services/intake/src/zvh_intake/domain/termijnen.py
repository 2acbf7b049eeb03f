"""Triage deadlines (termijnen): how fast the ZVH must decide, by urgentie, in working days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from zvh_contracts.vocab import Urgentie

#: Working days after receipt within which triage must happen.
WERKDAGEN: dict[Urgentie, int] = {
    Urgentie.ACUUT: 0,
    Urgentie.HOOG: 1,
    Urgentie.NORMAAL: 3,
    Urgentie.LAAG: 5,
}


def is_werkdag(dag: date) -> bool:
    """Monday to Friday (public holidays are not modelled yet)."""
    return dag.weekday() < 5


def plus_werkdagen(start: date, werkdagen: int) -> date:
    """``start`` plus ``werkdagen`` working days, skipping Saturday and Sunday."""
    dag = start
    over = werkdagen
    while over > 0:
        dag += timedelta(days=1)
        if is_werkdag(dag):
            over -= 1
    return dag


def triage_uiterlijk(*, urgentie: Urgentie, ontvangen: date) -> date:
    """The date by which a melding received on ``ontvangen`` must be triaged.

    Acuut is the same (calendar) day, even in a weekend: acute cases do not wait for Monday.
    """
    return plus_werkdagen(ontvangen, WERKDAGEN[urgentie])


#: The ZVH works on Dutch calendar days.
TIJDZONE = ZoneInfo("Europe/Amsterdam")


def triage_uiterlijk_voor(*, urgentie: Urgentie, ontvangen_op: datetime) -> date:
    """The triage deadline for a melding received at ``ontvangen_op`` (Dutch calendar day)."""
    return triage_uiterlijk(urgentie=urgentie, ontvangen=ontvangen_op.astimezone(TIJDZONE).date())


def nl_datum(moment: datetime) -> date:
    """The Dutch calendar day of an aware ``moment`` ("vandaag" for the triage rules)."""
    return moment.astimezone(TIJDZONE).date()

"""Werkdagen: Monday to Friday except Dutch public holidays (the ``holidays`` package).

The verslag of an overleg is due within three werkdagen after the meeting day.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

import holidays

VERSLAG_WERKDAGEN = 3


@functools.cache
def _feestdagen(jaar: int) -> frozenset[date]:
    """One year's Dutch public holidays, built once (a list page asks for many dates)."""
    return frozenset(holidays.country_holidays("NL", years=jaar))


def is_werkdag(dag: date) -> bool:
    """Mon–Fri and no Dutch public holiday (as the holidays package lists them)."""
    return dag.weekday() < 5 and dag not in _feestdagen(dag.year)


def werkdagen_na(dag: date, aantal: int) -> date:
    """The date ``aantal`` werkdagen after ``dag`` (``dag`` itself does not count)."""
    gevonden = 0
    while gevonden < aantal:
        dag += timedelta(days=1)
        if is_werkdag(dag):
            gevonden += 1
    return dag


def verslag_uiterlijk(overleg_dag: date) -> date:
    """The last day the verslag of an overleg held on ``overleg_dag`` is on time."""
    return werkdagen_na(overleg_dag, VERSLAG_WERKDAGEN)


def verslag_te_laat(*, overleg_dag: date, vastgesteld_op: date | None, vandaag: date) -> bool:
    """Late when finalised after the due day, or still open after it."""
    uiterlijk = verslag_uiterlijk(overleg_dag)
    return (vastgesteld_op or vandaag) > uiterlijk

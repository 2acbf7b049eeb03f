"""Werkdagen for overleg: the shared working-day calendar (``zvh_platform.kalender``).

The verslag of an overleg is due within three werkdagen after the meeting day (termijn ``verslag``
of ``zvh_platform.termijnen``). Weekends and Dutch public holidays are not werkdagen; Goede Vrijdag
is one (docs/termijnen.md).
"""

from __future__ import annotations

from datetime import date

from zvh_platform.kalender import NEDERLAND, Kalender
from zvh_platform.termijnen import STANDAARD, deadline

_VERSLAG = next(t for t in STANDAARD if t.code == "verslag")
VERSLAG_WERKDAGEN = _VERSLAG.lengte


def is_werkdag(dag: date) -> bool:
    """Mon–Fri and no Dutch public holiday (the shared calendar)."""
    return NEDERLAND.is_werkdag(dag)


def werkdagen_na(dag: date, aantal: int) -> date:
    """The date ``aantal`` werkdagen after ``dag`` (``dag`` itself does not count)."""
    return NEDERLAND.plus_werkdagen(dag, aantal)


def verslag_uiterlijk(overleg_dag: date, kalender: Kalender = NEDERLAND) -> date:
    """The last day the verslag of an overleg held on ``overleg_dag`` is on time."""
    return deadline(_VERSLAG, overleg_dag, kalender)


def verslag_te_laat(*, overleg_dag: date, vastgesteld_op: date | None, vandaag: date) -> bool:
    """Late when finalised after the due day, or still open after it."""
    uiterlijk = verslag_uiterlijk(overleg_dag)
    return (vastgesteld_op or vandaag) > uiterlijk

"""A recurring series of overleggen: same weekday, time, place and voorzitter every n weeks.

Series meetings are ordinary overleggen with a ``reeks_id``. They are created ahead with an
empty agenda and announced to partners only once casussen are put on them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from zvh_contracts.vocab import OverlegSoort

from zvh_overleg.domain.errors import OverlegOngeldig

WEEKDAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
AANTAL_MAX = 12
INTERVAL_MAX = 12
DUUR_MAX_MIN = 8 * 60


@dataclass(frozen=True)
class Reeks:
    """What every meeting of the series shares."""

    reeks_id: uuid.UUID
    soort: OverlegSoort
    weekdag: int  # 0 = maandag
    begintijd: time
    duur_minuten: int
    interval_weken: int
    aantal_vooruit: int
    locatie: str
    voorzitter: str
    eerste_datum: date
    aangemaakt_op: datetime
    aangemaakt_door: str


def controleer_reeks(
    *, weekdag: int, duur_minuten: int, interval_weken: int, aantal_vooruit: int
) -> None:
    """Series-specific rules; time, place and voorzitter are checked per meeting."""
    if not 0 <= weekdag <= 4:
        raise OverlegOngeldig("Kies een werkdag (maandag tot en met vrijdag).", veld="weekdag")
    if not 15 <= duur_minuten <= DUUR_MAX_MIN:
        raise OverlegOngeldig("De duur moet tussen 15 minuten en 8 uur liggen.", veld="duur")
    if not 1 <= interval_weken <= INTERVAL_MAX:
        raise OverlegOngeldig(
            f"Kies een interval van 1 tot en met {INTERVAL_MAX} weken.", veld="interval"
        )
    if not 1 <= aantal_vooruit <= AANTAL_MAX:
        raise OverlegOngeldig(
            f"Maak 1 tot en met {AANTAL_MAX} overleggen vooruit aan.", veld="aantal"
        )


def eerste_dag(vanaf: date, weekdag: int) -> date:
    """The first date on or after ``vanaf`` that falls on ``weekdag``."""
    return vanaf + timedelta(days=(weekdag - vanaf.weekday()) % 7)


def reeks_tijden(
    *,
    eerste: date,
    begintijd: time,
    duur_minuten: int,
    interval_weken: int,
    aantal: int,
    tz: tzinfo,
) -> list[tuple[datetime, datetime]]:
    """Start and end of the next ``aantal`` meetings, at the same wall-clock time in ``tz``.

    Wall-clock time stays fixed across a daylight-saving change; the UTC instant moves.
    """
    out = []
    for i in range(aantal):
        dag = eerste + timedelta(weeks=interval_weken * i)
        start = datetime.combine(dag, begintijd, tzinfo=tz)
        out.append((start, start + timedelta(minutes=duur_minuten)))
    return out

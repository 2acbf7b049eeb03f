"""Termijnbewaking: the timers that remind a partner before its termijn ends and signal after.

Watched: the partners' termijnen, an actie's ``wanneer`` (``actie``) and the answer to an
invitation for an overleg (``uitnodiging-beantwoord``); and the ZVH's own first termijnen of a
casus, eerste contact and hulp gestart, for the ZVH itself (its e-mail address and the postvak).
A timer is planned from an event (an actie toegewezen, an overleg gepland, a casus geopend),
stored, and fired once by the scheduler (``application/termijnen.py``). Its id derives from
what it is about, its kind, the deadline and the recipient: planning the same termijn again
yields the same ids, so a replayed or repeated event never adds a second reminder, while a new
deadline or a new partner is a new termijn that is reminded again.

When, in Dutch time (``zvh_platform.termijnen.TIJDZONE``):

- the **herinnering** at 08:00 on the werkdag ``herinnering_werkdagen`` werkdagen before the last
  day (a deadline on a Monday is reminded on the Friday before; over Easter on the Thursday);
- the **verlopen** signal at 00:00 after the last day: the termijn has passed.

A herinnering whose moment has already passed when the termijn is planned (an actie due
tomorrow) fires at once, as long as the deadline itself has not passed; a termijn planned after
its deadline gets only the verlopen signal, and one planned more than ``VERJAARD`` after it gets
none: that is history coming by again (a consumer replaying the topic, an import), not news.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from zvh_contracts.envelope import derived_id
from zvh_contracts.vocab import Termijnsignaal
from zvh_platform.kalender import Kalender
from zvh_platform.termijnen import TIJDZONE

#: The termijn codes watched (as in ``zvh_platform.termijnen.STANDAARD``).
ACTIE = "actie"
UITNODIGING = "uitnodiging-beantwoord"
#: Werkdagen before the last day that the herinnering goes out.
HERINNERING_WERKDAGEN = 1
HERINNERING_OM = time(8, 0)
#: A termijn whose deadline passed longer ago than this when it is planned gets no signal.
VERJAARD = timedelta(days=7)


class Timerstatus(enum.StrEnum):
    """Where a timer stands."""

    GEPLAND = "gepland"
    VERSTUURD = "verstuurd"
    #: The termijn ended otherwise (actie afgerond, ingetrokken, another date): never fires.
    VERVALLEN = "vervallen"


@dataclass
class Timer:
    """One signal about one termijn for one recipient, fired at most once."""

    id: uuid.UUID
    soort: Termijnsignaal
    termijn: str
    #: What the termijn is about: a casus' actie, or an overleg (its invitation).
    casus_id: uuid.UUID | None
    actie_id: uuid.UUID | None
    ontvanger: str
    uiterlijk: date
    vuur_op: datetime
    status: Timerstatus = Timerstatus.GEPLAND
    verstuurd_op: datetime | None = None
    overleg_id: uuid.UUID | None = None
    #: Set for the triage termijn of a melding, and for a VPT incident's termijnen.
    melding_id: uuid.UUID | None = None
    #: A personal signal (a VPT incident's): the user it is for, whose e-mail it goes to. A timer
    #: with a ``gebruiker`` or a ``casemanager`` is shown to those two users only, never to the
    #: organisation or the ZVH staff (``ontvanger`` is then the user's organisation).
    gebruiker: str | None = None
    #: The VPT casemanager assigned to the incident, who sees the signal too.
    casemanager: str | None = None

    @property
    def persoonlijk(self) -> bool:
        return self.gebruiker is not None or self.casemanager is not None

    def verstuur(self, *, op: datetime) -> None:
        if self.status is not Timerstatus.GEPLAND:
            raise ValueError(f"timer {self.id} is {self.status}, not gepland")
        self.status = Timerstatus.VERSTUURD
        self.verstuurd_op = op


def timer_id(
    *,
    termijn: str,
    onderwerp: uuid.UUID,
    soort: Termijnsignaal,
    uiterlijk: date,
    ontvanger: str,
    gebruiker: str | None = None,
) -> uuid.UUID:
    """The same termijn, kind, deadline and recipient always give the same timer."""
    if gebruiker is not None:
        return derived_id(
            "notify-termijn", onderwerp, termijn, soort.value, uiterlijk, ontvanger, gebruiker
        )
    return derived_id("notify-termijn", onderwerp, termijn, soort.value, uiterlijk, ontvanger)


def _om(dag: date, tijd: time) -> datetime:
    return datetime.combine(dag, tijd, tzinfo=TIJDZONE)


def herinnering_moment(
    uiterlijk: date, kalender: Kalender, *, werkdagen: int = HERINNERING_WERKDAGEN
) -> datetime:
    """08:00 on the werkdag ``werkdagen`` werkdagen before the last day."""
    return _om(kalender.plus_werkdagen(uiterlijk, -werkdagen), HERINNERING_OM)


def verlopen_moment(uiterlijk: date) -> datetime:
    """Midnight after the last day: from then on the termijn has passed."""
    return _om(uiterlijk + timedelta(days=1), time(0, 0))


@dataclass(frozen=True)
class Onderwerp:
    """What a termijn is about, and its code: an actie (of a casus) or an overleg."""

    termijn: str
    id: uuid.UUID
    casus_id: uuid.UUID | None = None
    actie_id: uuid.UUID | None = None
    overleg_id: uuid.UUID | None = None
    melding_id: uuid.UUID | None = None


def actie(actie_id: uuid.UUID, casus_id: uuid.UUID) -> Onderwerp:
    return Onderwerp(termijn=ACTIE, id=actie_id, casus_id=casus_id, actie_id=actie_id)


def casus_termijn(code: str, casus_id: uuid.UUID) -> Onderwerp:
    """One of the ZVH's own termijnen of a casus (eerste contact, hulp gestart)."""
    return Onderwerp(termijn=code, id=casus_id, casus_id=casus_id)


def overleg_termijn(code: str, overleg_id: uuid.UUID) -> Onderwerp:
    """A termijn of the ZVH about an overleg (its verslag)."""
    return Onderwerp(termijn=code, id=overleg_id, overleg_id=overleg_id)


def melding_termijn(code: str, melding_id: uuid.UUID) -> Onderwerp:
    """The triage termijn of a melding."""
    return Onderwerp(termijn=code, id=melding_id, melding_id=melding_id)


def uitnodiging(overleg_id: uuid.UUID) -> Onderwerp:
    return Onderwerp(termijn=UITNODIGING, id=overleg_id, overleg_id=overleg_id)


def plan(
    onderwerp: Onderwerp,
    *,
    ontvanger: str,
    uiterlijk: date,
    nu: datetime,
    kalender: Kalender,
    werkdagen: int = HERINNERING_WERKDAGEN,
    late_herinnering: bool = True,
    gebruiker: str | None = None,
    casemanager: str | None = None,
) -> list[Timer]:
    """The timers of one termijn: a herinnering (unless the deadline passed) and the verlopen
    signal, for the partner it concerns. Without ``late_herinnering`` a herinnering whose moment
    has passed is left out (an invitation is its own reminder)."""
    verlopen = verlopen_moment(uiterlijk)
    if nu - verlopen > VERJAARD:
        return []
    uit: list[Timer] = []
    moment = herinnering_moment(uiterlijk, kalender, werkdagen=werkdagen)
    if nu < verlopen and (late_herinnering or moment > nu):
        uit.append(
            _timer(Termijnsignaal.HERINNERING, onderwerp, ontvanger, uiterlijk, max(moment, nu))
        )
    uit.append(_timer(Termijnsignaal.VERLOPEN, onderwerp, ontvanger, uiterlijk, verlopen))
    if gebruiker is not None or casemanager is not None:
        uit = [
            persoonlijk(t, onderwerp.id, gebruiker=gebruiker, casemanager=casemanager) for t in uit
        ]
    return uit


def persoonlijk(
    timer: Timer, onderwerp: uuid.UUID, *, gebruiker: str | None, casemanager: str | None
) -> Timer:
    """The timer as a personal signal for ``gebruiker`` (seen by ``casemanager`` too); its id
    includes the user, so two users of one organisation each get their own."""
    timer.gebruiker = gebruiker
    timer.casemanager = casemanager
    timer.id = timer_id(
        termijn=timer.termijn,
        onderwerp=onderwerp,
        soort=timer.soort,
        uiterlijk=timer.uiterlijk,
        ontvanger=timer.ontvanger,
        gebruiker=gebruiker or f"casemanager:{casemanager}",
    )
    return timer


def plan_actie(
    *,
    actie_id: uuid.UUID,
    casus_id: uuid.UUID,
    wie: str,
    wanneer: date,
    nu: datetime,
    kalender: Kalender,
) -> list[Timer]:
    """The timers of an actie's termijn, for the partner the actie is for."""
    return plan(
        actie(actie_id, casus_id), ontvanger=wie, uiterlijk=wanneer, nu=nu, kalender=kalender
    )


def _timer(
    soort: Termijnsignaal, onderwerp: Onderwerp, ontvanger: str, uiterlijk: date, vuur_op: datetime
) -> Timer:
    return Timer(
        id=timer_id(
            termijn=onderwerp.termijn,
            onderwerp=onderwerp.id,
            soort=soort,
            uiterlijk=uiterlijk,
            ontvanger=ontvanger,
        ),
        soort=soort,
        termijn=onderwerp.termijn,
        casus_id=onderwerp.casus_id,
        actie_id=onderwerp.actie_id,
        overleg_id=onderwerp.overleg_id,
        melding_id=onderwerp.melding_id,
        ontvanger=ontvanger,
        uiterlijk=uiterlijk,
        vuur_op=vuur_op,
    )

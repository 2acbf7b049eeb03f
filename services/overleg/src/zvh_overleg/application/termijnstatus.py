"""Where each termijn of a casus stands: behaald (op tijd / te laat), open or verlopen.

One query for the casus page, the dashboard and the reports: :func:`termijnstatus` is pure (the
casus, its overleggen and ``nu`` from the service Clock in, statuses out), so a caller that has
many casussen loaded already asks it without a round trip; :func:`termijnstatus_van_casus` loads
the casus' overleggen first. It answers no "who may": the caller has the PDP's allow for the casus.
The casus needs its acties and ``termijnregistraties`` (``CasusRepository.get`` reads both; a
casus from ``list`` has neither: fill them with ``CasusRepository.termijnregistraties`` for many
casussen in one query, and the acties, before asking).

What meets what (``Termijn.behaald_door``):

- eerste contact, hulp gestart, eerste hulp: the day recorded on the casus page (the latest
  registration counts); eerste hulp counts from the recorded hulp-gestart day;
- verslag: each held, not cancelled overleg with the casus on its agenda, met on the day its
  verslag was finalised;
- actie: each actie not withdrawn, met on the day its partner reported back with a final result
  (afgerond, niet mogelijk, niet uitgevoerd; "loopt" keeps it open, as on the dashboard);
- nacontrole: once the casus is closed; nothing records it yet, so it stays open (then verlopen).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from zvh_platform.kalender import NEDERLAND, Kalender
from zvh_platform.termijnen import Termijnen, deadline, nl_dag

from zvh_overleg.application.casemanagement import termijnen_van_casus
from zvh_overleg.application.ports import UnitOfWorkFactory
from zvh_overleg.domain.model import ActieStatus, Casus
from zvh_overleg.domain.overleg import Overleg, OverlegStatus
from zvh_overleg.domain.termijnregistratie import (
    Gebeurtenis,
    Stand,
    Termijnstatus,
    stand_van,
)

__all__ = ["Stand", "Termijnstatus", "termijnstatus", "termijnstatus_van_casus"]

#: A terugkoppeling with one of these ends the actie (and meets its termijn).
_AFGEROND = frozenset(
    {ActieStatus.AFGEROND, ActieStatus.NIET_MOGELIJK, ActieStatus.NIET_UITGEVOERD}
)


def _behaald(casus: Casus, behaald_door: str) -> date | None:
    if behaald_door in {g.value for g in Gebeurtenis}:
        return casus.geregistreerd_op(Gebeurtenis(behaald_door))
    return None


def termijnstatus(
    casus: Casus,
    *,
    nu: datetime,
    overleggen: Iterable[Overleg] = (),
    termijnen: Termijnen | None = None,
    kalender: Kalender = NEDERLAND,
) -> list[Termijnstatus]:
    """Every termijn of ``casus`` with its deadline and status on ``nu``'s Dutch day.

    In the region's order: the casus' own termijnen (by its model), then one verslag termijn per
    held overleg (by start), one actie termijn per actie (in actielijst order), the nacontrole.
    ``overleggen`` may hold others: only those with the casus on the agenda count.
    """
    regio = termijnen if termijnen is not None else Termijnen()
    vandaag = nl_dag(nu)
    uit: list[Termijnstatus] = []
    eigen = termijnen_van_casus(
        casus.casemanagementmodel,
        geopend_op=casus.geopend_op,
        afgesloten_op=casus.afgesloten_op,
        hulp_gestart_op=casus.geregistreerd_op(Gebeurtenis.HULP_GESTART),
        termijnen=regio,
        kalender=kalender,
    )
    for t in eigen:
        if t.termijn.start != "casus-afgesloten":
            behaald = _behaald(casus, t.termijn.behaald_door)
            uit.append(
                stand_van(t.termijn, uiterlijk=t.uiterlijk, behaald_op=behaald, vandaag=vandaag)
            )
    if "verslag" in regio:
        verslag = regio["verslag"]
        gehouden = sorted(
            (
                o
                for o in overleggen
                if casus.casus_id in o.agenda
                and o.status is not OverlegStatus.GEANNULEERD
                and o.start <= nu
            ),
            key=lambda o: o.start,
        )
        for o in gehouden:
            vastgesteld = o.verslag_vastgesteld_op
            uit.append(
                stand_van(
                    verslag,
                    uiterlijk=deadline(verslag, o.start, kalender),
                    behaald_op=nl_dag(vastgesteld) if vastgesteld else None,
                    vandaag=vandaag,
                    onderwerp=o.overleg_id,
                )
            )
    if "actie" in regio:
        actie_termijn = regio["actie"]
        for a in casus.acties:
            if a.status is ActieStatus.INGETROKKEN:
                continue
            klaar = a.status in _AFGEROND and a.teruggekoppeld_op is not None
            uit.append(
                stand_van(
                    actie_termijn,
                    uiterlijk=deadline(actie_termijn, a.wanneer, kalender),
                    behaald_op=nl_dag(a.teruggekoppeld_op)
                    if klaar and a.teruggekoppeld_op
                    else None,
                    vandaag=vandaag,
                    onderwerp=a.actie_id,
                )
            )
    for t in eigen:
        if t.termijn.start == "casus-afgesloten":
            behaald = _behaald(casus, t.termijn.behaald_door)
            uit.append(
                stand_van(t.termijn, uiterlijk=t.uiterlijk, behaald_op=behaald, vandaag=vandaag)
            )
    return uit


async def termijnstatus_van_casus(
    casus: Casus,
    *,
    nu: datetime,
    uow: UnitOfWorkFactory,
    termijnen: Termijnen | None = None,
    kalender: Kalender = NEDERLAND,
) -> list[Termijnstatus]:
    """:func:`termijnstatus` with the casus' overleggen read from the database."""
    async with uow() as tx:
        overleggen = await tx.overleggen.list(casus_id=casus.casus_id)
    return termijnstatus(
        casus, nu=nu, overleggen=overleggen, termijnen=termijnen, kalender=kalender
    )

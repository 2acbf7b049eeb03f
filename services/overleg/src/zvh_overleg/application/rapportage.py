"""The quarterly report for partners and funders: overleg's figures and intake's meldingen.

Who may see it is the PDP's answer (action ``read``, resource type ``rapportage``, doel
``verantwoording``); intake asks the same question for its counts, with the same user token.
The aggregation and the suppression of small counts are pure (``domain.rapportage``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from zvh_contracts.pdp import Context, DecisionRequest, Resource, Subject
from zvh_platform.kalender import NEDERLAND, Kalender
from zvh_platform.termijnen import Termijnen

from zvh_overleg.application.access import check
from zvh_overleg.application.intake import IntakeFout, IntakePort
from zvh_overleg.application.ports import Actor, PolicyDecisionPoint, UnitOfWorkFactory
from zvh_overleg.application.termijnstatus import termijnstatus
from zvh_overleg.domain.rapportage import (
    Kwartaal,
    MeldingTelling,
    Rapport,
    TermijnUitkomst,
    maak_rapport,
)
from zvh_overleg.domain.tijd import NL

#: The acties' termijn: the report counts it from the acties themselves.
ACTIE = "actie"
#: How far before the period an overleg may have started and still have its verslag deadline in
#: it: the longest length a region may give a termijn (260 werkdagen is about a year).
OVERLEG_VENSTER = timedelta(days=380)

RAPPORTAGE = "rapportage"
DOEL_VERANTWOORDING = "verantwoording"


class CasusTermijnen(Protocol):
    """The hook for the casus termijnen (first contact, help started, eerste hulp, verslag …):
    the ones that ended in the period, met or not. Until they are recorded the report shows
    the triage termijn and the acties' wanneer only (``GeenCasusTermijnen``)."""

    async def afgelopen(self, *, van: datetime, tot: datetime) -> list[TermijnUitkomst]: ...


class GeenCasusTermijnen:
    """No casus termijn is recorded yet: the report leaves those tables out."""

    async def afgelopen(self, *, van: datetime, tot: datetime) -> list[TermijnUitkomst]:
        return []


class TermijnenVanCasussen:
    """The casus termijnen whose deadline fell in the period and that were met or passed,
    worked out from the casussen themselves (``termijnstatus``): eerste contact, hulp gestart,
    eerste hulp, verslag, nacontrole. The acties' own termijn is counted apart in the report."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        nu: datetime,
        termijnen: Termijnen | None = None,
        kalender: Kalender = NEDERLAND,
    ) -> None:
        self._uow = uow
        self._nu = nu
        self._termijnen = termijnen
        self._kalender = kalender

    async def afgelopen(self, *, van: datetime, tot: datetime) -> list[TermijnUitkomst]:
        async with self._uow() as tx:
            casussen = await tx.casussen.voor_rapportage(van=van, tot=tot)
            registraties = await tx.casussen.termijnregistraties([c.casus_id for c in casussen])
            # one read for all casussen: a verslag deadline in the period belongs to an overleg
            # that started before its end and at most a termijn's longest length before it
            overleggen = await tx.overleggen.list(vanaf=van - OVERLEG_VENSTER, tot=tot)
        uit: list[TermijnUitkomst] = []
        for casus in casussen:
            casus.termijnregistraties = registraties.get(casus.casus_id, [])
            for t in termijnstatus(
                casus,
                nu=self._nu,
                overleggen=overleggen,
                termijnen=self._termijnen,
                kalender=self._kalender,
            ):
                if t.code == ACTIE or t.status == "open":
                    continue
                if not van.date() <= t.uiterlijk < tot.date():
                    continue
                uit.append(
                    TermijnUitkomst(
                        casus_id=casus.casus_id,
                        code=t.code,
                        naam=t.naam,
                        gehaald=t.status == "op-tijd",
                    )
                )
        return uit


def rapportage_request(actor: Actor) -> DecisionRequest:
    """The PDP question for reading the aggregate report."""
    return DecisionRequest(
        subject=Subject(user=actor.user_id, org=actor.org, roles=list(actor.roles)),
        action="read",
        resource=Resource(type=RAPPORTAGE),
        context=Context(doel=DOEL_VERANTWOORDING),
    )


async def mag_rapportage(actor: Actor, *, pdp: PolicyDecisionPoint) -> None:
    """Raise ToegangGeweigerd (with the PDP's reasons) unless the PDP allows the report."""
    await check(rapportage_request(actor), actor=actor, pdp=pdp)


def begin_van(dag: date) -> datetime:
    """Midnight at the start of a Dutch calendar day, as an aware moment."""
    return datetime.combine(dag, time(0), tzinfo=NL)


def _telling(rij: Mapping[str, Any]) -> MeldingTelling:
    try:
        return MeldingTelling(
            gemeente=rij.get("gemeente"),
            melder=str(rij["melder"]),
            uitkomst=str(rij["uitkomst"]),
            aantal=int(rij["aantal"]),
            binnen_termijn=int(rij.get("binnen_termijn") or 0),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise IntakeFout("onverwacht antwoord van intake") from exc


async def stel_rapport_op(
    *,
    kwartaal: Kwartaal,
    gemeente: str | None,
    actor: Actor,
    pdp: PolicyDecisionPoint,
    uow: UnitOfWorkFactory,
    intake: IntakePort,
    gemeenten: Mapping[str, str],
    partnernaam: Callable[[str], str],
    termijnen: CasusTermijnen | None = None,
) -> Rapport:
    """The report for ``kwartaal`` and ``gemeente`` (CBS code, ``onbekend`` or None for all),
    after the PDP allowed it. Raises ToegangGeweigerd, or IntakeFout when intake cannot give
    the meldingen (a report without them would look complete and be wrong)."""
    await mag_rapportage(actor, pdp=pdp)
    assert actor.token is not None, "the report forwards the user's token to intake"
    rijen = await intake.tellingen(van=kwartaal.begin, tot=kwartaal.eind, token=actor.token)
    van, tot = begin_van(kwartaal.begin), begin_van(kwartaal.eind)
    async with uow() as tx:
        casussen = await tx.casussen.voor_rapportage(van=van, tot=tot)
    afgelopen = await (termijnen or GeenCasusTermijnen()).afgelopen(van=van, tot=tot)
    return maak_rapport(
        kwartaal=kwartaal,
        gemeente=gemeente,
        gemeenten=gemeenten,
        meldingen=[_telling(r) for r in rijen],
        casussen=casussen,
        termijnen=afgelopen,
        partnernaam=partnernaam,
    )

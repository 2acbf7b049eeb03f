"""The procesregisseur's dashboard (issue 9, part 5): what needs attention across the keten.

One PDP question decides whether the user sees it (``read`` on ``dashboard``, doel
``monitoring``): the figures count every casus, so per-casus ``list`` decisions would both be
slow (10,000 casussen) and beside the point — the page lists no casus content, only ids, codes,
dates and counts. Today comes from the service clock, werkdagen from the region's calendar.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from zvh_contracts.pdp import Context, DecisionRequest, Resource, Subject
from zvh_contracts.vocab import Casemanagementmodel
from zvh_platform.kalender import Kalender
from zvh_platform.termijnen import Termijnen

from zvh_overleg.application.access import check
from zvh_overleg.application.casemanagement import TermijnVanCasus, termijnen_van_casus
from zvh_overleg.application.intake import IntakeFout, IntakePort
from zvh_overleg.application.ports import (
    ActieSignaal,
    Actor,
    Clock,
    DashboardRepository,
    OpenCasus,
    PartnerActies,
    PolicyDecisionPoint,
    Uitnodiging,
    UnitOfWorkFactory,
)
from zvh_overleg.application.timeutil import vandaag as nl_vandaag
from zvh_overleg.domain.dashboard import (
    OnthoudendeKalender,
    Rag,
    Verdeling,
    oranje_tot,
    rag,
    verdeling,
    week_van,
)
from zvh_overleg.domain.termijnregistratie import TermijnRegistratie
from zvh_overleg.domain.veiligheidssignaal import Signaalstand, Veiligheidssignaal

T = TypeVar("T")

DOEL_MONITORING = "monitoring"
DASHBOARD = "dashboard"

#: How many acties needing attention, and termijnen, the page lists (the counts cover them all).
AANDACHT_LIMIET = 50
TERMIJNEN_LIMIET = 50
#: Response times over this window (13 weeks): how partners answer now, not years ago; it also
#: keeps the count small with 500,000 acties.
VENSTER = timedelta(weeks=13)


def dashboard_request(actor: Actor) -> DecisionRequest:
    """The PDP question for the dashboard as a whole."""
    return DecisionRequest(
        subject=Subject(user=actor.user_id, org=actor.org, roles=list(actor.roles)),
        action="read",
        resource=Resource(type=DASHBOARD),
        context=Context(doel=DOEL_MONITORING),
    )


@dataclass(frozen=True)
class TermijnSignaal:
    """A casus termijn due this week or overdue."""

    casus_id: uuid.UUID
    code: str
    naam: str
    uiterlijk: date
    verlopen: bool


@dataclass(frozen=True)
class ActieRegel:
    """An open actie on the page, with its red/amber/green."""

    actie_id: uuid.UUID
    casus_id: uuid.UUID
    wie: str
    wanneer: date
    status: str
    rag: Rag


@dataclass(frozen=True)
class Responstijden:
    """One partner's response times in days: invitation → answer, actie → terugkoppeling."""

    partner: str
    uitnodiging: Verdeling
    terugkoppeling: Verdeling


@dataclass(frozen=True)
class Dashboard:
    vandaag: date
    mijn_per_fase: dict[int | None, int]
    #: the earliest TERMIJNEN_LIMIET; the counts cover them all
    termijnen: list[TermijnSignaal]
    termijnen_verlopen: int
    termijnen_deze_week: int
    acties_verlopen: int
    acties_deze_week: int
    acties_per_partner: list[PartnerActies]
    aandacht: list[ActieRegel]
    responstijden: list[Responstijden]
    caseload_procesregisseur: dict[str, int]
    caseload_casusregisseur: dict[str, int]


def per_fase(casussen: Iterable[OpenCasus]) -> dict[int | None, int]:
    """Open casussen per AVE-fase (1–5, None: no fase yet), every fase present."""
    telling = Counter(c.ave_fase for c in casussen)
    return {f: telling.get(f, 0) for f in (1, 2, 3, 4, 5, None)}


def termijnen_overzicht(
    casussen: Iterable[OpenCasus],
    *,
    vandaag: date,
    termijnen: Termijnen,
    kalender: Kalender,
    behaald: Mapping[uuid.UUID, Collection[str]] | None = None,
) -> list[TermijnSignaal]:
    """The casus termijnen due this week (up to Sunday) or already past, earliest first.

    The one place the dashboard turns termijnen into signals; ``behaald`` holds per casus the
    codes of the termijnen recorded as met (eerste contact, hulp gestart, …), which are left out.
    """
    behaald = behaald or {}
    _, zondag = week_van(vandaag)
    uit: list[TermijnSignaal] = []
    berekend = _berekend(termijnen, kalender)
    gezien: dict[tuple[Casemanagementmodel, date], list[TermijnVanCasus]] = {}
    for c in casussen:
        sleutel = (_model(c.casemanagementmodel), nl_vandaag(c.geopend_op))
        if sleutel not in gezien:
            alle = berekend.get(sleutel)
            if alle is None:
                alle = berekend[sleutel] = termijnen_van_casus(
                    sleutel[0],
                    geopend_op=sleutel[1],
                    termijnen=termijnen,
                    kalender=_onthoudend(kalender),
                )
            gezien[sleutel] = [t for t in alle if t.uiterlijk <= zondag]
        klaar = behaald.get(c.casus_id, ())
        for t in gezien[sleutel]:
            if t.code in klaar:
                continue
            uit.append(
                TermijnSignaal(
                    casus_id=c.casus_id,
                    code=t.code,
                    naam=t.naam,
                    uiterlijk=t.uiterlijk,
                    verlopen=t.uiterlijk < vandaag,
                )
            )
    uit.sort(key=lambda s: (s.uiterlijk, s.casus_id.int, s.code))
    return uit


#: The dashboard's code for a veiligheidssignaal whose review date has come (issue 10).
HERBEOORDELING_SIGNAAL = "herbeoordeling-veiligheidssignaal"


def herbeoordelingen(
    signalen: Mapping[uuid.UUID, Iterable[Veiligheidssignaal]], *, vandaag: date
) -> list[TermijnSignaal]:
    """The veiligheidssignalen still in force whose review date falls this week (up to Sunday)
    or has passed: a termijn for the procesregisseur like the casus termijnen. A withdrawn or
    expired signal needs no review."""
    _, zondag = week_van(vandaag)
    return [
        TermijnSignaal(
            casus_id=casus_id,
            code=HERBEOORDELING_SIGNAAL,
            naam="Herbeoordeling veiligheidssignaal",
            uiterlijk=s.herbeoordeling_op,
            verlopen=s.herbeoordeling_op < vandaag,
        )
        for casus_id, lijst in signalen.items()
        for s in lijst
        if s.stand(vandaag) in (Signaalstand.ACTIEF, Signaalstand.GEPLAND)
        and s.herbeoordeling_op <= zondag
    ]


def behaalde_codes(
    registraties: Mapping[uuid.UUID, Iterable[TermijnRegistratie]], termijnen: Termijnen
) -> dict[uuid.UUID, frozenset[str]]:
    """Per casus the codes of the termijnen its recorded events meet (``Termijn.behaald_door``)."""
    code_van: dict[str, set[str]] = {}
    for t in termijnen.values():
        code_van.setdefault(t.behaald_door, set()).add(t.code)
    return {
        casus_id: frozenset(code for r in lijst for code in code_van.get(r.gebeurtenis.value, ()))
        for casus_id, lijst in registraties.items()
    }


_ONTHOUDEN: dict[Kalender, OnthoudendeKalender] = {}
#: The termijnen of a casus depend only on its model and opening day (and the region's lengths
#: and calendar): worked out once per process, not on every request.
_BEREKEND: dict[
    tuple[tuple[object, ...], Kalender],
    dict[tuple[Casemanagementmodel, date], list[TermijnVanCasus]],
] = {}


def _berekend(
    termijnen: Termijnen, kalender: Kalender
) -> dict[tuple[Casemanagementmodel, date], list[TermijnVanCasus]]:
    """The remembered deadlines for these lengths on this calendar (fresh when unhashable)."""
    try:
        sleutel = (tuple(termijnen.values()), kalender)
        gevonden = _BEREKEND.get(sleutel)
    except TypeError:
        return {}
    if gevonden is None or len(gevonden) > 50_000:
        if len(_BEREKEND) > 8:
            _BEREKEND.clear()
        gevonden = _BEREKEND[sleutel] = {}
    return gevonden


def _onthoudend(kalender: Kalender) -> OnthoudendeKalender:
    """One remembering calendar per region calendar for the life of the process (a region's
    days off do not change while it runs; a calendar that cannot be a key gets a fresh one)."""
    try:
        gevonden = _ONTHOUDEN.get(kalender)
    except TypeError:
        return OnthoudendeKalender(kalender)
    if gevonden is None:
        if len(_ONTHOUDEN) > 8:
            _ONTHOUDEN.clear()
        gevonden = _ONTHOUDEN[kalender] = OnthoudendeKalender(kalender)
    return gevonden


def _model(waarde: str | None) -> Casemanagementmodel:
    try:
        return Casemanagementmodel(waarde) if waarde else Casemanagementmodel.MAKELAAR
    except ValueError:
        return Casemanagementmodel.MAKELAAR


def caseload(casussen: Sequence[OpenCasus]) -> tuple[dict[str, int], dict[str, int]]:
    """Open casussen per procesregisseur (who opened them) and per casusregisseur (with org)."""
    pr = Counter(c.geopend_door for c in casussen)
    cr = Counter(
        f"{c.casusregisseur} ({c.casusregisseur_org})" if c.casusregisseur_org else c.casusregisseur
        for c in casussen
        if c.casusregisseur
    )
    return dict(pr.most_common()), dict(cr.most_common())


def dagen(van: datetime, tot: datetime) -> int:
    """Whole days elapsed (rounded down), as the repository counts them."""
    return max(0, int((tot - van).total_seconds() // 86400))


def responstijden(
    uitnodigingen: Iterable[tuple[str, datetime, datetime | None]],
    terugkoppeltijden: dict[str, dict[int, int]],
) -> list[Responstijden]:
    """Median and p90 per partner; unanswered invitations are not counted (they have no time)."""
    per_partner: dict[str, Counter[int]] = defaultdict(Counter)
    for partner, uitgenodigd, beantwoord in uitnodigingen:
        if beantwoord is not None:
            per_partner[partner][dagen(uitgenodigd, beantwoord)] += 1
        else:
            per_partner.setdefault(partner, Counter())
    partners = sorted(set(per_partner) | set(terugkoppeltijden))
    return [
        Responstijden(
            partner=p,
            uitnodiging=verdeling(per_partner.get(p, {})),
            terugkoppeling=verdeling(terugkoppeltijden.get(p, {})),
        )
        for p in partners
    ]


@dataclass(frozen=True)
class BekendBijTriage:
    """Meldingen awaiting triage, and how many are about a person already in an earlier or
    running casus; both None when intake cannot say."""

    bekend: int | None
    te_trieren: int | None


async def _uit_intake(intake: IntakePort, *, token: str) -> BekendBijTriage:
    try:
        meldingen = await intake.te_trieren(token=token)
    except IntakeFout:
        return BekendBijTriage(None, None)
    return BekendBijTriage(sum(1 for m in meldingen if m.get("bekend") is True), len(meldingen))


async def bekend_bij_triage(
    *, actor: Actor, pdp: PolicyDecisionPoint, intake: IntakePort
) -> BekendBijTriage:
    """The dashboard's "al bekend" count from intake's queue (intake says it per melding, no
    content), after the same PDP allow as the dashboard. Its own request: intake's answer (its
    own PDP question first) need not hold up the rest of the page."""
    besluit = asyncio.ensure_future(check(dashboard_request(actor), actor=actor, pdp=pdp))
    telling = asyncio.ensure_future(_uit_intake(intake, token=actor.token or ""))
    try:
        await besluit
    except BaseException:
        telling.cancel()
        raise
    return await telling


async def dashboard(
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    pdp: PolicyDecisionPoint,
    clock: Clock,
    termijnen: Termijnen,
    kalender: Kalender,
) -> Dashboard:
    """Everything on the page but the "al bekend" count (``bekend_bij_triage``), after the
    PDP's allow (ToegangGeweigerd otherwise)."""
    # The PDP's answer and the counting run at the same time (like the casus page): nothing is
    # shown, and the rest is cancelled, unless it allows.
    besluit = asyncio.ensure_future(check(dashboard_request(actor), actor=actor, pdp=pdp))
    try:
        return await _samenstellen(
            besluit,
            actor=actor,
            uow=uow,
            clock=clock,
            termijnen=termijnen,
            kalender=kalender,
        )
    finally:
        besluit.cancel()


async def _samenstellen(
    besluit: asyncio.Future[None],
    *,
    actor: Actor,
    uow: UnitOfWorkFactory,
    clock: Clock,
    termijnen: Termijnen,
    kalender: Kalender,
) -> Dashboard:
    nu = clock.now()
    vandaag = nl_vandaag(nu)
    grens = oranje_tot(vandaag, kalender)
    _, zondag = week_van(vandaag)

    async def lees(vraag: Callable[[DashboardRepository], Awaitable[T]]) -> T:
        async with uow() as tx:
            return await vraag(tx.dashboard)

    # Each query on a connection of its own, so the database counts while Python works out
    # the termijnen of the open casussen.
    per_partner_taak = asyncio.ensure_future(
        lees(lambda d: d.acties_per_partner(vandaag=vandaag, oranje_tot=grens, zondag=zondag))
    )
    rest_taak = asyncio.ensure_future(lees(lambda d: _rest(d, grens=grens, sinds=nu - VENSTER)))
    taken: list[asyncio.Future[Any]] = [per_partner_taak, rest_taak]
    try:
        casussen = await lees(lambda d: d.open_casussen())
        async with uow() as tx:
            ids = [c.casus_id for c in casussen]
            registraties = await tx.casussen.termijnregistraties(ids)
            veiligheid = await tx.veiligheidssignalen.voor_casussen(ids)
        signalen_termijn = termijnen_overzicht(
            casussen,
            vandaag=vandaag,
            termijnen=termijnen,
            kalender=kalender,
            behaald=behaalde_codes(registraties, termijnen),
        ) + herbeoordelingen(veiligheid, vandaag=vandaag)
        signalen_termijn.sort(key=lambda s: (s.uiterlijk, s.casus_id.int, s.code))
        per_partner = await per_partner_taak
        signalen, terug, uitnodigingen = await rest_taak
        await besluit  # ToegangGeweigerd here, before anything is used
    except BaseException:
        for taak in taken:
            taak.cancel()
        raise
    pr, cr = caseload(casussen)
    verlopen = sum(1 for t in signalen_termijn if t.verlopen)
    return Dashboard(
        vandaag=vandaag,
        mijn_per_fase=per_fase(c for c in casussen if c.geopend_door == actor.user_id),
        termijnen=signalen_termijn[:TERMIJNEN_LIMIET],
        termijnen_verlopen=verlopen,
        termijnen_deze_week=len(signalen_termijn) - verlopen,
        acties_verlopen=sum(p.rood for p in per_partner),
        acties_deze_week=sum(p.deze_week for p in per_partner),
        acties_per_partner=per_partner,
        aandacht=[_regel(s, vandaag=vandaag, kalender=kalender) for s in signalen],
        responstijden=responstijden(
            ((u.partner, u.uitgenodigd_op, u.beantwoord_op) for u in uitnodigingen), terug
        ),
        caseload_procesregisseur=pr,
        caseload_casusregisseur=cr,
    )


async def _rest(
    d: DashboardRepository, *, grens: date, sinds: datetime
) -> tuple[list[ActieSignaal], dict[str, dict[int, int]], list[Uitnodiging]]:
    """The small queries, one after the other on one connection."""
    signalen = await d.aandachtsacties(tot_en_met=grens, limiet=AANDACHT_LIMIET)
    terug = await d.terugkoppeltijden(sinds=sinds)
    return signalen, terug, await d.uitnodigingen(sinds=sinds)


def _regel(s: ActieSignaal, *, vandaag: date, kalender: Kalender) -> ActieRegel:
    return ActieRegel(
        actie_id=s.actie_id,
        casus_id=s.casus_id,
        wie=s.wie,
        wanneer=s.wanneer,
        status=s.status,
        rag=rag(s.wanneer, vandaag=vandaag, kalender=kalender),
    )

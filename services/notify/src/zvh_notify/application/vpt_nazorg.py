"""Notify's part of the meldpunt agressie en geweld: tell the leidinggevende, watch the nazorg
termijnen, call in the piket (``domain/vpt_nazorg.py`` says what and when).

On ``VptIncidentGeregistreerd``, in the consumer's transaction:

- the leidinggevende named in the report (else the organisation's users with role
  ``leidinggevende`` in the region; else the organisation's own address) gets an e-mail and a
  personal postvak signal, and the organisation gets ``zvh.partner.vpt-incident.gemeld-bij-zvh.v1``
  on its from-zvh topic;
- the three nazorg contacts are planned as timers (herinnering, verlopen) for each leidinggevende
  and for the assigned casemanager;
- an urgent incident: the piket on the organisation's rota now gets an e-mail and a postvak
  signal; with nobody on the rota the organisation's address gets an e-mail that says so.

``VptNazorgGeregistreerd`` ends that contact's timers; ``VptDossierAfgesloten`` (overleg) all of
the incident's. Every id derives from the incident (not the incoming ``ce_id``), so the same
incident registered again, or replayed under another id, tells nobody twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zvh_contracts.base import Event
from zvh_contracts.envelope import derived_id
from zvh_contracts.intake import vpt_v1 as vpt
from zvh_contracts.overleg import vpt_v1 as overleg_vpt
from zvh_contracts.partner.termijn_v1 import TermijnHerinnering
from zvh_contracts.partner.vpt_nazorg_v1 import VptIncidentGemeldBijZvh, VptSignaal
from zvh_contracts.triage import ZVH
from zvh_contracts.vocab import Termijnsignaal
from zvh_platform.kalender import Kalender
from zvh_platform.termijnen import nl_dag

from zvh_notify.application.bericht import Bericht, MailBouwer, Omgeving, tekstmail
from zvh_notify.application.bezorgen import bezorg
from zvh_notify.application.ports import UnitOfWork
from zvh_notify.domain import vpt_nazorg as teksten
from zvh_notify.domain.model import Bezorging
from zvh_notify.domain.termijnbewaking import Timer, Timerstatus, persoonlijk, plan
from zvh_notify.domain.vpt_nazorg import GEMELD, LEIDINGGEVENDE, PIKET, incident, nazorg_termijn

BEWAAKT: tuple[type[Event], ...] = (
    vpt.VptIncidentGeregistreerd,
    vpt.VptNazorgGeregistreerd,
    overleg_vpt.VptDossierAfgesloten,
)
TYPES = frozenset(t.event_type for t in BEWAAKT)


@dataclass(frozen=True)
class Persoon:
    """Who a personal signal is for: a user (or nobody: the organisation itself) of ``org``."""

    org: str
    gebruiker: str | None
    naam: str | None
    adres: str | None


def link(omgeving: Omgeving) -> str:
    """Where the leidinggevende and the casemanager read the incident (the VPT list)."""
    return f"{omgeving.ui_url}/vpt"


async def bij_event(
    event: Event, *, uow: UnitOfWork, omgeving: Omgeving, kalender: Kalender
) -> list[Bezorging]:
    """Tell, plan or end what this event concerns; returns the bezorgingen it created."""
    if isinstance(event, vpt.VptIncidentGeregistreerd):
        return await _geregistreerd(event, uow, omgeving, kalender)
    if isinstance(event, vpt.VptNazorgGeregistreerd):
        await uow.timers.laat_vervallen(
            melding_id=event.incident_id, termijn=nazorg_termijn(event.contact)
        )
    elif isinstance(event, overleg_vpt.VptDossierAfgesloten):
        await uow.timers.laat_vervallen(melding_id=event.incident_id)
    return []


def leidinggevenden(event: vpt.VptIncidentGeregistreerd, omgeving: Omgeving) -> list[Persoon]:
    """The report's leidinggevende; else the organisation's leidinggevenden in the region; else
    nobody (the organisation's own address is told)."""
    partners = omgeving.partners
    if event.leidinggevende:
        info = partners.gebruiker(event.leidinggevende)
        if info is not None and info.org == event.organisatie:
            return [Persoon(event.organisatie, info.id, info.naam, info.email)]
        # Not in the region file (sign-in does not need it): personal postvak, the org's e-mail.
        return [Persoon(event.organisatie, event.leidinggevende, None, None)]
    return [
        Persoon(event.organisatie, u.id, u.naam, u.email)
        for u in partners.met_rol(event.organisatie, LEIDINGGEVENDE)
    ]


def casemanager(event: vpt.VptIncidentGeregistreerd, omgeving: Omgeving) -> Persoon:
    info = omgeving.partners.gebruiker(event.casemanager)
    if info is None:
        return Persoon(ZVH, event.casemanager, None, None)
    return Persoon(info.org, info.id, info.naam, info.email)


async def _geregistreerd(
    event: vpt.VptIncidentGeregistreerd, uow: UnitOfWork, omgeving: Omgeving, kalender: Kalender
) -> list[Bezorging]:
    bron = derived_id("notify-vpt", event.incident_id)
    naar = link(omgeving)
    eerste = min((n.uiterlijk for n in event.nazorg if n.contact == "eerste"), default=None)
    partner_event = VptIncidentGemeldBijZvh(
        incident_id=event.incident_id,
        signaal=VptSignaal.URGENT if event.urgent else VptSignaal.GEMELD,
        uiterlijk=eerste,
    )
    berichten = [
        Bericht(
            ontvanger=event.organisatie,
            event=partner_event,
            mail=tekstmail(lambda org: ("", "")),
            alleen_topic=True,
        )
    ]
    lgs = leidinggevenden(event, omgeving)
    cm = casemanager(event, omgeving)
    signalen: list[Timer] = []
    for p in lgs or [Persoon(event.organisatie, None, None, None)]:
        berichten.append(
            Bericht(
                ontvanger=p.org,
                event=partner_event,
                mail=_gemeld(p, eerste, naar),
                variant=f"{GEMELD}:{p.gebruiker or ''}",
                alleen_email=True,
                adres=p.adres,
            )
        )
        signalen.append(_signaal(GEMELD, event, p, eerste, omgeving))
    if event.urgent:
        piket = omgeving.partners.piket(event.organisatie, omgeving.nu)
        if piket is not None:
            p = Persoon(event.organisatie, piket.gebruiker, piket.naam, piket.email)
            mail = _piket(p, naar)
            signalen.append(_signaal(PIKET, event, p, eerste, omgeving))
        else:
            mail = tekstmail(lambda org: teksten.geen_piket_mail(organisatie=org, link=naar))
        berichten.append(
            Bericht(
                ontvanger=event.organisatie,
                event=partner_event,
                mail=mail,
                variant=PIKET,
                alleen_email=True,
                adres=piket.email if piket is not None else None,
            )
        )
    created: list[Bezorging] = []
    for bericht in berichten:
        created += await bezorg(
            uow=uow, bron=bron, event=partner_event, bericht=bericht, omgeving=omgeving
        )
    await uow.timers.plan(signalen)
    for n in event.nazorg:
        for p in [*(lgs or [Persoon(event.organisatie, None, None, None)]), cm]:
            await uow.timers.plan(
                plan(
                    incident(nazorg_termijn(n.contact), event.incident_id),
                    ontvanger=p.org,
                    uiterlijk=n.uiterlijk,
                    nu=omgeving.nu,
                    kalender=kalender,
                    late_herinnering=False,
                    gebruiker=p.gebruiker,
                    casemanager=event.casemanager,
                )
            )
    return created


def _gemeld(p: Persoon, uiterlijk: date | None, naar: str) -> MailBouwer:
    return tekstmail(
        lambda org: teksten.gemeld_mail(
            naam=p.naam, organisatie=org, uiterlijk=uiterlijk, link=naar
        )
    )


def _piket(p: Persoon, naar: str) -> MailBouwer:
    return tekstmail(lambda org: teksten.piket_mail(naam=p.naam, organisatie=org, link=naar))


def _signaal(
    termijn: str,
    event: vpt.VptIncidentGeregistreerd,
    p: Persoon,
    uiterlijk: date | None,
    omgeving: Omgeving,
) -> Timer:
    """An immediate personal postvak signal, stored as sent (it was, in this transaction)."""
    timer = Timer(
        id=event.incident_id,
        soort=Termijnsignaal.HERINNERING,
        termijn=termijn,
        casus_id=None,
        actie_id=None,
        melding_id=event.incident_id,
        ontvanger=p.org,
        uiterlijk=uiterlijk or nl_dag(event.gemeld_op),
        vuur_op=omgeving.nu,
        status=Timerstatus.VERSTUURD,
        verstuurd_op=omgeving.nu,
    )
    return persoonlijk(
        timer, event.incident_id, gebruiker=p.gebruiker, casemanager=event.casemanager
    )


def signaal(timer: Timer, omgeving: Omgeving) -> Bericht:
    """The e-mail one fired nazorg timer is for its user (or the organisation): no topic event,
    the postvak shows the timer itself."""
    info = omgeving.partners.gebruiker(timer.gebruiker) if timer.gebruiker else None
    naam = info.naam if info is not None else None
    event = TermijnHerinnering(
        soort=timer.soort,
        termijn=timer.termijn,
        uiterlijk=timer.uiterlijk,
        gesignaleerd_op=omgeving.nu,
    )
    naar = link(omgeving)
    return Bericht(
        ontvanger=timer.ontvanger,
        event=event,
        mail=tekstmail(
            lambda org: teksten.nazorg_mail(
                naam=naam,
                organisatie=org,
                termijn=timer.termijn,
                verlopen=timer.soort is Termijnsignaal.VERLOPEN,
                uiterlijk=timer.uiterlijk,
                link=naar,
            )
        ),
        variant=timer.gebruiker,
        alleen_email=True,
        adres=info.email if info is not None else None,
    )

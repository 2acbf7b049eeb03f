"""Meldpunt agressie en geweld (VPT): register an incident, answer the reporter, tell the chain.

One use case for both ways in: a partner system's ``zvh.partner.vpt-incident.gemeld.v1`` on its
to-zvh topic (``MeldingIntake`` hands it here) and a user's report through the API. Both store
the report with the employer as eigenaar, pseudonymise the client's BSN with the keyed pseudonym
(never stored in clear), assign the VPT casemanager with the fewest open incidents, compute the
three nazorg termijnen on the region's werkdagkalender and queue
``zvh.intake.vpt-incident.geregistreerd.v1`` (ids only) in the same transaction.

Reads and the nazorg registration are PDP questions (resource ``vpt-incident``, vpt.rego).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from zvh_contracts import topics
from zvh_contracts.envelope import derived_id
from zvh_contracts.intake import vpt_v1 as intake_vpt
from zvh_contracts.partner import vpt_incident_v1 as partner_vpt
from zvh_contracts.pdp import Context, Decision, DecisionRequest, Resource, Subject
from zvh_platform.kalender import NEDERLAND, Kalender
from zvh_platform.termijnen import TIJDZONE, nl_dag

from zvh_intake.application.pep import beslissing, beslissingen, noteer
from zvh_intake.application.ports import Clock, PolicyDecisionPoint, UnitOfWork, UnitOfWorkFactory
from zvh_intake.domain.afwijzing import Reden
from zvh_intake.domain.errors import ActieGeweigerd, InzageGeweigerd
from zvh_intake.domain.pseudoniem import pseudoniem
from zvh_intake.domain.vpt import (
    IncidentNietGevonden,
    NazorgContact,
    ReferentieInGebruik,
    VptIncident,
    VptMelding,
    VptOngeldig,
    VptOverzicht,
    controleer,
    kies_casemanager,
    nazorg_termijnen,
    overzicht,
)

VPT_INCIDENT = "vpt-incident"
VPT_OVERZICHT = "vpt-overzicht"
DOEL_MELDEN = "meldpunt"
DOEL_NAZORG = "vpt-nazorg"
DOEL_VERANTWOORDING = "verantwoording"
SOORTEN = tuple(s.value for s in partner_vpt.VptIncidentSoort)


def verzoek(
    incident: VptIncident, *, subject: Subject, action: str, doel: str = DOEL_NAZORG
) -> DecisionRequest:
    """The PDP question about one incident (its eigenaar, melder and casemanager)."""
    return DecisionRequest(
        subject=subject,
        action=action,
        resource=Resource(
            type=VPT_INCIDENT,
            item=str(incident.id),
            eigenaar=incident.organisatie,
            melder=incident.melder,
            casemanager=incident.casemanager,
        ),
        context=Context(doel=doel),
    )


def melding_uit_event(event: partner_vpt.VptIncidentGemeld) -> VptMelding:
    return VptMelding(
        gebeurd_op=event.gebeurd_op,
        plaats=event.plaats,
        soorten=tuple(s.value for s in event.soorten),
        politie_ter_plaatse=event.politie_ter_plaatse,
        impact=event.impact,
        medewerker=event.medewerker,
        toelichting=event.toelichting,
        leidinggevende=event.leidinggevende,
        urgent=event.urgent,
        casus_id=event.casus_id,
        referentie=event.referentie,
    )


def geregistreerd_event(incident: VptIncident) -> intake_vpt.VptIncidentGeregistreerd:
    """The chain's view: ids, codes, dates and a pseudonym, no content."""
    return intake_vpt.VptIncidentGeregistreerd(
        incident_id=incident.id,
        organisatie=incident.organisatie,
        gemeld_op=incident.gemeld_op,
        urgent=incident.urgent,
        melder=incident.melder,
        leidinggevende=incident.leidinggevende,
        casemanager=incident.casemanager,
        casus_id=incident.casus_id,
        client_pseudoniem=incident.client_pseudoniem,
        nazorg=[
            intake_vpt.VptNazorgTermijn(
                contact=intake_vpt.VptNazorgContact(n.contact.value), uiterlijk=n.uiterlijk
            )
            for n in incident.nazorg
        ],
    )


@dataclass(frozen=True)
class Registratie:
    """The outcome of registering: the incident, and whether it existed already (a replay)."""

    incident: VptIncident
    bestaand: bool


class VptMeldpunt:
    """The meldpunt use cases (API and consumer)."""

    def __init__(
        self,
        *,
        uow_factory: UnitOfWorkFactory,
        pseudonym_key: bytes,
        casemanagers: Sequence[str],
        clock: Clock,
        kalender: Kalender = NEDERLAND,
    ) -> None:
        self._uow_factory = uow_factory
        self._key = pseudonym_key
        #: The region's users with role vpt-casemanager, in region file order.
        self._casemanagers = tuple(casemanagers)
        self._clock = clock
        self._kalender = kalender

    async def registreer_in(
        self,
        uow: UnitOfWork,
        melding: VptMelding,
        *,
        organisatie: str,
        melder: str | None,
        client_bsn: str | None = None,
    ) -> Registratie:
        """Register in the caller's transaction (the caller commits); the same organisation +
        referentie again gives the stored incident (idempotent on replays)."""
        nu = self._clock.now()
        controleer(melding, nu=nu)
        if melding.referentie is not None:
            bestaand = await uow.vpt.find_by_referentie(
                organisatie=organisatie, referentie=melding.referentie
            )
            if bestaand is not None:
                return Registratie(bestaand, bestaand=True)
        casemanager = kies_casemanager(self._casemanagers, await uow.vpt.open_per_casemanager())
        client = None
        if client_bsn:
            client = pseudoniem(
                key=self._key, bsn=client_bsn, voornaam="", achternaam="", geboortedatum=None
            )
        incident = VptIncident(
            id=uuid.uuid4(),
            organisatie=organisatie,
            gemeld_op=nu,
            gebeurd_op=melding.gebeurd_op,
            soorten=tuple(dict.fromkeys(melding.soorten)),
            politie_ter_plaatse=melding.politie_ter_plaatse,
            impact=melding.impact,
            urgent=melding.urgent,
            casemanager=casemanager,
            inhoud={
                "plaats": melding.plaats,
                "toelichting": melding.toelichting,
                "medewerker": melding.medewerker,
            },
            nazorg=nazorg_termijnen(nu, self._kalender),
            referentie=melding.referentie,
            melder=melder,
            leidinggevende=melding.leidinggevende,
            casus_id=melding.casus_id,
            client_pseudoniem=client,
        )
        await uow.vpt.add(incident)
        await uow.publish(
            geregistreerd_event(incident),
            topic=topics.INTAKE_MELDING,
            event_id=derived_id("vpt-geregistreerd", incident.id),
        )
        return Registratie(incident, bestaand=False)

    async def meld(
        self,
        melding: VptMelding,
        *,
        subject: Subject,
        token: str | None,
        pdp: PolicyDecisionPoint,
        client_bsn: str | None = None,
    ) -> Registratie:
        """A user reports for the own organisation (the PDP decides: write, doel meldpunt)."""
        vraag = DecisionRequest(
            subject=subject,
            action="write",
            resource=Resource(type=VPT_INCIDENT, eigenaar=subject.org, melder=subject.user),
            context=Context(doel=DOEL_MELDEN),
        )
        await beslissing(vraag, token=token, pdp=pdp, fout=ActieGeweigerd)
        async with self._uow_factory() as uow:
            registratie = await self.registreer_in(
                uow, melding, organisatie=subject.org, melder=subject.user, client_bsn=client_bsn
            )
            await uow.commit()
        if registratie.bestaand:
            # A retry shows the stored incident only to who may read it (the same user, the
            # leidinggevende); a colleague who reuses a referentie learns nothing of it.
            try:
                await beslissing(
                    verzoek(registratie.incident, subject=subject, action="read"),
                    token=token,
                    pdp=pdp,
                    fout=InzageGeweigerd,
                )
            except InzageGeweigerd as exc:
                raise ReferentieInGebruik(
                    "deze referentie is al gebruikt voor een andere melding"
                ) from exc
        return registratie

    async def lees(
        self,
        incident_id: uuid.UUID,
        *,
        subject: Subject,
        token: str | None,
        pdp: PolicyDecisionPoint,
    ) -> VptIncident:
        """One incident with its content, when the PDP allows this user to read it."""
        async with self._uow_factory() as uow:
            incident = await uow.vpt.get(incident_id)
        if incident is None:
            raise IncidentNietGevonden("incident niet gevonden")
        await beslissing(
            verzoek(incident, subject=subject, action="read"),
            token=token,
            pdp=pdp,
            fout=InzageGeweigerd,
        )
        return incident

    async def lijst(
        self, *, subject: Subject, token: str | None, pdp: PolicyDecisionPoint
    ) -> list[VptIncident]:
        """The incidents this user may read, newest first (one PDP decision each, one trip)."""
        async with self._uow_factory() as uow:
            kandidaten = await uow.vpt.voor(organisatie=subject.org, user=subject.user)
        vragen = [verzoek(i, subject=subject, action="list") for i in kandidaten]
        besluiten = await beslissingen(vragen, token=token, pdp=pdp)
        zichtbaar = []
        for incident, vraag, besluit in zip(kandidaten, vragen, besluiten, strict=True):
            if _toegestaan(besluit):
                noteer(vraag, besluit)
                zichtbaar.append(incident)
        return zichtbaar

    async def nazorg_gedaan(
        self,
        incident_id: uuid.UUID,
        contact: NazorgContact,
        *,
        op: date,
        subject: Subject,
        token: str | None,
        pdp: PolicyDecisionPoint,
    ) -> VptIncident:
        """Register a nazorg contact as done (leidinggevende or assigned casemanager: PDP).

        Registering a contact that is done already changes nothing and tells nobody again.
        """
        if op > nl_dag(self._clock.now()):
            raise VptOngeldig([Reden(veld="op", melding="ligt in de toekomst")])
        async with self._uow_factory() as uow:
            incident = await uow.vpt.get(incident_id)
            if incident is None:
                raise IncidentNietGevonden("incident niet gevonden")
            await beslissing(
                verzoek(incident, subject=subject, action="write"),
                token=token,
                pdp=pdp,
                fout=ActieGeweigerd,
            )
            if incident.nazorg_van(contact).gedaan:
                return incident
            bijgewerkt = incident.met_nazorg(contact, op=op, door=subject.user)
            await uow.vpt.save_nazorg(bijgewerkt, contact)
            await uow.publish(
                intake_vpt.VptNazorgGeregistreerd(
                    incident_id=incident.id,
                    organisatie=incident.organisatie,
                    contact=intake_vpt.VptNazorgContact(contact.value),
                    op=op,
                    door=subject.user,
                ),
                topic=topics.INTAKE_MELDING,
                event_id=derived_id("vpt-nazorg", incident.id, contact.value),
            )
            await uow.commit()
        return bijgewerkt

    async def overzicht(
        self,
        *,
        jaar: int,
        organisatie: str,
        subject: Subject,
        token: str | None,
        pdp: PolicyDecisionPoint,
    ) -> VptOverzicht:
        """The yearly counts of one organisation (no ids, no content), after the PDP allowed."""
        vraag = DecisionRequest(
            subject=subject,
            action="read",
            resource=Resource(type=VPT_OVERZICHT, organisatie=organisatie),
            context=Context(doel=DOEL_VERANTWOORDING),
        )
        await beslissing(vraag, token=token, pdp=pdp, fout=InzageGeweigerd)
        van = datetime.combine(date(jaar, 1, 1), time(), tzinfo=TIJDZONE)
        tot = datetime.combine(date(jaar + 1, 1, 1), time(), tzinfo=TIJDZONE)
        async with self._uow_factory() as uow:
            incidenten = await uow.vpt.gemeld_tussen(organisatie=organisatie, van=van, tot=tot)
        return overzicht(incidenten, jaar=jaar, organisatie=organisatie, soorten=SOORTEN)


def _toegestaan(besluit: Decision) -> bool:
    return besluit.allow is True and set(besluit.obligations) <= {"log-inzage"}


__all__ = [
    "DOEL_NAZORG",
    "Registratie",
    "VptMeldpunt",
    "geregistreerd_event",
    "melding_uit_event",
    "verzoek",
]

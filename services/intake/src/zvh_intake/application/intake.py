"""Receiving partner messages: validate, store the melding, answer the melder, tell the chain.

The melder is always the partner whose topic carried the message, never a payload field
(docs/architecture.md rule 3). Invalid input is answered with a rejection and kept as it arrived.
"""

from __future__ import annotations

import enum
import json
import uuid
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import TypeAdapter, ValidationError
from zvh_contracts import topics
from zvh_contracts.base import Referentie
from zvh_contracts.envelope import Envelope, derived_id, partner_message_id, readable_ce_id
from zvh_contracts.intake import melding_v1 as intake_events
from zvh_contracts.partner import aanhouding_v1 as partner_aanhouding
from zvh_contracts.partner import melding_v1 as partner_melding
from zvh_contracts.partner import vpt_incident_v1 as partner_vpt
from zvh_contracts.registry import EVENTS, partner_type_owner
from zvh_platform.kalender import NEDERLAND, Kalender
from zvh_platform.termijnen import Termijnen

from zvh_intake.application.ports import Clock, UnitOfWork, UnitOfWorkFactory
from zvh_intake.application.vpt import VptMeldpunt, melding_uit_event
from zvh_intake.domain.aanhouding import (
    Aanhouding,
    Aanhoudingslijst,
    is_politie,
    lijst_uuid,
    regel_id,
)
from zvh_intake.domain.afwijzing import TE_DIEP_GENEST, Reden, bewaarde_kopie, uit_validatiefouten
from zvh_intake.domain.informatie import items_voor
from zvh_intake.domain.model import Melding
from zvh_intake.domain.onverwerkbaar import OnverwerkbaarBericht
from zvh_intake.domain.pseudoniem import pseudoniem
from zvh_intake.domain.termijnen import triage_uiterlijk_voor
from zvh_intake.domain.vpt import GeenCasemanager, VptOngeldig

SOURCE = "zvh-intake"
CONSUMER = "zvh-intake"

#: ``zvh_contracts.registry.PARTNER_TYPE_OWNERS`` names this service for the types it answers.
OWNER = "intake"
#: The size limit when none is configured (``ZVH_KAFKA_MAX_MESSAGE_BYTES``).
MAX_BYTES = topics.MAX_MESSAGE_BYTES

_referentie = TypeAdapter(Referentie)


@dataclass(frozen=True)
class PartnerBericht:
    """One message from a partner topic, as the consumer received it."""

    topic: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    envelope: Envelope | None = None
    envelope_error: str | None = None
    partition: int | None = None
    offset: int | None = None
    duplicate_headers: tuple[str, ...] = ()


class Verwerking(enum.StrEnum):
    """What intake did with a message."""

    ONTVANGEN = "ontvangen"  # a new melding was stored
    BESTAAND = "bestaand"  # same melder + referentie as an earlier melding: same id answered
    AFGEWEZEN = "afgewezen"  # rejected with reasons, raw message kept
    DUBBEL = "dubbel"  # this ce_id was handled before
    GENEGEERD = "genegeerd"  # a partner event another service owns
    AANHOUDINGEN = "aanhoudingen"  # a police list of arrests was stored (or added to)
    VPT_INCIDENT = "vpt-incident"  # an incident for the meldpunt was registered (or replayed)


@dataclass(frozen=True)
class Resultaat:
    """The outcome of handling one message."""

    verwerking: Verwerking
    melding_id: uuid.UUID | None = None
    redenen: tuple[Reden, ...] = ()


class Afgewezen(Exception):
    """Internal signal: the message is rejected for these reasons."""

    def __init__(self, redenen: list[Reden]) -> None:
        super().__init__("afgewezen")
        self.redenen = redenen


class MeldingIntake:
    """The use case behind the partner consumer."""

    def __init__(
        self,
        *,
        uow_factory: UnitOfWorkFactory,
        pseudonym_key: bytes,
        partners: frozenset[str],
        clock: Clock,
        max_bytes: int = MAX_BYTES,
        termijnen: Termijnen | None = None,
        kalender: Kalender = NEDERLAND,
        vpt: VptMeldpunt | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        #: The meldpunt agressie en geweld (None: such reports are rejected).
        self._vpt = vpt
        self._key = pseudonym_key
        self._partners = partners
        self._clock = clock
        self._max_bytes = max_bytes
        #: The region's triage termijnen and werkdag calendar (defaults: the seeds, NL).
        self._termijnen = termijnen or Termijnen()
        self._kalender = kalender

    async def verwerk(self, bericht: PartnerBericht) -> Resultaat:
        """Handle one message; idempotent per melder + ``ce_id`` (or per offset without one)."""
        if _niet_van_ons(bericht):
            return Resultaat(Verwerking.GENEGEERD)
        async with self._uow_factory() as uow:
            resultaat = await self._verwerk_in(uow, bericht)
            if resultaat.verwerking is not Verwerking.DUBBEL:
                await uow.commit()
            return resultaat

    @asynccontextmanager
    async def batch(self) -> AsyncIterator[Batch]:
        """Many messages in one transaction, committed when the block ends without an error.

        Each message runs in its own savepoint: one that raises is rolled back alone (the caller
        keeps it as a dead letter) and the others still commit.
        """
        async with self._uow_factory() as uow:
            yield Batch(self, uow)
            await uow.commit()

    async def _verwerk_in(self, uow: UnitOfWork, bericht: PartnerBericht) -> Resultaat:
        """The work of ``verwerk`` in the caller's transaction (the caller commits)."""
        envelope = bericht.envelope
        melder = topics.partner_of(bericht.topic)
        dedupe_id = _dedupe_id(bericht, melder=melder)
        if dedupe_id is not None and await uow.seen_before(dedupe_id):
            return Resultaat(Verwerking.DUBBEL)
        if envelope is not None and envelope.type == AANHOUDINGEN_TYPE:
            return await self._neem_lijst_in(uow, bericht, melder=melder)
        if envelope is not None and envelope.type == VPT_TYPE and dedupe_id is not None:
            return await self._neem_vpt_in(uow, bericht, melder=melder, dedupe_id=dedupe_id)
        try:
            melding = self._lees(bericht, melder=melder)
        except Afgewezen as afwijzing:
            await self._wijs_af(uow, bericht=bericht, melder=melder, redenen=afwijzing.redenen)
            return Resultaat(Verwerking.AFGEWEZEN, redenen=tuple(afwijzing.redenen))
        assert envelope is not None and dedupe_id is not None  # _lees guarantees both
        bestaand = await uow.meldingen.find_by_referentie(
            eigenaar=melding.eigenaar, melder_referentie=melding.melder_referentie
        )
        if bestaand is not None:
            await self._bevestig(uow, melding=bestaand, envelope=envelope, dedupe_id=dedupe_id)
            return Resultaat(Verwerking.BESTAAND, melding_id=bestaand.id)
        await uow.meldingen.add(melding)
        await self._bevestig(uow, melding=melding, envelope=envelope, dedupe_id=dedupe_id)
        await uow.publish(
            intake_event(melding),
            topic=topics.INTAKE_MELDING,
            event_id=derived_id("intake-ontvangen", melding.id),
        )
        return Resultaat(Verwerking.ONTVANGEN, melding_id=melding.id)

    async def _neem_lijst_in(
        self, uow: UnitOfWork, bericht: PartnerBericht, *, melder: str | None
    ) -> Resultaat:
        """Store a police list of arrests (Triage Aanhoudingen), or reject it with reasons.

        A resent list (same ``lijst_id``, another ``ce_id``) adds the arrests not on it yet; the
        ones already there keep their marks.
        """
        try:
            ingediend = self._lees_lijst(bericht, melder=melder)
        except Afgewezen as afwijzing:
            await self._wijs_af(uow, bericht=bericht, melder=melder, redenen=afwijzing.redenen)
            return Resultaat(Verwerking.AFGEWEZEN, redenen=tuple(afwijzing.redenen))
        assert melder is not None  # _lees_lijst guarantees it
        lijst = aanhoudingslijst(ingediend, politie=melder, ontvangen_op=self._clock.now())
        bestaand = await uow.aanhoudingen.lijst(lijst.id)
        if bestaand is None:
            await uow.aanhoudingen.add_lijst(lijst)
        else:
            await uow.aanhoudingen.add_aanhoudingen(bestaand.aangevuld(lijst.aanhoudingen))
        return Resultaat(Verwerking.AANHOUDINGEN)

    async def _neem_vpt_in(
        self, uow: UnitOfWork, bericht: PartnerBericht, *, melder: str | None, dedupe_id: uuid.UUID
    ) -> Resultaat:
        """Register a partner's report for the meldpunt and answer it (receipt or rejection).

        The same referentie again (another ``ce_id``) is answered with the same incident_id.
        """
        try:
            gemeld = self._lees_vpt(bericht, melder=melder)
            assert melder is not None and self._vpt is not None  # _lees_vpt guarantees both
            registratie = await self._vpt.registreer_in(
                uow,
                melding_uit_event(gemeld),
                organisatie=melder,
                melder=None,
                client_bsn=gemeld.client_bsn,
            )
        except VptOngeldig as exc:
            return await self._vpt_afgewezen(uow, bericht, melder=melder, redenen=exc.redenen)
        except GeenCasemanager:
            reden = Reden(veld="", melding="het meldpunt heeft nu geen VPT-casemanager")
            return await self._vpt_afgewezen(uow, bericht, melder=melder, redenen=[reden])
        except Afgewezen as afwijzing:
            return await self._vpt_afgewezen(uow, bericht, melder=melder, redenen=afwijzing.redenen)
        incident = registratie.incident
        assert bericht.envelope is not None
        await uow.publish(
            partner_vpt.VptIncidentOntvangen(
                status=partner_melding.OntvangstStatus.ONTVANGEN,
                in_antwoord_op=bericht.envelope.id,
                referentie=incident.referentie,
                incident_id=incident.id,
            ),
            topic=topics.partner_from_zvh(incident.organisatie),
            event_id=derived_id("vpt-ontvangst", dedupe_id),
        )
        return Resultaat(Verwerking.VPT_INCIDENT, melding_id=incident.id)

    async def _vpt_afgewezen(
        self, uow: UnitOfWork, bericht: PartnerBericht, *, melder: str | None, redenen: list[Reden]
    ) -> Resultaat:
        await self._wijs_af(uow, bericht=bericht, melder=melder, redenen=redenen)
        return Resultaat(Verwerking.AFGEWEZEN, redenen=tuple(redenen))

    def _lees_vpt(
        self, bericht: PartnerBericht, *, melder: str | None
    ) -> partner_vpt.VptIncidentGemeld:
        """The report in this message, or Afgewezen with readable (Dutch) reasons."""
        if melder is None or melder == "zvh" or melder not in self._partners:
            raise Afgewezen([Reden(veld="", melding="bericht op een onbekend partnertopic")])
        if self._vpt is None:
            raise Afgewezen([Reden(veld="ce_type", melding="het meldpunt is niet ingericht")])
        if len(bericht.body) > self._max_bytes:
            raise Afgewezen(
                [Reden(veld="", melding=f"het bericht is groter dan {self._max_bytes} bytes")]
            )
        try:
            return partner_vpt.VptIncidentGemeld.model_validate_json(bericht.body)
        except ValidationError as exc:
            raise Afgewezen(uit_validatiefouten(exc.errors(include_input=False))) from exc
        except RecursionError as exc:
            raise Afgewezen([TE_DIEP_GENEST]) from exc

    def _lees_lijst(
        self, bericht: PartnerBericht, *, melder: str | None
    ) -> partner_aanhouding.AanhoudingenIngediend:
        """The police list in this message, or Afgewezen with readable (Dutch) reasons."""
        if melder is None or melder == "zvh" or melder not in self._partners:
            raise Afgewezen([Reden(veld="", melding="bericht op een onbekend partnertopic")])
        if not is_politie(melder):
            raise Afgewezen(
                [
                    Reden(
                        veld="ce_type",
                        melding="alleen de politie levert een lijst met aanhoudingen aan",
                    )
                ]
            )
        if len(bericht.body) > self._max_bytes:
            raise Afgewezen(
                [Reden(veld="", melding=f"het bericht is groter dan {self._max_bytes} bytes")]
            )
        try:
            return partner_aanhouding.AanhoudingenIngediend.model_validate_json(bericht.body)
        except ValidationError as exc:
            raise Afgewezen(uit_validatiefouten(exc.errors(include_input=False))) from exc
        except RecursionError as exc:
            raise Afgewezen([TE_DIEP_GENEST]) from exc

    async def wijs_af_onverwacht(self, bericht: PartnerBericht) -> None:
        """Answer a message whose handling failed unexpectedly (it is kept as a dead letter).

        No inbox record: an operator's replay of the dead letter must still handle it.
        """
        envelope = bericht.envelope
        if envelope is not None and partner_type_owner(envelope.type) != OWNER:
            return
        melder = topics.partner_of(bericht.topic)
        if melder is None or melder not in self._partners:
            return
        reden = Reden(veld="", melding="het bericht kon niet worden verwerkt; de ZVH zoekt het uit")
        async with self._uow_factory() as uow:
            await uow.publish(
                self._afwijzing(bericht, redenen=[reden]),
                topic=topics.partner_from_zvh(melder),
                event_id=None,
            )
            await uow.commit()

    def _lees(self, bericht: PartnerBericht, *, melder: str | None) -> Melding:
        """The melding in this message, or Afgewezen with readable reasons."""
        if melder is None or melder == "zvh" or melder not in self._partners:
            raise Afgewezen([Reden(veld="", melding="bericht op een onbekend partnertopic")])
        if len(bericht.body) > self._max_bytes:
            raise Afgewezen(
                [Reden(veld="", melding=f"het bericht is groter dan {self._max_bytes} bytes")]
            )
        envelope = bericht.envelope
        if envelope is None:
            raise Afgewezen(
                [Reden(veld="", melding=f"ongeldige CloudEvents-envelop: {bericht.envelope_error}")]
            )
        if envelope.type != partner_melding.MeldingIngediend.event_type:
            tekst = "onbekend berichttype"
            if envelope.type in EVENTS:
                tekst = "dit berichttype neemt de ZVH niet aan"
            raise Afgewezen([Reden(veld="ce_type", melding=f"{tekst}: {envelope.type[:200]}")])
        try:
            ingediend = partner_melding.MeldingIngediend.model_validate_json(bericht.body)
        except ValidationError as exc:
            raise Afgewezen(uit_validatiefouten(exc.errors(include_input=False))) from exc
        except RecursionError as exc:
            raise Afgewezen([TE_DIEP_GENEST]) from exc
        onbekend = [
            Reden(veld=f"uit_te_nodigen_partners[{i}]", melding="is geen partner van dit ZVH")
            for i, code in enumerate(ingediend.uit_te_nodigen_partners)
            if code not in self._partners
        ]
        if onbekend:
            raise Afgewezen(onbekend)
        return self._nieuwe_melding(ingediend, melder=melder, bericht=bericht)

    def _nieuwe_melding(
        self, ingediend: partner_melding.MeldingIngediend, *, melder: str, bericht: PartnerBericht
    ) -> Melding:
        ontvangen_op = self._clock.now()
        per_betrokkene = [
            pseudoniem(
                key=self._key,
                bsn=b.bsn,
                voornaam=b.voornaam,
                achternaam=b.achternaam,
                geboortedatum=b.geboortedatum,
            )
            for b in ingediend.betrokkenen
        ]
        melding_id = uuid.uuid4()
        inhoud = ingediend.model_dump(
            mode="json",
            exclude={"melder_referentie", "categorie", "gevoeligheid", "grondslag", "gemeente"},
        )
        return Melding(
            id=melding_id,
            eigenaar=melder,
            melder_referentie=ingediend.melder_referentie,
            urgentie=ingediend.urgentie,
            leefgebieden=tuple(lg.value for lg in ingediend.leefgebieden),
            inhoud=inhoud,
            ontvangen_op=ontvangen_op,
            triage_uiterlijk=triage_uiterlijk_voor(
                urgentie=ingediend.urgentie,
                ontvangen_op=ontvangen_op,
                termijnen=self._termijnen,
                kalender=self._kalender,
            ),
            traceparent=bericht.headers.get("traceparent"),
            gemeente=ingediend.gemeente,
            pseudoniemen=tuple(dict.fromkeys(per_betrokkene)),
            items=items_voor(
                melding_id,
                eigenaar=melder,
                inhoud=inhoud,
                pseudoniemen=per_betrokkene,
                categorie=ingediend.categorie,
                gevoeligheid=ingediend.gevoeligheid,
                grondslag=ingediend.grondslag,
            ),
        )

    async def _bevestig(
        self, uow: UnitOfWork, *, melding: Melding, envelope: Envelope, dedupe_id: uuid.UUID
    ) -> None:
        """Queue the receipt for the melder (same ``ce_id`` for a replay of the same message)."""
        ontvangst = partner_melding.MeldingOntvangen(
            status=partner_melding.OntvangstStatus.ONTVANGEN,
            in_antwoord_op=envelope.id,
            melder_referentie=melding.melder_referentie,
            melding_id=melding.id,
        )
        await uow.publish(
            ontvangst,
            topic=topics.partner_from_zvh(melding.eigenaar),
            event_id=derived_id("ontvangst", dedupe_id),
        )

    async def _wijs_af(
        self,
        uow: UnitOfWork,
        *,
        bericht: PartnerBericht,
        melder: str | None,
        redenen: list[Reden],
    ) -> None:
        """Keep the raw message and, when the melder is known, answer it with the reasons."""
        kopie = _onverwerkbaar(
            bericht, melder=melder, redenen=redenen, nu=self._clock.now(), limit=self._max_bytes
        )
        await uow.onverwerkbaar.add(kopie)
        if melder is None or melder not in self._partners:
            return
        dedupe_id = _dedupe_id(bericht, melder=melder)
        await uow.publish(
            self._afwijzing(bericht, redenen=redenen),
            topic=topics.partner_from_zvh(melder),
            event_id=derived_id("afwijzing", dedupe_id) if dedupe_id else None,
        )

    def _afwijzing(
        self, bericht: PartnerBericht, *, redenen: list[Reden]
    ) -> partner_melding.MeldingOntvangen | partner_vpt.VptIncidentOntvangen:
        if bericht.envelope is not None and bericht.envelope.type == VPT_TYPE:
            return partner_vpt.VptIncidentOntvangen(
                status=partner_melding.OntvangstStatus.AFGEWEZEN,
                in_antwoord_op=readable_ce_id(bericht.envelope, bericht.headers),
                referentie=(
                    _referentie_uit(bericht.body, veld="referentie")
                    if len(bericht.body) <= self._max_bytes
                    else None
                ),
                redenen=[
                    partner_melding.Afwijzingsreden(veld=r.veld[:1000], melding=r.melding[:1000])
                    for r in redenen
                ],
            )
        referentie = None
        if len(bericht.body) <= self._max_bytes:
            referentie = _referentie_uit(bericht.body)
        return partner_melding.MeldingOntvangen(
            status=partner_melding.OntvangstStatus.AFGEWEZEN,
            in_antwoord_op=readable_ce_id(bericht.envelope, bericht.headers),
            melder_referentie=referentie,
            redenen=[
                partner_melding.Afwijzingsreden(veld=r.veld[:1000], melding=r.melding[:1000])
                for r in redenen
            ],
        )


class Batch:
    """Messages handled in one transaction of ``MeldingIntake.batch``."""

    def __init__(self, intake: MeldingIntake, uow: UnitOfWork) -> None:
        self._intake = intake
        self._uow = uow

    async def verwerk(self, bericht: PartnerBericht) -> Resultaat:
        """Handle one message in its own savepoint (an exception rolls back this message only)."""
        if _niet_van_ons(bericht):
            return Resultaat(Verwerking.GENEGEERD)
        async with self._uow.savepoint():
            return await self._intake._verwerk_in(self._uow, bericht)


AANHOUDINGEN_TYPE = partner_aanhouding.AanhoudingenIngediend.event_type
VPT_TYPE = partner_vpt.VptIncidentGemeld.event_type


def aanhoudingslijst(
    ingediend: partner_aanhouding.AanhoudingenIngediend, *, politie: str, ontvangen_op: datetime
) -> Aanhoudingslijst:
    """The stored list of a police message (ids derived, so a replay gives the same ones)."""
    lijst = lijst_uuid(politie, ingediend.lijst_id)
    return Aanhoudingslijst(
        id=lijst,
        politie=politie,
        lijst_id=ingediend.lijst_id,
        datum=ingediend.datum,
        ontvangen_op=ontvangen_op,
        aanhoudingen=tuple(
            Aanhouding(
                id=regel_id(politie, ingediend.lijst_id, a.aanhouding_id),
                lijst=lijst,
                aanhouding_id=a.aanhouding_id,
                persoon_pseudoniem=a.persoon_pseudoniem,
                feitcodes=tuple(a.feitcodes),
                tijdstip=a.tijdstip,
                gemeente=a.gemeente,
            )
            for a in ingediend.aanhoudingen
        ),
    )


def _niet_van_ons(bericht: PartnerBericht) -> bool:
    """A partner event another service answers (intake leaves it alone)."""
    envelope = bericht.envelope
    return envelope is not None and partner_type_owner(envelope.type) != OWNER


def _dedupe_id(bericht: PartnerBericht, *, melder: str | None) -> uuid.UUID | None:
    """The inbox key: melder + ``ce_id`` (a ``ce_id`` is unique per partner only), or the
    message's place in the log when there is no envelope."""
    if bericht.envelope is not None:
        return partner_message_id(melder or bericht.topic, bericht.envelope.id)
    if bericht.partition is not None and bericht.offset is not None:
        return derived_id("onverwerkbaar", bericht.topic, bericht.partition, bericht.offset)
    return None


def _referentie_uit(body: bytes, *, veld: str = "melder_referentie") -> str | None:
    """The melder_referentie of a rejected body, when it has a valid one (to help the melder)."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):  # RecursionError: nested thousands of levels deep
        return None
    if not isinstance(data, dict):
        return None
    try:
        return _referentie.validate_python(data.get(veld))
    except ValidationError:
        return None


def _onverwerkbaar(
    bericht: PartnerBericht,
    *,
    melder: str | None,
    redenen: list[Reden],
    nu: datetime,
    limit: int = MAX_BYTES,
) -> OnverwerkbaarBericht:
    """The raw message, kept once: as text when it is UTF-8, else base64; cut to ``limit``."""
    tekst, body_base64 = bewaarde_kopie(bericht.body, limit)
    ce_id = bericht.headers.get("ce_id")
    return OnverwerkbaarBericht(
        id=uuid.uuid4(),
        topic=bericht.topic,
        partition=bericht.partition,
        offset=bericht.offset,
        melder=melder,
        ce_id=ce_id[:100] if ce_id else None,
        headers=dict(bericht.headers),
        body_tekst=tekst,
        body_base64=body_base64,
        redenen=tuple(redenen),
        ontvangen_op=nu,
    )


def intake_event(melding: Melding) -> intake_events.MeldingOntvangen:
    """The chain's view of a new melding: ids, codes, dates and pseudonyms, no content."""
    return intake_events.MeldingOntvangen(
        melding_id=melding.id,
        melder=melding.eigenaar,
        melder_referentie=melding.melder_referentie,
        urgentie=melding.urgentie,
        leefgebieden=list(melding.leefgebieden),  # type: ignore[arg-type]
        betrokkene_pseudoniemen=list(melding.pseudoniemen),
        ontvangen_op=melding.ontvangen_op,
        triage_uiterlijk=melding.triage_uiterlijk,
    )

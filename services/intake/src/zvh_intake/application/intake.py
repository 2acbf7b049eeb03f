"""Receiving partner messages: validate, store the melding, answer the melder, tell the chain.

The melder is always the partner whose topic carried the message, never a payload field
(DESIGN.md §3 rule 3). Invalid input is answered with a rejection and kept as it arrived.
"""

from __future__ import annotations

import base64
import enum
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import TypeAdapter, ValidationError
from zvh_contracts import topics
from zvh_contracts.base import Referentie
from zvh_contracts.envelope import Envelope, derived_id
from zvh_contracts.intake import melding_v1 as intake_events
from zvh_contracts.partner import melding_v1 as partner_melding
from zvh_contracts.registry import EVENTS

from zvh_intake.application.ports import Clock, UnitOfWork, UnitOfWorkFactory
from zvh_intake.domain.afwijzing import Reden, uit_validatiefouten
from zvh_intake.domain.model import Melding
from zvh_intake.domain.onverwerkbaar import OnverwerkbaarBericht
from zvh_intake.domain.pseudoniem import pseudoniem
from zvh_intake.domain.termijnen import triage_uiterlijk_voor

SOURCE = "zvh-intake"
CONSUMER = "zvh-intake"

#: Partner event types another service handles: intake ignores them without a rejection.
ANDERMANS_TYPES = frozenset({"zvh.partner.actie.teruggekoppeld.v1"})

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


class Verwerking(enum.StrEnum):
    """What intake did with a message."""

    ONTVANGEN = "ontvangen"  # a new melding was stored
    BESTAAND = "bestaand"  # same melder + referentie as an earlier melding: same id answered
    AFGEWEZEN = "afgewezen"  # rejected with reasons, raw message kept
    DUBBEL = "dubbel"  # this ce_id was handled before
    GENEGEERD = "genegeerd"  # a partner event another service owns


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
    ) -> None:
        self._uow_factory = uow_factory
        self._key = pseudonym_key
        self._partners = partners
        self._clock = clock

    async def verwerk(self, bericht: PartnerBericht) -> Resultaat:
        """Handle one message; idempotent per ``ce_id`` (or per offset without an envelope)."""
        envelope = bericht.envelope
        if envelope is not None and envelope.type in ANDERMANS_TYPES:
            return Resultaat(Verwerking.GENEGEERD)
        melder = topics.partner_of(bericht.topic)
        async with self._uow_factory() as uow:
            dedupe_id = _dedupe_id(bericht)
            if dedupe_id is not None and await uow.seen_before(dedupe_id):
                return Resultaat(Verwerking.DUBBEL)
            try:
                melding = self._lees(bericht, melder=melder)
            except Afgewezen as afwijzing:
                await self._wijs_af(uow, bericht=bericht, melder=melder, redenen=afwijzing.redenen)
                await uow.commit()
                return Resultaat(Verwerking.AFGEWEZEN, redenen=tuple(afwijzing.redenen))
            assert envelope is not None and melder is not None  # _lees guarantees both
            bestaand = await uow.meldingen.find_by_referentie(
                eigenaar=melder, melder_referentie=melding.melder_referentie
            )
            if bestaand is not None:
                await self._bevestig(uow, melding=bestaand, envelope=envelope)
                await uow.commit()
                return Resultaat(Verwerking.BESTAAND, melding_id=bestaand.id)
            await uow.meldingen.add(melding)
            await self._bevestig(uow, melding=melding, envelope=envelope)
            await uow.publish(
                _intake_event(melding),
                topic=topics.INTAKE_MELDING,
                event_id=derived_id("intake-ontvangen", melding.id),
            )
            await uow.commit()
            return Resultaat(Verwerking.ONTVANGEN, melding_id=melding.id)

    def _lees(self, bericht: PartnerBericht, *, melder: str | None) -> Melding:
        """The melding in this message, or Afgewezen with readable reasons."""
        if melder is None or melder == "zvh" or melder not in self._partners:
            raise Afgewezen([Reden(veld="", melding="bericht op een onbekend partnertopic")])
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
        ontvangen_op = self._clock()
        pseudoniemen = dict.fromkeys(
            pseudoniem(
                key=self._key,
                bsn=b.bsn,
                voornaam=b.voornaam,
                achternaam=b.achternaam,
                geboortedatum=b.geboortedatum,
            )
            for b in ingediend.betrokkenen
        )
        return Melding(
            id=uuid.uuid4(),
            eigenaar=melder,
            melder_referentie=ingediend.melder_referentie,
            urgentie=ingediend.urgentie,
            leefgebieden=tuple(lg.value for lg in ingediend.leefgebieden),
            inhoud=ingediend.model_dump(mode="json", exclude={"melder_referentie"}),
            ontvangen_op=ontvangen_op,
            triage_uiterlijk=triage_uiterlijk_voor(
                urgentie=ingediend.urgentie, ontvangen_op=ontvangen_op
            ),
            traceparent=bericht.headers.get("traceparent"),
            pseudoniemen=tuple(pseudoniemen),
        )

    async def _bevestig(self, uow: UnitOfWork, *, melding: Melding, envelope: Envelope) -> None:
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
            event_id=derived_id("ontvangst", envelope.id),
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
        kopie = _onverwerkbaar(bericht, melder=melder, redenen=redenen, nu=self._clock())
        await uow.onverwerkbaar.add(kopie)
        if melder is None or melder not in self._partners:
            return
        in_antwoord_op = _ce_id(bericht)
        afwijzing = partner_melding.MeldingOntvangen(
            status=partner_melding.OntvangstStatus.AFGEWEZEN,
            in_antwoord_op=in_antwoord_op,
            melder_referentie=_referentie_uit(bericht.body),
            redenen=[
                partner_melding.Afwijzingsreden(veld=r.veld[:1000], melding=r.melding[:1000])
                for r in redenen
            ],
        )
        dedupe_id = _dedupe_id(bericht)
        await uow.publish(
            afwijzing,
            topic=topics.partner_from_zvh(melder),
            event_id=derived_id("afwijzing", dedupe_id) if dedupe_id else None,
        )


def _ce_id(bericht: PartnerBericht) -> uuid.UUID | None:
    """The message's ``ce_id``, also from a broken envelope when that header itself is fine."""
    if bericht.envelope is not None:
        return bericht.envelope.id
    try:
        return uuid.UUID(bericht.headers.get("ce_id", ""))
    except ValueError:
        return None


def _dedupe_id(bericht: PartnerBericht) -> uuid.UUID | None:
    """The inbox key: the ``ce_id``, or the message's place in the log when there is none."""
    if bericht.envelope is not None:
        return bericht.envelope.id
    if bericht.partition is not None and bericht.offset is not None:
        return derived_id("onverwerkbaar", bericht.topic, bericht.partition, bericht.offset)
    return None


def _referentie_uit(body: bytes) -> str | None:
    """The melder_referentie of a rejected body, when it has a valid one (to help the melder)."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    try:
        return _referentie.validate_python(data.get("melder_referentie"))
    except ValidationError:
        return None


def _onverwerkbaar(
    bericht: PartnerBericht, *, melder: str | None, redenen: list[Reden], nu: datetime
) -> OnverwerkbaarBericht:
    try:
        tekst: str | None = bericht.body.decode("utf-8")
    except UnicodeDecodeError:
        tekst = None
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
        body_base64=base64.b64encode(bericht.body).decode("ascii"),
        redenen=tuple(redenen),
        ontvangen_op=nu,
    )


def _intake_event(melding: Melding) -> intake_events.MeldingOntvangen:
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

"""The webhook bridge: partners without Kafka get their from-zvh events as signed HTTP callbacks
and post their to-zvh events over HTTP (in the style of the VNG Notificaties API).

Outbound: every event on a webhook partner's from-zvh topic becomes one webhook bezorging (id
derived from its ``ce_id``, so a replay or a restart adds nothing) holding the structured
CloudEvent as body; ``deliver_due_webhooks`` POSTs it, signed per Standard Webhooks, and retries
refusals with back-off until ``RetryBeleid.max_pogingen`` or the window is used up; then it is
``opgegeven`` and shows in ``zvh dlq list`` like a given-up e-mail.

Inbound: ``neem_aan`` checks the partner's signature, validates the structured CloudEvent against
the contract and puts it, unchanged, in the outbox for that partner's own to-zvh topic: the
partner's identity is the one that signed, as the topic is on Kafka (architecture rule 3).
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from zvh_contracts import registry, topics
from zvh_contracts.afwijzing import TE_DIEP_GENEST, Reden, uit_validatiefouten
from zvh_contracts.envelope import CONTENT_TYPE, Envelope, EnvelopeError, partner_message_id

from zvh_notify.application.delivery import OpgegevenHook, meld_opgegeven
from zvh_notify.application.ports import (
    Clock,
    UnitOfWork,
    UnitOfWorkFactory,
    WebhookDirectory,
    WebhookFout,
    WebhookSender,
)
from zvh_notify.domain import webhook as sw
from zvh_notify.domain.model import (
    Bezorging,
    Kanaal,
    RetryBeleid,
    Status,
    WebhookBericht,
    bezorging_id,
)

log = logging.getLogger(__name__)

#: The CloudEvents attributes a structured event carries besides ``data``.
ATTRIBUTEN = ("specversion", "id", "source", "type", "subject", "time")
STRUCTURED_CONTENT_TYPE = "application/cloudevents+json"
GEEN_GEHEIM = "WebhookNietIngericht: geen ondertekengeheim ingesteld voor deze partner"
GEEN_WEBHOOK = "partner heeft geen webhook (meer) in de regio"


# --- the structured CloudEvent ----------------------------------------------------------------


def structured(envelope: Envelope, data: bytes) -> bytes:
    """The structured-mode CloudEvent (JSON) of a Kafka record: its ``ce_*`` attributes and the
    record's value, unchanged, as ``data``."""
    doc: dict[str, Any] = {
        "specversion": envelope.specversion,
        "id": str(envelope.id),
        "source": envelope.source,
        "type": envelope.type,
        "subject": envelope.subject,
        "time": envelope.time.isoformat(),
        "datacontenttype": CONTENT_TYPE,
        "data": json.loads(data),
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _casus_id(data: bytes) -> uuid.UUID | None:
    """The ``casus_id`` of the event, if it has one (operators' view: ids only)."""
    try:
        value = json.loads(data).get("casus_id")
        return uuid.UUID(value) if isinstance(value, str) else None
    except (ValueError, AttributeError, RecursionError):
        return None


# --- outbound ---------------------------------------------------------------------------------


async def neem_op(
    *, uow: UnitOfWork, partner: str, envelope: Envelope, data: bytes, clock: Clock
) -> Bezorging | None:
    """Store one from-zvh event of ``partner`` as a webhook bezorging; None when it was stored
    before (the same event is delivered once per partner). Raises ValueError for a body that is
    not JSON (a permanent failure: the consumer dead-letters it)."""
    body = structured(envelope, data)
    async with uow:
        b_id = bezorging_id(bron_event_id=envelope.id, kanaal=Kanaal.WEBHOOK, ontvanger=partner)
        if await uow.bezorgingen.get(b_id) is not None:
            return None
        nu = clock.now()
        b = Bezorging(
            id=b_id,
            kanaal=Kanaal.WEBHOOK,
            ontvanger=partner,
            bron_event_id=envelope.id,
            event_type=envelope.type,
            casus_id=_casus_id(data),
            aangemaakt_op=nu,
            bijgewerkt_op=nu,
            volgende_poging_op=nu,
            webhook=WebhookBericht(body=body),
        )
        await uow.bezorgingen.add(b)
        await uow.commit()
    return b


async def deliver_due_webhooks(
    *,
    uow_factory: UnitOfWorkFactory,
    sender: WebhookSender,
    webhooks: WebhookDirectory,
    clock: Clock,
    beleid: RetryBeleid,
    limit: int = 20,
    on_opgegeven: OpgegevenHook = meld_opgegeven,
) -> int:
    """Try every due webhook bezorging once; returns how many were due."""
    async with uow_factory() as uow:
        due = await uow.bezorgingen.due_webhooks(now=clock.now(), limit=limit)
    for b in due:
        done = await _attempt(
            uow_factory=uow_factory,
            sender=sender,
            webhooks=webhooks,
            clock=clock,
            beleid=beleid,
            b=b,
        )
        if done is not None and done.status is Status.OPGEGEVEN:
            await on_opgegeven(done)
    return len(due)


async def _attempt(
    *,
    uow_factory: UnitOfWorkFactory,
    sender: WebhookSender,
    webhooks: WebhookDirectory,
    clock: Clock,
    beleid: RetryBeleid,
    b: Bezorging,
) -> Bezorging | None:
    assert b.webhook is not None
    doel = webhooks.doel(b.ontvanger)
    if doel is None:
        return await _onbezorgbaar(uow_factory=uow_factory, clock=clock, b=b)
    fout: str | None = None
    if not doel.secret:
        fout = GEEN_GEHEIM
    else:
        try:
            # webhook-id is the event's ce_id: the same on every attempt, the partner dedupes on it
            ondertekend = sw.onderteken(
                secret=doel.secret, msg_id=str(b.bron_event_id), nu=clock.now(), body=b.webhook.body
            )
            headers = {
                **ondertekend.headers(),
                "content-type": STRUCTURED_CONTENT_TYPE,
            }
            await sender.post(url=doel.url, headers=headers, body=b.webhook.body)
        except sw.OngeldigGeheim as exc:
            fout = f"WebhookNietIngericht: {exc}"
        except WebhookFout as exc:
            fout = str(exc) or type(exc).__name__
    async with uow_factory() as uow:
        current = await uow.bezorgingen.get(b.id)
        if current is None or current.status is not Status.WACHT:
            return None
        if fout is None:
            current.gelukt(tijd=clock.now())
        else:
            current.mislukt(tijd=clock.now(), fout=fout, beleid=beleid)
        await uow.bezorgingen.save(current)
        await uow.commit()
    log.info(
        "webhook bezorging %s to %s poging %d: %s",
        current.id,
        current.ontvanger,
        current.pogingen,
        current.status.value if fout is None else f"mislukt ({current.status.value})",
    )
    return current


async def _onbezorgbaar(
    *, uow_factory: UnitOfWorkFactory, clock: Clock, b: Bezorging
) -> Bezorging | None:
    async with uow_factory() as uow:
        current = await uow.bezorgingen.get(b.id)
        if current is None or current.status is not Status.WACHT:
            return None
        current.onbezorgbaar(tijd=clock.now(), fout=GEEN_WEBHOOK)
        await uow.bezorgingen.save(current)
        await uow.commit()
    log.warning("webhook bezorging %s to %s: %s", b.id, b.ontvanger, GEEN_WEBHOOK)
    return current


# --- inbound ----------------------------------------------------------------------------------


class NietGeauthenticeerd(Exception):
    """401: no valid signature of this partner (the Dutch text says what is missing)."""


class NietVanDezePartner(Exception):
    """403: the envelope names another partner than the one that signed."""


class OngeldigBericht(Exception):
    """422: the body is no valid to-zvh CloudEvent; ``redenen`` say why (no input echoed)."""

    def __init__(self, redenen: list[Reden]) -> None:
        super().__init__("; ".join(f"{r.veld}: {r.melding}" for r in redenen))
        self.redenen = redenen


class TeGroot(Exception):
    """413: the body is larger than a Kafka message may be."""


@dataclass(frozen=True)
class Aangenomen:
    """The partner's event is in the outbox for its to-zvh topic (or was, for a repeat)."""

    ce_id: uuid.UUID
    topic: str
    herhaald: bool


def _reden(melding: str, veld: str = "") -> OngeldigBericht:
    return OngeldigBericht([Reden(veld=veld, melding=melding)])


def lees_structured(body: bytes) -> tuple[Envelope, str]:
    """The envelope and the ``data`` (as JSON text) of a structured CloudEvent, validated
    against the contract as a to-zvh event; raises OngeldigBericht."""
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise _reden("het bericht is geen geldige JSON") from exc
    if not isinstance(doc, dict):
        raise _reden("het bericht moet een JSON-object zijn (CloudEvent, structured mode)")
    attrs: dict[str, str] = {}
    for naam in ATTRIBUTEN:
        waarde = doc.get(naam)
        if waarde is not None and not isinstance(waarde, str):
            raise _reden("moet tekst zijn", naam)
        if waarde:
            attrs[f"ce_{naam}"] = waarde
    envelope = _envelope(attrs)
    soort = doc.get("datacontenttype")
    if soort is not None and soort != CONTENT_TYPE:
        raise _reden(f"moet {CONTENT_TYPE} zijn", "datacontenttype")
    spec = registry.EVENTS.get(envelope.type)
    if spec is None or spec.topic != registry.TO_ZVH:
        tekst = "dit berichttype neemt de ZVH niet aan" if spec else "onbekend berichttype"
        raise _reden(f"{tekst}: {envelope.type[:200]}", "type")
    if "data" not in doc:
        raise _reden("is verplicht maar ontbreekt", "data")
    try:
        data = json.dumps(doc["data"], ensure_ascii=False)
        registry.parse(envelope.type, data)
    except ValidationError as exc:
        redenen = uit_validatiefouten(exc.errors(include_input=False))
        raise OngeldigBericht(
            [Reden(veld=f"data.{r.veld}" if r.veld else "data", melding=r.melding) for r in redenen]
        ) from exc
    except RecursionError as exc:
        raise OngeldigBericht([TE_DIEP_GENEST]) from exc
    return envelope, data


#: Required CloudEvents attributes of a partner's event (``time`` is optional: now).
VERPLICHT = ("specversion", "id", "source", "type", "subject")


def _envelope(attrs: Mapping[str, str]) -> Envelope:
    """The envelope, or OngeldigBericht with Dutch reasons per attribute (no input echoed)."""
    redenen = [
        Reden(veld=naam, melding="is verplicht maar ontbreekt")
        for naam in VERPLICHT
        if not attrs.get(f"ce_{naam}")
    ]
    if attrs.get("ce_specversion", "1.0") != "1.0":
        redenen.append(Reden(veld="specversion", melding="moet 1.0 zijn"))
    try:
        uuid.UUID(attrs.get("ce_id") or "00000000-0000-0000-0000-000000000000")
    except ValueError:
        redenen.append(Reden(veld="id", melding="moet een UUID zijn"))
    if attrs.get("ce_time"):
        try:
            datetime.fromisoformat(attrs["ce_time"])
        except ValueError:
            redenen.append(Reden(veld="time", melding="moet een tijdstip zijn (ISO 8601)"))
    if redenen:
        raise OngeldigBericht(redenen)
    try:
        return Envelope.from_headers(attrs)
    except EnvelopeError as exc:
        oorzaak = exc.__cause__
        if isinstance(oorzaak, ValidationError):
            raise OngeldigBericht(uit_validatiefouten(oorzaak.errors(include_input=False))) from exc
        raise _reden("ongeldige CloudEvents-envelop") from exc


async def neem_aan(
    *,
    partner: str,
    body: bytes,
    headers: Mapping[str, str],
    webhooks: WebhookDirectory,
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    max_bytes: int = topics.MAX_MESSAGE_BYTES,
) -> Aangenomen:
    """Take in one event a partner posted: authenticate, validate, queue for its to-zvh topic.

    ``headers`` with lower-case names. Raises NietGeauthenticeerd, TeGroot, OngeldigBericht or
    NietVanDezePartner; a repeat of an event taken in before (same ``ce_id``) is answered the same
    and queued once.
    """
    doel = webhooks.doel(partner)
    if doel is None or not doel.inbound_secret:
        # the same answer as a wrong signature: nobody learns which partners have a webhook
        raise NietGeauthenticeerd("geen geldige handtekening van deze partner")
    try:
        sw.controleer(secret=doel.inbound_secret, headers=headers, body=body, nu=clock.now())
    except (sw.OngeldigeHandtekening, sw.OngeldigGeheim) as exc:
        raise NietGeauthenticeerd(
            f"geen geldige handtekening van deze partner: {exc}"
            if isinstance(exc, sw.OngeldigeHandtekening)
            else "geen geldige handtekening van deze partner"
        ) from exc
    if len(body) > max_bytes:
        raise TeGroot(f"het bericht is groter dan {max_bytes} bytes")
    envelope, data = lees_structured(body)
    if envelope.source != partner:
        raise NietVanDezePartner(
            f"het bericht noemt als afzender {envelope.source[:63]!r}, maar is ondertekend door "
            f"{partner}: een partner stuurt alleen berichten namens zichzelf"
        )
    topic = topics.partner_to_zvh(partner)
    row_id = partner_message_id(partner, envelope.id)
    async with uow_factory() as uow:
        if await uow.seen_before(row_id):
            return Aangenomen(ce_id=envelope.id, topic=topic, herhaald=True)
        await uow.doorgeven(envelope, body=data, topic=topic, row_id=row_id)
        await uow.commit()
    log.info("webhook %s: %s %s aangenomen voor %s", partner, envelope.type, envelope.id, topic)
    return Aangenomen(ce_id=envelope.id, topic=topic, herhaald=False)

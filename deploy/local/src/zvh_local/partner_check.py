"""`zvh partner-check`: a conformance test a partner runs against its own adapter.

It plays the ZVH: it sends one example of every public from-zvh event type (fresh ids) on the
partner's from-zvh topic, reads the partner's to-zvh topic and judges every message there by the
contract's rules (envelope, type, direction, schema, size) and whether the answers the contract
expects arrived. The judging is pure functions (``beoordeel``, ``controleer_antwoorden``); only
``run_check`` touches Kafka. The report is Dutch: it is read by the partner's developers.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import re
import sys
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rich.console import Console
from rich.table import Table
from rich.text import Text
from zvh_contracts import registry, topics
from zvh_contracts.base import Event
from zvh_contracts.envelope import CONTENT_TYPE, SPECVERSION, Envelope

from zvh_local.demo_adapter import headers_of, tail_consumer
from zvh_local.partner import PartnerProducer

EXAMPLES = Path(__file__).resolve().parents[4] / "contracts" / "examples"
REQUIRED = ("ce_specversion", "ce_id", "ce_source", "ce_type", "ce_subject", "content-type")
#: How long the check keeps reading after the last expected answer, to judge stray messages too.
NALOOP_S = 1.0
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

#: What the contract expects back: from-zvh type → (answer type, the id field that links them).
VERWACHT: dict[str, tuple[str, str]] = {
    "zvh.partner.actie.toegewezen.v1": ("zvh.partner.actie.teruggekoppeld.v1", "actie_id"),
    "zvh.partner.overleg.uitgenodigd.v1": ("zvh.partner.overleg.beantwoord.v1", "overleg_id"),
}


@dataclass(frozen=True)
class Bevinding:
    """One line of the report."""

    controle: str
    geslaagd: bool
    toelichting: str


@dataclass(frozen=True)
class Beoordeling:
    """The verdict on one message from the partner: its problems (Dutch) and its body fields."""

    ce_type: str
    problemen: list[str]
    velden: dict[str, Any]
    ce_id: str = ""

    @property
    def goed(self) -> bool:
        return not self.problemen


@dataclass(frozen=True)
class Verwachting:
    """An answer the partner owes: ``antwoord_type`` naming ``veld`` = ``waarde``."""

    oorzaak: str
    antwoord_type: str
    veld: str
    waarde: str


@dataclass
class Rapport:
    partner: str
    bevindingen: list[Bevinding] = field(default_factory=list)

    @property
    def geslaagd(self) -> bool:
        return bool(self.bevindingen) and all(b.geslaagd for b in self.bevindingen)


#: The daily list of arrests: only a police partner (code ``politie…``) may send it.
AANHOUDINGEN = "zvh.partner.aanhoudingen.ingediend.v1"


def from_zvh_types() -> list[str]:
    """Every public event type the ZVH sends to a partner."""
    return sorted(t for t, s in registry.EVENTS.items() if s.topic == registry.FROM_ZVH)


def to_zvh_types() -> list[str]:
    return sorted(t for t, s in registry.EVENTS.items() if s.topic == registry.TO_ZVH)


def voorbeeld(event_type: str, partner: str) -> Event:
    """The contract's example of ``event_type`` with fresh ids, addressed to ``partner``."""
    text = (EXAMPLES / f"{event_type}.json").read_text(encoding="utf-8")
    fresh: dict[str, str] = {}
    text = _UUID.sub(lambda m: fresh.setdefault(m.group(0), str(uuid.uuid4())), text)
    data = json.loads(text)
    if "wie" in data:  # an actie for this partner, not for the example's gemeente
        data["wie"] = partner
    return registry.EVENTS[event_type].model.model_validate(data)


def _schemafouten(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        plek = ".".join(str(p) for p in err["loc"]) or "(hele bericht)"
        parts.append(f"{plek}: {err['msg']}")
    meer = f" (en nog {exc.error_count() - 3})" if exc.error_count() > 3 else ""
    return "; ".join(parts) + meer


def beoordeel(
    partner: str, headers: dict[str, str], body: bytes, key: str | None = None
) -> Beoordeling:
    """Judge one message on ``partner``'s to-zvh topic by the contract's rules."""
    problemen: list[str] = []
    ce_type = headers.get("ce_type", "")
    grootte = len(body) + sum(len(k) + len(v.encode()) for k, v in headers.items())
    if grootte > topics.MAX_MESSAGE_BYTES:
        problemen.append(
            f"bericht is {grootte} bytes, groter dan de grens van {topics.MAX_MESSAGE_BYTES}"
        )
    ontbreekt = [k for k in REQUIRED if not headers.get(k)]
    if ontbreekt:
        problemen.append(f"verplichte header ontbreekt: {', '.join(ontbreekt)}")
    spec = headers.get("ce_specversion")
    if spec and spec != SPECVERSION:
        problemen.append(f"ce_specversion is {spec!r}, moet {SPECVERSION!r} zijn")
    if headers.get("ce_id"):
        try:
            uuid.UUID(headers["ce_id"])
        except ValueError:
            problemen.append(f"ce_id {headers['ce_id']!r} is geen UUID")
    if headers.get("ce_time"):
        try:
            if datetime.fromisoformat(headers["ce_time"]).tzinfo is None:
                problemen.append("ce_time heeft geen tijdzone (bijv. +01:00)")
        except ValueError:
            problemen.append(f"ce_time {headers['ce_time']!r} is geen ISO 8601-tijd")
    ct = headers.get("content-type")
    if ct and ct.split(";")[0].strip() != CONTENT_TYPE:
        problemen.append(f"content-type is {ct!r}, moet {CONTENT_TYPE!r} zijn")
    bron = headers.get("ce_source")
    if bron and bron != partner:
        problemen.append(f"ce_source is {bron!r}, moet uw partnercode {partner!r} zijn")
    velden = _velden(body)
    if ce_type:
        problemen += _type_en_inhoud(ce_type, headers.get("ce_subject"), body, key)
    if ce_type == AANHOUDINGEN and not partner.startswith("politie"):
        problemen.append("alleen de politie levert een lijst met aanhoudingen aan")
    return Beoordeling(
        ce_type=ce_type, problemen=problemen, velden=velden, ce_id=headers.get("ce_id", "")
    )


def _type_en_inhoud(ce_type: str, subject: str | None, body: bytes, key: str | None) -> list[str]:
    spec = registry.EVENTS.get(ce_type)
    if spec is None:
        return [f"onbekend berichttype (ce_type) {ce_type!r}"]
    if spec.topic != registry.TO_ZVH:
        richting = "ZVH → partner" if spec.topic == registry.FROM_ZVH else "intern in de ZVH"
        return [f"{ce_type} is geen bericht van een partner aan de ZVH (richting: {richting})"]
    try:
        event = registry.parse(ce_type, body)
    except ValidationError as exc:
        return [f"inhoud voldoet niet aan het schema van {ce_type}: {_schemafouten(exc)}"]
    problemen = []
    if subject and subject != event.subject():
        problemen.append(f"ce_subject is {subject!r}, moet {event.subject()!r} zijn")
    if key is not None and key != event.subject():
        problemen.append(f"Kafka-sleutel is {key!r}, moet gelijk zijn aan ce_subject")
    return problemen


def _velden(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def verwachtingen(verzonden: list[Event]) -> list[Verwachting]:
    """The answers the partner owes for what was sent."""
    out = []
    for event in verzonden:
        if event.event_type in VERWACHT:
            antwoord, veld = VERWACHT[event.event_type]
            waarde = str(getattr(event, veld))
            out.append(Verwachting(event.event_type, antwoord, veld, waarde))
    return out


def beantwoord(v: Verwachting, b: Beoordeling) -> bool:
    """Whether message ``b`` means to answer ``v`` (right field and id, valid or not)."""
    return str(b.velden.get(v.veld, "")) == v.waarde


def controleer_antwoorden(
    lijst: list[Verwachting], berichten: list[Beoordeling], timeout_s: float
) -> list[Bevinding]:
    """One report line per expected answer: arrived, valid and of the right type?"""
    out = []
    for v in lijst:
        controle = f"antwoord op {v.oorzaak}"
        pogingen = [b for b in berichten if beantwoord(v, b)]
        goed = [b for b in pogingen if b.goed and b.ce_type == v.antwoord_type]
        if goed:
            out.append(Bevinding(controle, True, f"{v.antwoord_type} met {v.veld} {v.waarde}"))
        elif pogingen:
            out.append(
                Bevinding(
                    controle,
                    False,
                    f"wel een bericht met {v.veld} {v.waarde}, maar geen geldig "
                    f"{v.antwoord_type} (zie de afgekeurde berichten hierboven)",
                )
            )
        else:
            out.append(
                Bevinding(
                    controle,
                    False,
                    f"geen {v.antwoord_type} met {v.veld} {v.waarde} binnen {timeout_s:g} s",
                )
            )
    return out


def bevinding_bericht(n: int, b: Beoordeling) -> Bevinding:
    """The report line of the ``n``-th message; its ``ce_id`` lets the partner find it."""
    controle = f"bericht {n}: {b.ce_type or '(geen ce_type)'}"
    waar = f"ce_id {b.ce_id or '(geen)'}: "
    if b.goed:
        return Bevinding(controle, True, waar + "envelop en inhoud volgens het contract")
    return Bevinding(controle, False, waar + "; ".join(b.problemen))


def tabel(rapport: Rapport) -> Table:
    """The report as a rich table; cells are plain text (a partner's ce_type is no markup)."""
    table = Table(title=f"Partner-check {rapport.partner}")
    table.add_column("controle")
    table.add_column("uitkomst")
    table.add_column("toelichting", overflow="fold")
    for b in rapport.bevindingen:
        uitkomst = Text("geslaagd", style="green") if b.geslaagd else Text("mislukt", style="red")
        table.add_row(Text(b.controle), uitkomst, Text(b.toelichting))
    return table


def slotregel(rapport: Rapport) -> str:
    totaal = len(rapport.bevindingen)
    if rapport.geslaagd:
        return f"Geslaagd: alle {totaal} controles."
    mislukt = sum(not b.geslaagd for b in rapport.bevindingen)
    return f"Mislukt: {mislukt} van {totaal} controles."


def toon(rapport: Rapport, console: Console) -> None:
    console.print(tabel(rapport))
    console.print(Text(slotregel(rapport), style="bold"))


def render(rapport: Rapport, *, width: int = 160) -> str:
    """The report as plain text, as ``zvh partner-check`` prints it."""
    out = io.StringIO()
    toon(rapport, Console(file=out, width=width, force_terminal=False))
    return out.getvalue()


async def run_check(*, partner: str, bootstrap: str, timeout_s: float = 30.0) -> Rapport:
    """Send every from-zvh type to ``partner``, judge what comes back within ``timeout_s``."""
    rapport = Rapport(partner=partner)
    consumer = await tail_consumer(bootstrap, topics.partner_to_zvh(partner))
    producer = PartnerProducer(bootstrap=bootstrap)
    berichten: list[Beoordeling] = []
    try:
        await producer.start()
        verzonden = [voorbeeld(t, partner) for t in from_zvh_types()]
        for event in verzonden:
            spec = registry.EVENTS[event.event_type]
            envelope = Envelope(
                source=spec.publisher, type=event.event_type, subject=event.subject()
            )
            await producer.publish_raw(
                topic=topics.partner_from_zvh(partner),
                body=event.model_dump_json().encode(),
                headers=envelope.headers(),
                key=event.subject(),
            )
            rapport.bevindingen.append(
                Bevinding(f"verstuurd: {event.event_type}", True, f"ce_id {envelope.id}")
            )
        lijst = verwachtingen(verzonden)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if all(any(beantwoord(v, b) for b in berichten) for v in lijst):
                # every answer is in: judge what else arrives in a short tail, then stop
                deadline = min(deadline, time.monotonic() + NALOOP_S)
            batches = await consumer.getmany(timeout_ms=200)
            for records in batches.values():
                for r in records:
                    key = bytes(r.key).decode("utf-8", "replace") if r.key is not None else None
                    berichten.append(beoordeel(partner, headers_of(r), r.value or b"", key))
    finally:
        await producer.stop()
        await consumer.stop()
    rapport.bevindingen += [bevinding_bericht(n, b) for n, b in enumerate(berichten, 1)]
    rapport.bevindingen += controleer_antwoorden(lijst, berichten, timeout_s)
    return rapport


def cmd_partner_check(args: argparse.Namespace) -> int:
    try:
        topics.partner_to_zvh(args.partner)
        rapport = asyncio.run(
            run_check(partner=args.partner, bootstrap=args.bootstrap, timeout_s=args.timeout)
        )
    except (RuntimeError, ValueError, OSError) as exc:
        print(f"partner-check kon niet draaien: {exc}", file=sys.stderr)
        return 1
    toon(rapport, Console())
    return 0 if rapport.geslaagd else 1

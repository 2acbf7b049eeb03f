"""After a fault: was anything lost or done twice? Counted from what the partner really got.

- Kafka: everything ever published on the uitvoerder's from-zvh topic, read from the beginning:
  one ``ActieToegewezen`` per flow's actie, and no ``ce_id`` twice.
- E-mail: the Maildir of the stack's SMTP server: one "Nieuwe actie" e-mail per flow's casus, and
  no ``Message-ID`` twice anywhere in the Maildir.
- A flow that did not complete is lost, with the step it got stuck at.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import mailbox
import time
from collections import Counter
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from zvh_local.demo import ACTIE_TOEGEWEZEN, UITVOERDER
from zvh_local.faults.flows import Flow
from zvh_local.partner import PartnerInbox, Received

ACTIE_ONDERWERP = "Nieuwe actie voor"
POLL_S = 0.25


@dataclass
class Uitslag:
    """The audit of one scenario: what was lost, what arrived twice, and when all was there."""

    flows: int
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    complete_at: float | None = None  # monotonic time the last missing piece arrived

    @property
    def ok(self) -> bool:
        return not self.lost and not self.duplicated


@dataclass
class Mail:
    message_id: str
    onderwerp: str
    tekst: str


class MaildirReader:
    """Reads the Maildir incrementally (each file parsed once)."""

    def __init__(self, maildir: Path) -> None:
        self.maildir = maildir
        self._seen: dict[str, Mail] = {}

    def mails(self) -> list[Mail]:
        box = mailbox.Maildir(str(self.maildir), create=False)
        for key in box.iterkeys():
            if key in self._seen:
                continue
            msg = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
            assert isinstance(msg, EmailMessage)
            body = msg.get_body(preferencelist=("plain",))
            tekst = body.get_content() if isinstance(body, EmailMessage) else ""
            self._seen[key] = Mail(str(msg["Message-ID"]), str(msg["Subject"]), str(tekst))
        return list(self._seen.values())


async def audit(flows: list[Flow], *, bootstrap: str, maildir: Path, deadline: float) -> Uitslag:
    """Poll until every completed flow's actie is on the topic and in the mail, or ``deadline``."""
    uitslag = Uitslag(flows=len(flows))
    done = [f for f in flows if f.klaar and f.actie_id is not None and f.casus_id is not None]
    uitslag.lost += [f.fout or f"flow {f.nr}: {f.stap}" for f in flows if not f.klaar]
    acties = {str(f.actie_id) for f in done}
    casussen = {str(f.casus_id) for f in done}
    history = PartnerInbox(bootstrap=bootstrap, partners=[UITVOERDER], from_beginning=True)
    reader = MaildirReader(maildir)
    await history.start()
    try:
        while True:
            ours = [
                r
                for r in list(history.received)
                if r.ce_type == ACTIE_TOEGEWEZEN and r.json().get("actie_id") in acties
            ]
            mails = reader.mails()
            actie_mails = [
                m
                for m in mails
                if m.onderwerp.startswith(ACTIE_ONDERWERP) and _casus_in(m.tekst, casussen)
            ]
            op_topic = {r.json().get("actie_id") for r in ours}
            per_mail = {c for m in actie_mails for c in casussen if c in m.tekst}
            if (op_topic >= acties and per_mail >= casussen) or time.monotonic() > deadline:
                break
            await asyncio.sleep(POLL_S)
    finally:
        await history.stop()
    if op_topic >= acties and per_mail >= casussen:
        uitslag.complete_at = time.monotonic()
    tel(uitslag, ours=ours, mails=mails, acties=acties, casussen=casussen)
    return uitslag


def tel(
    uitslag: Uitslag,
    *,
    ours: list[Received],
    mails: list[Mail],
    acties: set[str],
    casussen: set[str],
) -> None:
    """Count what is missing and what arrived twice into ``uitslag``."""
    op_topic = {r.json().get("actie_id") for r in ours}
    actie_mails = [m for m in mails if m.onderwerp.startswith(ACTIE_ONDERWERP)]
    per_mail = {c for m in actie_mails for c in casussen if c in m.tekst}
    uitslag.lost += [f"actie {a} nooit op het topic van {UITVOERDER}" for a in acties - op_topic]
    uitslag.lost += [f"geen actie-e-mail voor casus {c}" for c in casussen - per_mail]
    ce_ids = Counter(r.ce_id for r in ours)
    uitslag.duplicated += [f"ce_id {c} {n}× op het topic" for c, n in ce_ids.items() if n > 1]
    ids_per_actie: dict[str, set[str]] = {}
    for r in ours:
        ids_per_actie.setdefault(str(r.json().get("actie_id")), set()).add(r.ce_id)
    uitslag.duplicated += [
        f"actie {a} toegewezen onder {len(ids)} ce_ids"
        for a, ids in ids_per_actie.items()
        if len(ids) > 1
    ]
    message_ids = Counter(m.message_id for m in mails)
    uitslag.duplicated += [
        f"Message-ID {m} {n}× in de Maildir" for m, n in message_ids.items() if n > 1
    ]
    ids_per_casus: dict[str, set[str]] = {}
    for m in actie_mails:
        for c in casussen:
            if c in m.tekst:
                ids_per_casus.setdefault(c, set()).add(m.message_id)
    uitslag.duplicated += [
        f"casus {c}: actie-e-mail onder {len(ids)} Message-IDs"
        for c, ids in ids_per_casus.items()
        if len(ids) > 1
    ]


def _casus_in(tekst: str, casussen: set[str]) -> bool:
    return any(c in tekst for c in casussen)

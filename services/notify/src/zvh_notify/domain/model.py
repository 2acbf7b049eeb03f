"""A bezorging is one message to one partner over one kanaal; every attempt is kept.

Ids are derived from the incoming event so that processing it again yields the same ids: a
replay cannot create a second bezorging, and partners can dedupe on the outgoing ``ce_id``.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from zvh_contracts.envelope import derived_id

MAX_FOUT_LENGTH = 500


class Kanaal(enum.StrEnum):
    """How a bezorging travels."""

    PARTNER_TOPIC = "partner-topic"
    EMAIL = "email"
    #: A signed HTTP callback to a partner without Kafka (the webhook bridge).
    WEBHOOK = "webhook"


class Status(enum.StrEnum):
    """Where a bezorging stands."""

    WACHT = "wacht"
    VERZONDEN = "verzonden"
    #: Could never be sent (unknown partner, no address): nothing to retry.
    MISLUKT = "mislukt"
    #: Every attempt in the retry window failed: an operator has to look at it.
    OPGEGEVEN = "opgegeven"


class Resultaat(enum.StrEnum):
    """Outcome of one attempt."""

    GELUKT = "gelukt"
    MISLUKT = "mislukt"


def bezorging_id(
    *, bron_event_id: uuid.UUID, kanaal: Kanaal, ontvanger: str, variant: str | None = None
) -> uuid.UUID:
    """The deterministic id of a bezorging; for the partner topic it is the outgoing ``ce_id``.

    ``variant`` tells apart two different messages one event yields for the same partner (e.g.
    ``ingetrokken``); without it the id is the original one-per-event-kanaal-ontvanger id.
    """
    channel = "partner" if kanaal is Kanaal.PARTNER_TOPIC else kanaal.value
    if variant is None:
        return derived_id("notify", bron_event_id, channel, ontvanger)
    return derived_id("notify", bron_event_id, channel, ontvanger, variant)


def message_id(bezorging: uuid.UUID) -> str:
    """The e-mail ``Message-ID``: stable, so a re-send after a crash is recognisable."""
    return f"<{bezorging}@notify.zvh.local>"


@dataclass(frozen=True)
class RetryBeleid:
    """How patiently e-mail is retried: capped exponential back-off within a time window.

    The window, counted from when the bezorging was made (or an operator reopened it), is the
    only give-up rule: an outage of the mail server shorter than the window loses nothing
    however many attempts it takes. The last attempt is made at the end of the window.
    """

    venster: timedelta = timedelta(hours=24)
    backoff_s: float = 2.0
    max_backoff_s: float = 60.0
    #: Give up after this many failed attempts in the window as well (None: the window only).
    max_pogingen: int | None = None

    def wachttijd(self, pogingen: int) -> timedelta:
        """Wait before the next attempt after ``pogingen`` failed attempts."""
        seconds = self.backoff_s * (2 ** min(max(pogingen - 1, 0), 32))
        return timedelta(seconds=min(seconds, self.max_backoff_s))

    def einde(self, venster_start: datetime) -> datetime:
        """When a bezorging whose window started at ``venster_start`` is given up if it fails."""
        return venster_start + self.venster


@dataclass(frozen=True)
class Bezorgpoging:
    """One attempt to deliver: when, how it went, and the error if any."""

    nr: int
    tijd: datetime
    resultaat: Resultaat
    fout: str | None = None


@dataclass(frozen=True)
class Bijlage:
    """A file attached to an e-mail, e.g. the iCalendar invitation (``uitnodiging.ics``)."""

    bestandsnaam: str
    #: Full MIME type with parameters, e.g. ``text/calendar; method=REQUEST; charset=utf-8``.
    content_type: str
    inhoud: bytes


@dataclass(frozen=True)
class Email:
    """The e-mail content of an e-mail bezorging (only actielijst text, ids and codes)."""

    adres: str
    onderwerp: str
    tekst: str
    bijlagen: tuple[Bijlage, ...] = ()


@dataclass(frozen=True)
class WebhookBericht:
    """What a webhook bezorging POSTs: the structured CloudEvent (JSON) as the partner gets it.

    The URL and secret are looked up in the region at send time (a changed URL takes effect on
    the next attempt); only the body is stored, so every attempt sends the same bytes.
    """

    body: bytes


@dataclass
class Bezorging:
    """One outgoing message to one partner; status and attempts are recorded here."""

    id: uuid.UUID
    kanaal: Kanaal
    ontvanger: str
    bron_event_id: uuid.UUID
    event_type: str
    casus_id: uuid.UUID | None
    aangemaakt_op: datetime
    status: Status = Status.WACHT
    pogingen: int = 0
    laatste_fout: str | None = None
    bijgewerkt_op: datetime | None = None
    volgende_poging_op: datetime | None = None
    email: Email | None = None
    webhook: WebhookBericht | None = None
    pogingen_log: list[Bezorgpoging] = field(default_factory=list)
    #: Start of the current retry window when an operator reopened it; None: ``aangemaakt_op``.
    heropend_op: datetime | None = None
    #: Who last reopened it (user id), the audit of ``heropen``.
    heropend_door: str | None = None
    #: Attempts made before the current window: the back-off starts again after a reopen.
    pogingen_voor_venster: int = 0

    @property
    def message_id(self) -> str:
        return message_id(self.id)

    @property
    def venster_start(self) -> datetime:
        """Where the current retry window starts."""
        return self.heropend_op or self.aangemaakt_op

    @property
    def fout_type(self) -> str | None:
        """The last error's type only (``SMTPRecipientsRefused`` …), never its text.

        An SMTP error text may echo the address, so operators' lists show just this.
        """
        if not self.laatste_fout:
            return None
        head = self.laatste_fout.split(":", 1)[0].strip()
        if head.isidentifier():
            return head
        return "WebhookFout" if self.kanaal is Kanaal.WEBHOOK else "MailError"

    def heropen(self, *, tijd: datetime, door: str) -> None:
        """An operator retries a given-up bezorging: a fresh window and back-off from ``tijd``."""
        if self.status is not Status.OPGEGEVEN:
            raise NietOpgegeven(f"bezorging {self.id} is {self.status}, niet opgegeven")
        self.status = Status.WACHT
        self.heropend_op = tijd
        self.heropend_door = door
        self.pogingen_voor_venster = self.pogingen
        self.bijgewerkt_op = tijd
        self.volgende_poging_op = tijd

    def gelukt(self, *, tijd: datetime) -> Bezorgpoging:
        """Record a successful attempt."""
        return self._poging(tijd=tijd, resultaat=Resultaat.GELUKT, fout=None)

    def mislukt(self, *, tijd: datetime, fout: str, beleid: RetryBeleid) -> Bezorgpoging:
        """Record a failed attempt; retry later, or give up once the retry window is over."""
        poging = self._poging(tijd=tijd, resultaat=Resultaat.MISLUKT, fout=fout)
        einde = beleid.einde(self.venster_start)
        in_venster = self.pogingen - self.pogingen_voor_venster
        op = beleid.max_pogingen is not None and in_venster >= beleid.max_pogingen
        if tijd >= einde or op:
            self.status = Status.OPGEGEVEN
            self.volgende_poging_op = None
        else:
            self.volgende_poging_op = min(tijd + beleid.wachttijd(in_venster), einde)
        return poging

    def onbezorgbaar(self, *, tijd: datetime, fout: str) -> None:
        """Mark as failed without an attempt (e.g. no address known): nothing to retry."""
        self.status = Status.MISLUKT
        self.laatste_fout = fout[:MAX_FOUT_LENGTH]
        self.bijgewerkt_op = tijd
        self.volgende_poging_op = None

    def _poging(self, *, tijd: datetime, resultaat: Resultaat, fout: str | None) -> Bezorgpoging:
        if self.status is not Status.WACHT:
            raise BezorgingAfgesloten(f"bezorging {self.id} is al {self.status}")
        fout = fout[:MAX_FOUT_LENGTH] if fout else None
        self.pogingen += 1
        poging = Bezorgpoging(nr=self.pogingen, tijd=tijd, resultaat=resultaat, fout=fout)
        self.pogingen_log.append(poging)
        self.bijgewerkt_op = tijd
        if resultaat is Resultaat.GELUKT:
            self.status = Status.VERZONDEN
            self.volgende_poging_op = None
        else:
            self.laatste_fout = fout
        return poging


class BezorgingAfgesloten(RuntimeError):
    """An attempt was recorded on a bezorging that is no longer waiting."""


class NietOpgegeven(RuntimeError):
    """Only a given-up bezorging can be reopened (a waiting one retries by itself)."""

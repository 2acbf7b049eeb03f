"""What one recipient gets for one incoming event: a partner event and, if possible, an e-mail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from zvh_contracts.base import Event

from zvh_notify.application.ports import PartnerDirectory, PartnerInfo
from zvh_notify.domain.model import Bijlage


@dataclass(frozen=True)
class Mailinhoud:
    """An e-mail without its address: subject, Dutch text and attachments."""

    onderwerp: str
    tekst: str
    bijlagen: tuple[Bijlage, ...] = ()


#: Builds the e-mail for a partner known in the region with an address.
MailBouwer = Callable[[PartnerInfo], Mailinhoud]


def tekstmail(tekst: Callable[[str], tuple[str, str]]) -> MailBouwer:
    """A mail without attachments; ``tekst`` gets the receiving organisation's name and gives
    (onderwerp, tekst), as the domain's text functions do."""

    def mail(info: PartnerInfo) -> Mailinhoud:
        onderwerp, inhoud = tekst(info.naam)
        return Mailinhoud(onderwerp=onderwerp, tekst=inhoud)

    return mail


@dataclass(frozen=True)
class Bericht:
    """One message for one partner. ``mail`` builds the e-mail once the partner is known.

    ``variant`` keeps the ids apart when one incoming event yields two different messages for the
    same partner; leave it ``None`` for the one message a partner usually gets.
    """

    ontvanger: str
    event: Event
    mail: MailBouwer
    variant: str | None = None
    #: Without the partner topic for the ZVH's own signals: the ZVH reads its postvak.
    alleen_email: bool = False
    #: A personal e-mail address (a region user's, the piket's) instead of the partner's; give
    #: the user as ``variant`` so each person gets a bezorging of their own.
    adres: str | None = None
    #: Only the partner-topic event, no e-mail (the e-mails go to persons, as Berichten of their
    #: own).
    alleen_topic: bool = False


@dataclass(frozen=True)
class Omgeving:
    """What message builders may look at besides the event."""

    partners: PartnerDirectory
    nu: datetime
    #: Base address of the ZVH's overleg UI, without a trailing slash.
    ui_url: str

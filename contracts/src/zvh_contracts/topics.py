"""The topic catalogue: every topic the chain uses, with partitions and retention.

The platform creates these at start-up; nothing else creates topics (contracts/README.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from zvh_contracts.base import PARTNER_CODE_PATTERN

#: The largest record the ZVH takes in; a bigger one is rejected and kept once, cut to this size.
MAX_MESSAGE_BYTES = 1_048_576

DAY_MS = 24 * 60 * 60 * 1000

INTAKE_MELDING = "zvh.intake.melding.v1"
OVERLEG_CASUS = "zvh.overleg.casus.v1"
OVERLEG_OVERLEG = "zvh.overleg.overleg.v1"
CONSENT_TOESTEMMING = "zvh.consent.toestemming.v1"
CONSENT_DOORBREKING = "zvh.consent.doorbreking.v1"
NOTIFY_BEZORGING = "zvh.notify.bezorging.v1"

SERVICES = ("intake", "overleg", "consent", "notify")

_ORG = PARTNER_CODE_PATTERN.removeprefix("^").removesuffix("$")
_PARTNER_TOPIC = re.compile(rf"^zvh\.partner\.(?P<org>{_ORG})\.(?P<dir>to-zvh|from-zvh)\.v1$")


@dataclass(frozen=True)
class TopicSpec:
    """One topic: its name, partition count, retention and what flows on it."""

    name: str
    partitions: int
    retention_ms: int
    description: str


def _valid_partner(org: str) -> bool:
    """The same rule as the ``PartnerCode`` field type: pattern and 2..63 characters."""
    return 2 <= len(org) <= 63 and re.fullmatch(PARTNER_CODE_PATTERN, org) is not None


def _check_partner(org: str) -> str:
    if not _valid_partner(org):
        raise ValueError(f"not a valid partner code: {org!r}")
    return org


def partner_to_zvh(org: str) -> str:
    """The topic partner ``org`` writes to (and only it may write)."""
    return f"zvh.partner.{_check_partner(org)}.to-zvh.v1"


def partner_from_zvh(org: str) -> str:
    """The topic partner ``org`` reads from (and only it may read)."""
    return f"zvh.partner.{_check_partner(org)}.from-zvh.v1"


def dlq(service: str) -> str:
    """The dead-letter topic of a service."""
    return f"zvh.dlq.{service}.v1"


def partner_of(topic: str) -> str | None:
    """The partner code a partner topic belongs to; ``None`` for any other topic."""
    m = _PARTNER_TOPIC.match(topic)
    return m.group("org") if m and _valid_partner(m.group("org")) else None


def catalogue(partners: Iterable[str]) -> list[TopicSpec]:
    """Every topic for a region with these partner codes."""
    specs = [
        TopicSpec(
            INTAKE_MELDING, 3, 30 * DAY_MS, "Intake: melding received and triaged (ids only)"
        ),
        TopicSpec(OVERLEG_CASUS, 3, 30 * DAY_MS, "Overleg: casus opened, actielijst changes"),
        TopicSpec(OVERLEG_OVERLEG, 3, 30 * DAY_MS, "Overleg: casusoverleg planned and held"),
        TopicSpec(CONSENT_TOESTEMMING, 3, 30 * DAY_MS, "Consent: toestemming given or withdrawn"),
        TopicSpec(
            CONSENT_DOORBREKING, 3, 30 * DAY_MS, "Consent: doorbreking gemeld (ids and codes)"
        ),
        TopicSpec(NOTIFY_BEZORGING, 3, 7 * DAY_MS, "Notify: delivery outcomes"),
    ]
    specs += [TopicSpec(dlq(s), 1, 30 * DAY_MS, f"Dead letters of {s}") for s in SERVICES]
    for org in sorted(set(partners)):
        specs.append(TopicSpec(partner_to_zvh(org), 3, 14 * DAY_MS, f"{org} → ZVH"))
        specs.append(TopicSpec(partner_from_zvh(org), 3, 14 * DAY_MS, f"ZVH → {org}"))
    return specs

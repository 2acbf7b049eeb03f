"""`zvh acl`: the broker's access-control list, generated from the region file.

Partner identity comes from the topic (docs/architecture.md), so the broker must make sure a
partner can only write its own ``to-zvh`` topic and only read its own ``from-zvh`` topic, and that
only the owning service writes an internal topic. Kafka runs with SASL (SCRAM-SHA-512), one user per
partner (``partner-<code>``), per service (``svc-<service>``) and per operator (``ops-<name>``,
or the shared ``operator``), an authorizer and no ``allow.everyone.if.no.acl.found``: whatever
this list does not allow is denied. deploy/kafka/ applies it.

Who writes what comes from the contracts (topic names, ``registry.EVENTS`` publishers,
``registry.PARTNER_TYPE_OWNERS``); who reads what with which consumer group mirrors the services'
``entrypoints/consumers.py`` (tests/test_acl.py holds the two together).

A partner that declares a ``webhook`` in the region has no Kafka client of its own: notify's
webhook bridge reads its from-zvh topic and writes its to-zvh topic for it (after checking the
partner's signature). Only for those partners does notify get these two rights.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from zvh_contracts import registry, topics
from zvh_platform.region import Region, load_region

#: The ZVH itself is in the region file but is no broker client: it has no partner user.
ZVH_ORG = "zvh"
#: The shared operator principal when no named operators are given.
OPERATOR = "User:operator"

TOPIC = "TOPIC"
GROUP = "GROUP"
LITERAL = "LITERAL"
PREFIXED = "PREFIXED"
READ = "READ"
WRITE = "WRITE"
ALLOW = "ALLOW"

#: The consumer groups of the services (their entrypoints/consumers.py ``GROUP``).
INTAKE_GROUP = "zvh-intake"
OVERLEG_GROUP = "zvh-overleg"
NOTIFY_GROUP = "zvh-notify"
#: The webhook bridge's group (notify's ``consumers.webhook_group()``).
NOTIFY_WEBHOOK_GROUP = f"{NOTIFY_GROUP}.webhook"
#: Operators may consume with any group of their own.
OPERATOR_GROUP_PREFIX = "ops-"

#: Internal topics and the services that consume them (and with which group).
INTERNAL_READERS: dict[str, tuple[tuple[str, str], ...]] = {
    topics.INTAKE_MELDING: (("overleg", OVERLEG_GROUP), ("notify", NOTIFY_GROUP)),
    topics.OVERLEG_CASUS: (("notify", NOTIFY_GROUP),),
    topics.OVERLEG_OVERLEG: (("notify", NOTIFY_GROUP),),
    topics.CONSENT_DOORBREKING: (("notify", NOTIFY_GROUP),),
}


@dataclass(frozen=True, order=True)
class Rule:
    """One ALLOW entry of the broker's ACL."""

    principal: str
    resource_type: str
    resource_name: str
    pattern: str
    operation: str
    permission: str = ALLOW


def partner_principal(code: str) -> str:
    return f"User:partner-{code}"


def service_principal(service: str) -> str:
    return f"User:svc-{service}"


#: Operator names become user names and shell words: lower case, digits, dots and dashes.
_OPERATOR_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{0,62}")


def operator_principal(name: str) -> str:
    if not _OPERATOR_NAME.fullmatch(name):
        raise ValueError(f"ongeldige operatornaam: {name!r}")
    return f"User:ops-{name}"


def partner_group_prefix(code: str) -> str:
    """The consumer groups a partner may use: its own prefix, so it cannot join a service's.

    It ends in a dot, which no partner code contains: with ``partner-<code>-`` partner
    ``gemeente`` could join the groups of ``gemeente-roosendaal``."""
    return f"partner-{code}."


def intake_group(code: str) -> str:
    """Intake reads each partner's to-zvh topic in a group of its own (fairness)."""
    return f"{INTAKE_GROUP}.{code}"


def owner_of(topic: str) -> str:
    """The service that owns an internal topic: ``zvh.<service>.…`` (dead letters included)."""
    parts = topic.split(".")
    owner = parts[2] if parts[1] == "dlq" else parts[1]
    if owner not in topics.SERVICES:
        raise ValueError(f"geen dienst-topic: {topic}")
    return owner


def from_zvh_writers() -> list[str]:
    """The services that publish on partners' from-zvh topics (receipts and notifications)."""
    return sorted({s.publisher for s in registry.EVENTS.values() if s.topic == registry.FROM_ZVH})


def to_zvh_readers() -> list[str]:
    """The services that take in partner messages; intake answers every unknown type too."""
    return sorted({*registry.PARTNER_TYPE_OWNERS.values(), "intake"})


def external_partners(region: Region) -> list[str]:
    return sorted(set(region.partner_codes()) - {ZVH_ORG})


def webhook_partners(region: Region) -> list[str]:
    """The external partners reached over notify's webhook bridge instead of their own client."""
    return sorted(p.code for p in region.webhook_partners() if p.code != ZVH_ORG)


def _topic(principal: str, name: str, operation: str) -> Rule:
    return Rule(principal, TOPIC, name, LITERAL, operation)


def _group(principal: str, name: str, pattern: str = LITERAL) -> Rule:
    return Rule(principal, GROUP, name, pattern, READ)


def _read_to_zvh(service: str, code: str) -> list[Rule]:
    p = service_principal(service)
    group = {"intake": intake_group(code), "overleg": OVERLEG_GROUP}.get(service)
    if group is None:
        raise ValueError(f"geen consumergroep bekend voor {service} op to-zvh-topics")
    return [_topic(p, topics.partner_to_zvh(code), READ), _group(p, group)]


def rules(region: Region, operators: Sequence[str] = ()) -> list[Rule]:
    """Every ALLOW rule for ``region``; ``operators`` names ``ops-<name>`` users (default: the
    shared ``operator``). Sorted, without duplicates."""
    out: set[Rule] = set()
    codes = external_partners(region)
    for code in codes:
        p = partner_principal(code)
        out.add(_topic(p, topics.partner_to_zvh(code), WRITE))
        out.add(_topic(p, topics.partner_from_zvh(code), READ))
        out.add(_group(p, partner_group_prefix(code), PREFIXED))
        for service in from_zvh_writers():
            out.add(_topic(service_principal(service), topics.partner_from_zvh(code), WRITE))
        for service in to_zvh_readers():
            out.update(_read_to_zvh(service, code))
    notify = service_principal("notify")
    for code in webhook_partners(region):
        out.add(_topic(notify, topics.partner_from_zvh(code), READ))
        out.add(_group(notify, NOTIFY_WEBHOOK_GROUP))
        out.add(_topic(notify, topics.partner_to_zvh(code), WRITE))

    internal = [s.name for s in topics.catalogue(()) if not s.name.startswith("zvh.dlq.")]
    for name in internal:
        out.add(_topic(service_principal(owner_of(name)), name, WRITE))
        for service, group in INTERNAL_READERS.get(name, ()):
            out.add(_topic(service_principal(service), name, READ))
            out.add(_group(service_principal(service), group))
    for service in topics.SERVICES:
        out.add(_topic(service_principal(service), topics.dlq(service), WRITE))

    # Operators: dead-letter references and the internal topics (ids and codes only,
    # docs/architecture.md rule 2), never a partner topic (case content).
    ops = [operator_principal(n) for n in operators] or [OPERATOR]
    for op in ops:
        for name in [*internal, *(topics.dlq(s) for s in topics.SERVICES)]:
            out.add(_topic(op, name, READ))
        out.add(_group(op, OPERATOR_GROUP_PREFIX, PREFIXED))
    return sorted(out)


# --- output formats -------------------------------------------------------------------------


def format_table(acl: Iterable[Rule]) -> str:
    rows = [("principal", "resource", "name", "pattern", "operation")]
    rows += [(r.principal, r.resource_type, r.resource_name, r.pattern, r.operation) for r in acl]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def kafka_acls_line(rule: Rule) -> str:
    """One ``kafka-acls.sh --add`` command (without broker options: apply-acls.sh adds them)."""
    resource = "--topic" if rule.resource_type == TOPIC else "--group"
    return (
        f"kafka-acls.sh --add --allow-principal {rule.principal}"
        f" --operation {rule.operation.capitalize()} {resource} {rule.resource_name}"
        f" --resource-pattern-type {rule.pattern.lower()}"
    )


def parse_kafka_acls_line(line: str) -> Rule:
    """The rule a ``kafka_acls_line`` stands for; ValueError for anything else."""
    words = line.split()
    if words[:2] != ["kafka-acls.sh", "--add"] or len(words) != 10:
        raise ValueError(f"geen kafka-acls.sh --add-regel: {line!r}")
    opts = dict(zip(words[2::2], words[3::2], strict=True))
    kinds = [k for k in ("--topic", "--group") if k in opts]
    expected = {"--allow-principal", "--operation", "--resource-pattern-type", *kinds}
    if len(kinds) != 1 or set(opts) != expected:
        raise ValueError(f"onverwachte opties in {line!r}")
    return Rule(
        principal=opts["--allow-principal"],
        resource_type=TOPIC if kinds[0] == "--topic" else GROUP,
        resource_name=opts[kinds[0]],
        pattern=opts["--resource-pattern-type"].upper(),
        operation=opts["--operation"].upper(),
    )


def format_kafka_acls(acl: Iterable[Rule]) -> str:
    return "\n".join(kafka_acls_line(r) for r in acl)


def format_json(acl: Iterable[Rule]) -> str:
    return json.dumps([asdict(r) for r in acl], indent=2)


FORMATS = {"table": format_table, "kafka-acls": format_kafka_acls, "json": format_json}


def cmd_acl(args: argparse.Namespace) -> int:
    try:
        region = load_region(Path(args.region) if args.region else None)
    except (OSError, ValueError) as exc:
        print(f"regiobestand niet te lezen: {exc}", file=sys.stderr)
        return 2
    try:
        acl = rules(region, args.operator or ())
    except ValueError as exc:
        print(f"geen ACL te maken: {exc}", file=sys.stderr)
        return 2
    print(FORMATS[args.format](acl))
    return 0


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--region", help="region file (default: the packaged demo region)")
    p.add_argument("--format", choices=sorted(FORMATS), default="table")
    p.add_argument(
        "--operator",
        action="append",
        metavar="NAME",
        help="an operator user ops-NAME (repeatable; default: the shared user 'operator')",
    )

"""`zvh acl` on the demo region: partners confined to their own topics, internal topics written
only by their owner, dead letters read only by operators, and the rules the services' own
consumers need (read straight from their entrypoints, so a new subscription without an ACL fails
here rather than on the broker)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from zvh_contracts import registry, topics
from zvh_intake.entrypoints import consumers as intake_consumers
from zvh_local import acl
from zvh_local.acl import READ, WRITE, Rule
from zvh_local.bench_flow import group_topics
from zvh_local.cli import parser
from zvh_notify.entrypoints import consumers as notify_consumers
from zvh_overleg.entrypoints import consumers as overleg_consumers
from zvh_platform.region import Partner, Region, load_region

REGION = load_region(None)
ACL = acl.rules(REGION)
POLITIE = acl.partner_principal("politie-zwb")
GEMEENTE = "gemeente-bergen-op-zoom"
PARTNERS = acl.external_partners(REGION)
WEBHOOK_PARTNERS = acl.webhook_partners(REGION)
CATALOGUE = [s.name for s in topics.catalogue(REGION.partner_codes())]


def allowed(
    principal: str, operation: str, name: str, *, kind: str = acl.TOPIC, rules: list[Rule] = ACL
) -> bool:
    """What the broker's authorizer answers: a LITERAL rule matches the name, a PREFIXED one its
    start; no rule means denied."""
    return any(
        r.principal == principal
        and r.operation == operation
        and r.resource_type == kind
        and r.permission == acl.ALLOW
        and (
            r.resource_name == name
            if r.pattern == acl.LITERAL
            else name.startswith(r.resource_name)
        )
        for r in rules
    )


def principals() -> set[str]:
    return {r.principal for r in ACL}


def who(operation: str, name: str) -> set[str]:
    return {p for p in principals() if allowed(p, operation, name)}


# --- the acceptance test of issue 8 ---------------------------------------------------------


def test_politie_cannot_write_as_gemeente_nor_read_gemeentes_messages() -> None:
    assert not allowed(POLITIE, WRITE, topics.partner_to_zvh(GEMEENTE))
    assert not allowed(POLITIE, READ, topics.partner_from_zvh(GEMEENTE))
    assert not allowed(POLITIE, READ, topics.partner_from_zvh("ggz-wnb"))
    assert not allowed(POLITIE, WRITE, topics.INTAKE_MELDING)  # no forged triage event
    # … while its own topics work.
    assert allowed(POLITIE, WRITE, topics.partner_to_zvh("politie-zwb"))
    assert allowed(POLITIE, READ, topics.partner_from_zvh("politie-zwb"))


def test_a_partner_has_exactly_its_own_topics_and_group_prefix() -> None:
    for code in PARTNERS:
        p = acl.partner_principal(code)
        assert sorted(r for r in ACL if r.principal == p) == sorted(
            [
                Rule(p, acl.TOPIC, topics.partner_to_zvh(code), acl.LITERAL, WRITE),
                Rule(p, acl.TOPIC, topics.partner_from_zvh(code), acl.LITERAL, READ),
                Rule(p, acl.GROUP, f"partner-{code}.", acl.PREFIXED, READ),
            ]
        )
        # Its group prefix does not reach a service's group.
        assert not allowed(p, READ, intake_consumers.partner_group(code), kind=acl.GROUP)
        assert not allowed(p, READ, overleg_consumers.GROUP, kind=acl.GROUP)


def test_a_partner_code_that_starts_another_reaches_none_of_its_groups() -> None:
    region = Region(
        naam="Test",
        partners=[
            Partner(code=c, naam=c, email=f"{c}@x.nl") for c in ("gemeente", "gemeente-roosendaal")
        ],
        users=[],
    )
    rules = acl.rules(region)
    gemeente = acl.partner_principal("gemeente")
    assert allowed(gemeente, READ, "partner-gemeente.inbox", kind=acl.GROUP, rules=rules)
    assert not allowed(
        gemeente, READ, "partner-gemeente-roosendaal.inbox", kind=acl.GROUP, rules=rules
    )


def test_the_zvh_itself_is_no_partner_user_and_nobody_writes_its_topics() -> None:
    assert acl.partner_principal("zvh") not in principals()
    assert who(WRITE, topics.partner_to_zvh("zvh")) == set()
    assert who(READ, topics.partner_from_zvh("zvh")) == set()


# --- internal topics and dead letters -------------------------------------------------------


def test_only_intake_writes_the_melding_stream() -> None:
    assert who(WRITE, topics.INTAKE_MELDING) == {acl.service_principal("intake")}


def test_every_internal_topic_is_written_by_its_publisher_only() -> None:
    publishers: dict[str, set[str]] = {}
    for spec in registry.EVENTS.values():
        if spec.internal:
            publishers.setdefault(spec.topic, set()).add(acl.service_principal(spec.publisher))
    assert publishers, "the registry lists internal events"
    for name, expected in publishers.items():
        assert who(WRITE, name) == expected, name
    assert who(WRITE, topics.NOTIFY_BEZORGING) == {acl.service_principal("notify")}


def test_nobody_but_operators_reads_a_dead_letter_topic() -> None:
    for service in topics.SERVICES:
        name = topics.dlq(service)
        assert who(READ, name) == {acl.OPERATOR}, name
        assert who(WRITE, name) == {acl.service_principal(service)}, name


def test_named_operators_replace_the_shared_one_and_never_read_partner_topics() -> None:
    rules = acl.rules(REGION, ["de-vries"])
    ops = {r.principal for r in rules if r.principal.startswith("User:op")}
    assert ops == {"User:ops-de-vries"}
    assert allowed("User:ops-de-vries", READ, topics.dlq("intake"), rules=rules)
    for name in CATALOGUE:
        if topics.partner_of(name) is not None:
            assert not allowed("User:ops-de-vries", READ, name, rules=rules), name
    with pytest.raises(ValueError):
        acl.rules(REGION, ["de vries; rm"])


def test_no_service_writes_a_to_zvh_topic_or_reads_a_from_zvh_topic() -> None:
    """…except notify's webhook bridge, for exactly the partners that declare a webhook."""
    notify = acl.service_principal("notify")
    for code in [*PARTNERS, "zvh"]:
        bridge = {notify} if code in WEBHOOK_PARTNERS else set()
        assert {p for p in who(WRITE, topics.partner_to_zvh(code)) if "svc-" in p} == bridge
        assert {p for p in who(READ, topics.partner_from_zvh(code)) if "svc-" in p} == bridge


def test_the_demo_region_has_a_webhook_partner_and_others_without() -> None:
    assert WEBHOOK_PARTNERS == ["woonkwartier"]
    assert set(PARTNERS) - set(WEBHOOK_PARTNERS)


def test_notify_acts_for_a_webhook_partner_only_on_that_partners_own_topics() -> None:
    """The topic ACL rule stays intact: the bridge writes a webhook partner's to-zvh topic and
    reads its from-zvh topic, and no other partner's; the partner's own rights are unchanged."""
    notify = acl.service_principal("notify")
    code = WEBHOOK_PARTNERS[0]
    assert allowed(notify, WRITE, topics.partner_to_zvh(code))
    assert allowed(notify, READ, topics.partner_from_zvh(code))
    assert allowed(notify, READ, acl.NOTIFY_WEBHOOK_GROUP, kind=acl.GROUP)
    for other in set(PARTNERS) - {code}:
        assert not allowed(notify, WRITE, topics.partner_to_zvh(other)), other
        assert not allowed(notify, READ, topics.partner_from_zvh(other)), other


def test_a_region_without_webhooks_gives_notify_no_partner_topic_to_read_or_write() -> None:
    region = Region(
        naam="Test",
        partners=[p.model_copy(update={"webhook": None}) for p in REGION.partners],
        users=[],
    )
    rules = acl.rules(region)
    notify = acl.service_principal("notify")
    for code in PARTNERS:
        assert not allowed(notify, WRITE, topics.partner_to_zvh(code), rules=rules)
        assert not allowed(notify, READ, topics.partner_from_zvh(code), rules=rules)
    assert not allowed(notify, READ, acl.NOTIFY_WEBHOOK_GROUP, kind=acl.GROUP, rules=rules)


def test_every_topic_has_a_writer_and_a_reader() -> None:
    for name in topics.catalogue(PARTNERS):
        assert who(WRITE, name.name), f"{name.name} has no writer"
        assert who(READ, name.name), f"{name.name} has no reader"


def test_partner_topics_have_the_writers_and_readers_the_services_use() -> None:
    receipts = {acl.service_principal(s) for s in ("intake", "overleg", "notify")}
    for code in PARTNERS:
        p = acl.partner_principal(code)
        bridge = {acl.service_principal("notify")} if code in WEBHOOK_PARTNERS else set()
        assert who(WRITE, topics.partner_from_zvh(code)) == receipts
        assert who(READ, topics.partner_from_zvh(code)) == {p} | bridge
        assert who(WRITE, topics.partner_to_zvh(code)) == {p} | bridge
        assert who(READ, topics.partner_to_zvh(code)) == {
            acl.service_principal("intake"),
            acl.service_principal("overleg"),
        }


# --- the services' own subscriptions --------------------------------------------------------


class RecordingConsumers:
    """Stands in for zvh_platform.consuming.Consumers: keeps each subscription and its group."""

    def __init__(self) -> None:
        self.subscriptions: set[tuple[str, str]] = set()

    def subscribe(self, *names: str, group: str, **_: Any) -> None:
        self.subscriptions.update((n, group) for n in names)

    subscribe_batch = subscribe


def subscriptions() -> dict[str, set[tuple[str, str]]]:
    codes = REGION.partner_codes()
    seen = {s: RecordingConsumers() for s in ("intake", "overleg", "notify")}
    intake_consumers.register_consumers(
        seen["intake"],  # type: ignore[arg-type]
        partner_codes=codes,
        intake=None,  # type: ignore[arg-type]
    )
    overleg_consumers.register_consumers(
        seen["overleg"],  # type: ignore[arg-type]
        partner_codes=codes,
        uow=None,  # type: ignore[arg-type]
        clock=None,  # type: ignore[arg-type]
    )
    notify_consumers.register_consumers(
        seen["notify"],  # type: ignore[arg-type]
        uow_factory=None,  # type: ignore[arg-type]
        partners=None,  # type: ignore[arg-type]
        clock=None,  # type: ignore[arg-type]
        after_commit=lambda: None,
    )
    notify_consumers.register_webhook_consumers(
        seen["notify"],  # type: ignore[arg-type]
        uow_factory=None,  # type: ignore[arg-type]
        partner_codes=[p.code for p in REGION.webhook_partners()],
        clock=None,  # type: ignore[arg-type]
        after_commit=lambda: None,
    )
    return {s: c.subscriptions for s, c in seen.items()}


def test_every_service_subscription_is_allowed_with_its_group() -> None:
    subs = subscriptions()
    assert all(subs.values())
    for service, pairs in subs.items():
        p = acl.service_principal(service)
        for name, group in pairs:
            assert allowed(p, READ, name), (service, name)
            assert allowed(p, READ, group, kind=acl.GROUP), (service, group)


def test_services_read_nothing_they_do_not_subscribe_to() -> None:
    subs = subscriptions()
    for service in topics.SERVICES:
        p = acl.service_principal(service)
        granted_topics = {
            r.resource_name
            for r in ACL
            if r.principal == p and r.operation == READ and r.resource_type == acl.TOPIC
        }
        granted_groups = {
            r.resource_name
            for r in ACL
            if r.principal == p and r.operation == READ and r.resource_type == acl.GROUP
        }
        assert granted_topics == {n for n, _ in subs.get(service, set())}, service
        assert granted_groups == {g for _, g in subs.get(service, set())}, service
        assert all(r.pattern == acl.LITERAL for r in ACL if r.principal == p), service


def test_the_bench_groups_agree() -> None:
    for group, names in group_topics().items():
        service = group.removeprefix("zvh-").split(".")[0]
        p = acl.service_principal(service)
        assert allowed(p, READ, group, kind=acl.GROUP), group
        assert all(allowed(p, READ, n) for n in names), group


# --- output formats -------------------------------------------------------------------------


def test_kafka_acls_lines_round_trip() -> None:
    lines = acl.format_kafka_acls(ACL).splitlines()
    assert len(lines) == len(ACL)
    assert [acl.parse_kafka_acls_line(line) for line in lines] == ACL
    assert lines[0].startswith("kafka-acls.sh --add --allow-principal User:")


@pytest.mark.parametrize(
    "line",
    [
        "kafka-acls.sh --remove --allow-principal User:x --operation Read --topic t"
        " --resource-pattern-type literal",
        "kafka-acls.sh --add --allow-principal User:x --operation Read --topic t --group g",
        "kafka-acls.sh --add --deny-principal User:x --operation Read --topic t"
        " --resource-pattern-type literal",
        "",
    ],
)
def test_other_kafka_acls_lines_are_refused(line: str) -> None:
    with pytest.raises(ValueError):
        acl.parse_kafka_acls_line(line)


def test_json_is_the_rule_list() -> None:
    data = json.loads(acl.format_json(ACL))
    assert [Rule(**d) for d in data] == ACL
    assert set(data[0]) == {
        "principal",
        "resource_type",
        "resource_name",
        "pattern",
        "operation",
        "permission",
    }


def test_cli_reads_a_region_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    region = tmp_path / "regio.json"
    region.write_text(
        json.dumps(
            {
                "naam": "Test",
                "partners": [
                    {"code": "zvh", "naam": "ZVH", "email": "zvh@x.nl"},
                    {"code": "politie-x", "naam": "Politie", "email": "p@x.nl"},
                ],
                "users": [],
            }
        ),
        encoding="utf-8",
    )
    args = parser().parse_args(["acl", "--region", str(region), "--format", "json"])
    assert args.func(args) == 0
    rules = [Rule(**d) for d in json.loads(capsys.readouterr().out)]
    assert {r.principal for r in rules if "partner-" in r.principal} == {"User:partner-politie-x"}
    args = parser().parse_args(["acl", "--region", str(region)])
    assert args.func(args) == 0
    table = capsys.readouterr().out
    assert "zvh.partner.politie-x.to-zvh.v1" in table and "politie-zwb" not in table


def test_cli_refuses_an_unreadable_region(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = parser().parse_args(["acl", "--region", str(tmp_path / "nergens.json")])
    assert args.func(args) == 2
    assert "regiobestand niet te lezen" in capsys.readouterr().err

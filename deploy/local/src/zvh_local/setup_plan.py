"""`zvh setup-plan DIR`: what a broker needs before the services start, as three plain files.

The compose ``setup`` step (deploy/compose) has the region's knowledge in the ZVH image and the
Kafka tools in Kafka's image, so it runs in two containers: ``setup-plan`` (this command) writes

- ``users.txt``  — one SCRAM user per line (every principal of ``zvh acl``),
- ``topics.txt`` — ``<name> <partitions> <retention.ms>`` per catalogue topic (what the services'
  ``ensure_topics`` would create, which they may not do under the ACLs),
- ``acls.txt``   — ``zvh acl --format kafka-acls``,

and ``setup`` (deploy/compose/kafka/setup.sh, in the Kafka image) applies them with
deploy/kafka/create-users.sh, ``kafka-topics.sh --create --if-not-exists`` and
deploy/kafka/apply-acls.sh. No password is ever in these files.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from zvh_contracts import topics
from zvh_platform.region import Region, load_region

from zvh_local.acl import format_kafka_acls, rules

FILES = ("users.txt", "topics.txt", "acls.txt")


def plan(region: Region, operators: tuple[str, ...] = ()) -> dict[str, str]:
    """The three files' contents for ``region``."""
    acl = rules(region, operators)
    users = sorted({r.principal.removeprefix("User:") for r in acl})
    specs = topics.catalogue(region.partner_codes())
    return {
        "users.txt": "\n".join(users) + "\n",
        "topics.txt": "\n".join(f"{s.name} {s.partitions} {s.retention_ms}" for s in specs) + "\n",
        "acls.txt": format_kafka_acls(acl) + "\n",
    }


def cmd_setup_plan(args: argparse.Namespace) -> int:
    try:
        region = load_region(Path(args.region) if args.region else None)
        contents = plan(region, tuple(args.operator or ()))
    except (OSError, ValueError) as exc:
        print(f"geen setup-plan te maken: {exc}", file=sys.stderr)
        return 2
    out = Path(args.dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, text in contents.items():
        (out / name).write_text(text, encoding="utf-8")
    counts = {name: text.count("\n") for name, text in contents.items()}
    print(
        f"{counts['users.txt']} users, {counts['topics.txt']} topics, "
        f"{counts['acls.txt']} ACL rules written to {out}",
        file=sys.stderr,
    )
    return 0


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "setup-plan",
        help="write the broker's users, topics and ACLs for the compose setup container",
    )
    p.add_argument("dir", help="directory to write users.txt, topics.txt and acls.txt to")
    p.add_argument(
        "--region",
        default=os.environ.get("ZVH_REGION_FILE") or None,
        help="region file (env ZVH_REGION_FILE; default: the packaged demo region)",
    )
    p.add_argument(
        "--operator",
        action="append",
        metavar="NAME",
        help="an operator user ops-NAME (repeatable; default: the shared user 'operator')",
    )
    p.set_defaults(func=cmd_setup_plan)

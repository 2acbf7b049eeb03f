"""`zvh dlq`: list a service's dead letters and replay one, as the demo beheerder; list notify's
given-up bezorgingen (the retry window ran out) and retry one (`zvh dlq opnieuw <id>`).

Locally the token is minted for ``beheer.dekker`` with the dev secret (like the demo adapter
does); against a real deployment pass ``--token`` from your own sign-in.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

import httpx
from zvh_platform.auth import lokaal_token
from zvh_platform.region import load_region

from zvh_local.ports import Ports

BEHEERDER = "beheer.dekker"
SERVICES = ("intake", "overleg", "consent", "notify")


def local_token(user_id: str = BEHEERDER) -> str:
    """A token for a demo user, signed with the local dev secret."""
    user = load_region(None).user(user_id)
    if user is None:
        raise SystemExit(f"user {user_id} is not in the demo region")
    return lokaal_token(user)


def _url(args: argparse.Namespace, service: str) -> str:
    override = getattr(args, f"{service}_url", None)
    return str(override or Ports().url(service))


def _get(client: httpx.Client, url: str) -> list[dict[str, Any]]:
    response = client.get(f"{url}/beheer/dead-letters")
    response.raise_for_status()
    return list(response.json())


def format_row(row: dict[str, Any]) -> str:
    replay = row["replay_result"] or "-"
    return (
        f"{row['id']}  {row['service']:<8} {row['created_at'][:19]}  "
        f"{row['topic']}[{row['partition']}]@{row['offset']}  {row['error_type']}: "
        f"{row['error_text'][:80]}  replay={replay}"
    )


def format_bezorging(row: dict[str, Any]) -> str:
    """One given-up bezorging: ids, codes, counts and the error type (no address or text)."""
    fout = row["fout_type"] or "-"
    heropend = f"  heropend door {row['heropend_door']}" if row["heropend_door"] else ""
    return (
        f"{row['bezorging_id']}  {row['kanaal']:<13} {row['ontvanger']:<20} "
        f"{row['event_type']}  pogingen={row['pogingen']}  fout={fout}  "
        f"sinds {row['venster_start'][:19]}{heropend}"
    )


def _opgegeven(client: httpx.Client, url: str) -> list[dict[str, Any]]:
    response = client.get(f"{url}/beheer/bezorgingen", params={"status": "opgegeven"})
    response.raise_for_status()
    return list(response.json())


def problem(service: str, exc: httpx.HTTPError) -> str:
    """What went wrong asking ``service``: refused (with the service's reason) or unreachable."""
    if isinstance(exc, httpx.HTTPStatusError):
        return f"{service}: {_detail(exc.response)} (HTTP {exc.response.status_code})"
    return f"{service}: not reachable ({type(exc).__name__})"


def cmd_list(args: argparse.Namespace) -> int:
    services = [args.service] if args.service else list(SERVICES)
    headers = {"Authorization": f"Bearer {args.token or local_token()}"}
    total = 0
    with httpx.Client(headers=headers, timeout=10.0) as client:
        for service in services:
            try:
                rows = _get(client, _url(args, service))
            except httpx.HTTPError as exc:
                print(problem(service, exc), file=sys.stderr)
                continue
            for row in rows:
                print(format_row(row))
            total += len(rows)
        print(f"{total} dead letter(s)")
        if "notify" in services:
            _list_opgegeven(client, _url(args, "notify"))
    return 0


def _list_opgegeven(client: httpx.Client, url: str) -> None:
    print("\nopgegeven bezorgingen (notify; retry with `zvh dlq opnieuw <id>`):")
    try:
        rows = _opgegeven(client, url)
    except httpx.HTTPError as exc:
        print(problem("notify", exc), file=sys.stderr)
        return
    for row in rows:
        print(format_bezorging(row))
    print(f"{len(rows)} opgegeven bezorging(en)")


def cmd_opnieuw(args: argparse.Namespace) -> int:
    headers = {"Authorization": f"Bearer {args.token or local_token()}"}
    url = f"{_url(args, 'notify')}/beheer/bezorgingen/{args.id}/opnieuw"
    with httpx.Client(headers=headers, timeout=30.0) as client:
        response = client.post(url)
    if response.status_code in (404, 409, 422):
        print(f"notify: {_detail(response)} ({args.id})", file=sys.stderr)
        return 1
    response.raise_for_status()
    print(format_bezorging(response.json()))
    return 0


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        detail = None
    return detail if isinstance(detail, str) else f"HTTP {response.status_code}"


def cmd_replay(args: argparse.Namespace) -> int:
    headers = {"Authorization": f"Bearer {args.token or local_token()}"}
    url = f"{_url(args, args.service)}/beheer/dead-letters/{args.id}/replay"
    with httpx.Client(headers=headers, timeout=60.0) as client:
        response = client.post(url)
    if response.status_code == 404:
        print(f"{args.service}: no dead letter {args.id}", file=sys.stderr)
        return 1
    response.raise_for_status()
    row = response.json()
    print(format_row(row))
    return 0 if row["replay_result"] == "verwerkt" else 1


def add_parser(sub: Any) -> None:
    """Register `zvh dlq list` and `zvh dlq replay` on the CLI's subparsers."""
    dlq = sub.add_parser("dlq", help="inspect and replay dead letters (role beheerder)")
    dlq_sub = dlq.add_subparsers(dest="dlq_command", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--token", help="bearer token (default: minted locally for beheer.dekker)")
        for service in SERVICES:
            p.add_argument(f"--{service}-url", help=f"base URL of {service}")

    ls = dlq_sub.add_parser("list", help="list dead letters (no bodies)")
    ls.add_argument("--service", choices=SERVICES, help="only this service")
    common(ls)
    ls.set_defaults(func=cmd_list)

    rp = dlq_sub.add_parser("replay", help="run the service's handler again for one dead letter")
    rp.add_argument("service", choices=SERVICES)
    rp.add_argument("id", help="dead-letter id (from `zvh dlq list`)")
    common(rp)
    rp.set_defaults(func=cmd_replay)

    op = dlq_sub.add_parser(
        "opnieuw", help="retry a given-up (opgegeven) bezorging of notify with a new window"
    )
    op.add_argument("id", help="bezorging id (from `zvh dlq list`)")
    common(op)
    op.set_defaults(func=cmd_opnieuw)

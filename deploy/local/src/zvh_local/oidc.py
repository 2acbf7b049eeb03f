"""The local OIDC stand-in: one real OpenID Connect provider per organisation of the region.

`zvh up` starts this as its own process (``python -m zvh_local.oidc --region FILE``). Each
organisation whose issuer in the region file is a local address gets a provider (the PyPI package
``oidc-provider-mock``) on that issuer's port, holding that organisation's demo users with the
claims its real provider would send: the name and the role values the region maps (so the
mapping per issuer is exercised too). Overleg speaks to them exactly as to a real provider:
discovery, authorization-code flow with PKCE, ID token signed with the provider's own key.

Not for production: the provider accepts any client and shows a user picker instead of a password.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from zvh_platform.region import Identiteit, Partner, Region, load_region

from zvh_local.procs import child_preexec, stop_process

LOCAL_HOSTS = ("127.0.0.1", "localhost")


def is_local(identiteit: Identiteit) -> bool:
    return urlsplit(identiteit.issuer).hostname in LOCAL_HOSTS


def issuer_port(identiteit: Identiteit) -> int:
    port = urlsplit(identiteit.issuer).port
    if port is None:
        raise ValueError(f"issuer {identiteit.issuer} has no port")
    return port


def claims_for(region: Region, partner: Partner) -> dict[str, dict[str, object]]:
    """sub → ID token claims of the partner's demo users, roles in the issuer's own words."""
    identiteit = partner.identiteit
    assert identiteit is not None
    terug = {zvh_rol: waarde for waarde, zvh_rol in identiteit.rollen.items()}
    return {
        u.id: {
            identiteit.naam_claim: u.naam,
            identiteit.rollen_claim: [terug[r] for r in u.roles if r in terug],
        }
        for u in region.users
        if u.org == partner.code
    }


def with_ports(region: Region, ports: dict[str, int]) -> Region:
    """The region with the local issuers moved to ``ports`` (code → port), for free-port stacks."""
    partners = []
    for p in region.partners:
        if p.identiteit is not None and p.code in ports and is_local(p.identiteit):
            issuer = f"http://127.0.0.1:{ports[p.code]}"
            p = p.model_copy(
                update={"identiteit": p.identiteit.model_copy(update={"issuer": issuer})}
            )
        partners.append(p)
    return region.model_copy(update={"partners": partners})


def local_partners(region: Region) -> list[Partner]:
    return [p for p in region.met_identiteit() if p.identiteit and is_local(p.identiteit)]


@contextmanager
def providers(region: Region) -> Iterator[list[str]]:
    """Serve a provider for every local issuer of ``region`` (threads) until the block ends."""
    import oidc_provider_mock
    import werkzeug.serving

    servers = []
    threads = []
    try:
        for partner in local_partners(region):
            assert partner.identiteit is not None
            users = [
                oidc_provider_mock.User(sub=sub, claims=claims)
                for sub, claims in claims_for(region, partner).items()
            ]
            app = oidc_provider_mock.app(require_nonce=True, user_claims=users)
            server = werkzeug.serving.make_server(
                "127.0.0.1", issuer_port(partner.identiteit), app, threaded=True
            )
            thread = threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True)
            thread.start()
            servers.append(server)
            threads.append(thread)
        yield [p.identiteit.issuer for p in local_partners(region) if p.identiteit]
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join(2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zvh_local.oidc", description=__doc__)
    parser.add_argument("--region", type=Path, default=None, help="region file (default: demo)")
    args = parser.parse_args(argv)
    region = load_region(args.region)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with providers(region) as issuers:
        print(json.dumps({"issuers": issuers}), flush=True)
        stop.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())


class OidcStandIn:
    """The stand-in as a child process of the local stack, with its log file."""

    def __init__(
        self, *, region: Region, region_file: Path, log_path: Path, env: dict[str, str]
    ) -> None:
        #: The region as the stack wrote it to ``region_file`` (not read back: ``load_region``
        #: caches per path, and a later stack over the same var dir has other ports).
        self.region = region
        self.region_file = region_file
        self.log_path = log_path
        self.env = env
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, *, timeout_s: float = 30.0) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "zvh_local.oidc", "--region", str(self.region_file)],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=child_preexec,
        )
        log.close()
        deadline = time.monotonic() + timeout_s
        for partner in local_partners(self.region):
            assert partner.identiteit is not None
            url = partner.identiteit.issuer + "/.well-known/openid-configuration"
            while True:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"the OIDC stand-in exited; see {self.log_path}")
                try:
                    if httpx.get(url, timeout=1.0).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the OIDC stand-in did not answer on {url}")
                time.sleep(0.1)

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc, timeout_s=5.0)
            self.proc = None

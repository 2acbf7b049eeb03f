"""The whole local stack: broker, topics, SMTP, the four services; started and stopped in order.

Used by `zvh up` with the fixed ports and by the end-to-end and browser tests with free ones.
The databases under the var dir outlive a stop (``fresh=True`` wipes them first); the broker is
memory only, so every start has an empty one. ``tick()`` restarts services that crashed.
"""

from __future__ import annotations

import os
import shutil
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

from zvh_platform.region import Region, load_region
from zvh_platform.testing import free_port

from zvh_local.broker import Broker, create_topics_sync
from zvh_local.demo import Endpoints
from zvh_local.mail import MailServer
from zvh_local.oidc import OidcStandIn, local_partners, with_ports
from zvh_local.ports import Ports, PortTaken, check_free, in_use
from zvh_local.restarts import RestartPolicy, Restarts
from zvh_local.services import SERVICES, ServiceProcess

#: What `zvh up` says on every start, and README's "Restarting" section says the same.
RESTART_NOTE = (
    "The broker (tansu) keeps nothing across a restart: messages that were not yet consumed "
    "when the stack stopped, and the consumer offsets, are gone. Nothing a service committed is "
    "lost: meldingen, casussen, bezorgingen and the consent decision log stay in the databases, "
    "and outbox messages not yet published are sent now."
)

#: Inherited variables that would make the services share state or point elsewhere.
_DROPPED_ENV = ("ZVH_DATABASE_URL", "ZVH_TELEMETRY_DIR", "ZVH_SERVICE")


def issuer_port_of(issuer: str) -> int:
    from urllib.parse import urlsplit

    return urlsplit(issuer).port or 80


def _say(msg: str) -> None:
    print(msg, flush=True)


class Stack:
    """Broker, SMTP and the four services of one local deployment under ``var_dir``."""

    def __init__(
        self,
        *,
        var_dir: Path,
        ports: Ports | None = None,
        say: Callable[[str], None] = _say,
        health_timeout_s: float = 90.0,
        extra_env: dict[str, str] | None = None,
        database_urls: dict[str, str] | None = None,
        fresh: bool = False,
        restart_policy: RestartPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.var_dir = var_dir.resolve()
        #: Wipe the SQLite databases under ``var_dir`` before starting (`zvh up --fresh`).
        self.fresh = fresh
        self.restarts = Restarts(restart_policy)
        self.clock = clock
        #: Set by prepare_var: the databases of an earlier run were kept.
        self.kept_data = False
        #: Restarted after a crash and not yet answering /healthz.
        self._recovering: set[str] = set()
        self.ports = ports or Ports()
        self.say = say
        self.health_timeout_s = health_timeout_s
        self.extra_env = extra_env or {}
        #: Per service an SQLAlchemy URL (PostgreSQL in the fault and bench runs); SQLite otherwise.
        self.database_urls = database_urls or {}
        self.region = self._region()
        self.region_file = self.var_dir / "region.json"
        self.broker = Broker(port=self.ports.broker, log_path=self.var_dir / "log" / "broker.log")
        self.oidc = OidcStandIn(
            region=self.region,
            region_file=self.region_file,
            log_path=self.var_dir / "log" / "oidc.log",
            env={k: v for k, v in os.environ.items() if k not in _DROPPED_ENV},
        )
        self.mail = MailServer(port=self.ports.smtp, maildir=self.var_dir / "mail")
        self.services = {
            name: ServiceProcess(
                name=name,
                port=getattr(self.ports, name),
                env=self.service_env(name),
                log_path=self.var_dir / "log" / f"{name}.log",
            )
            for name in SERVICES
        }

    # -- configuration -------------------------------------------------------------------------

    def _region(self) -> Region:
        """The region the stack serves: ``ZVH_REGION_FILE`` or the demo, issuers on our ports.

        A stack on free ports (the tests) moves every local identity provider to a free port
        too, so two stacks never share one; `zvh up` keeps the ports of the region file.
        """
        given = os.environ.get("ZVH_REGION_FILE")
        region = load_region(Path(given) if given else None)
        if self.ports == Ports():
            return region
        taken = {port for _, port in self.ports.items()}
        chosen: dict[str, int] = {}
        for partner in local_partners(region):
            port = free_port()
            while port in taken:  # free now, but already promised to a service of this stack
                port = free_port()
            taken.add(port)
            chosen[partner.code] = port
        return with_ports(region, chosen)

    def issuers(self) -> dict[str, str]:
        """Partner code → issuer URL of the local identity providers."""
        return {p.code: p.identiteit.issuer for p in local_partners(self.region) if p.identiteit}

    @property
    def bootstrap(self) -> str:
        return self.broker.bootstrap

    def url(self, service: str) -> str:
        return self.ports.url(service)

    def endpoints(self, *, telemetry_dir: Path | None = None) -> Endpoints:
        """Where this stack is, for the demo, the benches and the tests."""
        return Endpoints(
            bootstrap=self.bootstrap,
            intake_url=self.url("intake"),
            overleg_url=self.url("overleg"),
            consent_url=self.url("consent"),
            telemetry_dir=telemetry_dir or self.var_dir / "telemetry",
        )

    def service_env(self, name: str) -> dict[str, str]:
        """The environment of one service process: local env, this var dir, these ports."""
        env = {k: v for k, v in os.environ.items() if k not in _DROPPED_ENV}
        env.update(
            {
                "ZVH_ENV": "local",
                "ZVH_VAR_DIR": str(self.var_dir),
                "ZVH_KAFKA_BOOTSTRAP": self.bootstrap,
                "ZVH_OVERLEG_URL": self.url("overleg"),
                "ZVH_UI_URL": self.url("overleg"),
                "ZVH_INTAKE_URL": self.url("intake"),
                "ZVH_CONSENT_URL": self.url("consent"),
                "ZVH_NOTIFY_URL": self.url("notify"),
                "ZVH_SMTP_HOST": "127.0.0.1",
                "ZVH_SMTP_PORT": str(self.ports.smtp),
                "ZVH_REGION_FILE": str(self.region_file),
                # The demo region's client secret at the OIDC stand-in (which accepts any).
                "ZVH_OIDC_DEMO_CLIENT_SECRET": "lokaal-demo-client-secret",
                "PYTHONUNBUFFERED": "1",
            }
        )
        if name in self.database_urls:
            env["ZVH_DATABASE_URL"] = self.database_urls[name]
        env.update(self.extra_env)
        return env

    # -- lifecycle ---------------------------------------------------------------------------

    def prepare_var(self) -> None:
        """Create the var dir; wipe its databases only on a fresh start.

        The databases are kept by default: what the services committed carries on after a
        restart of the stack (see RESTART_NOTE). Logs are appended; mail and telemetry are kept
        (so `zvh trace` still finds earlier runs). Only the SQLite files of services without a
        database URL count: PostgreSQL databases are prepared by ``zvh_local.postgres``.
        """
        self.var_dir.mkdir(parents=True, exist_ok=True)
        sqlite = [name for name in SERVICES if name not in self.database_urls]
        databases = [
            f
            for name in sqlite
            for suffix in ("", "-wal", "-shm", "-journal")
            if (f := self.var_dir / f"{name}.db{suffix}").exists()
        ]
        if self.fresh and sqlite:
            for f in databases:
                f.unlink()
            self.say(f"• fresh start: removed {len(databases)} database files under {self.var_dir}")
        elif databases:
            self.kept_data = True
            self.say(f"• keeping the databases under {self.var_dir} (`zvh up --fresh` wipes them)")
            self.say(
                textwrap.fill(RESTART_NOTE, width=100, initial_indent="  ", subsequent_indent="  ")
            )
        for sub in ("log", "mail", "telemetry"):
            (self.var_dir / sub).mkdir(exist_ok=True)
        self.region_file.write_text(self.region.model_dump_json(indent=2), encoding="utf-8")

    def start(self) -> None:
        """Start everything in order; on any failure stop what was started and re-raise."""
        check_free(self.ports)
        self._check_issuer_ports()
        self.prepare_var()
        try:
            self.say(f"• broker (tansu) on {self.bootstrap} …")
            self.broker.start()
            created = create_topics_sync(self.bootstrap)
            self.say(f"  {len(created)} topics created")
            self.say(f"• SMTP on 127.0.0.1:{self.ports.smtp} → {self.mail.maildir}")
            self.mail.start()
            self.say(f"• OIDC stand-in: {len(self.issuers())} identity providers (log: oidc.log)")
            self.oidc.start()
            for svc in self.services.values():
                self.say(f"• {svc.name} on {svc.url} (log: {svc.log_path})")
                svc.start()
                self.restarts.forget(svc.name)
                self.restarts.started(svc.name, now=self.clock())
            for svc in self.services.values():
                svc.wait_healthy(timeout_s=self.health_timeout_s, progress=self.say)
                self.say(f"  {svc.name} is healthy")
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Services first (they finish what is in flight, flush outboxes and telemetry), then
        SMTP, then the broker. A service that was running and did not exit 0 is reported."""
        for svc in reversed(list(self.services.values())):
            running = svc.proc is not None and svc.exit_code() is None
            code = svc.stop()
            if running and code != 0:
                self.say(f"!! {svc.name} did not stop cleanly: exit code {code} ({svc.log_path})")
        self.oidc.stop()
        self.mail.stop()
        self.broker.stop()

    def _check_issuer_ports(self) -> None:
        taken = [
            (code, port)
            for code, issuer in self.issuers().items()
            if in_use(port := issuer_port_of(issuer))
        ]
        if taken:
            lines = "\n".join(
                f"  port {port} (identity provider of {code}) is in use" for code, port in taken
            )
            raise PortTaken(
                f"cannot start the local stack:\n{lines}\nIs another `zvh up` still running?"
            )

    def restart(self, name: str) -> None:
        """Start a (killed or stopped) service again and wait until it is healthy."""
        svc = self.services[name]
        svc.stop()
        self.restarts.forget(name)
        self._recovering.discard(name)
        svc.start()
        self.restarts.started(name, now=self.clock())
        svc.wait_healthy(timeout_s=self.health_timeout_s)

    def tick(self) -> None:
        """One round of supervision (the `zvh up` loop calls it twice a second).

        A service that exited without being stopped on purpose is reported and started again
        after its back-off (1 s doubling up to 30 s; reset once it stayed up 60 s). Never
        blocks on a starting service: the next ticks say when it answers /healthz again.
        """
        for name, svc in self.services.items():
            if not svc.wanted:
                continue
            now = self.clock()
            code = svc.exit_code()
            if code is not None and not self.restarts.pending(name):
                self._recovering.discard(name)
                delay = self.restarts.crashed(name, now=now)
                self.say(
                    f"!! {name} exited with code {code}; restarting in {delay:g} s "
                    f"(log: {svc.log_path})"
                )
            elif code is not None and self.restarts.due(name, now=now):
                svc.stop()
                svc.start()
                self.restarts.started(name, now=now)
                self._recovering.add(name)
                self.say(f"   restarting {name} on {svc.url} …")
            elif name in self._recovering and code is None and svc.healthy():
                self._recovering.discard(name)
                self.say(f"   {name} is healthy again")

    def __enter__(self) -> Stack:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def remove_var(var_dir: Path) -> None:
    """Delete a var dir entirely (tests use a temp dir; `make clean` does this for var/)."""
    shutil.rmtree(var_dir, ignore_errors=True)

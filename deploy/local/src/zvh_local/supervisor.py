"""The whole local stack: broker, topics, SMTP, the four services; started and stopped in order.

Used by `zvh up` with the fixed ports and by the end-to-end and browser tests with free ones.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from zvh_local.broker import Broker, create_topics_sync
from zvh_local.mail import MailServer
from zvh_local.ports import Ports, check_free
from zvh_local.services import SERVICES, ServiceProcess

#: Inherited variables that would make the services share state or point elsewhere.
_DROPPED_ENV = ("ZVH_DATABASE_URL", "ZVH_TELEMETRY_DIR", "ZVH_SERVICE")


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
    ) -> None:
        self.var_dir = var_dir.resolve()
        self.ports = ports or Ports()
        self.say = say
        self.health_timeout_s = health_timeout_s
        self.extra_env = extra_env or {}
        self.broker = Broker(port=self.ports.broker, log_path=self.var_dir / "log" / "broker.log")
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

    @property
    def bootstrap(self) -> str:
        return self.broker.bootstrap

    def url(self, service: str) -> str:
        return self.ports.url(service)

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
                "PYTHONUNBUFFERED": "1",
            }
        )
        env.update(self.extra_env)
        return env

    # -- lifecycle ---------------------------------------------------------------------------

    def prepare_var(self) -> None:
        """A clean start: tansu forgets everything, so the databases must too.

        Removes the SQLite files under var/ (they would be out of step with the empty broker);
        keeps logs (appended), mail and telemetry (so `zvh trace` still finds earlier runs).
        """
        self.var_dir.mkdir(parents=True, exist_ok=True)
        for pattern in ("*.db", "*.db-wal", "*.db-shm", "*.db-journal"):
            for f in self.var_dir.glob(pattern):
                f.unlink()
        for sub in ("log", "mail", "telemetry"):
            (self.var_dir / sub).mkdir(exist_ok=True)

    def start(self) -> None:
        """Start everything in order; on any failure stop what was started and re-raise."""
        check_free(self.ports)
        self.prepare_var()
        try:
            self.say(f"• broker (tansu) on {self.bootstrap} …")
            self.broker.start()
            created = create_topics_sync(self.bootstrap)
            self.say(f"  {len(created)} topics created")
            self.say(f"• SMTP on 127.0.0.1:{self.ports.smtp} → {self.mail.maildir}")
            self.mail.start()
            for svc in self.services.values():
                self.say(f"• {svc.name} on {svc.url} (log: {svc.log_path})")
                svc.start()
            for svc in self.services.values():
                svc.wait_healthy(timeout_s=self.health_timeout_s, progress=self.say)
                self.say(f"  {svc.name} is healthy")
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Services first (they flush telemetry and outboxes), then SMTP, then the broker."""
        for svc in reversed(list(self.services.values())):
            svc.stop()
        self.mail.stop()
        self.broker.stop()

    def restart(self, name: str) -> None:
        """Start a (killed or stopped) service again and wait until it is healthy."""
        svc = self.services[name]
        svc.stop()
        svc.start()
        svc.wait_healthy(timeout_s=self.health_timeout_s)

    def dead_services(self) -> Iterator[tuple[ServiceProcess, int]]:
        """Services that exited and were not reported yet (each is reported once)."""
        for svc in self.services.values():
            code = svc.exit_code()
            if code is not None and not svc.reported_exit:
                svc.reported_exit = True
                yield svc, code

    def __enter__(self) -> Stack:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def remove_var(var_dir: Path) -> None:
    """Delete a var dir entirely (tests use a temp dir; `make clean` does this for var/)."""
    shutil.rmtree(var_dir, ignore_errors=True)

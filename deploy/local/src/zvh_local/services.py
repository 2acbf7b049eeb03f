"""One service of the chain as a uvicorn process, with its log file and health check."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import IO

import httpx

from zvh_local.ports import HOST
from zvh_local.procs import child_preexec, stop_process

#: Start order: consent first (others ask it), overleg last (it serves the UI).
SERVICES = ("consent", "intake", "notify", "overleg")

#: How long a SIGTERM'd service may take before SIGKILL: requests in flight (10 s), consumer
#: handlers (10 s) and the outbox relay (20 s) each have their own bound; normally it is < 1 s.
STOP_TIMEOUT_S = 60.0


class ServiceProcess:
    """``python -m zvh_platform.serve <name>`` on ``127.0.0.1:<port>``: uvicorn running
    ``zvh_<name>.bootstrap:create_app``, stopping gracefully with exit code 0 on SIGTERM."""

    def __init__(self, *, name: str, port: int, env: Mapping[str, str], log_path: Path) -> None:
        self.name = name
        self.port = port
        self.env = dict(env)
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        #: Started and not stopped on purpose: the supervisor restarts it when it exits.
        self.wanted = False

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        self.wanted = True
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "zvh_platform.serve",
                self.name,
                "--host",
                HOST,
                "--port",
                str(self.port),
                "--no-access-log",
            ],
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=child_preexec,
        )

    def exit_code(self) -> int | None:
        """``None`` while running (or never started); the exit code once it died."""
        return None if self.proc is None else self.proc.poll()

    def healthy(self) -> bool:
        try:
            r = httpx.get(f"{self.url}/healthz", timeout=1.0)
        except httpx.HTTPError:
            return False
        return r.status_code == 200

    def wait_healthy(
        self, *, timeout_s: float, progress: Callable[[str], None] | None = None
    ) -> None:
        """Poll ``/healthz`` until it answers; fail early when the process dies."""
        start = time.monotonic()
        deadline = start + timeout_s
        next_note = start + 5
        while not self.healthy():
            now = time.monotonic()
            if progress is not None and now >= next_note:
                progress(
                    f"  still waiting for {self.name} ({now - start:.0f}s of {timeout_s:.0f}s)"
                )
                next_note = now + 5
            code = self.exit_code()
            if code is not None:
                raise RuntimeError(
                    f"{self.name} exited with code {code} while starting; "
                    f"last lines of {self.log_path}:\n{self.log_tail()}"
                )
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"{self.name} did not answer GET /healthz on {self.url} within {timeout_s}s; "
                    f"last lines of {self.log_path}:\n{self.log_tail()}"
                )
            time.sleep(0.2)

    def kill(self) -> None:
        """SIGKILL, no clean-up: a crash for fault tests (the supervisor may restart it)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=5)

    def stop(self, *, timeout_s: float = STOP_TIMEOUT_S) -> int | None:
        """Stop on purpose (SIGTERM, then SIGKILL): the supervisor leaves it stopped.

        Its exit code: 0 after a graceful stop, negative for a signal (-9: it needed SIGKILL).
        """
        self.wanted = False
        code = None
        if self.proc is not None:
            code = stop_process(self.proc, timeout_s=timeout_s)
        if self._log is not None:
            self._log.close()
            self._log = None
        return code

    def log_tail(self, lines: int = 20) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

"""The Kafka-protocol broker of the local stack: tansu (memory only), plus the topic catalogue.

tansu keeps everything in memory: a restart loses topics, data and offsets, so the stack always
starts it fresh and creates the topics right after.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from pathlib import Path
from typing import IO

from zvh_platform.testing import port_open, tansu_binary

from zvh_local.ports import HOST
from zvh_local.procs import child_preexec, stop_process


class Broker:
    """One tansu process listening on ``127.0.0.1:<port>``, logging to ``log_path``."""

    def __init__(self, *, port: int, log_path: Path) -> None:
        self.port = port
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def bootstrap(self) -> str:
        return f"{HOST}:{self.port}"

    def start(self, *, timeout_s: float = 20.0) -> None:
        """Start tansu and wait until its port answers."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        env = {**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")}
        url = f"tcp://{HOST}:{self.port}"
        self.proc = subprocess.Popen(
            [
                tansu_binary(),
                "broker",
                "--listener-url",
                url,
                "--advertised-listener-url",
                url,
                "--storage-engine",
                "memory://tansu/",
            ],
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=child_preexec,
        )
        deadline = time.monotonic() + timeout_s
        while not port_open(HOST, self.port):
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"the broker (tansu) exited with code {self.proc.returncode}; "
                    f"see {self.log_path}"
                )
            if time.monotonic() > deadline:
                raise TimeoutError(f"the broker did not open port {self.port} in {timeout_s}s")
            time.sleep(0.05)

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.proc is not None:
            stop_process(self.proc, timeout_s=5.0)
            self.proc = None
        if self._log is not None:
            self._log.close()
            self._log = None


async def create_topics(bootstrap: str) -> list[str]:
    """Create the topic catalogue on the broker (the platform's own ``ensure_topics``)."""
    from zvh_platform.messaging import ensure_topics
    from zvh_platform.settings import ServiceSettings

    settings = ServiceSettings(service="local", env="local", kafka_bootstrap=bootstrap)
    return await ensure_topics(settings)


def create_topics_sync(bootstrap: str, *, timeout_s: float = 30.0) -> list[str]:
    """``create_topics`` from synchronous code, retrying while the broker settles."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            return asyncio.run(create_topics(bootstrap))
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)

"""Run one service under uvicorn with a graceful stop that ends in exit code 0.

``python -m zvh_platform.serve intake --host 0.0.0.0 --port 8000 [uvicorn options]``

The same as ``uvicorn zvh_intake.bootstrap:create_app --factory …`` (every uvicorn option and
``UVICORN_*`` variable works), with two differences:

- On SIGTERM or SIGINT uvicorn stops taking connections, lets the requests in flight finish (at
  most ``--timeout-graceful-shutdown`` seconds, default ``DEFAULT_HTTP_GRACE_S`` here instead of
  forever: a live page's event stream never ends by itself), then runs the app's shutdown
  (consumers finish their records, the outbox is flushed, telemetry exported; see
  ``zvh_platform.service``).
- The process then exits 0. Plain uvicorn raises the signal again once it is done, so a clean
  stop looked like a crash (exit code -15 / 143) to the supervisor, Docker and Kubernetes.

A failed start exits non-zero exactly as under uvicorn (1: the app factory failed, 3: the
lifespan start failed).
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

#: Seconds uvicorn waits for requests in flight after SIGTERM before cancelling them.
DEFAULT_HTTP_GRACE_S = 10
SERVICES = ("intake", "overleg", "consent", "notify")


def uvicorn_args(argv: list[str]) -> list[str]:
    """A service name becomes its app factory (``zvh_<name>.bootstrap:create_app --factory``)."""
    if argv and argv[0] in SERVICES:
        rest = [a for a in argv[1:] if a != "--factory"]
        return [f"zvh_{argv[0]}.bootstrap:create_app", "--factory", *rest]
    return list(argv)


def _after_uvicorn(signum: int, _frame: FrameType | None) -> None:
    """What a SIGTERM/SIGINT does once uvicorn has restored this handler and raises it again:
    nothing, the graceful stop is done. (While serving, uvicorn's own handler is installed.)"""


def main(argv: list[str] | None = None) -> int:
    import uvicorn

    args = uvicorn_args(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("UVICORN_TIMEOUT_GRACEFUL_SHUTDOWN", str(DEFAULT_HTTP_GRACE_S))
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, _after_uvicorn)
    try:
        uvicorn.main.main(args=args, prog_name="zvh_platform.serve")
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

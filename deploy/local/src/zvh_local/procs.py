"""Small helpers for child processes: die with the parent, stop gently then firmly."""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess

_PR_SET_PDEATHSIG = 1


def child_preexec() -> None:
    """In the child before exec: get SIGTERM when the parent dies, so nothing is orphaned.

    Linux only; elsewhere this is a no-op and Ctrl-C still stops everything through the
    supervisor.
    """
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


def stop_process(proc: subprocess.Popen[bytes], *, timeout_s: float) -> int | None:
    """SIGTERM the child's process group, then SIGKILL after ``timeout_s``; its exit code."""
    if proc.poll() is not None:
        return proc.returncode
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        return proc.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        return proc.wait(timeout=5)

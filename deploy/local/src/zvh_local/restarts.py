"""When the supervisor starts a crashed service again: back-off doubling from 1 s up to 30 s.

A service that crashes again soon after a restart waits twice as long next time, so a service
that cannot start does not spin; one that stayed up long enough starts from the first delay.
Pure bookkeeping on a clock the caller passes, so tests drive it without waiting.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RestartPolicy:
    """Delays between a crash and the next start."""

    first_delay_s: float = 1.0
    max_delay_s: float = 30.0
    #: Up this long after a start: the next crash counts as a first one again.
    stable_after_s: float = 60.0


@dataclass
class _Service:
    started_at: float
    last_delay_s: float | None = None
    restart_at: float | None = None


class Restarts:
    """Per service: when it was started, and when a crashed one is due to start again."""

    def __init__(self, policy: RestartPolicy | None = None) -> None:
        self.policy = policy or RestartPolicy()
        self._services: dict[str, _Service] = {}

    def started(self, name: str, *, now: float) -> None:
        """Record a start (the first one, or a restart); keeps the back-off of earlier crashes."""
        svc = self._services.setdefault(name, _Service(started_at=now))
        svc.started_at = now
        svc.restart_at = None

    def forget(self, name: str) -> None:
        """A deliberate stop or manual restart: no pending restart, back-off from the start."""
        self._services.pop(name, None)

    def crashed(self, name: str, *, now: float) -> float:
        """Record a crash at ``now``; returns the delay before the service is started again."""
        svc = self._services.setdefault(name, _Service(started_at=now))
        if svc.restart_at is not None:
            return max(svc.restart_at - now, 0.0)
        p = self.policy
        if svc.last_delay_s is None or now - svc.started_at >= p.stable_after_s:
            delay = p.first_delay_s
        else:
            delay = min(svc.last_delay_s * 2, p.max_delay_s)
        svc.last_delay_s = delay
        svc.restart_at = now + delay
        return delay

    def pending(self, name: str) -> bool:
        """A crash was recorded and the restart has not happened yet."""
        svc = self._services.get(name)
        return svc is not None and svc.restart_at is not None

    def due(self, name: str, *, now: float) -> bool:
        """The back-off after a crash is over: start it now."""
        svc = self._services.get(name)
        return svc is not None and svc.restart_at is not None and now >= svc.restart_at

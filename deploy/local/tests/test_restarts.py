"""The restart back-off: 1 s doubling up to 30 s, back to 1 s after 60 s of uptime."""

from __future__ import annotations

from zvh_local.restarts import RestartPolicy, Restarts


def _crash_loop(restarts: Restarts, crashes: int, *, up_for: float) -> list[float]:
    now, delays = 0.0, []
    restarts.started("intake", now=now)
    for _ in range(crashes):
        now += up_for
        delay = restarts.crashed("intake", now=now)
        delays.append(delay)
        assert not restarts.due("intake", now=now + delay - 0.01)
        now += delay
        assert restarts.due("intake", now=now)
        restarts.started("intake", now=now)
    return delays


def test_back_off_doubles_up_to_the_cap() -> None:
    delays = _crash_loop(Restarts(), 8, up_for=2.0)
    assert delays == [1, 2, 4, 8, 16, 30, 30, 30]


def test_a_service_that_stayed_up_starts_again_from_the_first_delay() -> None:
    restarts = Restarts()
    assert _crash_loop(restarts, 4, up_for=1.0) == [1, 2, 4, 8]
    now = 100.0
    restarts.started("intake", now=now)
    assert restarts.crashed("intake", now=now + 60) == 1


def test_a_crash_reported_twice_does_not_double_the_wait() -> None:
    restarts = Restarts()
    restarts.started("notify", now=0)
    assert restarts.crashed("notify", now=5) == 1
    assert restarts.crashed("notify", now=5.5) == 0.5
    assert restarts.pending("notify")


def test_forget_clears_a_pending_restart_and_the_back_off() -> None:
    restarts = Restarts(RestartPolicy(first_delay_s=2, max_delay_s=8, stable_after_s=10))
    assert _crash_loop(restarts, 3, up_for=1.0) == [2, 4, 8]
    restarts.crashed("intake", now=100)
    restarts.forget("intake")
    assert not restarts.pending("intake") and not restarts.due("intake", now=1e9)
    restarts.started("intake", now=200)
    assert restarts.crashed("intake", now=201) == 2

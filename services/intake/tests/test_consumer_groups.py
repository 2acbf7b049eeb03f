"""One consumer group per partner topic: a flood from one partner never queues another's."""

from __future__ import annotations

from typing import Any

from zvh_contracts import topics
from zvh_intake.entrypoints.consumers import partner_group, register_consumers


class _Recorder:
    """Stands in for the platform Consumers: records each subscription."""

    def __init__(self) -> None:
        self.subscriptions: list[tuple[tuple[str, ...], str]] = []

    def subscribe_batch(self, *names: str, group: str, **_: Any) -> None:
        self.subscriptions.append((names, group))


def test_each_partner_topic_has_its_own_subscription_and_group() -> None:
    rec = _Recorder()
    register_consumers(
        rec,  # type: ignore[arg-type]
        partner_codes=["politie-zwb", "gemeente-bergen-op-zoom", "zvh", "politie-zwb"],
        intake=object(),  # type: ignore[arg-type]
    )
    assert rec.subscriptions == [
        ((topics.partner_to_zvh("gemeente-bergen-op-zoom"),), "zvh-intake.gemeente-bergen-op-zoom"),
        ((topics.partner_to_zvh("politie-zwb"),), "zvh-intake.politie-zwb"),
    ]
    assert partner_group("ggz-wnb") == "zvh-intake.ggz-wnb"

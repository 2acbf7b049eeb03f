"""The background delivery loop: e-mails and webhook callbacks that are due, and partner-topic
reconciliation.

It runs in the service process (started from the app lifespan), wakes early when the consumer
created new bezorgingen, and survives errors: a failing round is logged and retried next tick.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from zvh_platform.failures import is_transient

from zvh_notify.application.delivery import deliver_due_emails, reconcile_partner_topic
from zvh_notify.application.ports import (
    Clock,
    MailSender,
    UnitOfWorkFactory,
    WebhookDirectory,
    WebhookSender,
)
from zvh_notify.application.webhooks import deliver_due_webhooks
from zvh_notify.domain.model import RetryBeleid

log = logging.getLogger(__name__)


class DeliveryWorker:
    def __init__(
        self,
        *,
        uow_factory: UnitOfWorkFactory,
        sender: MailSender,
        clock: Clock,
        beleid: RetryBeleid,
        poll_interval_s: float = 0.5,
        webhook_sender: WebhookSender | None = None,
        webhooks: WebhookDirectory | None = None,
        webhook_beleid: RetryBeleid | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._sender = sender
        self._clock = clock
        self._beleid = beleid
        self._interval = poll_interval_s
        self._webhook_sender = webhook_sender
        self._webhooks = webhooks
        self._webhook_beleid = webhook_beleid or beleid
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="zvh-notify-delivery")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def wake(self) -> None:
        self._wake.set()

    async def run_once(self) -> int:
        """One round: reconcile published partner messages, send due e-mails and callbacks."""
        done = await reconcile_partner_topic(uow_factory=self._uow_factory, clock=self._clock)
        done += await deliver_due_emails(
            uow_factory=self._uow_factory,
            sender=self._sender,
            clock=self._clock,
            beleid=self._beleid,
            is_transient=is_transient,
        )
        if self._webhook_sender is not None and self._webhooks is not None:
            done += await deliver_due_webhooks(
                uow_factory=self._uow_factory,
                sender=self._webhook_sender,
                webhooks=self._webhooks,
                clock=self._clock,
                beleid=self._webhook_beleid,
            )
        return done

    async def _run(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:
                log.exception("delivery round failed; retrying next tick")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._interval)
            self._wake.clear()

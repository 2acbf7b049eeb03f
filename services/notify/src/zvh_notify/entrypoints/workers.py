"""The background delivery loop: e-mails that are due, and partner-topic reconciliation.

It runs in the service process (started from the app lifespan), wakes early when the consumer
created new bezorgingen, and survives errors: a failing round is logged and retried next tick.
Webhook callbacks have a loop of their own (``WebhookWorker``), so a partner's slow endpoint
never holds up e-mail.
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


class _Loop:
    """A background loop: ``run_once`` every ``poll_interval_s``, or at once when woken."""

    name = "zvh-notify-loop"

    def __init__(self, *, poll_interval_s: float) -> None:
        self._interval = poll_interval_s
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def wake(self) -> None:
        self._wake.set()

    async def run_once(self) -> int:
        raise NotImplementedError

    async def _run(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception:
                log.exception("%s: round failed; retrying next tick", self.name)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._interval)
            self._wake.clear()


class DeliveryWorker(_Loop):
    """E-mails that are due, and partner-topic reconciliation."""

    name = "zvh-notify-delivery"

    def __init__(
        self,
        *,
        uow_factory: UnitOfWorkFactory,
        sender: MailSender,
        clock: Clock,
        beleid: RetryBeleid,
        poll_interval_s: float = 0.5,
    ) -> None:
        super().__init__(poll_interval_s=poll_interval_s)
        self._uow_factory = uow_factory
        self._sender = sender
        self._clock = clock
        self._beleid = beleid

    async def run_once(self) -> int:
        """One round: reconcile published partner messages, then send due e-mails."""
        done = await reconcile_partner_topic(uow_factory=self._uow_factory, clock=self._clock)
        done += await deliver_due_emails(
            uow_factory=self._uow_factory,
            sender=self._sender,
            clock=self._clock,
            beleid=self._beleid,
            is_transient=is_transient,
        )
        return done


class WebhookWorker(_Loop):
    """Webhook callbacks that are due (the webhook bridge)."""

    name = "zvh-notify-webhooks"

    def __init__(
        self,
        *,
        uow_factory: UnitOfWorkFactory,
        sender: WebhookSender,
        webhooks: WebhookDirectory,
        clock: Clock,
        beleid: RetryBeleid,
        poll_interval_s: float = 0.5,
    ) -> None:
        super().__init__(poll_interval_s=poll_interval_s)
        self._uow_factory = uow_factory
        self._sender = sender
        self._webhooks = webhooks
        self._clock = clock
        self._beleid = beleid

    async def run_once(self) -> int:
        """One round: POST every due callback once."""
        return await deliver_due_webhooks(
            uow_factory=self._uow_factory,
            sender=self._sender,
            webhooks=self._webhooks,
            clock=self._clock,
            beleid=self._beleid,
        )

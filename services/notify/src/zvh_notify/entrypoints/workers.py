"""The background loops: e-mails that are due and partner-topic reconciliation, webhook
callbacks, and the termijnbewaking's timers.

It runs in the service process (started from the app lifespan), wakes early when the consumer
created new bezorgingen, and survives errors: a failing round is logged and retried next tick.
Webhook callbacks have a loop of their own (``WebhookWorker``), so a partner's slow endpoint
never holds up e-mail.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

from zvh_platform.failures import is_transient

from zvh_notify.application.bericht import Omgeving
from zvh_notify.application.delivery import deliver_due_emails, reconcile_partner_topic
from zvh_notify.application.ports import (
    Clock,
    MailSender,
    PartnerDirectory,
    UnitOfWorkFactory,
    WebhookDirectory,
    WebhookSender,
)
from zvh_notify.application.termijnen import vuur_af
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


class TermijnWorker(_Loop):
    """Fires the termijn timers that are due (``application/termijnen.py``).

    Every replica runs one; the claim in the database keeps each timer to one firing. It wakes
    every ``poll_interval_s`` (timers are minutes to days ahead, so seconds of delay are fine) and
    after a round that fired, so the delivery loop picks the new e-mails up at once.
    """

    name = "zvh-notify-termijnen"

    def __init__(
        self,
        *,
        uow_factory: UnitOfWorkFactory,
        partners: PartnerDirectory,
        clock: Clock,
        ui_url: str,
        after_fire: Callable[[], None],
        poll_interval_s: float = 5.0,
    ) -> None:
        super().__init__(poll_interval_s=poll_interval_s)
        self._uow_factory = uow_factory
        self._partners = partners
        self._clock = clock
        self._ui_url = ui_url.rstrip("/")
        self._after_fire = after_fire

    async def run_once(self) -> int:
        """One round: fire what is due, in batches, until nothing is left."""
        total = 0
        while True:
            omgeving = Omgeving(partners=self._partners, nu=self._clock.now(), ui_url=self._ui_url)
            fired = await vuur_af(uow_factory=self._uow_factory, omgeving=omgeving)
            total += fired
            if fired == 0:
                break
        if total:
            log.info("termijnbewaking: %d signalen verstuurd", total)
            self._after_fire()
        return total

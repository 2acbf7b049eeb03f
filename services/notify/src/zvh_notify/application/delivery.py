"""Deliver waiting e-mails with retries, and mark partner-topic messages the relay published.

E-mail: each due bezorging is sent outside any transaction, then the attempt is recorded in a
short one. When recording fails transiently (the database locked or away), it is retried in
process until it succeeds: sending again would put a second copy in the recipient's inbox. Only a
crash between sending and recording re-sends, with the same ``Message-ID``. Failures
are retried within the RetryBeleid's window; after it the bezorging is ``opgegeven`` and
``meld_opgegeven`` reports it.
Partner topic: the outbox relay (platform) publishes; the reconciler records that as the
bezorging's attempt once the outbox row is marked published.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from zvh_notify.application.ports import Clock, MailError, MailSender, UnitOfWorkFactory
from zvh_notify.domain.model import Bezorging, RetryBeleid, Status

log = logging.getLogger(__name__)

#: Told about a bezorging that was just given up (status ``opgegeven``, already committed).
OpgegevenHook = Callable[[Bezorging], Awaitable[None]]

#: Says whether an exception passes by itself (``zvh_platform.failures.is_transient`` fits).
TransientCheck = Callable[[BaseException], bool]

_RECORD_RETRY_FIRST_S = 0.2
_RECORD_RETRY_CAP_S = 5.0


def _never_transient(exc: BaseException) -> bool:
    return False


async def meld_opgegeven(b: Bezorging) -> None:
    """The one place a given-up bezorging is reported: a log line an operator can act on.

    Ids and codes only — never the address, subject or text (they may name people). Operators
    find it with ``zvh dlq list`` (``GET /beheer/bezorgingen``) and retry it with
    ``zvh dlq opnieuw <id>`` (``POST /beheer/bezorgingen/{id}/opnieuw``).
    """
    log.error(
        "%s bezorging %s to %s (%s) opgegeven after %d attempts within the retry window; "
        "needs an operator: zvh dlq list, then zvh dlq opnieuw <id>",
        b.kanaal.value,
        b.id,
        b.ontvanger,
        b.event_type,
        b.pogingen,
    )


async def deliver_due_emails(
    *,
    uow_factory: UnitOfWorkFactory,
    sender: MailSender,
    clock: Clock,
    beleid: RetryBeleid,
    limit: int = 20,
    on_opgegeven: OpgegevenHook = meld_opgegeven,
    is_transient: TransientCheck = _never_transient,
) -> int:
    """Try every due e-mail once; returns how many attempts were made."""
    async with uow_factory() as uow:
        due = await uow.bezorgingen.due_emails(now=clock.now(), limit=limit)
    for b in due:
        done = await _attempt(
            uow_factory=uow_factory,
            sender=sender,
            clock=clock,
            beleid=beleid,
            b=b,
            is_transient=is_transient,
        )
        if done is not None and done.status is Status.OPGEGEVEN:
            await on_opgegeven(done)
    return len(due)


async def _attempt(
    *,
    uow_factory: UnitOfWorkFactory,
    sender: MailSender,
    clock: Clock,
    beleid: RetryBeleid,
    b: Bezorging,
    is_transient: TransientCheck,
) -> Bezorging | None:
    """One attempt, recorded; the bezorging as committed (None when someone else closed it)."""
    assert b.email is not None
    fout: str | None = None
    try:
        await sender.send(email=b.email, message_id=b.message_id)
    except MailError as exc:
        fout = str(exc) or type(exc).__name__
    wacht = _RECORD_RETRY_FIRST_S
    while True:
        try:
            return await _record(
                uow_factory=uow_factory, clock=clock, beleid=beleid, b=b, fout=fout
            )
        except Exception as exc:
            if not is_transient(exc):
                raise
            log.warning(
                "e-mail bezorging %s: recording the attempt failed transiently (%s); "
                "retrying in %.1fs instead of sending again",
                b.id,
                type(exc).__name__,
                wacht,
            )
            await asyncio.sleep(wacht)
            wacht = min(wacht * 2, _RECORD_RETRY_CAP_S)


async def _record(
    *,
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    beleid: RetryBeleid,
    b: Bezorging,
    fout: str | None,
) -> Bezorging | None:
    """Record one attempt's outcome in a short transaction."""
    async with uow_factory() as uow:
        current = await uow.bezorgingen.get(b.id)
        if current is None or current.status is not Status.WACHT:
            return None
        if fout is None:
            current.gelukt(tijd=clock.now())
        else:
            current.mislukt(tijd=clock.now(), fout=fout, beleid=beleid)
        await uow.bezorgingen.save(current)
        await uow.commit()
    log.info(
        "e-mail bezorging %s poging %d: %s",
        current.id,
        current.pogingen,
        current.status.value if fout is None else f"mislukt ({current.status.value})",
    )
    return current


async def reconcile_partner_topic(
    *, uow_factory: UnitOfWorkFactory, clock: Clock, limit: int = 200
) -> int:
    """Mark partner-topic bezorgingen verzonden once the outbox relay published them."""
    async with uow_factory() as uow:
        waiting = await uow.bezorgingen.waiting_partner_topic(limit=limit)
        if not waiting:
            return 0
        published = await uow.published(b.id for b in waiting)
        for b in waiting:
            tijd = published.get(b.id)
            if tijd is not None:
                b.gelukt(tijd=tijd)
                await uow.bezorgingen.save(b)
        await uow.commit()
    return len(published)

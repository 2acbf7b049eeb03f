"""Notify's settings: the platform's, its mail server's (``SmtpSettings``) and how e-mail and
webhooks are retried (env prefix ``ZVH_``)."""

from __future__ import annotations

from datetime import timedelta

from pydantic import PositiveFloat, PositiveInt
from zvh_platform.settings import AdapterSettings, ServiceSettings

from zvh_notify.domain.model import RetryBeleid


class SmtpSettings(AdapterSettings):
    """The mail server notify hands its e-mails to (``ZVH_SMTP_HOST``, ``ZVH_SMTP_PORT``,
    ``ZVH_MAIL_FROM``, ``ZVH_SMTP_TIMEOUT_S``); locally the SMTP server inside ``zvh up``."""

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    mail_from: str = "noreply@zvh.local"
    smtp_timeout_s: float = 10.0


class NotifySettings(ServiceSettings, SmtpSettings):
    service: str = "notify"
    #: How long a failing e-mail is retried, from when its bezorging was made, before it is
    #: ``opgegeven`` and needs an operator (``ZVH_DELIVERY_RETRY_WINDOW_S``, default 24 h).
    delivery_retry_window_s: PositiveFloat = 24 * 3600.0
    #: First wait after a failed attempt, doubling per attempt up to ``mail_backoff_max_s``.
    mail_backoff_s: PositiveFloat = 2.0
    mail_backoff_max_s: PositiveFloat = 60.0
    #: How often the delivery loop looks for due e-mails and published outbox rows.
    delivery_poll_interval_s: float = 0.5
    #: Kafka consumer group. A new name re-reads the topic from the start: a harmless replay,
    #: since the inbox (consumer ``zvh-notify``) and the derived ids dedupe.
    consumer_group: str = "zvh-notify"
    #: Base address of the overleg UI for links in e-mails and the verslag event
    #: (``ZVH_UI_URL``): ``{ui_url}/overleggen/{overleg_id}``, ``…/verslag``, ``…/verslag.pdf``.
    ui_url: str = "http://127.0.0.1:8000"
    #: Webhook bridge: a refused callback (non-2xx, timeout, no connection) is retried after
    #: ``webhook_backoff_s``, doubling up to ``webhook_backoff_max_s``, and given up after
    #: ``webhook_max_pogingen`` attempts (or the retry window) — then ``zvh dlq list`` shows it.
    webhook_backoff_s: PositiveFloat = 5.0
    webhook_backoff_max_s: PositiveFloat = 600.0
    webhook_max_pogingen: PositiveInt = 10
    #: How often the termijnbewaking looks for due timers (``ZVH_TERMIJN_POLL_INTERVAL_S``).
    termijn_poll_interval_s: PositiveFloat = 5.0
    #: How long notify waits for the partner's answer to one callback.
    webhook_timeout_s: PositiveFloat = 10.0

    def retry_beleid(self) -> RetryBeleid:
        return RetryBeleid(
            venster=timedelta(seconds=self.delivery_retry_window_s),
            backoff_s=self.mail_backoff_s,
            max_backoff_s=self.mail_backoff_max_s,
        )

    def webhook_beleid(self) -> RetryBeleid:
        return RetryBeleid(
            venster=timedelta(seconds=self.delivery_retry_window_s),
            backoff_s=self.webhook_backoff_s,
            max_backoff_s=self.webhook_backoff_max_s,
            max_pogingen=self.webhook_max_pogingen,
        )

"""Notify's settings: the platform's, plus how e-mail is retried (env prefix ``ZVH_``)."""

from __future__ import annotations

from zvh_platform.settings import ServiceSettings

from zvh_notify.domain.model import RetryBeleid


class NotifySettings(ServiceSettings):
    service: str = "notify"
    #: E-mail attempts before a bezorging is marked mislukt (``ZVH_MAIL_MAX_ATTEMPTS``).
    mail_max_attempts: int = 6
    mail_backoff_s: float = 2.0
    mail_backoff_max_s: float = 300.0
    #: How often the delivery loop looks for due e-mails and published outbox rows.
    delivery_poll_interval_s: float = 0.5
    smtp_timeout_s: float = 10.0
    #: Kafka consumer group. A new name re-reads the topic from the start: a harmless replay,
    #: since the inbox (consumer ``zvh-notify``) and the derived ids dedupe.
    consumer_group: str = "zvh-notify"
    #: Base address of the overleg UI for links in e-mails and the verslag event
    #: (``ZVH_UI_URL``): ``{ui_url}/overleggen/{overleg_id}``, ``…/verslag``, ``…/verslag.pdf``.
    ui_url: str = "http://127.0.0.1:8000"

    def retry_beleid(self) -> RetryBeleid:
        return RetryBeleid(
            max_pogingen=self.mail_max_attempts,
            backoff_s=self.mail_backoff_s,
            max_backoff_s=self.mail_backoff_max_s,
        )

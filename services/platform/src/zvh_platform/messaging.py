"""The Kafka broker every service uses, configured so that nothing is lost.

See docs/architecture.md, The rules.

FastStream's default ack policy commits *before* the handler; ``consumer_options`` asks for
``AckPolicy.ACK`` (commit after the handler returned). Failures are handled where records are
consumed (``zvh_platform.consuming``): transient ones retried, permanent ones dead-lettered.
"""

from __future__ import annotations

import logging
import ssl
import uuid
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.opentelemetry import KafkaTelemetryMiddleware
from faststream.security import BaseSecurity, SASLScram256, SASLScram512
from zvh_contracts import topics
from zvh_contracts.base import Event
from zvh_contracts.envelope import Envelope

from zvh_platform.settings import ServiceSettings

log = logging.getLogger(__name__)


def make_broker(settings: ServiceSettings) -> KafkaBroker:
    """A KafkaBroker with tracing, a message size limit and idempotence per env."""
    broker = KafkaBroker(
        settings.kafka_bootstrap,
        client_id=f"zvh-{settings.service}",
        enable_idempotence=settings.kafka_enable_idempotence,
        max_request_size=settings.kafka_max_message_bytes,
        acks="all",
        middlewares=[KafkaTelemetryMiddleware()],
        logger=logging.getLogger(f"zvh.{settings.service}.broker"),
        graceful_timeout=settings.kafka_graceful_timeout_s,
        security=kafka_security(settings),
    )
    return broker


def kafka_security(settings: ServiceSettings) -> BaseSecurity | None:
    """FastStream's login for the broker: none for PLAINTEXT, else SCRAM (over TLS for SASL_SSL)."""
    if settings.kafka_security_protocol == "PLAINTEXT":
        return None
    scram = SASLScram512 if settings.kafka_sasl_mechanism == "SCRAM-SHA-512" else SASLScram256
    tls = settings.kafka_security_protocol == "SASL_SSL"
    return scram(
        settings.kafka_sasl_username,
        settings.kafka_sasl_password.get_secret_value(),
        ssl_context=ssl.create_default_context() if tls else None,
        use_ssl=tls,
    )


def admin_login(settings: ServiceSettings) -> dict[str, Any]:
    """The same login for aiokafka's admin client (which takes it as keyword arguments)."""
    if settings.kafka_security_protocol == "PLAINTEXT":
        return {}
    login: dict[str, Any] = {
        "security_protocol": settings.kafka_security_protocol,
        "sasl_mechanism": settings.kafka_sasl_mechanism,
        "sasl_plain_username": settings.kafka_sasl_username,
        "sasl_plain_password": settings.kafka_sasl_password.get_secret_value(),
    }
    if settings.kafka_security_protocol == "SASL_SSL":
        login["ssl_context"] = ssl.create_default_context()
    return login


def consumer_options(settings: ServiceSettings, *, group: str) -> dict[str, Any]:
    """Subscriber options: a consumer group that commits only after the handler returned."""
    session_timeout = settings.kafka_session_timeout_ms
    return {
        "group_id": group,
        "auto_offset_reset": "earliest",
        "session_timeout_ms": session_timeout,
        "heartbeat_interval_ms": max(100, session_timeout // 3),
        "fetch_max_wait_ms": settings.kafka_fetch_max_wait_ms,
        "ack_policy": AckPolicy.ACK,
    }


async def publish_event(
    broker: KafkaBroker,
    *,
    event: Event,
    source: str,
    topic: str,
    event_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """Publish directly with CloudEvents headers (CLI and tests; services use the outbox)."""
    envelope = Envelope(
        id=event_id or uuid.uuid4(), source=source, type=event.event_type, subject=event.subject()
    )
    await broker.publish(
        event.model_dump_json().encode("utf-8"),
        topic=topic,
        key=envelope.subject.encode("utf-8"),
        headers=envelope.headers(),
        correlation_id=str(envelope.id),
    )
    return envelope.id


async def ensure_topics(settings: ServiceSettings) -> list[str]:
    """Create every catalogue topic that is missing; returns the names created."""
    specs = topics.catalogue(settings.region().partner_codes())
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.kafka_bootstrap,
        client_id=f"zvh-{settings.service}-admin",
        **admin_login(settings),
    )
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [s for s in specs if s.name not in existing]
        if missing:
            await admin.create_topics(
                [
                    NewTopic(
                        name=s.name,
                        num_partitions=s.partitions,
                        replication_factor=1,
                        topic_configs={"retention.ms": str(s.retention_ms)},
                    )
                    for s in missing
                ]
            )
        return [s.name for s in missing]
    finally:
        await admin.close()

"""How a service logs in to the broker: PLAINTEXT locally, SASL/SCRAM with its own user where the
broker enforces ACLs (deploy/kafka/README.md). The same login reaches the admin client."""

from __future__ import annotations

from typing import Any

import pytest
from faststream.security import SASLScram256, SASLScram512
from pydantic import ValidationError
from zvh_platform import messaging
from zvh_platform.messaging import admin_login, kafka_security, make_broker
from zvh_platform.settings import ServiceSettings

WACHTWOORD = "een-lang-genoeg-wachtwoord-voor-de-broker"


def settings(**kw: Any) -> ServiceSettings:
    return ServiceSettings(service="intake", env="test", **kw)


def test_plaintext_sends_no_login() -> None:
    s = settings()
    assert kafka_security(s) is None and admin_login(s) == {}


def test_scram_over_plaintext_and_over_tls() -> None:
    s = settings(
        kafka_security_protocol="SASL_PLAINTEXT",
        kafka_sasl_username="svc-intake",
        kafka_sasl_password=WACHTWOORD,
    )
    login = kafka_security(s)
    assert isinstance(login, SASLScram512)
    assert (login.username, login.password, login.use_ssl) == ("svc-intake", WACHTWOORD, False)
    assert admin_login(s) == {
        "security_protocol": "SASL_PLAINTEXT",
        "sasl_mechanism": "SCRAM-SHA-512",
        "sasl_plain_username": "svc-intake",
        "sasl_plain_password": WACHTWOORD,
    }
    tls = settings(
        kafka_security_protocol="SASL_SSL",
        kafka_sasl_mechanism="SCRAM-SHA-256",
        kafka_sasl_username="svc-intake",
        kafka_sasl_password=WACHTWOORD,
    )
    login = kafka_security(tls)
    assert isinstance(login, SASLScram256) and login.use_ssl is True
    assert admin_login(tls)["ssl_context"] is not None


def test_sasl_without_a_user_or_password_refuses_to_start() -> None:
    with pytest.raises(
        ValidationError, match="ZVH_KAFKA_SASL_USERNAME and ZVH_KAFKA_SASL_PASSWORD"
    ):
        settings(kafka_security_protocol="SASL_SSL", kafka_sasl_username="svc-intake")


def test_the_broker_gets_the_login(monkeypatch: pytest.MonkeyPatch) -> None:
    gekregen: dict[str, Any] = {}

    class Broker:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            gekregen.update(kwargs)

    monkeypatch.setattr(messaging, "KafkaBroker", Broker)
    s = settings(
        kafka_security_protocol="SASL_PLAINTEXT",
        kafka_sasl_username="svc-intake",
        kafka_sasl_password=WACHTWOORD,
    )
    make_broker(s)
    assert isinstance(gekregen["security"], SASLScram512)
    assert gekregen["security"].username == "svc-intake"

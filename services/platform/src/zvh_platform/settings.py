"""Settings every service shares (env prefix ``ZVH_``).

``ZVH_ENV`` has no default: a service never guesses it runs locally (with the public development
secrets), the deployment has to say so. Secrets are refused at start-up outside ``local``/``test``
when missing, short or a placeholder, so a production deploy can never run on the dev defaults.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from pydantic import SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from zvh_contracts import topics

if TYPE_CHECKING:
    from zvh_platform.clock import Clock
    from zvh_platform.keys import SigningKey
    from zvh_platform.region import Region

#: Used only when env is local or test; refused anywhere else.
DEV_PSEUDONYM_KEY = "zvh-local-dev-pseudonym-key-not-for-production"
MIN_SECRET_LENGTH = 32
_PLACEHOLDERS = ("changethis", "change-me", "changeme", "secret", "not-for-production", "xxx")


Env = Literal["local", "test", "production"]
KafkaProtocol = Literal["PLAINTEXT", "SASL_PLAINTEXT", "SASL_SSL"]
SaslMechanism = Literal["SCRAM-SHA-512", "SCRAM-SHA-256"]
ENVS: tuple[str, ...] = get_args(Env)
#: Default request body limit (2 MiB); the PDP's own limit (2,000,000 bytes) is below it.
MAX_BODY_BYTES = 2 * 1024 * 1024


class EnvNotStated(ValueError):
    """``ZVH_ENV`` is missing: the service refuses to start rather than assume ``local``."""


class InsecureSecret(ValueError):
    """A secret that must not be used outside local development and tests."""


class TestClockInProduction(ValueError):
    """``ZVH_TEST_CLOCK_FILE`` in production: only tests may move a service's clock."""


class RegionNotStated(ValueError):
    """No region file in ``production``: the service refuses to serve the packaged demo region."""


#: Environments that may run on the packaged demo region when ``ZVH_REGION_FILE`` is not set.
DEMO_REGION_ENVS = ("local", "test")


def _refusal(name: str, value: str) -> str | None:
    """Why ``value`` is not acceptable as secret ``name`` in production; ``None`` when it is."""
    if not value:
        return f"{name} is missing"
    if len(value) < MIN_SECRET_LENGTH:
        return f"{name} is shorter than {MIN_SECRET_LENGTH} characters"
    lowered = value.lower()
    if any(p in lowered for p in _PLACEHOLDERS):
        return f"{name} is a placeholder"
    return None


class AdapterSettings(BaseSettings):
    """The settings of one adapter, read from ``ZVH_*`` like the service's own.

    A service's settings class is ``ServiceSettings`` plus the adapter classes it needs
    (``class NotifySettings(ServiceSettings, SmtpSettings)``), so the environment variables stay
    flat (``ZVH_SMTP_HOST``) while each adapter is handed, and typed to, only its own class.
    """

    model_config = SettingsConfigDict(env_prefix="ZVH_", extra="ignore")


class PseudoniemSettings(AdapterSettings):
    """The deployment's pseudonym key (``ZVH_PSEUDONYM_KEY``): intake derives the pseudonyms of
    betrokkenen with it, consent's FG report recomputes them. Only those two services read it.

    A development key in local and test; elsewhere a missing, short or placeholder key is refused.
    """

    env: Env
    pseudonym_key: SecretStr = SecretStr("")

    @model_validator(mode="after")
    def _check_pseudonym_key(self) -> PseudoniemSettings:
        if self.env in ("local", "test"):
            if not self.pseudonym_key.get_secret_value():
                object.__setattr__(self, "pseudonym_key", SecretStr(DEV_PSEUDONYM_KEY))
            return self
        reason = _refusal("ZVH_PSEUDONYM_KEY", self.pseudonym_key.get_secret_value())
        if reason:
            raise InsecureSecret(f"{reason}; refused in env={self.env}")
        return self

    def pseudonym_key_bytes(self) -> bytes:
        return self.pseudonym_key.get_secret_value().encode("utf-8")


class ServiceSettings(AdapterSettings):
    """Runtime settings every service shares; each service's class sets ``service`` and adds the
    adapter settings only it needs (``zvh_<svc>/config.py``)."""

    #: Required (``ZVH_ENV``): local, test or production.
    env: Env
    service: str
    database_url: str | None = None
    var_dir: Path = Path("var")

    kafka_bootstrap: str = "127.0.0.1:9092"
    kafka_enable_idempotence: bool = False
    kafka_session_timeout_ms: int = 2000
    #: How long the broker may hold a fetch when there is nothing new. tansu holds it this long
    #: even when a message arrives meanwhile, so at the client default (500 ms) every hop of the
    #: chain waited ~200-250 ms; a real Kafka broker answers at once and this only sets the idle
    #: polling rate. 100 ms: at 50 ms an idle service spent ~3 % of a core on empty fetches.
    kafka_fetch_max_wait_ms: int = 100
    kafka_max_message_bytes: int = topics.MAX_MESSAGE_BYTES
    #: How long broker.stop() lets in-flight handlers finish before cancelling them.
    kafka_graceful_timeout_s: float = 10.0
    #: How the service logs in to the broker: PLAINTEXT locally (tansu), SASL/SCRAM with the
    #: service's own user where the broker enforces ACLs (deploy/kafka/README.md).
    kafka_security_protocol: KafkaProtocol = "PLAINTEXT"
    kafka_sasl_mechanism: SaslMechanism = "SCRAM-SHA-512"
    kafka_sasl_username: str = ""
    kafka_sasl_password: SecretStr = SecretStr("")

    region_file: Path | None = None
    #: This service's own Ed25519 private key (PKCS#8 PEM; ``ZVH_SIGNING_KEY``). Local and test
    #: use a well-known development key; elsewhere it is required (docs/security.md).
    signing_key: SecretStr = SecretStr("")

    #: The consent service: the runtime's PDP and convenant clients (every service but consent).
    consent_url: str = "http://127.0.0.1:8002"
    #: The sign-in service (overleg): every service's token verifier fetches its JWKS and asks
    #: it whether a session still runs (``zvh_platform.auth.trusted_issuers``).
    overleg_url: str = "http://127.0.0.1:8000"
    pdp_timeout_s: float = 2.0

    telemetry_dir: Path | None = None

    #: Transient consumer failures: first back-off and its cap (retried until they pass).
    retry_backoff_s: float = 0.2
    retry_backoff_cap_s: float = 30.0

    #: How long an ``Idempotency-Key`` and its stored response are kept (IETF draft: a day).
    idempotency_ttl_s: int = 24 * 3600

    #: Largest request body any endpoint accepts; larger ones get 413 before the app reads them.
    max_body_bytes: int = MAX_BODY_BYTES

    #: Test only (``ZVH_TEST_CLOCK_FILE``): the keten's Clock reads an offset from this file, so an
    #: end-to-end test can let a deadline pass (``zvh_platform.clock.MovableClock``). Refused in
    #: production.
    test_clock_file: Path | None = None

    @model_validator(mode="before")
    @classmethod
    def _require_env(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("env") in (None, ""):
            raise EnvNotStated(
                f"ZVH_ENV is not set: state the environment the service runs in, "
                f"one of {', '.join(ENVS)}"
            )
        return data

    def docs_enabled(self) -> bool:
        """OpenAPI pages and schema are served everywhere but in production."""
        return self.env != "production"

    @model_validator(mode="after")
    def _check_secrets(self) -> ServiceSettings:
        if self.env not in ("local", "test"):
            try:
                self.signer()
            except ValueError as exc:
                raise InsecureSecret(
                    f"ZVH_SIGNING_KEY is missing or not an Ed25519 PEM key ({exc}); "
                    f"refused in env={self.env}"
                ) from exc
        if self.kafka_security_protocol != "PLAINTEXT" and not (
            self.kafka_sasl_username and self.kafka_sasl_password.get_secret_value()
        ):
            raise InsecureSecret(
                f"ZVH_KAFKA_SECURITY_PROTOCOL={self.kafka_security_protocol} needs "
                "ZVH_KAFKA_SASL_USERNAME and ZVH_KAFKA_SASL_PASSWORD"
            )
        return self

    @model_validator(mode="after")
    def _check_test_clock(self) -> ServiceSettings:
        if self.test_clock_file is not None and self.env == "production":
            raise TestClockInProduction(
                "ZVH_TEST_CLOCK_FILE is a test-only setting: a service in production keeps the "
                "real time; remove it"
            )
        return self

    def clock(self) -> Clock:
        """The keten's clock: the real one, or the test's movable one (``test_clock_file``)."""
        from zvh_platform.clock import MovableClock, SystemClock

        if self.test_clock_file is not None:
            return MovableClock(self.test_clock_file)
        return SystemClock()

    def signer(self) -> SigningKey:
        """This service's signing key; the public development key in local and test only."""
        from zvh_platform.keys import SigningKey

        issuer = f"zvh-{self.service}"
        pem = self.signing_key.get_secret_value()
        if not pem:
            if self.env in ("local", "test"):
                return SigningKey.development(issuer)
            raise ValueError("no key given")
        return SigningKey.from_pem(pem, issuer=issuer)

    def db_url(self) -> str:
        """The SQLAlchemy async URL; a SQLite file under ``var_dir`` by default."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.var_dir / f'{self.service}.db'}"

    def telemetry_path(self) -> Path:
        """Where OTLP-JSON files go when no OTLP endpoint is configured."""
        return self.telemetry_dir or self.var_dir / "telemetry"

    @model_validator(mode="after")
    def _check_region(self) -> ServiceSettings:
        """Outside local/test the region must be stated, and its file must be there."""
        if self.region_file is None:
            if self.env not in DEMO_REGION_ENVS:
                raise RegionNotStated(_no_region_file(self.env))
        elif not self.region_file.is_file():
            raise RegionNotStated(
                f"ZVH_REGION_FILE={self.region_file} is not a readable file; "
                f"refused in env={self.env}"
            )
        return self

    def region(self) -> Region:
        """The region (partners, users) this deployment serves; the demo region in local/test."""
        from zvh_platform.region import demo_region, load_region

        if self.region_file is not None:
            return load_region(self.region_file)
        if self.env not in DEMO_REGION_ENVS:  # settings built around the validator
            raise RegionNotStated(_no_region_file(self.env))
        return demo_region()


def _no_region_file(env: str) -> str:
    return (
        f"ZVH_REGION_FILE is not set: env={env} does not fall back to the packaged demo region "
        "(fictitious partners and users); point ZVH_REGION_FILE at this region's JSON file "
        "(partners and users, see services/platform/README.md)"
    )

"""Settings refuse placeholder secrets outside local/test and default sensibly inside.

And the environment must be stated: no ``ZVH_ENV``, no service.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from pydantic import ValidationError
from zvh_platform.keys import SigningKey
from zvh_platform.settings import ServiceSettings

STRONG = "x7Qp2LmZ9vR4tY8wK3nB6cF1hJ5dG0sA"  # 32 chars, no placeholder words
PEM = SigningKey.generate(issuer="zvh-intake").pem()
RSA_PEM = (
    rsa.generate_private_key(public_exponent=65537, key_size=2048)
    .private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    .decode()
)


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ZVH_ENV", "ZVH_SIGNING_KEY", "ZVH_PSEUDONYM_KEY", "ZVH_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)


def test_local_gets_dev_secrets_and_sqlite_default() -> None:
    s = ServiceSettings(service="intake", env="local", var_dir=Path("/tmp/zvh"))
    assert s.signer().kid == SigningKey.development("zvh-intake").kid
    assert s.pseudonym_key.get_secret_value()
    assert s.db_url() == "sqlite+aiosqlite:////tmp/zvh/intake.db"
    assert s.telemetry_path() == Path("/tmp/zvh/telemetry")


@pytest.mark.parametrize(
    ("signing_key", "why"),
    [
        ("", "ZVH_SIGNING_KEY is missing"),
        ("-----BEGIN PRIVATE KEY-----\nnonsense\n-----END PRIVATE KEY-----", "ZVH_SIGNING_KEY"),
        (RSA_PEM, "not an Ed25519"),
    ],
)
def test_production_refuses_a_missing_or_wrong_signing_key(signing_key: str, why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        ServiceSettings(
            service="intake", env="production", signing_key=signing_key, pseudonym_key=STRONG
        )


@pytest.mark.parametrize(
    ("pseudonym_key", "why"),
    [
        ("", "missing"),
        ("short", "shorter"),
        ("changethis-changethis-changethis-123", "placeholder"),
    ],
)
def test_production_refuses_a_weak_pseudonym_key(pseudonym_key: str, why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        ServiceSettings(
            service="intake", env="production", signing_key=PEM, pseudonym_key=pseudonym_key
        )


def test_production_accepts_strong_secrets_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZVH_ENV", "production")
    monkeypatch.setenv("ZVH_SIGNING_KEY", PEM)
    monkeypatch.setenv("ZVH_PSEUDONYM_KEY", STRONG[::-1])
    monkeypatch.setenv("ZVH_DATABASE_URL", "postgresql+asyncpg://u@db/intake")
    s = ServiceSettings(service="intake")
    assert s.signer().pem() == PEM and s.signer().issuer == "zvh-intake"
    assert "PRIVATE" not in repr(s)
    assert s.db_url() == "postgresql+asyncpg://u@db/intake"
    assert STRONG not in repr(s)


def test_env_must_be_stated() -> None:
    with pytest.raises(ValidationError, match="ZVH_ENV is not set") as err:
        ServiceSettings(service="intake")
    assert "local, test, production" in str(err.value)


def test_env_must_be_a_known_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZVH_ENV", "staging")
    with pytest.raises(ValidationError, match="'local', 'test' or 'production'"):
        ServiceSettings(service="intake")


def test_env_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZVH_ENV", "test")
    assert ServiceSettings(service="intake").env == "test"


def test_service_entry_point_refuses_to_start_without_zvh_env(tmp_path: Path) -> None:
    """The real start, ``uvicorn zvh_intake.bootstrap:create_app --factory``, exits naming it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZVH_")}
    env["ZVH_VAR_DIR"] = str(tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "zvh_intake.bootstrap:create_app",
            "--factory",
            "--port",
            "0",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert "ZVH_ENV is not set" in done.stderr
    assert "local, test, production" in done.stderr

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
from zvh_platform.region import DEMO_REGION_FILE
from zvh_platform.settings import DEV_PSEUDONYM_KEY, PseudoniemSettings, ServiceSettings

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
    for name in (
        "ZVH_ENV",
        "ZVH_SIGNING_KEY",
        "ZVH_PSEUDONYM_KEY",
        "ZVH_DATABASE_URL",
        "ZVH_REGION_FILE",
    ):
        monkeypatch.delenv(name, raising=False)


def test_local_gets_dev_secrets_and_sqlite_default() -> None:
    s = ServiceSettings(service="intake", env="local", var_dir=Path("/tmp/zvh"))
    assert s.signer().kid == SigningKey.development("zvh-intake").kid
    assert PseudoniemSettings(env="local").pseudonym_key.get_secret_value() == DEV_PSEUDONYM_KEY
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
            service="intake",
            env="production",
            signing_key=signing_key,
            pseudonym_key=STRONG,
            region_file=DEMO_REGION_FILE,
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
        PseudoniemSettings(env="production", pseudonym_key=pseudonym_key)


class _MetSleutel(ServiceSettings, PseudoniemSettings):
    """A service's settings composed with an adapter's, as intake's and consent's are."""


def test_only_services_that_compose_the_pseudonym_key_need_it() -> None:
    """The platform carries no service's settings: without the key only its users refuse."""
    common = {"env": "production", "signing_key": PEM, "region_file": DEMO_REGION_FILE}
    s = ServiceSettings(service="notify", **common)  # type: ignore[arg-type]
    assert not hasattr(s, "pseudonym_key") and not hasattr(s, "smtp_host")
    with pytest.raises(ValidationError, match="ZVH_PSEUDONYM_KEY is missing"):
        _MetSleutel(service="intake", **common)  # type: ignore[arg-type]
    assert _MetSleutel(service="intake", pseudonym_key=STRONG, **common).pseudonym_key_bytes() == (  # type: ignore[arg-type]
        STRONG.encode()
    )


def test_production_accepts_strong_secrets_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZVH_ENV", "production")
    monkeypatch.setenv("ZVH_SIGNING_KEY", PEM)
    monkeypatch.setenv("ZVH_PSEUDONYM_KEY", STRONG[::-1])
    monkeypatch.setenv("ZVH_DATABASE_URL", "postgresql+asyncpg://u@db/intake")
    monkeypatch.setenv("ZVH_REGION_FILE", str(DEMO_REGION_FILE))
    s = _MetSleutel(service="intake")
    assert s.pseudonym_key_bytes() == STRONG[::-1].encode()
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


def test_production_refuses_to_run_without_a_region_file() -> None:
    """No silent fallback to the demo region's fictitious partners and users in production."""
    with pytest.raises(ValidationError, match="ZVH_REGION_FILE is not set") as err:
        ServiceSettings(
            service="intake", env="production", signing_key=PEM, pseudonym_key=STRONG[::-1]
        )
    assert "env=production" in str(err.value) and "demo region" in str(err.value)


def test_production_refuses_a_region_file_that_is_not_there(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="is not a readable file"):
        ServiceSettings(
            service="intake",
            env="production",
            signing_key=PEM,
            pseudonym_key=STRONG[::-1],
            region_file=tmp_path / "weg.json",
        )


def test_production_serves_the_region_file_it_is_given(tmp_path: Path) -> None:
    path = tmp_path / "regio.json"
    path.write_text(
        '{"naam": "ZVH Proef", "partners": [{"code": "zvh", "naam": "ZVH", '
        '"email": "zvh@example.org"}], "users": []}'
    )
    s = ServiceSettings(
        service="intake",
        env="production",
        signing_key=PEM,
        pseudonym_key=STRONG[::-1],
        region_file=path,
    )
    assert s.region().naam == "ZVH Proef" and s.region().partner_codes() == ["zvh"]


@pytest.mark.parametrize("env", ["local", "test"])
def test_local_and_test_keep_the_demo_region(env: str) -> None:
    region = ServiceSettings(service="intake", env=env).region()  # type: ignore[arg-type]
    assert region.naam.endswith("(demo)") and region.user("pr.jansen") is not None


def test_region_is_refused_even_when_the_validator_was_bypassed() -> None:
    """``region()`` itself never hands production the demo region."""
    s = ServiceSettings.model_construct(service="intake", env="production", region_file=None)
    with pytest.raises(ValueError, match="ZVH_REGION_FILE is not set"):
        s.region()


def test_service_entry_point_refuses_to_start_in_production_without_a_region(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZVH_")}
    env |= {
        "ZVH_ENV": "production",
        "ZVH_VAR_DIR": str(tmp_path),
        "ZVH_SIGNING_KEY": PEM,
        "ZVH_PSEUDONYM_KEY": STRONG[::-1],
    }
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
    assert "ZVH_REGION_FILE is not set" in done.stderr


def test_production_refuses_the_test_clock(tmp_path: Path) -> None:
    path = tmp_path / "regio.json"
    path.write_text('{"naam": "ZVH Proef", "partners": [], "users": []}')
    with pytest.raises(ValidationError, match="ZVH_TEST_CLOCK_FILE is a test-only setting"):
        ServiceSettings(
            service="notify",
            env="production",
            signing_key=PEM,
            region_file=path,
            test_clock_file=tmp_path / "klok",
        )


def test_the_test_clock_moves_only_when_the_test_moves_it(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from zvh_platform.clock import MovableClock, SystemClock

    assert isinstance(ServiceSettings(service="notify", env="local").clock(), SystemClock)
    clock = ServiceSettings(
        service="notify", env="local", test_clock_file=tmp_path / "klok"
    ).clock()
    assert isinstance(clock, MovableClock)
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)  # no file: real time
    MovableClock(tmp_path / "klok").move(timedelta(days=3))  # another process moves it
    assert abs(clock.now() - datetime.now(UTC) - timedelta(days=3)) < timedelta(seconds=5)

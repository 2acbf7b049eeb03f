"""Settings refuse placeholder secrets outside local/test and default sensibly inside."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError
from zvh_platform.settings import ServiceSettings

STRONG = "x7Qp2LmZ9vR4tY8wK3nB6cF1hJ5dG0sA"  # 32 chars, no placeholder words


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ZVH_ENV", "ZVH_TOKEN_SECRET", "ZVH_PSEUDONYM_KEY", "ZVH_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)


def test_local_gets_dev_secrets_and_sqlite_default() -> None:
    s = ServiceSettings(service="intake", var_dir=Path("/tmp/zvh"))
    assert len(s.token_secret.get_secret_value()) >= 32
    assert s.pseudonym_key.get_secret_value()
    assert s.db_url() == "sqlite+aiosqlite:////tmp/zvh/intake.db"
    assert s.telemetry_path() == Path("/tmp/zvh/telemetry")


@pytest.mark.parametrize(
    ("token_secret", "why"),
    [
        ("", "missing"),
        ("short", "shorter"),
        ("changethis-changethis-changethis-123", "placeholder"),
    ],
)
def test_production_refuses_weak_token_secret(token_secret: str, why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        ServiceSettings(
            service="intake", env="production", token_secret=token_secret, pseudonym_key=STRONG
        )


def test_production_refuses_missing_pseudonym_key() -> None:
    with pytest.raises(ValidationError, match="ZVH_PSEUDONYM_KEY is missing"):
        ServiceSettings(service="intake", env="production", token_secret=STRONG)


def test_production_accepts_strong_secrets_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZVH_ENV", "production")
    monkeypatch.setenv("ZVH_TOKEN_SECRET", STRONG)
    monkeypatch.setenv("ZVH_PSEUDONYM_KEY", STRONG[::-1])
    monkeypatch.setenv("ZVH_DATABASE_URL", "postgresql+asyncpg://u@db/intake")
    s = ServiceSettings(service="intake")
    assert s.token_secret.get_secret_value() == STRONG
    assert s.db_url() == "postgresql+asyncpg://u@db/intake"
    assert STRONG not in repr(s)

"""Tokens round-trip; tampered, expired or foreign tokens are rejected; the dependency gives 401."""

from __future__ import annotations

import time

import httpx
import jwt
import pytest
from fastapi import Depends, FastAPI
from zvh_platform.auth import InvalidToken, User, bearer_user, issue_token, verify_token
from zvh_platform.settings import ServiceSettings

SECRET = "test-secret-test-secret-test-secret-1234"
USER = User(id="pr.jansen", naam="Pieter Jansen", org="zvh", roles=["procesregisseur"])


def test_round_trip() -> None:
    assert verify_token(issue_token(USER, secret=SECRET), secret=SECRET) == USER


def test_tampered_token_rejected() -> None:
    token = issue_token(USER, secret=SECRET)
    header, _payload, signature = token.split(".")
    forged = jwt.encode(
        {**jwt.decode(token, options={"verify_signature": False}), "roles": ["fg"]},
        "another-secret-another-secret-123456",
        algorithm="HS256",
    ).split(".")[1]
    with pytest.raises(InvalidToken):
        verify_token(f"{header}.{forged}.{signature}", secret=SECRET)
    with pytest.raises(InvalidToken):
        verify_token(token, secret="wrong-secret-wrong-secret-wrong-1234")
    with pytest.raises(InvalidToken):
        verify_token("not-a-token", secret=SECRET)


def test_expired_token_rejected() -> None:
    token = issue_token(USER, secret=SECRET, ttl_s=-10)
    with pytest.raises(InvalidToken, match="verlopen"):
        verify_token(token, secret=SECRET)


def test_none_algorithm_rejected() -> None:
    claims = {"sub": "x", "org": "zvh", "roles": [], "iss": "zvh-keten"}
    token = jwt.encode(
        {**claims, "iat": int(time.time()), "exp": int(time.time()) + 60}, None, algorithm="none"
    )
    with pytest.raises(InvalidToken):
        verify_token(token, secret=SECRET)


async def test_bearer_user_dependency() -> None:
    settings = ServiceSettings(service="proef", env="test", token_secret=SECRET)
    app = FastAPI()

    @app.get("/wie")
    async def wie(user: User = Depends(bearer_user(settings))) -> dict[str, str]:  # noqa: B008
        return {"id": user.id}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        ok = await client.get(
            "/wie", headers={"Authorization": f"Bearer {issue_token(USER, secret=SECRET)}"}
        )
        assert ok.status_code == 200 and ok.json() == {"id": "pr.jansen"}
        assert (await client.get("/wie")).status_code == 401
        bad = await client.get("/wie", headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401


def test_a_remembered_token_still_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    """Verified once, remembered: the expiry is still checked on every use."""
    import time as time_module

    token = issue_token(USER, secret=SECRET, ttl_s=60)
    assert verify_token(token, secret=SECRET) == USER
    assert verify_token(token, secret=SECRET) == USER
    later = time_module.time() + 61
    monkeypatch.setattr("zvh_platform.auth.time.time", lambda: later)
    with pytest.raises(InvalidToken, match="verlopen"):
        verify_token(token, secret=SECRET)
    with pytest.raises(InvalidToken, match="ongeldig"):
        verify_token(token, secret=SECRET + "x")  # the secret is part of what is remembered

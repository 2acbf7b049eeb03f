"""Tokens: signed per service (Ed25519), checked against the issuer's JWKS, tied to a session.

Round trip; tampered, expired, foreign-key, unknown-issuer and ``none`` tokens are refused; a
session-derived token stops working once its session ends; the dependency answers 401.
"""

from __future__ import annotations

import time

import httpx
import jwt
import pytest
from fastapi import Depends, FastAPI
from zvh_platform import testing
from zvh_platform.auth import (
    ISSUER_LOKAAL,
    ISSUER_SESSIES,
    InvalidToken,
    JwksKeys,
    StaticKeys,
    TokenVerifier,
    TrustedIssuer,
    User,
    bearer_user,
    issue_token,
    lokaal_token,
    trusted_issuers,
)
from zvh_platform.keys import JWKS_PATH, SigningKey, jwks
from zvh_platform.region import DEMO_REGION_FILE
from zvh_platform.settings import ServiceSettings

USER = User(id="pr.jansen", naam="Pieter Jansen", org="zvh", roles=["procesregisseur"])
KEY = SigningKey.generate(issuer=ISSUER_SESSIES)


class Sessies:
    def __init__(self) -> None:
        self.lopend: set[str] = {"s1"}
        self.gevraagd = 0

    async def actief(self, sid: str) -> bool:
        self.gevraagd += 1
        return sid in self.lopend


def verifier(sessies: Sessies | None = None) -> TokenVerifier:
    return TokenVerifier(
        {ISSUER_SESSIES: TrustedIssuer(ISSUER_SESSIES, StaticKeys.of(KEY), sessies or Sessies())}
    )


async def test_round_trip_with_a_running_session() -> None:
    assert await verifier().verify(issue_token(USER, key=KEY, sid="s1")) == USER


async def test_a_token_stops_working_when_its_session_ends() -> None:
    sessies = Sessies()
    v = verifier(sessies)
    token = issue_token(USER, key=KEY, sid="s1")
    assert await v.verify(token) == USER
    sessies.lopend.clear()
    with pytest.raises(InvalidToken, match="sessie beëindigd"):
        await v.verify(token)
    with pytest.raises(InvalidToken, match="hoort niet bij een sessie"):
        await v.verify(issue_token(USER, key=KEY))


async def test_tampered_foreign_and_unsigned_tokens_are_refused() -> None:
    v = verifier()
    token = issue_token(USER, key=KEY, sid="s1")
    header, _payload, signature = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    forged = issue_token(USER.model_copy(update={"roles": ["fg"]}), key=KEY, sid="s1")
    with pytest.raises(InvalidToken):  # another payload under the original signature
        await v.verify(f"{header}.{forged.split('.')[1]}.{signature}")
    other = SigningKey.generate(issuer=ISSUER_SESSIES)  # same issuer name, another key
    with pytest.raises(InvalidToken, match="onbekende sleutel"):
        await v.verify(issue_token(USER, key=other, sid="s1"))
    with pytest.raises(InvalidToken, match="onbekende uitgever"):
        await v.verify(lokaal_token(USER))  # production trusts no local tools
    unsigned = jwt.encode({**claims, "exp": int(time.time()) + 60}, "", algorithm="none")
    with pytest.raises(InvalidToken):
        await v.verify(unsigned)
    hs = jwt.encode(claims, "a-shared-secret-a-shared-secret-1234", algorithm="HS256")
    with pytest.raises(InvalidToken):
        await v.verify(hs)
    with pytest.raises(InvalidToken):
        await v.verify("not-a-token")


async def test_expired_token_rejected_also_when_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    v = verifier()
    with pytest.raises(InvalidToken, match="verlopen"):
        await v.verify(issue_token(USER, key=KEY, sid="s1", ttl_s=-10))
    token = issue_token(USER, key=KEY, sid="s1", ttl_s=60)
    assert await v.verify(token) == USER
    later = time.time() + 61
    monkeypatch.setattr("zvh_platform.auth.time.time", lambda: later)
    with pytest.raises(InvalidToken, match="verlopen"):
        await v.verify(token)


async def test_keys_come_from_the_issuers_jwks_over_http() -> None:
    app = FastAPI()
    fetched: list[int] = []

    @app.get(JWKS_PATH)
    async def keys() -> dict[str, list[dict[str, str]]]:
        fetched.append(1)
        return jwks(KEY)

    with testing.serve(app) as base:
        source = JwksKeys(base + JWKS_PATH)
        v = TokenVerifier({ISSUER_SESSIES: TrustedIssuer(ISSUER_SESSIES, source, Sessies())})
        assert await v.verify(issue_token(USER, key=KEY, sid="s1")) == USER
        assert await v.verify(issue_token(USER, key=KEY, sid="s1", ttl_s=120)) == USER
        assert fetched == [1], "the keys are fetched once, then remembered"
        with pytest.raises(InvalidToken, match="onbekende sleutel"):
            await v.verify(
                issue_token(USER, key=SigningKey.generate(issuer=ISSUER_SESSIES), sid="s1")
            )


def test_local_tools_are_trusted_in_local_and_test_only() -> None:
    assert ISSUER_LOKAAL in trusted_issuers(ServiceSettings(service="proef", env="test"))
    production = ServiceSettings(
        service="proef",
        env="production",
        signing_key=SigningKey.generate(issuer="zvh-proef").pem(),
        pseudonym_key="p" * 16 + "q" * 16 + "r" * 8,
        region_file=DEMO_REGION_FILE,
    )
    assert set(trusted_issuers(production)) == {ISSUER_SESSIES}


def test_development_keys_differ_per_service_and_are_public() -> None:
    a, b = SigningKey.development("zvh-intake"), SigningKey.development("zvh-consent")
    assert a.kid != b.kid
    assert a.kid == SigningKey.development("zvh-intake").kid
    assert set(jwks(a)["keys"][0]) == {"kty", "crv", "x", "kid", "use", "alg"}  # no "d"


async def test_bearer_user_dependency() -> None:
    settings = ServiceSettings(service="proef", env="test")
    app = FastAPI()

    @app.get("/wie")
    async def wie(user: User = Depends(bearer_user(settings))) -> dict[str, str]:  # noqa: B008
        return {"id": user.id}

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        ok = await client.get("/wie", headers={"Authorization": f"Bearer {lokaal_token(USER)}"})
        assert ok.status_code == 200 and ok.json() == {"id": "pr.jansen"}
        assert (await client.get("/wie")).status_code == 401
        bad = await client.get("/wie", headers={"Authorization": "Bearer nope"})
        assert bad.status_code == 401

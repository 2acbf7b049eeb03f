"""User tokens between services: short-lived, signed by the issuer's own key, tied to a session.

Overleg holds the sign-in sessions (OIDC, server-side). For every call to another service it
derives a token from the session: ``sub``/``naam``/``org``/``roles`` of the user, ``sid`` of the
session and at most :data:`USER_TOKEN_TTL_S` of life, signed with overleg's Ed25519 key. A
verifier fetches overleg's public keys from its JWKS and asks overleg whether the session still
runs (cached for :data:`SESSION_CACHE_S`), so after a logout neither the cookie nor any token
derived from it works any more.

Local tools and tests (``zvh demo``, the benches, unit tests) sign as the issuer ``zvh-lokaal``
with a well-known development key that only ``local`` and ``test`` trust.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.applications import Starlette

from zvh_platform.keys import ALGORITHM, JWKS_PATH, SigningKey

if TYPE_CHECKING:
    from zvh_platform.settings import ServiceSettings

log = logging.getLogger(__name__)

#: The issuer of session-derived user tokens: overleg, which holds the sign-in sessions.
ISSUER_SESSIES = "zvh-overleg"
#: The issuer of local tools and tests; trusted only when env is local or test.
ISSUER_LOKAAL = "zvh-lokaal"
#: The longest a token derived from a session lives (the issue: at most five minutes).
USER_TOKEN_TTL_S = 300
#: How long a verifier trusts "this session still runs" before asking again.
SESSION_CACHE_S = 2.0
#: Where overleg answers whether a session still runs (internal network only).
SESSION_STATUS_PATH = "/intern/sessies/{sid}"
#: How often an unknown ``kid`` may make a verifier fetch the JWKS again.
JWKS_REFETCH_S = 10.0


class User(BaseModel):
    """A signed-in person: id, name, organisation (partner code) and roles."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1, max_length=100)
    naam: str
    org: str
    roles: list[str] = Field(default_factory=list)
    #: Where notify mails this person (region users only; never in a token). None: unknown, the
    #: organisation's address is used instead.
    email: str | None = Field(default=None, max_length=320)

    def has_role(self, *roles: str) -> bool:
        """True when the user holds any of ``roles``."""
        return any(r in self.roles for r in roles)


class InvalidToken(Exception):
    """The token is missing, malformed, tampered with, expired or its session has ended."""


def issue_token(
    user: User, *, key: SigningKey, ttl_s: int = USER_TOKEN_TTL_S, sid: str | None = None
) -> str:
    """A token for ``user`` signed by ``key``, valid for ``ttl_s`` seconds (session ``sid``)."""
    now = int(time.time())
    claims: dict[str, object] = {
        "sub": user.id,
        "naam": user.naam,
        "org": user.org,
        "roles": list(user.roles),
        "iss": key.issuer,
        "iat": now,
        "exp": now + ttl_s,
    }
    if sid is not None:
        claims["sid"] = sid
    return key.sign(claims)


def lokaal_token(user: User, *, ttl_s: int = 3600) -> str:
    """A token from the local tools' development key: trusted in ``local`` and ``test`` only."""
    return issue_token(user, key=SigningKey.development(ISSUER_LOKAAL), ttl_s=ttl_s)


@dataclass(frozen=True)
class Verified:
    """What a valid token says."""

    user: User
    issuer: str
    exp: float
    sid: str | None


class SessionStatus(Protocol):
    """Whether a sign-in session still runs (overleg's register, or its HTTP endpoint)."""

    async def actief(self, sid: str) -> bool: ...


class KeySource(Protocol):
    async def key(self, kid: str) -> Ed25519PublicKey | None: ...


@dataclass
class StaticKeys:
    """Keys known in advance: a service's own key, the development keys."""

    keys: dict[str, Ed25519PublicKey]

    @classmethod
    def of(cls, *keys: SigningKey) -> StaticKeys:
        return cls({k.kid: k.public for k in keys})

    async def key(self, kid: str) -> Ed25519PublicKey | None:
        return self.keys.get(kid)


@dataclass
class JwksKeys:
    """An issuer's published keys, fetched from its JWKS on first use and on an unknown kid."""

    url: str
    timeout_s: float = 2.0
    _keys: dict[str, Ed25519PublicKey] = field(default_factory=dict)
    _fetched_at: float = float("-inf")
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def key(self, kid: str) -> Ed25519PublicKey | None:
        if kid in self._keys:
            return self._keys[kid]
        async with self._lock:
            if kid not in self._keys and time.monotonic() - self._fetched_at >= JWKS_REFETCH_S:
                await self._fetch()
        return self._keys.get(kid)

    async def _fetch(self) -> None:
        self._fetched_at = time.monotonic()
        try:
            async with httpx.AsyncClient(timeout=self.timeout_s) as client:
                response = await client.get(self.url)
            response.raise_for_status()
            keys = jwt.PyJWKSet.from_dict(response.json()).keys
        except (httpx.HTTPError, ValueError, jwt.PyJWTError) as exc:
            log.warning("JWKS %s not fetched: %s", self.url, type(exc).__name__)
            return
        for k in keys:
            if isinstance(k.key, Ed25519PublicKey) and k.key_id:
                self._keys[k.key_id] = k.key


@dataclass
class HttpSessionStatus:
    """Asks overleg whether a session runs; "yes" is cached briefly, "no" for good."""

    base_url: str
    timeout_s: float = 2.0
    _actief_tot: dict[str, float] = field(default_factory=dict)
    _beeindigd: set[str] = field(default_factory=set)
    _client: httpx.AsyncClient | None = None

    async def actief(self, sid: str) -> bool:
        if sid in self._beeindigd:
            return False
        now = time.monotonic()
        if self._actief_tot.get(sid, 0.0) > now:
            return True
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout_s)
        url = self.base_url.rstrip("/") + SESSION_STATUS_PATH.format(sid=sid)
        try:
            response = await self._client.get(url)
        except httpx.HTTPError as exc:
            log.warning("session status not reachable: %s", type(exc).__name__)
            return False  # deny when in doubt
        if response.status_code == 200 and response.json().get("actief") is True:
            if len(self._actief_tot) > 10_000:
                self._actief_tot.clear()
            self._actief_tot[sid] = now + SESSION_CACHE_S
            return True
        if response.status_code in (200, 404, 410):  # answered: the session has ended
            self._actief_tot.pop(sid, None)
            if len(self._beeindigd) > 100_000:
                self._beeindigd.clear()
            self._beeindigd.add(sid)
        return False


@dataclass(frozen=True)
class TrustedIssuer:
    """An issuer whose tokens a service accepts, and what such a token must carry."""

    name: str
    keys: KeySource
    #: Checks ``sid``; tokens of an issuer with sessions must carry one.
    sessions: SessionStatus | None = None


class TokenVerifier:
    """Checks a token's signature against its issuer's keys, its expiry and its session."""

    def __init__(self, issuers: Mapping[str, TrustedIssuer]) -> None:
        self.issuers = dict(issuers)

    async def verify(self, token: str) -> User:
        return (await self.verified(token)).user

    async def verified(self, token: str) -> Verified:
        try:
            kid = jwt.get_unverified_header(token).get("kid")
            issuer = jwt.decode(token, options={"verify_signature": False}).get("iss")
        except jwt.PyJWTError as exc:
            raise InvalidToken("token ongeldig") from exc
        trusted = self.issuers.get(issuer) if isinstance(issuer, str) else None
        if trusted is None or not isinstance(kid, str):
            raise InvalidToken("token van een onbekende uitgever")
        key = await trusted.keys.key(kid)
        if key is None:
            raise InvalidToken("token ondertekend met een onbekende sleutel")
        result = _decode(token, issuer, key.public_bytes_raw())
        if time.time() >= result.exp:
            raise InvalidToken("token verlopen")
        if trusted.sessions is not None:
            if result.sid is None:
                raise InvalidToken("token hoort niet bij een sessie")
            if not await trusted.sessions.actief(result.sid):
                raise InvalidToken("sessie beëindigd")
        return result


@functools.lru_cache(maxsize=4096)
def _decode(token: str, issuer: str, key: bytes) -> Verified:
    """Signature and claims of a token, checked once per token (failures are not cached)."""
    try:
        claims = jwt.decode(
            token,
            Ed25519PublicKey.from_public_bytes(key),
            algorithms=[ALGORITHM],
            issuer=issuer,
            options={"require": ["sub", "exp", "iat", "iss"]},
        )
        user = User(
            id=claims["sub"], naam=claims.get("naam", ""), org=claims["org"], roles=claims["roles"]
        )
    except jwt.ExpiredSignatureError as exc:
        raise InvalidToken("token verlopen") from exc
    except (jwt.PyJWTError, KeyError, TypeError, ValueError, ValidationError) as exc:
        raise InvalidToken("token ongeldig") from exc
    sid = claims.get("sid")
    return Verified(user=user, issuer=issuer, exp=float(claims["exp"]), sid=sid if sid else None)


def trusted_issuers(
    settings: ServiceSettings, *, sessions: SessionStatus | None = None
) -> dict[str, TrustedIssuer]:
    """Whom a service trusts: overleg's sessions everywhere, the local tools in local/test."""
    overleg = settings.overleg_url.rstrip("/")
    issuers = {
        ISSUER_SESSIES: TrustedIssuer(
            ISSUER_SESSIES,
            keys=JwksKeys(overleg + JWKS_PATH, timeout_s=settings.pdp_timeout_s),
            sessions=sessions or HttpSessionStatus(overleg, timeout_s=settings.pdp_timeout_s),
        )
    }
    if settings.env in ("local", "test"):
        issuers[ISSUER_LOKAAL] = TrustedIssuer(
            ISSUER_LOKAAL, keys=StaticKeys.of(SigningKey.development(ISSUER_LOKAAL))
        )
    return issuers


def app_verifier(source: Request | Starlette, settings: ServiceSettings) -> TokenVerifier:
    """The verifier of the running app (``app.state.verifier``), made once on first use."""
    app = source.app if isinstance(source, Request) else source
    verifier: TokenVerifier | None = getattr(app.state, "verifier", None)
    if verifier is None:
        verifier = TokenVerifier(trusted_issuers(settings))
        app.state.verifier = verifier
    return verifier


def bearer_token(request: Request) -> str | None:
    """The raw bearer token of a request, if any (to forward it to another service)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return token.strip()


def bearer_user(settings: ServiceSettings) -> Callable[[Request], Awaitable[User]]:
    """A FastAPI dependency: the user of the bearer token, or 401."""

    async def dependency(request: Request) -> User:
        token = bearer_token(request)
        if token is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                detail="niet aangemeld",
                headers={"WWW-Authenticate": "Bearer"},
            )
        try:
            return await app_verifier(request, settings).verify(token)
        except InvalidToken as exc:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                detail=str(exc),
                headers={"WWW-Authenticate": "Bearer"},
            ) from exc

    return dependency

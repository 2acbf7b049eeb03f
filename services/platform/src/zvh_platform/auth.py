"""Signed user tokens (HS256 JWT) carrying who the user is between services.

The overleg UI issues the token at sign-in and forwards it on every HTTP call, so each service can
see the user without a shared session store.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import jwt
from fastapi import HTTPException, Request, status
from pydantic import BaseModel, ConfigDict, Field, ValidationError

if TYPE_CHECKING:
    from zvh_platform.settings import ServiceSettings

ALGORITHM = "HS256"
ISSUER = "zvh-keten"


class User(BaseModel):
    """A signed-in person: id, name, organisation (partner code) and roles."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(min_length=1, max_length=100)
    naam: str
    org: str
    roles: list[str] = Field(default_factory=list)

    def has_role(self, *roles: str) -> bool:
        """True when the user holds any of ``roles``."""
        return any(r in self.roles for r in roles)


class InvalidToken(Exception):
    """The token is missing, malformed, tampered with or expired."""


def issue_token(user: User, *, secret: str, ttl_s: int = 3600) -> str:
    """A signed token for ``user`` valid for ``ttl_s`` seconds."""
    now = int(time.time())
    claims = {
        "sub": user.id,
        "naam": user.naam,
        "org": user.org,
        "roles": list(user.roles),
        "iss": ISSUER,
        "iat": now,
        "exp": now + ttl_s,
    }
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def verify_token(token: str, *, secret: str) -> User:
    """The user in a valid token; raises InvalidToken otherwise.

    A token whose signature and claims were verified once is remembered (``_verified``, the
    last 1,024): the same bytes under the same secret verify the same way, so a service asked
    many times with one token (the PDP) checks the signature once. Expiry is checked every time.
    """
    user, exp = _verified(token, secret)
    if time.time() >= exp:
        raise InvalidToken("token verlopen")
    return user


@functools.lru_cache(maxsize=1024)
def _verified(token: str, secret: str) -> tuple[User, float]:
    """The user and expiry of a token with a valid signature and claims (failures not cached)."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": ["sub", "exp", "iat", "iss"]},
        )
        user = User(
            id=claims["sub"], naam=claims.get("naam", ""), org=claims["org"], roles=claims["roles"]
        )
        return user, float(claims["exp"])
    except jwt.ExpiredSignatureError as exc:
        raise InvalidToken("token verlopen") from exc
    except (jwt.PyJWTError, KeyError, TypeError, ValueError, ValidationError) as exc:
        raise InvalidToken("token ongeldig") from exc


def bearer_token(request: Request) -> str | None:
    """The raw bearer token of a request, if any (to forward it to another service)."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return token.strip()


def bearer_user(settings: ServiceSettings) -> Callable[[Request], Awaitable[User]]:
    """A FastAPI dependency: the user of the bearer token, or 401."""
    secret = settings.token_secret.get_secret_value()

    async def dependency(request: Request) -> User:
        token = bearer_token(request)
        if token is None:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                detail="niet aangemeld",
                headers={"WWW-Authenticate": "Bearer"},
            )
        try:
            return verify_token(token, secret=secret)
        except InvalidToken as exc:
            raise HTTPException(
                status.HTTP_401_UNAUTHORIZED,
                detail=str(exc),
                headers={"WWW-Authenticate": "Bearer"},
            ) from exc

    return dependency

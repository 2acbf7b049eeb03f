"""The OpenID Connect client (authlib): authorization-code flow with PKCE, ID token checked.

Discovery and keys are fetched per issuer and cached. The ID token is verified with PyJWT against
the issuer's JWKS: signature, ``iss`` (must be the configured issuer, so the organisation follows
from it), ``aud`` (our client id), expiry and the ``nonce`` of this sign-in.
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Mapping
from typing import Any

import httpx
import jwt
from authlib.deprecate import AuthlibDeprecationWarning
from zvh_platform.region import Identiteit

from zvh_overleg.application.aanmelden import ProviderFout

with warnings.catch_warnings():  # authlib prefers httpx2 and warns when it uses httpx instead
    warnings.simplefilter("ignore", AuthlibDeprecationWarning)
    from authlib.integrations.httpx_client import AsyncOAuth2Client

#: How long discovery documents and keys are kept before they are fetched again.
CACHE_S = 600.0
ID_TOKEN_ALGORITHMS = ["RS256", "ES256", "PS256", "EdDSA"]


class OidcClient:
    """Talks to each organisation's identity provider."""

    def __init__(self, *, timeout_s: float = 5.0, env: Mapping[str, str] | None = None) -> None:
        self._timeout = timeout_s
        self._env = env if env is not None else os.environ
        self._metadata: dict[str, tuple[float, dict[str, Any]]] = {}

    async def _discover(self, issuer: str) -> dict[str, Any]:
        cached = self._metadata.get(issuer)
        if cached is not None and time.monotonic() - cached[0] < CACHE_S:
            return cached[1]
        url = issuer.rstrip("/") + "/.well-known/openid-configuration"
        try:
            async with httpx.AsyncClient(timeout=self._timeout) as client:
                response = await client.get(url)
            response.raise_for_status()
            metadata = response.json()
        except (httpx.HTTPError, ValueError) as exc:
            raise ProviderFout(f"identiteitsprovider onbereikbaar ({type(exc).__name__})") from exc
        if metadata.get("issuer") != issuer:
            raise ProviderFout("identiteitsprovider noemt een andere issuer dan geconfigureerd")
        self._metadata[issuer] = (time.monotonic(), metadata)
        return metadata

    def _client(self, identiteit: Identiteit, redirect_uri: str) -> AsyncOAuth2Client:
        secret = (
            self._env.get(identiteit.client_secret_env) if identiteit.client_secret_env else None
        )
        return AsyncOAuth2Client(
            client_id=identiteit.client_id,
            client_secret=secret,
            token_endpoint_auth_method="client_secret_basic" if secret else "none",
            scope=identiteit.scope,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            timeout=self._timeout,
        )

    async def autorisatie_url(
        self,
        identiteit: Identiteit,
        *,
        redirect_uri: str,
        state: str,
        nonce: str,
        code_verifier: str,
        login_hint: str | None = None,
    ) -> str:
        metadata = await self._discover(identiteit.issuer)
        extra = {"nonce": nonce}
        if login_hint:
            extra["login_hint"] = login_hint
        async with self._client(identiteit, redirect_uri) as client:
            url, _ = client.create_authorization_url(
                metadata["authorization_endpoint"],
                state=state,
                code_verifier=code_verifier,
                **extra,
            )
        return str(url)

    async def claims(
        self,
        identiteit: Identiteit,
        *,
        code: str,
        redirect_uri: str,
        code_verifier: str,
        nonce: str,
    ) -> dict[str, Any]:
        metadata = await self._discover(identiteit.issuer)
        try:
            async with self._client(identiteit, redirect_uri) as client:
                token = await client.fetch_token(
                    metadata["token_endpoint"], code=code, code_verifier=code_verifier
                )
                keys = await client.get(metadata["jwks_uri"])
            keys.raise_for_status()
            jwks = jwt.PyJWKSet.from_dict(keys.json())
        except Exception as exc:  # authlib raises its own OAuthError family as well as httpx's
            raise ProviderFout(f"token niet verkregen ({type(exc).__name__})") from exc
        id_token = token.get("id_token")
        if not isinstance(id_token, str):
            raise ProviderFout("de identiteitsprovider gaf geen ID-token")
        try:
            kid = jwt.get_unverified_header(id_token).get("kid")
            candidates = [k for k in jwks.keys if kid is None or k.key_id == kid]
            if not candidates:
                raise ProviderFout("ID-token ondertekend met een onbekende sleutel")
            claims: dict[str, Any] = jwt.decode(
                id_token,
                candidates[0].key,
                algorithms=ID_TOKEN_ALGORITHMS,
                audience=identiteit.client_id,
                issuer=identiteit.issuer,
                options={"require": ["sub", "exp", "iat", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise ProviderFout(f"ID-token ongeldig ({type(exc).__name__})") from exc
        if claims.get("nonce") != nonce:
            raise ProviderFout("ID-token hoort niet bij deze aanmelding (nonce)")
        return claims

"""Who a user is after signing in at their organisation's identity provider.

The organisation is the partner whose issuer we sent the user to and whose key signed the ID
token; the claims only give the person (``sub``, name) and their roles, translated per issuer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from zvh_platform.auth import User
from zvh_platform.region import Identiteit, Partner


class AanmeldenGeweigerd(Exception):
    """The identity provider vouched for someone who may not use ZVH keten (Dutch reason)."""


def gebruiker_uit_claims(partner: Partner, claims: Mapping[str, Any]) -> User:
    """The user of verified ID token ``claims`` from ``partner``'s own issuer."""
    identiteit = partner.identiteit
    if identiteit is None:
        raise AanmeldenGeweigerd(f"{partner.naam} kan niet aanmelden bij ZVH keten.")
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub or len(sub) > 100:
        raise AanmeldenGeweigerd("De identiteitsprovider gaf geen bruikbare gebruikers-id.")
    waarden = claims.get(identiteit.rollen_claim, [])
    if isinstance(waarden, str):
        waarden = waarden.split()
    if not isinstance(waarden, list):
        waarden = []
    rollen = sorted(
        {identiteit.rollen[w] for w in waarden if isinstance(w, str) and w in identiteit.rollen}
    )
    if not rollen:
        raise AanmeldenGeweigerd(
            f"{partner.naam} heeft u geen rol in ZVH keten gegeven. Vraag uw eigen beheerder om "
            "een rol (bijvoorbeeld deelnemer)."
        )
    naam = claims.get(identiteit.naam_claim)
    return User(
        id=sub,
        naam=naam if isinstance(naam, str) and naam else sub,
        org=partner.code,
        roles=rollen,
    )


class IdentiteitsProvider(Protocol):
    """An organisation's OpenID Connect provider, spoken to with the code flow and PKCE."""

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
        """Where to send the browser to sign in."""
        ...

    async def claims(
        self,
        identiteit: Identiteit,
        *,
        code: str,
        redirect_uri: str,
        code_verifier: str,
        nonce: str,
    ) -> dict[str, Any]:
        """The verified ID token's claims for an authorization ``code`` (raises on any doubt)."""
        ...


class ProviderFout(Exception):
    """The identity provider could not be reached or gave an answer we do not trust."""

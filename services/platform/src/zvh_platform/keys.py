"""Per-service signing keys (Ed25519) and the JWKS each service publishes.

Why public keys and a JWKS rather than one shared secret: with a shared HMAC secret every service
that can *check* a token can also *mint* one, so one leaked service configuration lets an
attacker act as any user everywhere. With a key pair per service only the issuer (overleg, which
holds the sign-in sessions) can mint user tokens; the others only verify, with the public half
fetched from the issuer's ``/.well-known/jwks.json``. Rotating a key is publishing the new one
beside the old (its ``kid`` differs) — no coordinated restart. See docs/security.md.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALGORITHM = "EdDSA"
JWKS_PATH = "/.well-known/jwks.json"
#: Seed of the development keys: public, so refused outside local/test (like a dev secret).
DEV_SEED = "zvh-local-dev-signing-key-not-for-production"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def public_jwk(public: Ed25519PublicKey) -> dict[str, str]:
    """The public key as a JWK with its RFC 7638 thumbprint as ``kid``."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    core = {"crv": "Ed25519", "kty": "OKP", "x": _b64(raw)}
    thumbprint = hashlib.sha256(json.dumps(core, separators=(",", ":")).encode()).digest()
    return {**core, "kid": _b64(thumbprint), "use": "sig", "alg": ALGORITHM}


@dataclass(frozen=True)
class SigningKey:
    """One service's private key; ``issuer`` is what its tokens say in ``iss``."""

    private: Ed25519PrivateKey = field(repr=False)
    issuer: str

    @classmethod
    def from_pem(cls, pem: str, *, issuer: str) -> SigningKey:
        """A key from PKCS#8 PEM text (``openssl genpkey -algorithm ed25519``)."""
        key = serialization.load_pem_private_key(pem.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the signing key is not an Ed25519 private key")
        return cls(private=key, issuer=issuer)

    @classmethod
    def development(cls, issuer: str) -> SigningKey:
        """The well-known key of ``issuer`` for local development and tests only."""
        seed = hashlib.sha256(f"{DEV_SEED}:{issuer}".encode()).digest()
        return cls(private=Ed25519PrivateKey.from_private_bytes(seed), issuer=issuer)

    @classmethod
    def generate(cls, *, issuer: str) -> SigningKey:
        return cls(private=Ed25519PrivateKey.generate(), issuer=issuer)

    def pem(self) -> str:
        return self.private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    @property
    def kid(self) -> str:
        return public_jwk(self.public)["kid"]

    def jwk(self) -> dict[str, str]:
        return public_jwk(self.public)

    def sign(self, claims: dict[str, Any]) -> str:
        """A compact JWS of ``claims`` with this key's ``kid`` in the header."""
        return jwt.encode(claims, self.private, algorithm=ALGORITHM, headers={"kid": self.kid})

    def derive(self, purpose: str) -> bytes:
        """A secret for ``purpose`` (e.g. the CSRF cookie signature) bound to this key."""
        raw = self.private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        return hashlib.sha256(raw + b":" + purpose.encode()).digest()


def jwks(*keys: SigningKey) -> dict[str, list[dict[str, str]]]:
    """The JSON Web Key Set publishing the public halves of ``keys``."""
    return {"keys": [k.jwk() for k in keys]}

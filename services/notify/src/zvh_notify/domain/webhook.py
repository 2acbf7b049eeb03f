"""Standard Webhooks signatures (https://www.standardwebhooks.com/), used both ways.

Outbound, notify signs each callback; inbound, a partner signs its post with its own secret.
The signed content is ``{webhook-id}.{webhook-timestamp}.{body}``, HMAC-SHA256 with the secret
(``whsec_`` + base64 of the key bytes), sent as ``webhook-signature: v1,<base64>``. Several
space-separated signatures may be sent (secret rotation): one valid one suffices. Plain Python.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

SECRET_PREFIX = "whsec_"  # noqa: S105 (the prefix, not a secret)
VERSION = "v1"
#: How far a signed timestamp may be from now, either way (replay protection), as the spec says.
TOLERANCE_S = 5 * 60
ID_HEADER = "webhook-id"
TIMESTAMP_HEADER = "webhook-timestamp"
SIGNATURE_HEADER = "webhook-signature"


class OngeldigeHandtekening(ValueError):
    """The signature is missing, malformed, too old or does not match (message in Dutch)."""


class OngeldigGeheim(ValueError):
    """The configured secret is not a Standard Webhooks secret."""


def sleutel(secret: str) -> bytes:
    """The key bytes of a ``whsec_…`` secret (the prefix is optional, the rest is base64)."""
    text = secret.strip().removeprefix(SECRET_PREFIX)
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise OngeldigGeheim("het geheim is geen base64 (whsec_…)") from exc
    if len(key) < 16:
        raise OngeldigGeheim("het geheim is te kort (minstens 16 bytes)")
    return key


def handtekening(*, secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``webhook-signature`` value for this message: ``v1,<base64 HMAC-SHA256>``."""
    inhoud = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(sleutel(secret), inhoud, hashlib.sha256).digest()
    return f"{VERSION},{base64.b64encode(digest).decode()}"


@dataclass(frozen=True)
class Ondertekend:
    """The three Standard Webhooks headers of one signed message."""

    msg_id: str
    timestamp: int
    signature: str

    def headers(self) -> dict[str, str]:
        return {
            ID_HEADER: self.msg_id,
            TIMESTAMP_HEADER: str(self.timestamp),
            SIGNATURE_HEADER: self.signature,
        }


def onderteken(*, secret: str, msg_id: str, nu: datetime, body: bytes) -> Ondertekend:
    """Sign ``body`` as message ``msg_id`` at ``nu``."""
    ts = int(nu.timestamp())
    return Ondertekend(
        msg_id=msg_id,
        timestamp=ts,
        signature=handtekening(secret=secret, msg_id=msg_id, timestamp=ts, body=body),
    )


def controleer(*, secret: str, headers: Mapping[str, str], body: bytes, nu: datetime) -> str:
    """Verify a signed message; returns its ``webhook-id`` or raises OngeldigeHandtekening.

    ``headers`` must be looked up case-insensitively by the caller (lower-case names here).
    """
    msg_id = headers.get(ID_HEADER, "")
    ts_text = headers.get(TIMESTAMP_HEADER, "")
    signatures = headers.get(SIGNATURE_HEADER, "")
    if not msg_id or not ts_text or not signatures:
        raise OngeldigeHandtekening(
            "de headers webhook-id, webhook-timestamp en webhook-signature zijn verplicht"
        )
    try:
        ts = int(ts_text)
    except ValueError as exc:
        raise OngeldigeHandtekening("webhook-timestamp is geen geheel getal") from exc
    if abs(nu.timestamp() - ts) > TOLERANCE_S:
        raise OngeldigeHandtekening("webhook-timestamp ligt meer dan 5 minuten van nu af")
    verwacht = handtekening(secret=secret, msg_id=msg_id, timestamp=ts, body=body)
    for kandidaat in signatures.split():
        if hmac.compare_digest(kandidaat.encode(), verwacht.encode()):
            return msg_id
    raise OngeldigeHandtekening("de handtekening klopt niet")

"""One request to another service on the signed-in user's behalf: the user's own bearer token,
and the UI form's idempotency key on a command, so a double submit acts once over there too.
Each client turns transport errors and statuses into its own port's errors."""

from __future__ import annotations

from typing import Any

import httpx
from zvh_platform.idempotency import HEADER, current_key


async def namens_gebruiker(
    client: httpx.AsyncClient, method: str, url: str, *, token: str, **kwargs: Any
) -> httpx.Response:
    """``client.request`` with the user's token (raises httpx.HTTPError as the client does)."""
    headers = {"Authorization": f"Bearer {token}"}
    key = current_key()
    if method != "GET" and key is not None:
        headers[HEADER] = key
    return await client.request(method, url, headers=headers, **kwargs)

"""Sign in to the local overleg UI the way a browser does: through the OIDC stand-in.

For the benches and the end-to-end tests, which need a real session cookie: the sign-in form
(with its CSRF token), the organisation's identity provider (picking the demo user there), and
the callback that starts the session. Nothing here is a shortcut past the sign-in.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

_CSRF = re.compile(r'name="csrftoken" value="([^"]+)"')


class AanmeldenMislukt(RuntimeError):
    """A step of the sign-in did not answer as a browser would expect."""


def csrf_token(client: httpx.Client, path: str = "/aanmelden") -> str:
    """The CSRF token of ``client``'s cookie, read from a form on ``path``."""
    page = client.get(path)
    found = _CSRF.search(page.text)
    if found is None:
        raise AanmeldenMislukt(f"no CSRF token on {path} ({page.status_code})")
    return found.group(1)


def sign_in(client: httpx.Client, user_id: str) -> str:
    """Sign ``client`` (base URL: overleg) in as demo user ``user_id``; the session cookie."""
    token = csrf_token(client)
    r = client.post("/aanmelden", data={"gebruiker": user_id, "csrftoken": token})
    if r.status_code != 303:
        raise AanmeldenMislukt(f"POST /aanmelden: {r.status_code} {r.text[:200]}")
    authorize = r.headers["location"]
    with httpx.Client(timeout=client.timeout) as idp:
        r = idp.post(authorize, data={"sub": user_id})
    if r.status_code not in (302, 303):
        raise AanmeldenMislukt(f"identity provider: {r.status_code} {r.text[:200]}")
    r = client.get(r.headers["location"])
    if r.status_code != 303 or "zvh_sessie" not in client.cookies:
        raise AanmeldenMislukt(f"callback: {r.status_code} {r.text[:300]}")
    return str(client.cookies["zvh_sessie"])


def sign_out(client: httpx.Client) -> None:
    token = csrf_token(client, "/casussen")
    r = client.post("/afmelden", data={"csrftoken": token})
    if r.status_code != 303:
        raise AanmeldenMislukt(f"POST /afmelden: {r.status_code}")


def browser_sign_in(page: Any, base: str, user_id: str) -> None:
    """Sign a Playwright ``page`` in as ``user_id``: our form, the provider's page, and back.

    The stand-in's own page loads a stylesheet from a CDN this machine may not reach; it is
    refused at once instead of holding up the page.
    """
    page.context.route("https://cdn.jsdelivr.net/**", lambda route: route.abort())
    page.goto(f"{base}/aanmelden")
    page.get_by_label("Gebruiker").select_option(user_id)
    page.get_by_role("button", name="Aanmelden", exact=True).click()
    page.wait_for_url(lambda url: not url.startswith(base))  # at the organisation's provider
    page.get_by_role("button", name=user_id, exact=True).click()
    page.wait_for_url(lambda url: url.startswith(base) and "/aanmelden" not in url)


def session_cookies(base: str, user_id: str) -> dict[str, str]:
    """The cookies (session and CSRF) of a fresh sign-in, for an httpx client of the tests."""
    with httpx.Client(base_url=base, timeout=30) as client:
        sign_in(client, user_id)
        return {name: value for name, value in client.cookies.items()}

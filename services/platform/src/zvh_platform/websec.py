"""Web hardening every service gets: security headers and a request body limit.

Both are pure ASGI so streaming responses (server-sent events) pass through untouched, and so a
body that is too large is refused while it streams in, before any route buffers it.
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: No inline script and no inline style anywhere: scripts and stylesheets come from the service
#: itself ('self'). Pages link their CSS (overleg's /static), templates carry no ``<style>`` and
#: no ``style=`` attribute, and htmx is told not to inject its indicator ``<style>``.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
#: Swagger UI and ReDoc (local/test only) load from a CDN and start with an inline script.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src 'self' https://fonts.gstatic.com; img-src 'self' data: https:; "
    "worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)
DOCS_PATHS = ("/docs", "/redoc")
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

_STATIC_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"x-content-type-options", b"nosniff"),
    (b"permissions-policy", PERMISSIONS_POLICY.encode()),
)


def _is_docs(path: str) -> bool:
    return any(path == p or path.startswith(p + "/") for p in DOCS_PATHS)


class SecurityHeaders:
    """Adds CSP, X-Frame-Options, Referrer-Policy, nosniff and Permissions-Policy to responses.

    A header the app set itself is left as it is (a route may need a stricter or other policy).
    """

    def __init__(self, app: ASGIApp, *, form_targets: tuple[str, ...] = ()) -> None:
        self.app = app
        #: Origins a form may lead to besides 'self': the identity providers, since the sign-in
        #: form's answer redirects there and browsers hold that redirect to ``form-action``.
        self.csp = CSP.replace(
            "form-action 'self'", " ".join(("form-action 'self'", *form_targets))
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = DOCS_CSP if _is_docs(scope.get("path", "")) else self.csp
        wanted = ((b"content-security-policy", csp.encode()), *_STATIC_HEADERS)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers.extend(h for h in wanted if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def too_large_detail(max_bytes: int) -> str:
    return f"verzoek te groot: hoogstens {max_bytes} bytes"


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` once a streamed body passes the limit.

    An ``HTTPException`` so FastAPI's body parsing re-raises it instead of turning it into 400.
    """

    def __init__(self, max_bytes: int) -> None:
        super().__init__(status_code=413, detail=too_large_detail(max_bytes))


class BodyLimit:
    """Refuses request bodies over ``max_bytes`` with 413 and a Dutch JSON detail.

    ``Content-Length`` is checked up front; a body without it (chunked) is counted as it arrives.
    """

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(send)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:  # too late to answer 413; the response is already under way
                raise
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({"detail": too_large_detail(self.max_bytes)}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


#: Form field and header that carry the CSRF token (asgi-csrf's names).
CSRF_FORM_FIELD = "csrftoken"
CSRF_HEADER = "x-csrftoken"
#: Where asgi-csrf puts the token getter in the ASGI scope.
CSRF_SCOPE_KEY = "csrftoken"
CSRF_GEWEIGERD = (
    "Dit formulier is geweigerd: het kwam niet van een pagina van ZVH keten, of de pagina was te "
    "oud. Ga terug, laad de pagina opnieuw en probeer het nog eens."
)


class Csrf:
    """CSRF protection for cookie-authenticated forms: asgi-csrf's double-submit cookie.

    A POST that carries cookies must bring the token of the ``csrftoken`` cookie in the form
    field ``csrftoken`` (or the ``x-csrftoken`` header for htmx); a request with a bearer token
    or without cookies is not cookie-authenticated and passes. A refusal is a Dutch 403.
    """

    def __init__(self, app: ASGIApp, *, secret: str, secure: bool) -> None:
        from asgi_csrf import asgi_csrf

        self.app = asgi_csrf(
            app,
            signing_secret=secret,
            cookie_secure=secure,
            cookie_samesite="Lax",
            send_csrf_failed=_csrf_failed,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


async def _csrf_failed(scope: Scope, send: Send, message_id: object = None) -> None:
    body = (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        "<title>Formulier geweigerd</title></head><body><h1>Formulier geweigerd</h1>"
        f"<p>{CSRF_GEWEIGERD}</p></body></html>"
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 403,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})

"""HTTP: the webhook bridge's inbound side, ``POST /v1/webhook/{partner_code}/berichten``.

A partner without Kafka posts a to-zvh event as a structured CloudEvent, signed per Standard
Webhooks with its own secret. No user token: the signature is the partner's credential, and the
partner it proves is the only one whose to-zvh topic the event goes to (docs/partner-webhooks.md).
"""

import http
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from zvh_contracts import topics

from zvh_notify.application.ports import Clock, UnitOfWorkFactory, WebhookDirectory
from zvh_notify.application.webhooks import (
    NietGeauthenticeerd,
    NietVanDezePartner,
    OngeldigBericht,
    TeGroot,
    neem_aan,
)

#: RFC 9110: which scheme a 401 asks for (the Standard Webhooks signature headers).
WWW_AUTHENTICATE = 'Signature realm="zvh-webhook", headers="webhook-id webhook-timestamp"'


def _fout(code: int, detail: str, **extra: Any) -> JSONResponse:
    headers = {"WWW-Authenticate": WWW_AUTHENTICATE} if code == http.HTTPStatus.UNAUTHORIZED else {}
    return JSONResponse({"detail": detail, **extra}, status_code=code, headers=headers)


def make_webhook_router(
    *,
    uow_factory: Callable[[Request], UnitOfWorkFactory],
    webhooks: WebhookDirectory,
    clock: Clock,
    wake: Callable[[Request], None],
    max_bytes: int = topics.MAX_MESSAGE_BYTES,
) -> APIRouter:
    router = APIRouter(prefix="/v1/webhook", tags=["webhook"])

    @router.post(
        "/{partner_code}/berichten",
        status_code=http.HTTPStatus.ACCEPTED,
        responses={
            401: {"description": "geen of een verkeerde handtekening"},
            403: {"description": "het bericht noemt een andere partner als afzender"},
            413: {"description": "het bericht is te groot"},
            422: {"description": "geen geldig to-zvh-bericht (redenen per veld)"},
        },
    )
    async def bericht(partner_code: str, request: Request) -> JSONResponse:
        """Take in one to-zvh event (structured CloudEvent, ``application/cloudevents+json``)
        signed with the partner's secret; it goes to ``zvh.partner.<partner_code>.to-zvh.v1``.
        A repeat with the same ``id`` is answered the same and published once."""
        body = await request.body()
        headers = {k.lower(): v for k, v in request.headers.items()}
        try:
            aangenomen = await neem_aan(
                partner=partner_code,
                body=body,
                headers=headers,
                webhooks=webhooks,
                uow_factory=uow_factory(request),
                clock=clock,
                max_bytes=max_bytes,
            )
        except NietGeauthenticeerd as exc:
            return _fout(http.HTTPStatus.UNAUTHORIZED, f"Niet geauthenticeerd: {exc}.")
        except NietVanDezePartner as exc:
            return _fout(http.HTTPStatus.FORBIDDEN, f"Geweigerd: {exc}.")
        except TeGroot as exc:
            return _fout(http.HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"Te groot: {exc}.")
        except OngeldigBericht as exc:
            return _fout(
                http.HTTPStatus.UNPROCESSABLE_ENTITY,
                "Het bericht is geen geldig to-zvh-bericht.",
                redenen=[{"veld": r.veld, "melding": r.melding} for r in exc.redenen],
            )
        if not aangenomen.herhaald:
            wake(request)
        return JSONResponse(
            {
                "id": str(aangenomen.ce_id),
                "topic": aangenomen.topic,
                "status": "al eerder aangenomen" if aangenomen.herhaald else "aangenomen",
            },
            status_code=http.HTTPStatus.ACCEPTED,
        )

    return router

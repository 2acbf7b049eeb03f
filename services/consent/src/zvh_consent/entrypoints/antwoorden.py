"""Shared pieces of the consent routes: the handlers dependency, reading a body, and the Dutch
error answers a use case's refusal becomes.

No ``from __future__ import annotations``: FastAPI resolves the ``Annotated`` aliases at runtime.
"""

from collections.abc import Awaitable, Iterable
from typing import Protocol, TypeVar

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from zvh_contracts.afwijzing import uit_validatiefouten

from zvh_consent.application.audit import AuditDenied
from zvh_consent.application.ports import ConsentHandlers, RegisterContext
from zvh_consent.application.toegang import BestaatAl, Geweigerd, NietGevonden
from zvh_consent.domain.fouten import Ongeldig

#: The largest body read (a full PDP batch of maximal questions stays well below it).
MAX_BODY_BYTES = 2_000_000
ONGELDIGE_VRAAG = "ongeldige beslisvraag"

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


class _Reden(Protocol):
    @property
    def veld(self) -> str: ...
    @property
    def melding(self) -> str: ...


async def registers_from_state(request: Request) -> RegisterContext:
    """The register use cases' context bootstrap put on ``app.state.consent``."""
    handlers: ConsentHandlers | None = getattr(request.app.state, "consent", None)
    if handlers is None or handlers.registers is None:
        raise HTTPException(503, detail="de registers zijn (nog) niet beschikbaar")
    return handlers.registers


async def read_body(
    request: Request, model: type[M], *, detail: str = ONGELDIGE_VRAAG
) -> M | Response:
    """The body as ``model``, or the Dutch 413/422 answer (input values are never echoed)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        return _te_groot()
    raw = await request.body()
    if len(raw) > MAX_BODY_BYTES:
        return _te_groot()
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        fouten = uit_validatiefouten(exc.errors(include_input=False, include_url=False))
        return redenen(fouten, detail=detail)


async def afgehandeld(
    gebruik: Awaitable[T], *, weigering: str, ongeldig_als: str | None = None
) -> T | Response:
    """Await a use case; its refusal becomes the Dutch answer: ``Geweigerd`` 403 (``weigering``),
    ``NietGevonden`` 404, ``BestaatAl`` 409 and, where the route names ``ongeldig_als``,
    ``Ongeldig`` 422 (elsewhere it is a fault and propagates)."""
    try:
        return await gebruik
    except Geweigerd as exc:
        return geweigerd(exc, detail=weigering)
    except NietGevonden as exc:
        return niet_gevonden(exc)
    except BestaatAl as exc:
        return bestaat_al(exc)
    except Ongeldig as exc:
        if ongeldig_als is None:
            raise
        return ongeldig(exc, detail=ongeldig_als)


def geweigerd(exc: Geweigerd | AuditDenied, *, detail: str) -> JSONResponse:
    """403 with the policy's reasons (Dutch) and the logged decision's id."""
    return JSONResponse(
        status_code=403,
        content={
            "detail": detail,
            "reasons": exc.decision.reasons,
            "decision_id": str(exc.decision.decision_id) if exc.decision.decision_id else None,
        },
    )


def ongeldig(exc: Ongeldig, *, detail: str) -> JSONResponse:
    """422 with a Dutch reason per field (the register's own rules)."""
    return redenen(exc.fouten, detail=detail)


def redenen(fouten: Iterable[_Reden], *, detail: str) -> JSONResponse:
    """422 with a Dutch reason per field."""
    return JSONResponse(
        status_code=422,
        content={
            "detail": detail,
            "fouten": [{"veld": f.veld, "melding": f.melding} for f in fouten],
        },
    )


def niet_gevonden(exc: NietGevonden) -> JSONResponse:
    return JSONResponse(status_code=404, content={"detail": str(exc)})


def bestaat_al(exc: BestaatAl) -> JSONResponse:
    return JSONResponse(status_code=409, content={"detail": str(exc)})


def _te_groot() -> Response:
    return JSONResponse(
        status_code=413,
        content={"detail": f"beslisvraag te groot (hoogstens {MAX_BODY_BYTES} bytes)"},
    )

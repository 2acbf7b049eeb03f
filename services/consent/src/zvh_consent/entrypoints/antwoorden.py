"""Shared pieces of the register routes: the handlers dependency and the Dutch error answers.

No ``from __future__ import annotations``: FastAPI resolves the ``Annotated`` aliases at runtime.
"""

from fastapi import HTTPException, Request
from fastapi.responses import JSONResponse

from zvh_consent.application.ports import ConsentHandlers, RegisterContext
from zvh_consent.application.toegang import BestaatAl, Geweigerd, NietGevonden
from zvh_consent.domain.fouten import Ongeldig


async def registers_from_state(request: Request) -> RegisterContext:
    """The register use cases' context bootstrap put on ``app.state.consent``."""
    handlers: ConsentHandlers | None = getattr(request.app.state, "consent", None)
    if handlers is None or handlers.registers is None:
        raise HTTPException(503, detail="de registers zijn (nog) niet beschikbaar")
    return handlers.registers


def geweigerd(exc: Geweigerd, *, detail: str) -> JSONResponse:
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
    return JSONResponse(
        status_code=422,
        content={
            "detail": detail,
            "fouten": [{"veld": f.veld, "melding": f.melding} for f in exc.fouten],
        },
    )


def niet_gevonden(exc: NietGevonden) -> JSONResponse:
    return JSONResponse(status_code=404, content={"detail": str(exc)})


def bestaat_al(exc: BestaatAl) -> JSONResponse:
    return JSONResponse(status_code=409, content={"detail": str(exc)})

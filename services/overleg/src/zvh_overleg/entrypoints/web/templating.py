"""Jinja2 set-up for the staff UI: Dutch date filters, partner names, htmx if present."""

from __future__ import annotations

import functools
import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from zvh_platform.idempotency import FORM_FIELD
from zvh_platform.region import Region
from zvh_platform.websec import CSRF_FORM_FIELD, CSRF_SCOPE_KEY

from zvh_overleg.application.privacy import GRONDEN
from zvh_overleg.application.timeutil import NL
from zvh_overleg.application.verplichtingen import Zicht

WEB_DIR = Path(__file__).parent
STATIC_DIR = WEB_DIR / "static"
HTMX_FILE = STATIC_DIR / "vendor" / "htmx.min.js"
#: htmx's server-sent events extension (npm ``htmx-ext-sse``), fetched by the Makefile.
HTMX_SSE_FILE = STATIC_DIR / "vendor" / "htmx-ext-sse.js"
#: The verslag's and the FG's inzageoverzicht's own CSS: their pages link it, and their PDFs are
#: rendered with it (``_print.html`` carries no <link>, so WeasyPrint fetches nothing over HTTP).
VERSLAG_CSS = STATIC_DIR / "verslag.css"
RAPPORT_CSS = STATIC_DIR / "inzagerapport.css"

MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

STATUS_LABELS = {
    "open": "Open",
    "afgerond": "Afgerond",
    "loopt": "Loopt",
    "niet-mogelijk": "Niet mogelijk",
    "niet-uitgevoerd": "Niet uitgevoerd",
    "ingetrokken": "Ingetrokken",
}

ROL_LABELS = {
    "procesregisseur": "procesregisseur",
    "notulist": "notulist",
    "deelnemer": "deelnemer",
    "casusregisseur": "casusregisseur",
    "fg": "functionaris gegevensbescherming",
}

UITKOMST_LABELS = {"casus": "Casus", "advies": "Advies", "terugverwezen": "Terugverwezen"}

GEVOELIGHEID_LABELS = {
    "normaal": "normaal",
    "bijzonder": "bijzonder persoonsgegeven",
    "strafrechtelijk": "strafrechtelijk gegeven",
}


def zicht_uitleg(z: Zicht) -> Markup:
    """Why this reader sees an informatie-item as it does: the PDP's reasons and grondslag."""
    if not z.getoond:
        return Markup(
            '<p class="utrecht-paragraph utrecht-paragraph--small zicht zicht--verborgen">'
            "<strong>Verborgen:</strong> {}</p>"
        ).format(z.redenen_tekst or "toegang geweigerd")
    tekst = Markup("<strong>Gedeeld op grond van:</strong> {}").format(z.grondslag or "onbekend")
    if z.redenen:
        tekst += Markup(" ({})").format(z.redenen_tekst)
    klasse = "utrecht-paragraph utrecht-paragraph--small zicht"
    if z.beperkingen:
        klasse += " zicht--beperkt"
        zin = "; ".join(z.beperkingen)
        tekst += Markup('. <span class="zicht__beperking">{}.</span>').format(
            zin[:1].upper() + zin[1:]
        )
    return Markup('<p class="{}">{}</p>').format(klasse, tekst)


#: The NL Design System status badge (``utrecht-status-badge--<variant>``) for a value shown as a
#: badge: an actie's status, a melding's urgentie, an invitation's answer, a convenant's,
#: toestemming's or doorbreking's status. Unknown: neutral.
BADGES = {
    "afgerond": "success",
    "loopt": "active",
    "open": "neutral",
    "niet-mogelijk": "danger",
    "niet-uitgevoerd": "danger",
    "ingetrokken": "inactive",
    "acuut": "danger",
    "hoog": "danger",
    "komt": "success",
    "komt-niet": "danger",
    # convenant
    "geldig": "success",
    "verlopen": "danger",
    "nog-niet": "inactive",
    "herzien": "warning",
    # toestemming
    "gegeven": "success",
    "geweigerd": "danger",
    # doorbreking
    "actief": "warning",
    # termijn (casus page)
    "op-tijd": "success",
    "te-laat": "warning",
    # aanhouding
    "geen-actie": "inactive",
    "bemoeizorg-gaat-langs": "active",
    "melding-aanmaken": "success",
}


def badge(value: Any) -> str:
    """The status-badge variant for ``value`` (see BADGES)."""
    return BADGES.get(str(value), "neutral")


def datum(value: Any) -> str:
    """``4 maart 2030`` for a date, datetime or ISO string; '' for nothing."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(NL)
        return f"{value.day} {MAANDEN[value.month - 1]} {value.year}, {value:%H:%M}"
    if isinstance(value, date):
        return f"{value.day} {MAANDEN[value.month - 1]} {value.year}"
    return str(value)


def iso_datum(value: Any) -> str:
    """Machine-readable date for ``<time datetime>``."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value or "")


Fouten = list[tuple[str, str]]


def veldfout(fouten: Fouten, veld: str) -> Markup:
    """The Dutch error text next to a field (the ``id`` its ``aria-describedby`` points to)."""
    return Markup("").join(
        Markup(
            '<p class="utrecht-form-field-error-message" id="{}-fout">'
            '<span class="sr-only">Fout: </span>{}</p>'
        ).format(veld, tekst)
        for v, tekst in fouten
        if v == veld
    )


def aria(fouten: Fouten, veld: str, hint: str = "") -> Markup:
    """``aria-describedby`` (hint, error) and ``aria-invalid`` for a field."""
    fout = any(v == veld for v, _ in fouten)
    ids = ([hint] if hint else []) + ([f"{veld}-fout"] if fout else [])
    out = Markup('aria-describedby="{}"').format(" ".join(ids)) if ids else Markup("")
    return out + Markup(' aria-invalid="true"') if fout else out


def idempotency_field() -> Markup:
    """A fresh key per rendered form: a double submit or a browser retry acts once."""
    return Markup('<input type="hidden" name="{}" value="{}">').format(FORM_FIELD, uuid.uuid4())


@pass_context
def csrf_field(context: Context) -> Markup:
    """The CSRF token of this browser (asgi-csrf's cookie) as a hidden form field.

    Outside a request (a fragment for a server-sent event) there is no token and no field.
    """
    request = context.get("request")
    token_of = request.scope.get(CSRF_SCOPE_KEY) if request is not None else None
    if token_of is None:
        return Markup("")
    return Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FORM_FIELD, token_of())


@pass_context
def csrf_token(context: Context) -> str:
    """The same token for htmx's ``x-csrftoken`` header (``hx-headers`` on the body)."""
    request = context.get("request")
    token_of = request.scope.get(CSRF_SCOPE_KEY) if request is not None else None
    return str(token_of()) if token_of is not None else ""


def partner_naam(region: Region | None, code: str) -> str:
    """A partner's name from the region, or its code."""
    p = region.partner(code) if region is not None else None
    return p.naam if p is not None else code


def gebruiker_naam(region: Region | None, user_id: str) -> str:
    """A user's name from the region (ZVH staff on the dashboard), or the id."""
    u = region.user(user_id) if region is not None else None
    return u.naam if u is not None else user_id


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(WEB_DIR / "templates"))
    env = templates.env
    env.filters["datum"] = datum
    env.filters["iso_datum"] = iso_datum
    env.filters["badge"] = badge
    env.filters["status_label"] = lambda s: STATUS_LABELS.get(str(s), str(s))
    env.filters["rol_label"] = lambda r: ROL_LABELS.get(str(r), str(r))
    env.filters["uitkomst_label"] = lambda u: UITKOMST_LABELS.get(str(u), str(u or ""))
    # Called hundreds of times on a big page: Python functions, not Jinja macros (10x cheaper).
    env.globals.update(
        veldfout=veldfout,
        aria=aria,
        partner_naam=partner_naam,
        gebruiker_naam=gebruiker_naam,
        idempotency_field=idempotency_field,
        csrf_field=csrf_field,
        csrf_token=csrf_token,
        zicht_uitleg=zicht_uitleg,
        gevoeligheid_labels=GEVOELIGHEID_LABELS,
        doorbreking_gronden=GRONDEN,
    )
    return templates


TEMPLATES = make_templates()


@functools.cache
def _vendor() -> tuple[bool, bool]:
    """Whether htmx and its sse extension are served: fetched at install, so asked once."""
    htmx = HTMX_FILE.exists()
    return htmx, htmx and HTMX_SSE_FILE.exists()


def _basis(context: dict[str, Any]) -> dict[str, Any]:
    """What every page and fragment knows: the user, the errors, whether htmx is served."""
    context.setdefault("user", None)
    context.setdefault("fouten", [])
    context["htmx"], context["htmx_sse"] = _vendor()
    return context


def render(request: Request, name: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render a page; every page knows the user, the region and whether htmx is served."""
    return TEMPLATES.TemplateResponse(request, name, _basis(context), status_code=status_code)


def render_fragment(name: str, **context: Any) -> str:
    """A template as a string, for a server-sent event (no request, no response)."""
    return TEMPLATES.get_template(name).render(**_basis(context))

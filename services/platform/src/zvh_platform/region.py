"""The region a deployment serves: its partner organisations and users.

Loaded from a JSON file (``ZVH_REGION_FILE``); the demo region ships inside the package so a fresh
clone runs without configuration. Only ``local`` and ``test`` fall back to it: in ``production``
``ServiceSettings`` refuses to start without ``ZVH_REGION_FILE`` (``RegionNotStated``), so a
deployment never serves the demo's fictitious partners and users by accident.
"""

from __future__ import annotations

import functools
import json
from datetime import date
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from zvh_platform.auth import User
from zvh_platform.kalender import Bevrijdingsdag, Werkdagkalender, werkdagkalender
from zvh_platform.termijnen import Eenheid, Termijnen

#: The packaged demo region, as a file: a test or a demo that wants it in ``production`` names it.
DEMO_REGION_FILE = Path(__file__).with_name("demo_region.json")

ROLES = (
    "procesregisseur",
    "notulist",
    "deelnemer",
    "casusregisseur",
    "fg",
    "beheerder",
    # Meldpunt agressie en geweld (VPT): the employee, the employee's leidinggevende, and the
    # ZVH's VPT casemanager. Only these (and the melder) read an incident report.
    "medewerker",
    "leidinggevende",
    "vpt-casemanager",
)


class Identiteit(BaseModel):
    """How an organisation's staff sign in: its own OpenID Connect provider (issuer).

    The organisation of a signed-in user is the one whose issuer signed the ID token, never a
    claim the user controls. Roles come from ``rollen_claim`` through ``rollen`` (the issuer's
    value → a ZVH role); a value not in the map gives no role, and without any role the sign-in
    is refused.
    """

    model_config = ConfigDict(frozen=True)

    issuer: str
    client_id: str
    #: Name of the environment variable holding the client secret; None: a public client (PKCE).
    client_secret_env: str | None = None
    rollen_claim: str = "roles"
    rollen: dict[str, str] = Field(default_factory=dict)
    naam_claim: str = "name"
    scope: str = "openid profile"


#: The name of an environment variable (or mounted secret) that holds a webhook secret.
ENV_NAME_PATTERN = r"^[A-Z][A-Z0-9_]{0,127}$"


class Webhook(BaseModel):
    """A partner without Kafka: notify's webhook bridge calls it back and takes its posts.

    The file names where the secrets are (environment variables), never the secrets themselves.
    Both secrets are Standard Webhooks secrets (``whsec_`` + base64, docs/partner-webhooks.md).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: Where notify POSTs the partner's from-zvh events (http or https).
    url: str = Field(pattern=r"^https?://[^\s]+$", max_length=2000)
    #: Environment variable holding the secret notify signs its callbacks with.
    secret_env: str = Field(pattern=ENV_NAME_PATTERN)
    #: Environment variable holding the secret the partner signs its own posts with.
    inbound_secret_env: str = Field(pattern=ENV_NAME_PATTERN)


class Partner(BaseModel):
    """A partner organisation under the convenant."""

    model_config = ConfigDict(frozen=True)

    code: str
    naam: str
    email: str
    #: Sign-in through the organisation's own identity provider (None: its staff cannot sign in).
    identiteit: Identiteit | None = None
    #: Only for a partner without its own Kafka adapter (notify's webhook bridge).
    webhook: Webhook | None = None


class Gemeente(BaseModel):
    """A gemeente the ZVH serves: meldingen and casussen name it by its CBS code, the quarterly
    reports by its name (a code the region does not list reads "Onbekend")."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=r"^GM[0-9]{4}$", description="CBS gemeentecode, e.g. GM0748")
    naam: str = Field(min_length=1, max_length=100)


class KalenderInstellingen(BaseModel):
    """The region's days off beyond the national ones (``zvh_platform.kalender``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: Goede Vrijdag is a werkdag unless the region's staff have it off.
    goede_vrijdag_vrij: bool = False
    #: 5 May: in lustrum years (2025, 2030, …), every year, or never.
    bevrijdingsdag: Bevrijdingsdag = Bevrijdingsdag.LUSTRUM
    #: The region's own days off (e.g. a municipal day off), as ISO dates.
    extra_vrije_dagen: list[date] = Field(default_factory=list, max_length=366)

    def werkdagkalender(self) -> Werkdagkalender:
        return werkdagkalender(
            goede_vrijdag_vrij=self.goede_vrijdag_vrij,
            bevrijdingsdag=self.bevrijdingsdag,
            extra_vrije_dagen=self.extra_vrije_dagen,
        )


class TermijnInstelling(BaseModel):
    """A region's length for one termijn (``zvh_platform.termijnen``).

    The unit stays the default's unless ``eenheid`` names another.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    lengte: int = Field(strict=True)
    eenheid: Eenheid | None = None


class Region(BaseModel):
    """One ZVH and who works with it."""

    model_config = ConfigDict(frozen=True)

    naam: str
    partners: list[Partner]
    #: Known staff (the voorzitters to choose from; the local demo users). Sign-in does not need
    #: a user to be listed: who someone is comes from their organisation's identity provider.
    users: list[User] = Field(default_factory=list)
    #: Days off beyond the national calendar (optional).
    kalender: KalenderInstellingen = Field(default_factory=KalenderInstellingen)
    #: Lengths that differ from the defaults, per termijn code (optional; docs/termijnen.md).
    termijnen: dict[str, TermijnInstelling] = Field(default_factory=dict)
    #: The gemeenten the ZVH serves (for the reports per gemeente; optional).
    gemeenten: list[Gemeente] = Field(default_factory=list)

    @field_validator("termijnen")
    @classmethod
    def _termijnen_bestaan(
        cls, waarde: dict[str, TermijnInstelling]
    ) -> dict[str, TermijnInstelling]:
        _met_instellingen(waarde)  # raises ValueError with the reason
        return waarde

    def werkdagkalender(self) -> Werkdagkalender:
        """The calendar every termijn of this region is counted in."""
        return self.kalender.werkdagkalender()

    def termijnen_van_regio(self) -> Termijnen:
        """The default termijnen with this region's lengths applied."""
        return _met_instellingen(self.termijnen)

    def gemeentenamen(self) -> dict[str, str]:
        """CBS code → naam of the region's gemeenten, in the file's order."""
        return {g.code: g.naam for g in self.gemeenten}

    def partner_codes(self) -> list[str]:
        return [p.code for p in self.partners]

    def webhook_partners(self) -> list[Partner]:
        """The partners that are reached over notify's webhook bridge instead of Kafka."""
        return [p for p in self.partners if p.webhook is not None]

    def partner(self, code: str) -> Partner | None:
        return next((p for p in self.partners if p.code == code), None)

    def met_identiteit(self) -> list[Partner]:
        """The organisations whose staff can sign in."""
        return [p for p in self.partners if p.identiteit is not None]

    def user(self, id: str) -> User | None:
        return next((u for u in self.users if u.id == id), None)


def _met_instellingen(instellingen: dict[str, TermijnInstelling]) -> Termijnen:
    termijnen = Termijnen()
    for code, instelling in instellingen.items():
        termijnen = termijnen.met_lengte(code, lengte=instelling.lengte, eenheid=instelling.eenheid)
    return termijnen


class RegionInvalid(ValueError):
    """The region file does not describe a valid region: the service refuses to start."""


@functools.cache
def _load(path: Path | None) -> Region:
    if path is None:
        text = resources.files("zvh_platform").joinpath("demo_region.json").read_text("utf-8")
    else:
        text = path.read_text("utf-8")
    try:
        return Region.model_validate(json.loads(text))
    except ValidationError as e:
        fouten = "; ".join(
            f"{'.'.join(str(p) for p in f['loc']) or '(root)'}: {f['msg']}" for f in e.errors()
        )
        raise RegionInvalid(f"region file {path or 'demo_region.json'} is invalid: {fouten}") from e


def load_region(path: Path | None = None) -> Region:
    """The region in ``path``, or with ``None`` the packaged demo region.

    ``None`` is for the local tools and tests; a service gets its region from
    ``ServiceSettings.region()``, which never falls back to the demo in ``production``.
    """
    return _load(path.resolve() if path is not None else None)


def demo_region() -> Region:
    """The packaged demo region (De Markiezaten): for ``local`` and ``test``."""
    return _load(None)

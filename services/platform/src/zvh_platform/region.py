"""The region a deployment serves: its partner organisations and users.

Loaded from a JSON file (``ZVH_REGION_FILE``); the demo region ships inside the package so a fresh
clone runs without configuration. Only ``local`` and ``test`` fall back to it: in ``production``
``ServiceSettings`` refuses to start without ``ZVH_REGION_FILE`` (``RegionNotStated``), so a
deployment never serves the demo's fictitious partners and users by accident.
"""

from __future__ import annotations

import enum
import functools
import json
from datetime import date, datetime, timedelta
from importlib import resources
from pathlib import Path

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from zvh_platform.auth import User
from zvh_platform.kalender import Bevrijdingsdag, Werkdagkalender, werkdagkalender
from zvh_platform.termijnen import TIJDZONE, Eenheid, Termijnen

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


class PartnerSoort(enum.StrEnum):
    """What kind of organisation a partner is (the sociale kaart; seed 002)."""

    ZVH = "zvh"
    POLITIE = "politie"
    OM = "om"
    RECLASSERING = "reclassering"
    GEMEENTE = "gemeente"
    GGZ = "ggz"
    VEILIG_THUIS = "veilig-thuis"
    WONINGCORPORATIE = "woningcorporatie"
    BEMOEIZORG = "bemoeizorg"
    ERVARINGSDESKUNDIGE = "ervaringsdeskundige"
    ZORG = "zorg"
    OVERIG = "overig"


#: How each soort reads on a page.
SOORT_NAMEN: dict[PartnerSoort, str] = {
    PartnerSoort.ZVH: "Zorg- en Veiligheidshuis",
    PartnerSoort.POLITIE: "politie",
    PartnerSoort.OM: "Openbaar Ministerie",
    PartnerSoort.RECLASSERING: "reclassering",
    PartnerSoort.GEMEENTE: "gemeente",
    PartnerSoort.GGZ: "ggz",
    PartnerSoort.VEILIG_THUIS: "Veilig Thuis",
    PartnerSoort.WONINGCORPORATIE: "woningcorporatie",
    PartnerSoort.BEMOEIZORG: "bemoeizorg",
    PartnerSoort.ERVARINGSDESKUNDIGE: "ervaringsdeskundige",
    PartnerSoort.ZORG: "zorg",
    PartnerSoort.OVERIG: "overig",
}

#: A professional phone number: digits, spaces, brackets and dashes, optionally a leading +.
TELEFOON_PATTERN = r"^\+?[0-9][0-9 ()\-]{5,24}$"
#: An e-mail address, checked loosely (the file is the beheerder's, not a user's input).
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
#: A code within the file: lower case, digits and dashes.
CODE_PATTERN = r"^[a-z0-9][a-z0-9-]{0,62}$"

#: The days ``openingstijden`` may name, in order.
DAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")


class Dienst(BaseModel):
    """A service a partner offers, with its current wachttijd (kept up to date by the beheerder)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(pattern=CODE_PATTERN)
    naam: str = Field(min_length=1, max_length=200)
    omschrijving: str = Field(default="", max_length=1000)
    #: Days from a request to the start of the service; None: not known or no waiting list.
    wachttijd_dagen: int | None = Field(default=None, ge=0, le=3650, strict=True)
    #: When the wachttijd was last stated (required with ``wachttijd_dagen``).
    wachttijd_bijgewerkt_op: date | None = None
    #: The convenant's priority arrangement for ZVH casussen (e.g. "binnen 5 werkdagen").
    prioriteit: str | None = Field(default=None, min_length=1, max_length=1000)

    @model_validator(mode="after")
    def _wachttijd_met_datum(self) -> Dienst:
        if self.wachttijd_dagen is not None and self.wachttijd_bijgewerkt_op is None:
            raise ValueError("wachttijd_dagen vraagt om wachttijd_bijgewerkt_op (de datum)")
        if self.wachttijd_dagen is None and self.wachttijd_bijgewerkt_op is not None:
            raise ValueError("wachttijd_bijgewerkt_op zonder wachttijd_dagen")
        return self


class Contactpersoon(BaseModel):
    """A professional contact of a partner, by role (no private details)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rol: str = Field(min_length=1, max_length=100)
    naam: str = Field(min_length=1, max_length=200)
    telefoon: str | None = Field(default=None, pattern=TELEFOON_PATTERN)
    email: str | None = Field(default=None, pattern=EMAIL_PATTERN, max_length=320)


class Piketdienst(BaseModel):
    """One turn of a partner's on-call rota (piket): who is reachable from ``van`` until ``tot``.

    The turn covers ``van`` up to, not including, ``tot``. With ``wekelijks`` it recurs every
    week from ``van`` on, at the same wall-clock times in Europe/Amsterdam (so a turn from
    Monday 08:00 to the next Monday 08:00 stays at 08:00 across the change to summer time); a
    weekly turn lasts at most a week. Times must carry an offset (e.g. ``+01:00`` or ``Z``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    naam: str = Field(min_length=1, max_length=200)
    telefoon: str = Field(pattern=TELEFOON_PATTERN)
    email: str | None = Field(default=None, pattern=EMAIL_PATTERN, max_length=320)
    van: datetime
    tot: datetime
    wekelijks: bool = False

    @model_validator(mode="after")
    def _geldige_periode(self) -> Piketdienst:
        if self.van.tzinfo is None or self.tot.tzinfo is None:
            raise ValueError("van en tot moeten een tijdzone hebben (bijv. +01:00)")
        if self.tot <= self.van:
            raise ValueError("tot moet na van liggen")
        if self.wekelijks and _wandklok(self.tot) - _wandklok(self.van) > timedelta(weeks=1):
            raise ValueError("een wekelijkse piketdienst duurt hoogstens een week")
        return self

    def dekt(self, moment: datetime) -> bool:
        """True when this turn is on duty at ``moment`` (an aware datetime)."""
        if moment.tzinfo is None:
            raise ValueError("moment must be timezone-aware")
        if moment < self.van:
            return False
        if not self.wekelijks:
            return moment < self.tot
        van, tot, nu = _wandklok(self.van), _wandklok(self.tot), _wandklok(moment)
        return (nu - van) % timedelta(weeks=1) < tot - van


def _wandklok(moment: datetime) -> datetime:
    """The naive wall-clock time of ``moment`` in Europe/Amsterdam (for weekly recurrence)."""
    return moment.astimezone(TIJDZONE).replace(tzinfo=None)


class Partner(BaseModel):
    """A partner organisation under the convenant.

    Beyond code, naam and e-mail, the sociale kaart fields are all optional
    (docs/sociale-kaart.md): soort, diensten with wachttijden, contactpersonen, telefoon,
    openingstijden and the piket rota.
    """

    model_config = ConfigDict(frozen=True)

    code: str
    naam: str
    email: str
    #: Sign-in through the organisation's own identity provider (None: its staff cannot sign in).
    identiteit: Identiteit | None = None
    #: Only for a partner without its own Kafka adapter (notify's webhook bridge).
    webhook: Webhook | None = None
    #: What kind of organisation (None: not stated; code-prefix guesses apply).
    soort: PartnerSoort | None = None
    diensten: list[Dienst] = Field(default_factory=list, max_length=100)
    contactpersonen: list[Contactpersoon] = Field(default_factory=list, max_length=100)
    #: The organisation's general phone number.
    telefoon: str | None = Field(default=None, pattern=TELEFOON_PATTERN)
    #: A short text ("ma-vr 9-17"), or a text per day (keys: maandag … zondag).
    openingstijden: str | dict[str, str] | None = None
    #: The on-call rota; the first turn that covers a moment is on duty (``piket_op``).
    piket: list[Piketdienst] = Field(default_factory=list, max_length=1000)

    @field_validator("diensten")
    @classmethod
    def _dienstcodes_uniek(cls, waarde: list[Dienst]) -> list[Dienst]:
        codes = [d.code for d in waarde]
        if dubbel := sorted({c for c in codes if codes.count(c) > 1}):
            raise ValueError(f"dienstcode komt dubbel voor: {', '.join(dubbel)}")
        return waarde

    @field_validator("openingstijden")
    @classmethod
    def _openingstijden(cls, waarde: str | dict[str, str] | None) -> str | dict[str, str] | None:
        if isinstance(waarde, str):
            if not 1 <= len(waarde) <= 500:
                raise ValueError("openingstijden: 1 tot 500 tekens")
        elif isinstance(waarde, dict):
            if onbekend := sorted(set(waarde) - set(DAGEN)):
                raise ValueError(
                    f"onbekende dag in openingstijden: {', '.join(onbekend)}"
                    f" (gebruik {', '.join(DAGEN)})"
                )
            if any(not 1 <= len(t) <= 100 for t in waarde.values()):
                raise ValueError("openingstijden per dag: 1 tot 100 tekens")
            return {d: waarde[d] for d in DAGEN if d in waarde}
        return waarde

    def piket_op(self, moment: datetime) -> Piketdienst | None:
        """The turn on duty at ``moment`` (aware): the first in the rota that covers it."""
        return next((p for p in self.piket if p.dekt(moment)), None)

    def dienst(self, code: str) -> Dienst | None:
        return next((d for d in self.diensten if d.code == code), None)

    def soort_naam(self) -> str | None:
        """The soort as it reads on a page; None when not stated."""
        return SOORT_NAMEN[self.soort] if self.soort is not None else None


def partner_soort(code: str, region: Region | None = None) -> PartnerSoort | None:
    """A partner's soort: from the region file when it says, else guessed from the code's prefix.

    The prefix guess (``politie-…``, ``bemoeizorg-…``, …) is what the code did before the
    region named soorten; it stays as the fallback for region files that do not.
    """
    partner = region.partner(code) if region is not None else None
    if partner is not None and partner.soort is not None:
        return partner.soort
    if code == "zvh":
        return PartnerSoort.ZVH
    return next((s for prefix, s in _SOORT_PER_PREFIX if code.startswith(prefix)), None)


_SOORT_PER_PREFIX: tuple[tuple[str, PartnerSoort], ...] = (
    ("politie", PartnerSoort.POLITIE),
    ("om-", PartnerSoort.OM),
    ("reclassering", PartnerSoort.RECLASSERING),
    ("gemeente", PartnerSoort.GEMEENTE),
    ("ggz", PartnerSoort.GGZ),
    ("veilig-thuis", PartnerSoort.VEILIG_THUIS),
    ("bemoeizorg", PartnerSoort.BEMOEIZORG),
    ("ervaringsdeskundig", PartnerSoort.ERVARINGSDESKUNDIGE),
)


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
    #: From how many days a dienst's wachttijd is marked "lange wachttijd" (sociale kaart).
    lange_wachttijd_dagen: int = Field(default=28, ge=1, le=3650, strict=True)

    @field_validator("partners")
    @classmethod
    def _partnercodes_uniek(cls, waarde: list[Partner]) -> list[Partner]:
        codes = [p.code for p in waarde]
        if dubbel := sorted({c for c in codes if codes.count(c) > 1}):
            raise ValueError(f"partnercode komt dubbel voor: {', '.join(dubbel)}")
        return waarde

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

    def lange_wachttijd(self, dienst: Dienst) -> bool:
        """True when the dienst's wachttijd reaches the region's threshold."""
        return dienst.wachttijd_dagen is not None and (
            dienst.wachttijd_dagen >= self.lange_wachttijd_dagen
        )

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

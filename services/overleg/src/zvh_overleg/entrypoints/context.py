"""What the HTTP entrypoints need, gathered once by bootstrap (or by a test)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request
from zvh_platform.auth import User
from zvh_platform.keys import SigningKey

from zvh_overleg.application.aanhoudingen import AanhoudingenPort
from zvh_overleg.application.aanmelden import IdentiteitsProvider
from zvh_overleg.application.intake import IntakePort
from zvh_overleg.application.meldpunt import MeldpuntPort
from zvh_overleg.application.ports import (
    Actor,
    Clock,
    ConvenantRegister,
    PdfRenderer,
    PolicyDecisionPoint,
    UnitOfWorkFactory,
)
from zvh_overleg.application.postvak import PostvakPort
from zvh_overleg.application.privacy import PrivacyPort
from zvh_overleg.application.sessies import Sessies
from zvh_overleg.application.toestemmingen import ConsentPort
from zvh_overleg.application.vpt import VptEvaluaties
from zvh_overleg.application.vpt_evaluatie import DossierSleutels
from zvh_overleg.application.wijzigingen import WijzigingHub
from zvh_overleg.config import OverlegSettings
from zvh_overleg.domain.model import ZVH


@dataclass
class Services:
    settings: OverlegSettings
    uow: UnitOfWorkFactory
    pdp: PolicyDecisionPoint
    clock: Clock
    intake: IntakePort
    #: The convenant register (consent), asked before a partner is invited (issue 7).
    convenanten: ConvenantRegister
    #: The server-side sign-in sessions and the organisations' identity providers.
    sessies: Sessies
    identiteit: IdentiteitsProvider
    #: Overleg's own key: signs the short-lived user tokens derived from a session.
    signer: SigningKey
    #: The consent service's toestemming register (wired by bootstrap; None: not available).
    consent: ConsentPort | None = None
    #: consent's doorbrekingen, inzage and convenant beheer (the same client; None: not wired).
    privacy: PrivacyPort | None = None
    pdf: PdfRenderer | None = None  # the verslag as PDF (WeasyPrint, wired by bootstrap)
    #: Triage Aanhoudingen: intake's police lists (wired by bootstrap; None: not available).
    aanhoudingen: AanhoudingenPort | None = None
    #: Wakes live streams after commits (the same hub the unit of work factory was given).
    hub: WijzigingHub = field(default_factory=WijzigingHub)
    #: notify's termijn signals for the postvak (None: not wired, the page says so).
    postvak: PostvakPort | None = None
    #: The VPT dossiers' keys for the evaluation's PEP (the dossier repository; None: not wired).
    dossier_sleutels: DossierSleutels | None = None
    #: The meldpunt in intake (wired by bootstrap: the IntakeClient; None: not available).
    meldpunt: MeldpuntPort | None = None
    #: Whether a VPT dossier's evaluation exists (h-evaluatie, wired at merge; None: no
    #: evaluations yet, so no dossier can be closed).
    vpt_evaluaties: VptEvaluaties | None = None

    def voorzitters(self) -> list[User]:
        """ZVH staff from the region who can chair an overleg (not the FG)."""
        return [u for u in self.settings.region().users if u.org == ZVH and "fg" not in u.roles]

    def partners(self) -> list[str]:
        """The region's partner codes, the ZVH itself not counted (who can be a deelnemer)."""
        return [p for p in self.settings.region().partner_codes() if p != ZVH]

    def partner_naam(self, code: str) -> str:
        """The partner's name from the region file (its code when unknown)."""
        partner = self.settings.region().partner(code)
        return partner.naam if partner is not None else code

    async def niet_uitnodigbaar(self, codes: list[str], *, token: str | None) -> dict[str, str]:
        """code → why it cannot be invited, for those of ``codes`` without a valid convenant."""
        geldig = await self.convenanten.geldigheden(codes, token=token)
        return {
            c: (g.reden if g is not None else "het convenant is onbekend")
            for c in codes
            if (g := geldig.get(c)) is None or not g.geldig
        }

    def voorzitter_ids(self) -> set[str]:
        return {u.id for u in self.voorzitters()}


def services(request: Request) -> Services:
    """``app.state.overleg``, set by bootstrap at start-up (or by a test)."""
    found: Services | None = getattr(request.app.state, "overleg", None)
    if found is None:
        raise RuntimeError("overleg services not wired: app.state.overleg is missing")
    return found


def actor(user: User, token: str) -> Actor:
    return Actor(user_id=user.id, org=user.org, roles=list(user.roles), token=token)

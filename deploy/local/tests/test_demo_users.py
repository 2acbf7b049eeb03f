"""Every demo user signs in through the local OIDC provider with exactly their region roles.

The local provider issues each user's roles in the issuer's own words (``claims_for``); overleg
translates them back through the issuer's role map. A role missing from the map would be
dropped silently, or refuse the sign-in: the meldpunt's users (medewerker, leidinggevende,
vpt-casemanager) are the newest such roles.
"""

from __future__ import annotations

import pytest
from zvh_local.oidc import claims_for
from zvh_overleg.application.aanmelden import gebruiker_uit_claims
from zvh_platform.region import ROLES, demo_region

REGION = demo_region()


@pytest.mark.parametrize("user", REGION.users, ids=lambda u: u.id)
def test_demo_user_signs_in_with_all_roles(user) -> None:  # type: ignore[no-untyped-def]
    partner = next(p for p in REGION.partners if p.code == user.org)
    claims = {"sub": user.id, **claims_for(REGION, partner)[user.id]}
    signed_in = gebruiker_uit_claims(partner, claims)
    assert (signed_in.org, signed_in.roles) == (user.org, sorted(user.roles))
    assert set(user.roles) <= set(ROLES)


def test_the_meldpunt_users_are_there() -> None:
    rollen = {u.id: (u.org, u.roles) for u in REGION.users}
    assert rollen["wt.yilmaz"] == ("gemeente-bergen-op-zoom", ["medewerker"])
    assert rollen["lg.peters"] == ("gemeente-bergen-op-zoom", ["leidinggevende"])
    assert rollen["vpt.dewit"] == ("zvh", ["vpt-casemanager"])
    assert rollen["vpt.smits"] == ("zvh", ["vpt-casemanager"])

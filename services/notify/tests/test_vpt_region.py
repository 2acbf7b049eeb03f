"""Notify's region directory for the meldpunt: leidinggevenden by role, personal addresses, and
who is on an organisation's piket rota at a moment (``Partner.piket_op``'s boundaries)."""

from __future__ import annotations

from datetime import datetime

import pytest
from zvh_notify.adapters.region import RegionPartners
from zvh_platform.region import Region
from zvh_platform.termijnen import TIJDZONE

ORG = "gemeente-bergen-op-zoom"


def region() -> Region:
    return Region.model_validate(
        {
            "naam": "Test-ZVH",
            "partners": [
                {
                    "code": ORG,
                    "naam": "Gemeente Bergen op Zoom",
                    "email": "gemeente@bergen.test",
                    "piket": [
                        {
                            "naam": "Piket werkweek",
                            "telefoon": "06 1234 5601",
                            "email": "Piket@Bergen.test",
                            "van": "2026-11-30T08:00:00+01:00",
                            "tot": "2026-12-04T17:00:00+01:00",
                            "wekelijks": True,
                        },
                        {
                            "naam": "Piket zaterdag",
                            "telefoon": "06 1234 5602",
                            "van": "2026-12-05T09:00:00+01:00",
                            "tot": "2026-12-05T17:00:00+01:00",
                        },
                    ],
                },
                {"code": "ggz-wnb", "naam": "GGZ", "email": "ggz@ggz.test"},
                {"code": "zvh", "naam": "ZVH", "email": "zvh@zvh.test"},
            ],
            "users": [
                {
                    "id": "lg.peters",
                    "naam": "Marieke Peters",
                    "org": ORG,
                    "roles": ["leidinggevende"],
                    "email": "m.peters@bergen.test",
                },
                {"id": "wt.yilmaz", "naam": "Yusuf Yilmaz", "org": ORG, "roles": ["medewerker"]},
                {
                    "id": "pk.janssen",
                    "naam": "Jan Janssen",
                    "org": ORG,
                    "roles": ["medewerker"],
                    "email": "piket@bergen.test",
                },
                {
                    "id": "ggz.piket",
                    "naam": "Ander",
                    "org": "ggz-wnb",
                    "roles": ["deelnemer"],
                    "email": "piket@bergen.test",
                },
            ],
        }
    )


def nl(jaar: int, maand: int, dag: int, uur: int, minuut: int) -> datetime:
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=TIJDZONE)


def test_users_by_role_and_their_addresses():
    r = RegionPartners(region())
    assert [u.id for u in r.met_rol(ORG, "leidinggevende")] == ["lg.peters"]
    assert r.met_rol("ggz-wnb", "leidinggevende") == []
    lg = r.gebruiker("lg.peters")
    assert lg is not None and (lg.org, lg.email) == (ORG, "m.peters@bergen.test")
    wt = r.gebruiker("wt.yilmaz")
    assert wt is not None and wt.email is None
    assert r.gebruiker("onbekend") is None


@pytest.mark.parametrize(
    ("moment", "naam"),
    [
        (nl(2026, 11, 30, 7, 59), None),  # before the first turn starts
        (nl(2026, 11, 30, 8, 0), "Piket werkweek"),  # van: inclusive
        (nl(2026, 12, 4, 16, 59), "Piket werkweek"),
        (nl(2026, 12, 4, 17, 0), None),  # tot: exclusive
        (nl(2026, 12, 5, 9, 0), "Piket zaterdag"),
        (nl(2026, 12, 5, 17, 0), None),
        (nl(2026, 12, 7, 8, 0), "Piket werkweek"),  # the weekly turn, a week on
    ],
)
def test_the_piket_on_the_rota_at_its_boundaries(moment: datetime, naam: str | None):
    piket = RegionPartners(region()).piket(ORG, moment)
    assert (piket.naam if piket else None) == naam


def test_the_piket_is_a_user_of_the_organisation_only_by_its_address():
    r = RegionPartners(region())
    werkweek = r.piket(ORG, nl(2026, 12, 1, 10, 0))
    # The address matches case-insensitively, and only a user of the same organisation.
    assert werkweek is not None and werkweek.gebruiker == "pk.janssen"
    assert werkweek.email == "Piket@Bergen.test"
    zaterdag = r.piket(ORG, nl(2026, 12, 5, 10, 0))
    assert zaterdag is not None and (zaterdag.email, zaterdag.gebruiker) == (None, None)
    assert r.piket("ggz-wnb", nl(2026, 12, 1, 10, 0)) is None
    assert r.piket("onbekend", nl(2026, 12, 1, 10, 0)) is None

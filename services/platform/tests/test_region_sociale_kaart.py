"""The region's sociale kaart fields: soort, diensten with wachttijden, contactpersonen, piket."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from zvh_platform.region import (
    Dienst,
    Partner,
    PartnerSoort,
    Piketdienst,
    Region,
    RegionInvalid,
    demo_region,
    load_region,
    partner_soort,
)
from zvh_platform.termijnen import TIJDZONE

BASIS = {"code": "p", "naam": "P", "email": "p@example.org"}


def regio(**partner: Any) -> Region:
    return Region.model_validate({"naam": "T", "partners": [{**BASIS, **partner}]})


def test_a_partner_without_sociale_kaart_fields_stays_valid() -> None:
    p = regio().partners[0]
    assert p.soort is None and p.diensten == [] and p.contactpersonen == [] and p.piket == []
    assert p.telefoon is None and p.openingstijden is None
    assert p.piket_op(datetime.now(UTC)) is None
    assert regio().lange_wachttijd_dagen == 28


def test_a_full_partner_reads_back() -> None:
    p = regio(
        soort="ervaringsdeskundige",
        telefoon="+31 164 250 150",
        openingstijden={"vrijdag": "9-12", "maandag": "9-17"},
        diensten=[
            {
                "code": "brug",
                "naam": "Bruggenbouwer",
                "wachttijd_dagen": 30,
                "wachttijd_bijgewerkt_op": "2026-11-02",
                "prioriteit": "binnen 10 werkdagen",
            }
        ],
        contactpersonen=[{"rol": "coördinator", "naam": "S", "telefoon": "0164 250 151"}],
    ).partners[0]
    assert p.soort is PartnerSoort.ERVARINGSDESKUNDIGE and p.soort_naam() == "ervaringsdeskundige"
    assert list(p.openingstijden or {}) == ["maandag", "vrijdag"]  # in the week's order
    dienst = p.dienst("brug")
    assert dienst is not None and dienst.wachttijd_bijgewerkt_op == date(2026, 11, 2)
    assert p.contactpersonen[0].rol == "coördinator"


@pytest.mark.parametrize(
    ("veld", "waarde", "fout"),
    [
        ("soort", "kapper", "soort"),
        ("telefoon", "bel me", "telefoon"),
        ("openingstijden", {"maandg": "9-17"}, "onbekende dag in openingstijden: maandg"),
        ("openingstijden", "", "openingstijden"),
        ("diensten", [{"code": "a", "naam": "A", "wachttijd_dagen": 3}], "wachttijd_bijgewerkt_op"),
        (
            "diensten",
            [{"code": "a", "naam": "A", "wachttijd_bijgewerkt_op": "2026-01-01"}],
            "zonder wachttijd_dagen",
        ),
        ("diensten", [{"code": "a", "naam": "A", "wachttijd_dagen": -1}], "wachttijd_dagen"),
        ("diensten", [{"code": "a", "naam": "A", "wachttijd_dagen": "5"}], "wachttijd_dagen"),
        ("diensten", [{"code": "A B", "naam": "A"}], "code"),
        ("diensten", [{"code": "a", "naam": "A"}, {"code": "a", "naam": "B"}], "dubbel voor: a"),
        ("diensten", [{"code": "a", "naam": "A", "wachtijd": 5}], "wachtijd"),  # a typo
        ("contactpersonen", [{"rol": "", "naam": "N"}], "rol"),
        ("contactpersonen", [{"rol": "r", "naam": "N", "email": "geen-adres"}], "email"),
        (
            "piket",
            [
                {
                    "naam": "N",
                    "telefoon": "0612345678",
                    "van": "2026-01-01T08:00",
                    "tot": "2026-01-02T08:00",
                }
            ],
            "tijdzone",
        ),
        (
            "piket",
            [
                {
                    "naam": "N",
                    "telefoon": "0612345678",
                    "van": "2026-01-02T08:00Z",
                    "tot": "2026-01-01T08:00Z",
                }
            ],
            "tot moet na van liggen",
        ),
        (
            "piket",
            [
                {
                    "naam": "N",
                    "telefoon": "0612345678",
                    "van": "2026-01-01T08:00Z",
                    "tot": "2026-01-09T08:00Z",
                    "wekelijks": True,
                }
            ],
            "hoogstens een week",
        ),
    ],
)
def test_invalid_sociale_kaart_fields_are_refused_with_a_reason(
    tmp_path: Path, veld: str, waarde: Any, fout: str
) -> None:
    path = tmp_path / "regio.json"
    path.write_text(json.dumps({"naam": "T", "partners": [{**BASIS, veld: waarde}]}))
    with pytest.raises(RegionInvalid) as e:
        load_region(path)
    assert f"partners.0.{veld}" in str(e.value)
    assert fout in str(e.value)


def test_region_level_fields_are_checked() -> None:
    with pytest.raises(ValidationError, match="partnercode komt dubbel voor: p"):
        Region.model_validate({"naam": "T", "partners": [BASIS, BASIS]})
    with pytest.raises(ValidationError, match="lange_wachttijd_dagen"):
        Region.model_validate({"naam": "T", "partners": [BASIS], "lange_wachttijd_dagen": 0})


def test_a_long_wachttijd_starts_at_the_regions_threshold() -> None:
    region = Region.model_validate({"naam": "T", "partners": [BASIS], "lange_wachttijd_dagen": 20})

    def dienst(dagen: int | None) -> Dienst:
        op = date(2026, 1, 1) if dagen is not None else None
        return Dienst(code="d", naam="D", wachttijd_dagen=dagen, wachttijd_bijgewerkt_op=op)

    assert region.lange_wachttijd(dienst(20)) and region.lange_wachttijd(dienst(90))
    assert not region.lange_wachttijd(dienst(19)) and not region.lange_wachttijd(dienst(None))


def piket(van: datetime, tot: datetime, *, wekelijks: bool = False, naam: str = "N") -> Piketdienst:
    return Piketdienst(naam=naam, telefoon="0612345678", van=van, tot=tot, wekelijks=wekelijks)


def test_piket_op_covers_van_up_to_but_not_including_tot() -> None:
    van = datetime(2026, 3, 2, 8, tzinfo=TIJDZONE)
    tot = datetime(2026, 3, 2, 17, tzinfo=TIJDZONE)
    p = Partner(**BASIS, piket=[piket(van, tot)])
    assert p.piket_op(van - timedelta(microseconds=1)) is None
    assert p.piket_op(van) is not None
    assert p.piket_op(tot - timedelta(microseconds=1)) is not None
    assert p.piket_op(tot) is None
    assert p.piket_op(van + timedelta(weeks=1)) is None  # not weekly: once only
    assert p.piket_op(van.astimezone(UTC)) is not None  # any offset names the same moment
    with pytest.raises(ValueError, match="aware"):
        p.piket_op(datetime(2026, 3, 2, 9))


def test_a_weekly_turn_recurs_at_the_same_wall_clock_time_across_summer_time() -> None:
    # Monday 08:00 to Friday 17:00 every week, then the weekend turn; summer time starts 29 March.
    week = piket(
        datetime(2026, 3, 2, 8, tzinfo=TIJDZONE),
        datetime(2026, 3, 6, 17, tzinfo=TIJDZONE),
        wekelijks=True,
        naam="week",
    )
    weekend = piket(
        datetime(2026, 3, 6, 17, tzinfo=TIJDZONE),
        datetime(2026, 3, 9, 8, tzinfo=TIJDZONE),
        wekelijks=True,
        naam="weekend",
    )
    p = Partner(**BASIS, piket=[week, weekend])

    def wie(*args: int) -> str | None:
        d = p.piket_op(datetime(*args, tzinfo=TIJDZONE))  # type: ignore[misc,arg-type]
        return d.naam if d else None

    assert wie(2026, 3, 1, 12) is None  # before the rota starts
    assert wie(2026, 3, 2, 8) == "week"
    assert wie(2026, 4, 3, 16, 59) == "week"  # summer time: still until 17:00 local
    assert wie(2026, 4, 3, 17) == "weekend"
    assert wie(2026, 4, 6, 7, 59) == "weekend"
    assert wie(2026, 4, 6, 8) == "week"
    assert wie(2026, 10, 28, 3) == "week"  # winter time again, mid-week night


def test_the_first_turn_that_covers_a_moment_is_on_duty() -> None:
    altijd = piket(
        datetime(2026, 1, 5, tzinfo=TIJDZONE),
        datetime(2026, 1, 12, tzinfo=TIJDZONE),
        wekelijks=True,
    )
    kerst = piket(
        datetime(2026, 12, 24, 17, tzinfo=TIJDZONE),
        datetime(2026, 12, 27, tzinfo=TIJDZONE),
        naam="kerst",
    )
    p = Partner(**BASIS, piket=[kerst, altijd])
    vervanger = p.piket_op(datetime(2026, 12, 25, 12, tzinfo=TIJDZONE))
    assert vervanger is not None and vervanger.naam == "kerst"
    gewoon = p.piket_op(datetime(2026, 12, 28, 12, tzinfo=TIJDZONE))
    assert gewoon is not None and gewoon.naam == "N"


def test_the_demo_region_has_a_sociale_kaart() -> None:
    region = demo_region()
    for p in region.partners:
        assert p.soort is not None and p.diensten, p.code
    ed = region.partner("ervaringsdeskundigen-wbr")
    bz = region.partner("bemoeizorg-wbr")
    assert ed is not None and ed.soort is PartnerSoort.ERVARINGSDESKUNDIGE
    assert bz is not None and bz.soort is PartnerSoort.BEMOEIZORG
    assert any(region.lange_wachttijd(d) for p in region.partners for d in p.diensten)
    # the piket of gemeente Bergen op Zoom is on duty every moment of a year
    gemeente = region.partner("gemeente-bergen-op-zoom")
    assert gemeente is not None
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for kwartier in range(0, 366 * 24 * 4, 7):  # every 1h45m, shifting over the day
        assert gemeente.piket_op(start + timedelta(minutes=15 * kwartier)) is not None


def test_partner_soort_prefers_the_region_and_falls_back_to_the_code() -> None:
    region = Region.model_validate(
        {
            "naam": "T",
            "partners": [{"code": "politie-x", "naam": "X", "email": "x@x.nl", "soort": "overig"}],
        }
    )
    assert partner_soort("politie-x", region) is PartnerSoort.OVERIG
    assert partner_soort("politie-x") is PartnerSoort.POLITIE
    assert partner_soort("bemoeizorg-y", region) is PartnerSoort.BEMOEIZORG
    assert partner_soort("zvh") is PartnerSoort.ZVH
    assert partner_soort("kapper") is None

"""The packaged demo region matches the platform README."""

from __future__ import annotations

import json
from pathlib import Path

from zvh_platform.region import load_region
from zvh_platform.settings import ServiceSettings


def test_demo_region_partners_and_users() -> None:
    region = ServiceSettings(service="overleg", env="test").region()
    assert region.naam == "Zorg- en Veiligheidshuis De Markiezaten (demo)"
    assert region.partner_codes()[0] == "zvh"
    assert len(region.partner_codes()) == 10
    politie = region.partner("politie-zwb")
    assert politie is not None and politie.email == "politie-zwb@partners.zvh.local"
    visser = region.user("gemeente.visser")
    assert visser is not None
    assert visser.org == "gemeente-bergen-op-zoom"
    assert visser.roles == ["deelnemer", "casusregisseur"]
    assert region.user("niemand") is None
    assert region.partner("onbekend") is None


def test_region_file(tmp_path: Path) -> None:
    path = tmp_path / "regio.json"
    path.write_text(
        json.dumps(
            {
                "naam": "ZVH Test",
                "partners": [{"code": "zvh", "naam": "ZVH", "email": "zvh@example.org"}],
                "users": [{"id": "a", "naam": "A", "org": "zvh", "roles": ["fg"]}],
            }
        )
    )
    region = load_region(path)
    assert region.partner_codes() == ["zvh"]
    assert region.user("a") is not None

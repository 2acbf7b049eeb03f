"""The packaged demo region matches the platform README."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError
from zvh_platform.region import Region, load_region
from zvh_platform.settings import ServiceSettings


def test_demo_region_partners_and_users() -> None:
    region = ServiceSettings(service="overleg", env="test").region()
    assert region.naam == "Zorg- en Veiligheidshuis De Markiezaten (demo)"
    assert region.partner_codes()[0] == "zvh"
    assert len(region.partner_codes()) == 11
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
    assert region.webhook_partners() == []  # the webhook block is optional


def test_the_demo_region_reaches_one_partner_over_the_webhook_bridge() -> None:
    region = load_region(None)
    [woonkwartier] = region.webhook_partners()
    assert woonkwartier.code == "woonkwartier" and woonkwartier.webhook is not None
    assert woonkwartier.webhook.url.startswith("http://127.0.0.1:")
    assert woonkwartier.webhook.secret_env == "ZVH_WEBHOOK_WOONKWARTIER_SECRET"
    assert woonkwartier.webhook.inbound_secret_env == "ZVH_WEBHOOK_WOONKWARTIER_INBOUND_SECRET"


WEBHOOK = {"url": "https://p.example/hook", "secret_env": "P_SECRET", "inbound_secret_env": "P_IN"}


@pytest.mark.parametrize(
    "webhook",
    [
        {**WEBHOOK, "secret": "whsec_c2VjcmV0LWluLWRlLWZpbGU="},  # never the secret itself
        {**WEBHOOK, "secret_env": "whsec_c2VjcmV0"},  # a secret where a variable name belongs
        {**WEBHOOK, "inbound_secret_env": "p in"},
        {**WEBHOOK, "url": "ftp://p.example/hook"},
        {k: v for k, v in WEBHOOK.items() if k != "inbound_secret_env"},
    ],
)
def test_a_webhook_block_names_variables_and_an_http_url_only(webhook: dict[str, str]) -> None:
    partner = {"code": "p", "naam": "P", "email": "p@example.org", "webhook": webhook}
    with pytest.raises(ValidationError):
        Region.model_validate({"naam": "T", "partners": [partner], "users": []})
    ok = {**partner, "webhook": WEBHOOK}
    region = Region.model_validate({"naam": "T", "partners": [ok], "users": []})
    assert [p.code for p in region.webhook_partners()] == ["p"]


def test_the_region_lists_its_gemeenten_by_cbs_code() -> None:
    import pytest
    from pydantic import ValidationError
    from zvh_platform.region import Gemeente, demo_region

    namen = demo_region().gemeentenamen()
    assert namen["GM0748"] == "Bergen op Zoom" and namen["GM1674"] == "Roosendaal"
    with pytest.raises(ValidationError):
        Gemeente(code="0748", naam="Bergen op Zoom")

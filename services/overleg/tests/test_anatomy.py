"""The service keeps the keten's anatomy: moments stored as aware UTC, fakes in through one seam."""

from __future__ import annotations

from pathlib import Path

import pytest
from zvh_overleg.adapters.db.tables import metadata
from zvh_platform.db import platform_metadata, times_not_utc


def test_every_stored_time_is_utc() -> None:
    assert times_not_utc(metadata, platform_metadata) == []


@pytest.mark.broker
async def test_the_fakes_given_to_create_app_are_the_ones_the_app_uses(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    """The one seam: ``Adapters`` in, the same objects in ``Services`` after start-up; what is
    not given is the real adapter, on its own settings."""
    from overleg_fakes import FakePdp, FixedClock
    from overleg_web_fakes import FakeIntake, FakeProvider
    from privacy_fakes import FakePrivacy
    from zvh_overleg.adapters.consent import ConsentClient
    from zvh_overleg.adapters.intake import IntakeClient
    from zvh_overleg.bootstrap import Adapters, create_app
    from zvh_overleg.config import OverlegSettings
    from zvh_overleg.entrypoints.context import Services

    settings = OverlegSettings(
        env="test",
        var_dir=tmp_path,
        kafka_bootstrap=kafka_bootstrap,
        intake_url="http://127.0.0.1:9/intake",
    )
    given = Adapters(
        pdp=FakePdp(),
        intake=FakeIntake(),
        privacy=FakePrivacy(),
        identiteit=FakeProvider(settings.region()),
        clock=FixedClock(),
    )
    app = create_app(settings, adapters=given)
    async with app.router.lifespan_context(app):
        svc: Services = app.state.overleg
        assert svc.pdp is given.pdp and svc.intake is given.intake and svc.clock is given.clock
        assert svc.privacy is given.privacy and svc.identiteit is given.identiteit
        assert isinstance(svc.consent, ConsentClient)  # not given: the real one

    real = create_app(settings)
    async with real.router.lifespan_context(real):
        intake = real.state.overleg.intake
        assert isinstance(intake, IntakeClient) and intake._base == "http://127.0.0.1:9/intake"

"""The inzage report is a read POSTed with a BSN in its body: the real consent app stores no
idempotency key, fingerprint or response for it, even when the client sends a key (a stored
fingerprint of a body with a 9-digit BSN could be reversed by trying every BSN)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select
from zvh_consent.bootstrap import create_app
from zvh_consent.config import ConsentSettings
from zvh_consent.entrypoints.api_inzage import PERSOON_PAD
from zvh_platform.auth import lokaal_token
from zvh_platform.db import idempotency_table, make_engine, session_factory
from zvh_platform.idempotency import REPLAYED_HEADER
from zvh_platform.testing import serve

pytestmark = [pytest.mark.broker, pytest.mark.timeout(120)]

BSN = "111222333"
TOESTEMMING = {
    "betrokkene": "0" * 32,
    "doel": "casusoverleg",
    "status": "gegeven",
    "wijze": "mondeling",
    "leeftijdsgroep": "volwassen",
    "toestemming_door": "client",
}


async def test_a_keyed_report_request_leaves_no_key_behind(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    settings = ConsentSettings(env="test", var_dir=tmp_path, kafka_bootstrap=kafka_bootstrap)
    fg = settings.region().user("fg.devries")
    pr = settings.region().user("pr.jansen")
    assert fg is not None and pr is not None
    sleutel = {"Idempotency-Key": "inzage-1"}
    engine = make_engine(settings.db_url())

    async def sleutels() -> int:
        async with session_factory(engine)() as s:
            return int(
                (await s.execute(select(func.count()).select_from(idempotency_table))).scalar_one()
            )

    try:
        with serve(create_app(settings)) as base:
            async with httpx.AsyncClient(base_url=base, timeout=30) as c:
                auth = {"Authorization": f"Bearer {lokaal_token(fg)}", **sleutel}
                eerste = await c.post(PERSOON_PAD, json={"bsn": BSN}, headers=auth)
                tweede = await c.post(PERSOON_PAD, json={"bsn": BSN}, headers=auth)
                na_rapport = await sleutels()
                # the middleware is on: a command keeps its key; the exemption is one path
                regie = {"Authorization": f"Bearer {lokaal_token(pr)}", **sleutel}
                r = await c.post("/v1/toestemmingen", json=TOESTEMMING, headers=regie)
                assert r.status_code == 201, r.text
                na_commando = await sleutels()
    finally:
        await engine.dispose()
    assert eerste.status_code == tweede.status_code == 200, eerste.text
    assert REPLAYED_HEADER.lower() not in tweede.headers
    assert (na_rapport, na_commando) == (0, 1)

"""The quarterly report: the /rapportage page, its CSV and XLSX downloads and /v1/rapportage,
with fake intake counts, casussen in the store and the policy as overleg expects it."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from overleg_fakes import BeleidPdp, Store
from overleg_web_fakes import FakeIntake, client, make_app, signed_in, token_for
from zvh_overleg.application.intake import IntakeFout
from zvh_overleg.domain.levensloop import Afsluitreden
from zvh_overleg.domain.model import open_casus


def _casus(gemeente: str | None, geopend: datetime, *, afgesloten: datetime | None = None):  # type: ignore[no-untyped-def]
    casus = open_casus(
        casus_id=uuid.uuid4(),
        melding_id=uuid.uuid4(),
        melder="politie-zwb",
        genodigden=["ggz-wnb"],
        ave_fase=2,
        client_geinformeerd=True,
        herbeoordeling_op=None,
        geopend_op=geopend,
        door="pr.jansen",
        gemeente=gemeente,
    )
    if afgesloten is not None:
        casus.afgesloten_op = afgesloten
        casus.afsluitreden = Afsluitreden.DOEL_BEREIKT
    return casus


@pytest.fixture
def intake() -> FakeIntake:
    intake = FakeIntake()
    intake.tellingen_rijen = [
        {
            "gemeente": "GM0748",
            "melder": "politie-zwb",
            "uitkomst": "casus",
            "aantal": 6,
            "binnen_termijn": 6,
        },
        {
            "gemeente": "GM0748",
            "melder": "ggz-wnb",
            "uitkomst": "advies",
            "aantal": 2,
            "binnen_termijn": 1,
        },
        {"gemeente": None, "melder": "politie-zwb", "uitkomst": "te-trieren", "aantal": 5},
    ]
    return intake


@pytest.fixture
def app(store: Store, intake: FakeIntake):  # type: ignore[no-untyped-def]
    for dag in range(1, 7):  # six casussen in Bergen op Zoom in the first quarter of 2030
        c = _casus("GM0748", datetime(2030, 1, dag, 9, tzinfo=UTC))
        store.casussen[c.casus_id] = c
    gesloten = _casus(
        "GM0748", datetime(2029, 12, 1, 9, tzinfo=UTC), afgesloten=datetime(2030, 2, 1, tzinfo=UTC)
    )
    elders = _casus("GM1674", datetime(2030, 2, 1, 9, tzinfo=UTC))
    store.casussen[gesloten.casus_id] = gesloten
    store.casussen[elders.casus_id] = elders
    app, _ = make_app(store=store, pdp=BeleidPdp(), intake=intake)
    return app


def cijfer(html: str, tabel: str, onderdeel: str) -> str:
    blok = re.search(rf'<table [^>]*id="tabel-{tabel}".*?</table>', html, re.S)
    assert blok, f"no table {tabel}"
    m = re.search(
        rf"<th [^>]*>{re.escape(onderdeel)}</th><td [^>]*>([^<]*)</td>", blok.group(0), re.S
    )
    assert m, f"no {onderdeel} in {tabel}"
    return m.group(1).replace("&lt;", "<").replace("&gt;", ">")


async def test_the_page_shows_the_current_quarter_suppressed(app, intake: FakeIntake) -> None:
    async with signed_in(app, "pr.jansen") as c:
        r = await c.get("/rapportage")
    assert r.status_code == 200, r.text
    html = r.text
    assert "1e kwartaal 2030 — Alle gemeenten" in html  # FixedClock: 4 March 2030
    [(van, tot, token)] = intake.tellingen_vragen
    assert (van, tot) == (date(2030, 1, 1), date(2030, 4, 1)) and token
    # 11 + 2 = 13: the 11 is hidden as well, or the 2 would follow from the total
    assert cijfer(html, "meldingen-melder", "Politie Zeeland-West-Brabant") == "x"
    assert cijfer(html, "meldingen-melder", "GGZ Westelijk Noord-Brabant") == "< 5"
    assert cijfer(html, "meldingen-melder", "Totaal meldingen") == "13"
    assert cijfer(html, "meldingen-gemeente", "Bergen op Zoom") == "8"
    assert cijfer(html, "meldingen-gemeente", "Onbekend") == "5"
    assert cijfer(html, "casussen", "Geopend in het kwartaal") == "7"
    assert cijfer(html, "afsluitredenen", "Afgesloten in het kwartaal") == "< 5"
    assert 'href="/rapportage.xlsx?kwartaal=2030-Q1&amp;gemeente="' in html
    assert 'href="/rapportage"' in html and "utrecht-table" in html


async def test_one_gemeente_and_the_partner_names(app) -> None:
    async with signed_in(app, "pr.jansen") as c:
        html = (
            await c.get("/rapportage", params={"kwartaal": "2030-Q1", "gemeente": "GM0748"})
        ).text
    assert "1e kwartaal 2030 — Bergen op Zoom" in html
    assert cijfer(html, "casussen", "Geopend in het kwartaal") == "6"
    # 6 casus + 2 advies: nothing can protect the 2, so the 6 and the total are hidden
    assert cijfer(html, "meldingen-uitkomst", "Casus") == "x"
    assert cijfer(html, "meldingen-uitkomst", "Advies") == "< 5"
    assert cijfer(html, "meldingen-uitkomst", "Nog niet getrieerd") == "0"
    assert cijfer(html, "meldingen-uitkomst", "Totaal meldingen") == "x"
    assert cijfer(html, "meldingen-melder", "Totaal meldingen") == "x"
    assert 'id="tabel-meldingen-gemeente"' not in html
    assert cijfer(html, "termijn-triage", "Binnen de termijn getrieerd") == "x"


async def test_xlsx_and_csv_hold_the_same_figures(app) -> None:
    params = {"kwartaal": "2030-Q1", "gemeente": "GM0748"}
    async with signed_in(app, "notulist.bakker") as c:
        x = await c.get("/rapportage.xlsx", params=params)
        s = await c.get("/rapportage.csv", params=params)
    assert x.status_code == 200 and s.status_code == 200
    assert x.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="zvh-rapportage-2030-Q1-GM0748.xlsx"' in x.headers["content-disposition"]
    blad = load_workbook(io.BytesIO(x.content)).active
    assert blad is not None
    rows = list(blad.iter_rows(values_only=True))
    assert rows[0][0] == "ZVH-rapportage 1e kwartaal 2030 — Bergen op Zoom"
    assert rows[1] == ("kwartaal", "gemeente", "tabel", "onderdeel", "waarde", "weergave")
    per = {(r[2], r[3]): (r[4], r[5]) for r in rows[2:]}
    assert per[("Casussen", "Geopend in het kwartaal")] == (6, "6")
    assert per[("Meldingen per melder", "GGZ Westelijk Noord-Brabant")] == (None, "< 5")
    tekst = s.content.decode("utf-8-sig")
    regels = list(csv.reader(io.StringIO(tekst), delimiter=";"))
    assert regels[0] == ["kwartaal", "gemeente", "tabel", "onderdeel", "waarde", "weergave"]
    assert ["2030-Q1", "Bergen op Zoom", "Casussen", "Geopend in het kwartaal", "6", "6"] in regels
    assert len(regels) - 1 == len(rows) - 2  # the same rows in both files


async def test_bad_choices_get_dutch_errors(app) -> None:
    async with signed_in(app, "pr.jansen") as c:
        r = await c.get("/rapportage", params={"kwartaal": "2030-Q7"})
        assert r.status_code == 400
        assert "is geen kwartaal: schrijf het als jaar en kwartaal" in r.text
        assert 'aria-invalid="true"' in r.text
        r = await c.get("/rapportage.xlsx", params={"gemeente": "GM9999"})
        assert r.status_code == 400 and "hoort niet bij deze regio" in r.text


async def test_partners_get_no_report_and_no_menu_link(app, intake: FakeIntake) -> None:
    async with signed_in(app, "ggz.mulder") as c:
        r = await c.get("/rapportage")
        assert r.status_code == 403
        assert "geen regel staat dit toe (read rapportage, doel verantwoording)" in r.text
        assert (await c.get("/rapportage.csv")).status_code == 403
        assert 'href="/rapportage"' not in (await c.get("/inzage")).text
    assert intake.tellingen_vragen == []  # refused before anything was counted


async def test_no_report_when_intake_cannot_count(app, intake: FakeIntake) -> None:
    intake.tellingen_rijen = IntakeFout("intake niet bereikbaar")
    async with signed_in(app, "pr.jansen") as c:
        r = await c.get("/rapportage")
    assert r.status_code == 503 and "Probeer het later opnieuw" in r.text


async def test_the_api_gives_the_rows_for_the_cli(store: Store, intake: FakeIntake) -> None:
    app, svc = make_app(store=store, pdp=BeleidPdp(), intake=intake)
    pr = {"Authorization": f"Bearer {token_for(svc, 'pr.jansen')}"}
    async with client(app) as c:
        r = await c.get("/v1/rapportage", params={"kwartaal": "2030-Q1"}, headers=pr)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["kwartaal"] == "2030-Q1" and body["gemeente_naam"] == "Alle gemeenten"
        eerste = body["rijen"][0]
        assert set(eerste) == {"kwartaal", "gemeente", "tabel", "onderdeel", "waarde", "weergave"}
        r = await c.get("/v1/rapportage", params={"kwartaal": "kwartaal 4"}, headers=pr)
        assert r.status_code == 422 and r.json()["redenen"][0]["veld"] == "kwartaal"
        ggz = {"Authorization": f"Bearer {token_for(svc, 'ggz.mulder')}"}
        r = await c.get("/v1/rapportage", params={"kwartaal": "2030-Q1"}, headers=ggz)
        assert r.status_code == 403
        assert (await c.get("/v1/rapportage", params={"kwartaal": "2030-Q1"})).status_code == 401

"""`zvh rapport`: Dutch errors and exit 2 for a bad kwartaal or gemeente, and files with the same
rows and layout as overleg's downloads (a fake overleg answers /v1/rapportage)."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook
from rich.console import Console
from zvh_local.cli import parser
from zvh_local.rapport import cmd_rapport, kwartaal_van, schrijf
from zvh_overleg.domain.rapportage import Kwartaal, MeldingTelling, maak_rapport
from zvh_overleg.entrypoints.web.rapportage import als_csv, als_xlsx, rijen

GEMEENTEN = {"GM0748": "Bergen op Zoom", "GM1674": "Roosendaal"}


def _rapport():  # type: ignore[no-untyped-def]
    return maak_rapport(
        kwartaal=Kwartaal(2026, 4),
        gemeente="GM0748",
        gemeenten=GEMEENTEN,
        meldingen=[
            MeldingTelling("GM0748", "politie-zwb", "casus", 9, binnen_termijn=7),
            MeldingTelling("GM0748", "ggz-wnb", "advies", 2, binnen_termijn=2),
        ],
        casussen=[],
    )


def _body() -> dict[str, object]:
    rapport = _rapport()
    return {
        "kwartaal": str(rapport.kwartaal),
        "gemeente": rapport.gemeente,
        "gemeente_naam": rapport.gemeente_naam,
        "kolommen": ["kwartaal", "gemeente", "tabel", "onderdeel", "waarde", "weergave"],
        "rijen": rijen(rapport),
    }


def _args(*argv: str):  # type: ignore[no-untyped-def]
    return parser().parse_args(["rapport", *argv])


@pytest.mark.parametrize("kwartaal", ["2026-Q5", "Q4", "vierde kwartaal", "2026-13"])
def test_a_bad_kwartaal_exits_2_in_dutch(kwartaal: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_rapport(_args("--kwartaal", kwartaal)) == 2
    assert "is geen kwartaal: schrijf het als jaar en kwartaal" in capsys.readouterr().err


def test_a_bad_gemeente_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert cmd_rapport(_args("--kwartaal", "2026-Q4", "--gemeente", "Bergen")) == 2
    assert "is geen gemeentecode" in capsys.readouterr().err


def test_kwartaal_forms() -> None:
    assert kwartaal_van("2026q4") == kwartaal_van(" 2026-Q4 ") == "2026-Q4"


def test_the_files_match_overlegs_downloads(tmp_path: Path) -> None:
    gevraagd: list[httpx.Request] = []

    def overleg(request: httpx.Request) -> httpx.Response:
        gevraagd.append(request)
        return httpx.Response(200, json=_body())

    args = _args("--kwartaal", "2026-Q4", "--gemeente", "GM0748", "--uit", str(tmp_path))
    assert cmd_rapport(args, transport=httpx.MockTransport(overleg)) == 0
    [request] = gevraagd
    assert request.url.path == "/v1/rapportage"
    assert dict(request.url.params) == {"kwartaal": "2026-Q4", "gemeente": "GM0748"}
    assert request.headers["authorization"].startswith("Bearer ")

    rapport = _rapport()
    csv_pad = tmp_path / "zvh-rapportage-2026-Q4-GM0748.csv"
    assert csv_pad.read_bytes() == als_csv(rapport)  # byte for byte the page's CSV
    eigen = list(load_workbook(tmp_path / "zvh-rapportage-2026-Q4-GM0748.xlsx").active.values)  # type: ignore[union-attr]
    pagina = list(load_workbook(io.BytesIO(als_xlsx(rapport))).active.values)  # type: ignore[union-attr]
    assert eigen == pagina
    assert any(r[3] == "Totaal meldingen" and r[4] == 11 for r in eigen)


def test_a_progress_bar_over_the_rows(tmp_path: Path) -> None:
    uit = io.StringIO()
    schrijf(_body(), tmp_path, console=Console(file=uit, force_terminal=False, width=100))
    regels = len(_body()["rijen"])  # type: ignore[arg-type]
    assert f"{regels}/{regels}" in uit.getvalue() and "rapportage" in uit.getvalue()


def test_refusal_and_unreachable_overleg_are_told(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def weiger(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            403, json={"detail": "geen toegang", "reasons": ["geen regel staat dit toe"]}
        )

    args = _args("--kwartaal", "2026-Q4", "--uit", str(tmp_path))
    assert cmd_rapport(args, transport=httpx.MockTransport(weiger)) == 1
    assert "geen toegang tot de rapportage: geen regel staat dit toe" in capsys.readouterr().err

    def weg(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("weg")

    assert cmd_rapport(args, transport=httpx.MockTransport(weg)) == 1
    assert "overleg is niet bereikbaar" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []

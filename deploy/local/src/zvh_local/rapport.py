"""`zvh rapport --kwartaal 2026-Q4 [--gemeente GM0748] [--uit DIR]`: the quarterly report as CSV
and XLSX files, the same files the overleg UI's /rapportage page offers.

The figures come from overleg's ``GET /v1/rapportage`` (already aggregated and with small counts
suppressed; overleg asks intake for the meldingen and the PDP whether the user may), as rows;
this command only writes them, with a progress bar over the rows. Locally the token is minted
for the demo procesregisseur ``pr.jansen``; against a real deployment pass ``--token``.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path
from typing import Any

import httpx
from openpyxl import Workbook
from openpyxl.styles import Font
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from zvh_local.dlq import local_token
from zvh_local.ports import Ports

PROCESREGISSEUR = "pr.jansen"
#: The columns of both files (as overleg's downloads).
KOLOMMEN = ("kwartaal", "gemeente", "tabel", "onderdeel", "waarde", "weergave")
_KWARTAAL = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*$")
_GEMEENTE = re.compile(r"^(GM[0-9]{4}|onbekend)$")


class RapportFout(Exception):
    """A Dutch message for the user; ``code`` is the exit status."""

    def __init__(self, melding: str, code: int = 1) -> None:
        super().__init__(melding)
        self.code = code


def kwartaal_van(tekst: str) -> str:
    """``2026-Q4`` (also ``2026q4``) normalised; anything else: RapportFout with exit 2."""
    m = _KWARTAAL.match(tekst or "")
    if m is None or not 2000 <= int(m.group(1)) <= 2100:
        raise RapportFout(
            f"'{tekst}' is geen kwartaal: schrijf het als jaar en kwartaal, bijvoorbeeld "
            "2026-Q4 (kwartaal 1 tot en met 4).",
            code=2,
        )
    return f"{m.group(1)}-Q{m.group(2)}"


def bestandsnaam(kwartaal: str, gemeente: str | None, extensie: str) -> str:
    return f"zvh-rapportage-{kwartaal}-{gemeente or 'alle-gemeenten'}.{extensie}"


def haal_op(
    *,
    overleg_url: str,
    token: str,
    kwartaal: str,
    gemeente: str | None,
    transport: httpx.BaseTransport | None = None,
) -> dict[str, Any]:
    """overleg's report as ``{kwartaal, gemeente, gemeente_naam, kolommen, rijen}``."""
    params = {"kwartaal": kwartaal, **({"gemeente": gemeente} if gemeente else {})}
    try:
        with httpx.Client(timeout=30.0, transport=transport) as client:
            r = client.get(
                f"{overleg_url.rstrip('/')}/v1/rapportage",
                params=params,
                headers={"Authorization": f"Bearer {token}"},
            )
    except httpx.HTTPError as exc:
        raise RapportFout(
            f"overleg is niet bereikbaar op {overleg_url} ({type(exc).__name__}); draait de "
            "keten (make up)?"
        ) from exc
    if r.status_code == 422:
        raise RapportFout(_detail(r), code=2)
    if r.status_code == 403:
        redenen = "; ".join(r.json().get("reasons", [])) if _is_json(r) else ""
        raise RapportFout(f"geen toegang tot de rapportage{': ' + redenen if redenen else ''}")
    if r.status_code != 200:
        raise RapportFout(f"overleg antwoordde {r.status_code}: {_detail(r)}")
    body = r.json()
    if not isinstance(body, dict) or not isinstance(body.get("rijen"), list):
        raise RapportFout("onverwacht antwoord van overleg")
    return body


def _is_json(r: httpx.Response) -> bool:
    return r.headers.get("content-type", "").startswith("application/json")


def _detail(r: httpx.Response) -> str:
    if _is_json(r):
        body = r.json()
        if isinstance(body, dict) and isinstance(body.get("detail"), str):
            return str(body["detail"])
    return r.text[:200]


def schrijf(
    rapport: dict[str, Any], uit: Path, *, console: Console | None = None
) -> tuple[Path, Path]:
    """Write the CSV and the XLSX (the layout of overleg's downloads); a progress bar over the
    rows. Returns both paths."""
    kwartaal, gemeente = str(rapport["kwartaal"]), rapport.get("gemeente")
    rijen: list[dict[str, Any]] = list(rapport["rijen"])
    uit.mkdir(parents=True, exist_ok=True)
    csv_pad = uit / bestandsnaam(kwartaal, gemeente, "csv")
    xlsx_pad = uit / bestandsnaam(kwartaal, gemeente, "xlsx")

    tekst = io.StringIO()
    schrijver = csv.writer(tekst, delimiter=";", lineterminator="\r\n")
    schrijver.writerow(KOLOMMEN)
    boek = Workbook()
    blad = boek.active
    assert blad is not None
    blad.title = "Rapportage"
    blad.append([f"ZVH-rapportage {_kwartaalnaam(kwartaal)} — {rapport.get('gemeente_naam', '')}"])
    blad["A1"].font = Font(bold=True)
    blad.append(list(KOLOMMEN))
    for cel in blad[2]:
        cel.font = Font(bold=True)

    with Progress(
        TextColumn("[bold]rapportage[/] {task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=console,
        transient=False,
    ) as voortgang:
        taak = voortgang.add_task(f"{kwartaal}", total=len(rijen))
        for rij in rijen:
            schrijver.writerow(["" if rij.get(k) is None else rij.get(k) for k in KOLOMMEN])
            blad.append([rij.get(k) for k in KOLOMMEN])
            voortgang.advance(taak)

    for kolom, breedte in zip("ABCDEF", (10, 18, 38, 48, 10, 12), strict=True):
        blad.column_dimensions[kolom].width = breedte
    csv_pad.write_bytes(("\ufeff" + tekst.getvalue()).encode("utf-8"))
    boek.save(xlsx_pad)
    return csv_pad, xlsx_pad


def _kwartaalnaam(kwartaal: str) -> str:
    jaar, _, nummer = kwartaal.partition("-Q")
    return f"{nummer}e kwartaal {jaar}"


def cmd_rapport(args: argparse.Namespace, *, transport: httpx.BaseTransport | None = None) -> int:
    try:
        kwartaal = kwartaal_van(args.kwartaal)
        gemeente = (args.gemeente or "").strip() or None
        if gemeente is not None and not _GEMEENTE.match(gemeente):
            raise RapportFout(
                f"'{gemeente}' is geen gemeentecode: gebruik de CBS-code, bijvoorbeeld GM0748 "
                "(Bergen op Zoom), of 'onbekend'.",
                code=2,
            )
        rapport = haal_op(
            overleg_url=args.overleg_url,
            token=args.token or local_token(args.gebruiker),
            kwartaal=kwartaal,
            gemeente=gemeente,
            transport=transport,
        )
        csv_pad, xlsx_pad = schrijf(rapport, Path(args.uit))
    except RapportFout as fout:
        print(f"zvh rapport: {fout}", file=sys.stderr)
        return fout.code
    print(f"geschreven: {csv_pad}\ngeschreven: {xlsx_pad}")
    return 0


def add_parser(sub: Any) -> None:
    p = sub.add_parser(
        "rapport",
        help="the quarterly report (per gemeente) as CSV and XLSX, from a running stack",
    )
    p.add_argument("--kwartaal", required=True, help="e.g. 2026-Q4")
    p.add_argument(
        "--gemeente", default=None, help="CBS code, e.g. GM0748, or 'onbekend' (default: all)"
    )
    p.add_argument("--uit", default=".", help="directory for the files (default: .)")
    p.add_argument("--overleg-url", default=Ports().url("overleg"))
    p.add_argument(
        "--gebruiker", default=PROCESREGISSEUR, help="demo user for the local token (pr.jansen)"
    )
    p.add_argument("--token", default=None, help="a bearer token (instead of a local demo token)")
    p.set_defaults(func=cmd_rapport)

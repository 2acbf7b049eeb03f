"""Informatie-items: the melding content per part (reden, each betrokkene, leefgebieden).

Each item records its eigenaar, categorie, gevoeligheid, grondslag and the eigenaar's controls
(beperkt_tot, ingetrokken). Existing meldingen get their items with the defaults intake uses for
a melder that says nothing (zvh_intake.domain.informatie, copied here so that this migration
keeps doing what it did when that module changes): categorie by the melder's partner type,
gevoeligheid by categorie, grondslag 'convenant'. A betrokkene's pseudonym is taken from
betrokkene_pseudoniemen when every betrokkene has one of its own (else left empty).

Revision ID: 0005_informatie_items
Revises: 0004_idem
Create Date: 2030-03-01
"""

import json
import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005_informatie_items"
down_revision: str | None = "0004_idem"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CATEGORIE_PER_PREFIX = (
    ("politie", "politie"),
    ("om-", "justitie"),
    ("reclassering", "justitie"),
    ("ggz", "zorg"),
    ("bemoeizorg", "zorg"),
    ("veilig-thuis", "jeugd"),
    ("jeugd", "jeugd"),
    ("woon", "wonen"),
    ("schuld", "financieel"),
    ("kredietbank", "financieel"),
)
_GEZONDHEID = {"gezondheid", "psyche", "verslaving"}


def _categorie(melder: str) -> str:
    return next((c for p, c in _CATEGORIE_PER_PREFIX if melder.startswith(p)), "algemeen")


def _gevoeligheid(categorie: str) -> str:
    if categorie == "zorg":
        return "bijzonder"
    if categorie in ("politie", "justitie"):
        return "strafrechtelijk"
    return "normaal"


def _item_id(melding_id: uuid.UUID, soort: str, positie: int) -> uuid.UUID:
    return uuid.uuid5(melding_id, f"informatie-item:{soort}:{positie}")


def upgrade() -> None:
    items = op.create_table(
        "informatie_items",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("melding_id", sa.Uuid(), sa.ForeignKey("meldingen.id"), nullable=False),
        sa.Column(
            "soort", sa.String(20), nullable=False, comment="reden | betrokkene | leefgebieden"
        ),
        sa.Column("positie", sa.Integer(), nullable=False),
        sa.Column("eigenaar", sa.String(63), nullable=False),
        sa.Column("categorie", sa.String(20), nullable=False),
        sa.Column("gevoeligheid", sa.String(20), nullable=False),
        sa.Column("grondslag", sa.String(30), nullable=False),
        sa.Column("betrokkene", sa.String(64), nullable=True, comment="The person's pseudonym"),
        sa.Column(
            "beperkt_tot",
            sa.JSON(),
            nullable=True,
            comment="Organisation codes; null: not restricted",
        ),
        sa.Column("beperkt_door", sa.String(100), nullable=True),
        sa.Column("beperkt_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ingetrokken_door", sa.String(100), nullable=True),
        sa.Column("ingetrokken_op", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("melding_id", "soort", "positie", name="uq_informatie_items_plek"),
    )
    op.create_index("ix_informatie_items_melding", "informatie_items", ["melding_id"])

    bind = op.get_bind()
    meldingen = sa.table(
        "meldingen", sa.column("id", sa.Uuid()), sa.column("eigenaar"), sa.column("inhoud")
    )
    pseudoniemen = sa.table(
        "betrokkene_pseudoniemen",
        sa.column("melding_id", sa.Uuid()),
        sa.column("pseudoniem"),
        sa.column("positie"),
    )
    per_melding: dict[uuid.UUID, list[str]] = {}
    for melding_id, pseudoniem in bind.execute(
        sa.select(pseudoniemen.c.melding_id, pseudoniemen.c.pseudoniem).order_by(
            pseudoniemen.c.melding_id, pseudoniemen.c.positie
        )
    ):
        per_melding.setdefault(melding_id, []).append(pseudoniem)
    rows: list[dict[str, Any]] = []
    for melding_id, eigenaar, tekst in bind.execute(
        sa.select(meldingen.c.id, meldingen.c.eigenaar, meldingen.c.inhoud)
    ):
        try:
            inhoud = json.loads(tekst)
        except ValueError:
            inhoud = {}
        if not isinstance(inhoud, dict):
            inhoud = {}
        categorie = _categorie(eigenaar)
        gevoeligheid = _gevoeligheid(categorie)
        betrokkenen = [b for b in inhoud.get("betrokkenen", []) if isinstance(b, dict)]
        bekend = per_melding.get(melding_id, [])
        eigen = len(bekend) == len(betrokkenen)
        leefgebieden = {str(lg) for lg in inhoud.get("leefgebieden", [])}
        gev_leefgebieden = gevoeligheid
        if gevoeligheid == "normaal" and leefgebieden & _GEZONDHEID:
            gev_leefgebieden = "bijzonder"
        basis = {"melding_id": melding_id, "eigenaar": eigenaar, "categorie": categorie}
        basis["grondslag"] = "convenant"
        plekken: list[tuple[str, int, str, str | None]] = [("reden", 0, gevoeligheid, None)]
        plekken += [
            ("betrokkene", i, gevoeligheid, bekend[i] if eigen else None)
            for i in range(len(betrokkenen))
        ]
        plekken.append(("leefgebieden", 0, gev_leefgebieden, None))
        rows += [
            basis
            | {
                "id": _item_id(melding_id, soort, positie),
                "soort": soort,
                "positie": positie,
                "gevoeligheid": gev,
                "betrokkene": pseudoniem,
            }
            for soort, positie, gev, pseudoniem in plekken
        ]
    if rows:
        op.bulk_insert(items, rows)


def downgrade() -> None:
    op.drop_index("ix_informatie_items_melding", table_name="informatie_items")
    op.drop_table("informatie_items")

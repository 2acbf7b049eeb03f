"""Overleggen with their agenda and answers; informatie-items (bouwschema entries).

Revision ID: 0002
Revises: 0001
Create Date: 2030-01-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("casussen") as batch:
        batch.add_column(sa.Column("volgend_overleg_op", sa.Date(), nullable=True))
    op.create_table(
        "overleggen",
        sa.Column("overleg_id", sa.Uuid(), nullable=False),
        sa.Column("soort", sa.String(20), nullable=False),
        sa.Column("start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("eind", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locatie", sa.String(300), nullable=False),
        sa.Column("voorzitter", sa.String(100), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("reeks_id", sa.Uuid(), nullable=True),
        sa.Column("gepland_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gepland_door", sa.String(100), nullable=False),
        sa.Column("verslag_vastgesteld_op", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("overleg_id", name="pk_overleggen"),
    )
    op.create_index("ix_overleggen_start", "overleggen", ["start"])
    op.create_table(
        "agendapunten",
        sa.Column("overleg_id", sa.Uuid(), nullable=False),
        sa.Column("casus_id", sa.Uuid(), nullable=False),
        sa.Column("volgorde", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["overleg_id"],
            ["overleggen.overleg_id"],
            name="fk_agendapunten_overleg_id_overleggen",
        ),
        sa.ForeignKeyConstraint(
            ["casus_id"], ["casussen.casus_id"], name="fk_agendapunten_casus_id_casussen"
        ),
        sa.PrimaryKeyConstraint("overleg_id", "casus_id", name="pk_agendapunten"),
    )
    op.create_index("ix_agendapunten_casus_id", "agendapunten", ["casus_id"])
    op.create_table(
        "overleg_antwoorden",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("overleg_id", sa.Uuid(), nullable=False),
        sa.Column("partner", sa.String(63), nullable=False),
        sa.Column("antwoord", sa.String(20), nullable=False),
        sa.Column("reden", sa.Text(), nullable=True),
        sa.Column("beantwoord_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door", sa.String(100), nullable=False),
        sa.ForeignKeyConstraint(
            ["overleg_id"],
            ["overleggen.overleg_id"],
            name="fk_overleg_antwoorden_overleg_id_overleggen",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_overleg_antwoorden"),
    )
    op.create_index(
        "ix_overleg_antwoorden_overleg_id", "overleg_antwoorden", ["overleg_id"]
    )
    op.create_table(
        "informatie_items",
        sa.Column("item_id", sa.Uuid(), nullable=False),
        sa.Column("casus_id", sa.Uuid(), nullable=False),
        sa.Column("overleg_id", sa.Uuid(), nullable=True),
        sa.Column("onderdeel", sa.String(40), nullable=False),
        sa.Column("eigenaar", sa.String(63), nullable=False),
        sa.Column("categorie", sa.String(20), nullable=False),
        sa.Column("tekst", sa.Text(), nullable=False),
        sa.Column("ingebracht_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("vastgelegd_door", sa.String(100), nullable=False),
        sa.ForeignKeyConstraint(
            ["casus_id"], ["casussen.casus_id"], name="fk_informatie_items_casus_id_casussen"
        ),
        sa.PrimaryKeyConstraint("item_id", name="pk_informatie_items"),
    )
    op.create_index("ix_informatie_items_casus_id", "informatie_items", ["casus_id"])
    op.create_index("ix_informatie_items_overleg_id", "informatie_items", ["overleg_id"])


def downgrade() -> None:
    op.drop_table("informatie_items")
    op.drop_table("overleg_antwoorden")
    op.drop_table("agendapunten")
    op.drop_table("overleggen")
    with op.batch_alter_table("casussen") as batch:
        batch.drop_column("volgend_overleg_op")

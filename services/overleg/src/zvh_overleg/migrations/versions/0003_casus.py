"""Casus lifecycle: casusregisseur, afsluiten, fase reasons, meldingen per casus, histories.

Revision ID: 0003_casus
Revises: 0002
Create Date: 2030-01-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_casus"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _history(name: str, *columns: sa.Column) -> None:  # type: ignore[type-arg]
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("casus_id", sa.Uuid(), nullable=False),
        *columns,
        sa.ForeignKeyConstraint(
            ["casus_id"], ["casussen.casus_id"], name=f"fk_{name}_casus_id_casussen"
        ),
        sa.PrimaryKeyConstraint("id", name=f"pk_{name}"),
    )
    op.create_index(f"ix_{name}_casus_id", name, ["casus_id"])


def upgrade() -> None:
    with op.batch_alter_table("casussen") as batch:
        batch.add_column(sa.Column("casusregisseur", sa.String(100), nullable=True))
        batch.add_column(sa.Column("casusregisseur_org", sa.String(63), nullable=True))
        batch.add_column(sa.Column("afgesloten_op", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("afsluitreden", sa.String(40), nullable=True))
    with op.batch_alter_table("ave_fase_historie") as batch:
        batch.add_column(sa.Column("van", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("reden", sa.Text(), nullable=True))
    op.create_table(
        "casus_meldingen",
        sa.Column("melding_id", sa.Uuid(), nullable=False),
        sa.Column("casus_id", sa.Uuid(), nullable=False),
        sa.Column("melder", sa.String(63), nullable=False),
        sa.Column("getrieerd_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("toegevoegd_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("volgorde", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["casus_id"], ["casussen.casus_id"], name="fk_casus_meldingen_casus_id_casussen"
        ),
        sa.PrimaryKeyConstraint("melding_id", name="pk_casus_meldingen"),
    )
    op.create_index("ix_casus_meldingen_casus_id", "casus_meldingen", ["casus_id"])
    # every existing casus keeps its original melding
    op.execute(
        "INSERT INTO casus_meldingen "
        "(melding_id, casus_id, melder, getrieerd_op, toegevoegd_op, volgorde) "
        "SELECT melding_id, casus_id, melder, geopend_op, geopend_op, 0 FROM casussen"
    )
    _history(
        "client_geinformeerd_historie",
        sa.Column("client_geinformeerd", sa.Boolean(), nullable=False),
        sa.Column("herbeoordeling_op", sa.Date(), nullable=True),
        sa.Column("reden", sa.Text(), nullable=False),
        sa.Column("gewijzigd_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door", sa.String(100), nullable=False),
    )
    _history(
        "deelnemer_historie",
        sa.Column("partner", sa.String(63), nullable=False),
        sa.Column("mutatie", sa.String(20), nullable=False),
        sa.Column("reden", sa.Text(), nullable=True),
        sa.Column("op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door", sa.String(100), nullable=False),
    )
    _history(
        "casus_status_historie",
        sa.Column("mutatie", sa.String(30), nullable=False),
        sa.Column("afsluitreden", sa.String(40), nullable=True),
        sa.Column("toelichting", sa.Text(), nullable=True),
        sa.Column("melding_id", sa.Uuid(), nullable=True),
        sa.Column("op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door", sa.String(100), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("casus_status_historie")
    op.drop_table("deelnemer_historie")
    op.drop_table("client_geinformeerd_historie")
    op.drop_table("casus_meldingen")
    with op.batch_alter_table("ave_fase_historie") as batch:
        batch.drop_column("reden")
        batch.drop_column("van")
    with op.batch_alter_table("casussen") as batch:
        batch.drop_column("afsluitreden")
        batch.drop_column("afgesloten_op")
        batch.drop_column("casusregisseur_org")
        batch.drop_column("casusregisseur")

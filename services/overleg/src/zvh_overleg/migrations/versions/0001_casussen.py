"""Casussen, deelnemers, AVE-fase history, acties, terugkoppelingen; platform outbox/inbox.

Revision ID: 0001
Revises:
Create Date: 2030-01-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from zvh_platform.migrations import create_platform_tables, drop_platform_tables


revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_platform_tables()
    op.create_table(
        "casussen",
        sa.Column("casus_id", sa.Uuid(), nullable=False),
        sa.Column("melding_id", sa.Uuid(), nullable=False),
        sa.Column("melder", sa.String(63), nullable=False),
        sa.Column("ave_fase", sa.Integer(), nullable=True),
        sa.Column("client_geinformeerd", sa.Boolean(), nullable=False),
        sa.Column("herbeoordeling_op", sa.Date(), nullable=True),
        sa.Column("geopend_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("geopend_door", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("casus_id", name="pk_casussen"),
        sa.UniqueConstraint("melding_id", name="uq_casussen_melding_id"),
    )
    op.create_table(
        "deelnemers",
        sa.Column("casus_id", sa.Uuid(), nullable=False),
        sa.Column("partner", sa.String(63), nullable=False),
        sa.Column("volgorde", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["casus_id"], ["casussen.casus_id"],
                                name="fk_deelnemers_casus_id_casussen"),
        sa.PrimaryKeyConstraint("casus_id", "partner", name="pk_deelnemers"),
    )
    op.create_index("ix_deelnemers_partner", "deelnemers", ["partner"])
    op.create_table(
        "ave_fase_historie",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("casus_id", sa.Uuid(), nullable=False),
        sa.Column("ave_fase", sa.Integer(), nullable=False),
        sa.Column("vastgesteld_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door", sa.String(100), nullable=False),
        sa.ForeignKeyConstraint(["casus_id"], ["casussen.casus_id"],
                                name="fk_ave_fase_historie_casus_id_casussen"),
        sa.PrimaryKeyConstraint("id", name="pk_ave_fase_historie"),
    )
    op.create_index("ix_ave_fase_historie_casus_id", "ave_fase_historie", ["casus_id"])
    op.create_table(
        "acties",
        sa.Column("actie_id", sa.Uuid(), nullable=False),
        sa.Column("casus_id", sa.Uuid(), nullable=False),
        sa.Column("wat", sa.String(500), nullable=False),
        sa.Column("wie", sa.String(63), nullable=False),
        sa.Column("wanneer", sa.Date(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("toegewezen_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("teruggekoppeld_op", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["casus_id"], ["casussen.casus_id"],
                                name="fk_acties_casus_id_casussen"),
        sa.PrimaryKeyConstraint("actie_id", name="pk_acties"),
    )
    op.create_index("ix_acties_casus_id", "acties", ["casus_id"])
    op.create_table(
        "terugkoppelingen",
        sa.Column("terugkoppeling_id", sa.Uuid(), nullable=False),
        sa.Column("actie_id", sa.Uuid(), nullable=False),
        sa.Column("casus_id", sa.Uuid(), nullable=False),
        sa.Column("door", sa.String(63), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("toelichting", sa.Text(), nullable=True),
        sa.Column("ontvangen_op", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["actie_id"], ["acties.actie_id"],
                                name="fk_terugkoppelingen_actie_id_acties"),
        sa.ForeignKeyConstraint(["casus_id"], ["casussen.casus_id"],
                                name="fk_terugkoppelingen_casus_id_casussen"),
        sa.PrimaryKeyConstraint("terugkoppeling_id", name="pk_terugkoppelingen"),
    )
    op.create_index("ix_terugkoppelingen_actie_id", "terugkoppelingen", ["actie_id"])


def downgrade() -> None:
    for index, table in (
        ("ix_terugkoppelingen_actie_id", "terugkoppelingen"),
        ("ix_acties_casus_id", "acties"),
        ("ix_ave_fase_historie_casus_id", "ave_fase_historie"),
        ("ix_deelnemers_partner", "deelnemers"),
    ):
        op.drop_index(index, table_name=table)
    for table in ("terugkoppelingen", "acties", "ave_fase_historie", "deelnemers", "casussen"):
        op.drop_table(table)
    drop_platform_tables()

"""Overlegmodus: actie wachtlijst and history, terugkoppeling at the table, current casus per
overleg, change versions for the live streams.

Revision ID: 0003_modus
Revises: 0002
Create Date: 2030-01-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_modus"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("acties") as batch:
        batch.add_column(
            sa.Column("wachtlijst", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    with op.batch_alter_table("terugkoppelingen") as batch:
        batch.add_column(sa.Column("overleg_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("vastgelegd_door", sa.String(100), nullable=True))
    op.create_table(
        "actie_historie",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("wijziging_id", sa.Uuid(), nullable=False),
        sa.Column("actie_id", sa.Uuid(), nullable=False),
        sa.Column("casus_id", sa.Uuid(), nullable=False),
        sa.Column("overleg_id", sa.Uuid(), nullable=True),
        sa.Column("door", sa.String(100), nullable=False),
        sa.Column("op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("velden", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actie_id"], ["acties.actie_id"], name="fk_actie_historie_actie_id_acties"
        ),
        sa.ForeignKeyConstraint(
            ["casus_id"], ["casussen.casus_id"], name="fk_actie_historie_casus_id_casussen"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_actie_historie"),
        sa.UniqueConstraint("wijziging_id", name="uq_actie_historie_wijziging_id"),
    )
    op.create_index("ix_actie_historie_actie_id", "actie_historie", ["actie_id"])
    op.create_table(
        "overleg_modus",
        sa.Column("overleg_id", sa.Uuid(), nullable=False),
        sa.Column("casus_id", sa.Uuid(), nullable=False),
        sa.Column("geopend_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door", sa.String(100), nullable=False),
        sa.ForeignKeyConstraint(
            ["overleg_id"], ["overleggen.overleg_id"], name="fk_overleg_modus_overleg_id_overleggen"
        ),
        sa.PrimaryKeyConstraint("overleg_id", name="pk_overleg_modus"),
    )
    op.create_table(
        "wijziging_versies",
        sa.Column("subject_id", sa.Uuid(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("subject_id", name="pk_wijziging_versies"),
    )


def downgrade() -> None:
    op.drop_table("wijziging_versies")
    op.drop_table("overleg_modus")
    op.drop_table("actie_historie")
    with op.batch_alter_table("terugkoppelingen") as batch:
        batch.drop_column("vastgelegd_door")
        batch.drop_column("overleg_id")
    with op.batch_alter_table("acties") as batch:
        batch.drop_column("wachtlijst")

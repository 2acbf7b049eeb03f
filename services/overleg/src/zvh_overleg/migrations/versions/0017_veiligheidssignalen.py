"""Veiligheidssignalen for professionals on a casus (issue 10, part 5).

``veiligheidssignalen``: per casus each signal the procesregisseur set: a code from the fixed
list, valid from/until, a review date, the grondslag, and who set, renewed or withdrew it and
when. No free text. Expiry is computed from the day (no job); existing casussen have none.

Revision ID: 0017_veiligheidssignalen
Revises: 0016_vpt_evaluaties
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_veiligheidssignalen"
down_revision: str | None = "0016_vpt_evaluaties"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "veiligheidssignalen",
        sa.Column("signaal_id", sa.Uuid(), nullable=False),
        sa.Column("casus_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("geldig_van", sa.Date(), nullable=False),
        sa.Column("geldig_tot", sa.Date(), nullable=False),
        sa.Column("herbeoordeling_op", sa.Date(), nullable=False),
        sa.Column("grondslag", sa.String(200), nullable=False),
        sa.Column("gezet_door", sa.String(100), nullable=False),
        sa.Column("gezet_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verlengd_door", sa.String(100), nullable=True),
        sa.Column("verlengd_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ingetrokken_door", sa.String(100), nullable=True),
        sa.Column("ingetrokken_op", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["casus_id"],
            ["casussen.casus_id"],
            name="fk_veiligheidssignalen_casus_id_casussen",
        ),
        sa.PrimaryKeyConstraint("signaal_id", name="pk_veiligheidssignalen"),
    )
    op.create_index("ix_veiligheidssignalen_casus_id", "veiligheidssignalen", ["casus_id"])


def downgrade() -> None:
    op.drop_index("ix_veiligheidssignalen_casus_id", table_name="veiligheidssignalen")
    op.drop_table("veiligheidssignalen")

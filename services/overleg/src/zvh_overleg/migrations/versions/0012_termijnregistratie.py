"""Termijnen met by their event: eerste contact, hulp gestart, eerste hulp beëindigd (issue 9).

``termijnregistraties``: per casus each recorded event with the day it happened, who recorded it
and when (a history like ``ave_fase_historie``; the latest row per event counts). Existing
casussen have none: their termijnen stay open until someone records them.

Revision ID: 0012_termijnregistratie
Revises: 0011_casemanagementmodel
Create Date: 2030-04-15
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_termijnregistratie"
down_revision: str | None = "0011_casemanagementmodel"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "termijnregistraties",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("casus_id", sa.Uuid(), nullable=False),
        sa.Column("gebeurtenis", sa.String(40), nullable=False),
        sa.Column("op", sa.Date(), nullable=False),
        sa.Column("door", sa.String(100), nullable=False),
        sa.Column("vastgelegd_op", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["casus_id"],
            ["casussen.casus_id"],
            name="fk_termijnregistraties_casus_id_casussen",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_termijnregistraties"),
    )
    op.create_index("ix_termijnregistraties_casus_id", "termijnregistraties", ["casus_id"])


def downgrade() -> None:
    op.drop_index("ix_termijnregistraties_casus_id", table_name="termijnregistraties")
    op.drop_table("termijnregistraties")

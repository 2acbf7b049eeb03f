"""afgewezen_partnerberichten: partner messages overleg answered with a rejection, kept raw.

Revision ID: 0006_afgewezen
Revises: 0005_dlq
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_afgewezen"
down_revision: str | None = "0005_dlq"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "afgewezen_partnerberichten",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("topic", sa.String(length=249), nullable=False),
        sa.Column("partition", sa.Integer(), nullable=True),
        sa.Column("offset", sa.Integer(), nullable=True),
        sa.Column("partner", sa.String(length=63), nullable=False),
        sa.Column("ce_id", sa.String(length=100), nullable=True),
        sa.Column("ce_type", sa.String(length=200), nullable=True),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("body_tekst", sa.Text(), nullable=True),
        sa.Column("body_base64", sa.Text(), nullable=False),
        sa.Column("redenen", sa.JSON(), nullable=False),
        sa.Column("ontvangen_op", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_afgewezen_partnerberichten"),
    )


def downgrade() -> None:
    op.drop_table("afgewezen_partnerberichten")

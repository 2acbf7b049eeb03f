"""bezorging_bijlagen: e-mail attachments (the overleg's .ics invitation)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "bezorging_bijlagen",
        sa.Column("bezorging_id", sa.Uuid(), nullable=False),
        sa.Column("nr", sa.Integer(), nullable=False),
        sa.Column("bestandsnaam", sa.String(200), nullable=False),
        sa.Column("content_type", sa.String(200), nullable=False),
        sa.Column("inhoud", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bezorging_id"],
            ["bezorgingen.id"],
            name="fk_bezorging_bijlagen_bezorging_id_bezorgingen",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("bezorging_id", "nr", name="pk_bezorging_bijlagen"),
    )


def downgrade() -> None:
    op.drop_table("bezorging_bijlagen")

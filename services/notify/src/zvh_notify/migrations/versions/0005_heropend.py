"""bezorgingen: an operator reopens a given-up bezorging (new retry window, who and when)

Revision ID: 0005_heropend
Revises: 0004_idem
Create Date: 2030-02-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0005_heropend"
down_revision: str | None = "0004_idem"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("bezorgingen") as batch:
        batch.add_column(sa.Column("heropend_op", sa.DateTime(timezone=False), nullable=True))
        batch.add_column(sa.Column("heropend_door", sa.String(100), nullable=True))
        batch.add_column(
            sa.Column(
                "pogingen_voor_venster", sa.Integer(), nullable=False, server_default="0"
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("bezorgingen") as batch:
        batch.drop_column("pogingen_voor_venster")
        batch.drop_column("heropend_door")
        batch.drop_column("heropend_op")

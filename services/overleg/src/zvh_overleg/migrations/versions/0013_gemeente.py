"""Which gemeente a casus concerns: casussen.gemeente (CBS code from the melding; NULL: onbekend).

Revision ID: 0013_gemeente
Revises: 0012_termijnregistratie
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_gemeente"
down_revision: str | None = "0012_termijnregistratie"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("casussen") as batch:
        batch.add_column(sa.Column("gemeente", sa.String(6), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("casussen") as batch:
        batch.drop_column("gemeente")

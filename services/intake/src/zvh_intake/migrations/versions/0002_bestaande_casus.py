"""Triage may name an existing casus to reopen: meldingen.bestaande_casus_id.

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
    with op.batch_alter_table("meldingen") as batch:
        batch.add_column(sa.Column("bestaande_casus_id", sa.Uuid(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("meldingen") as batch:
        batch.drop_column("bestaande_casus_id")

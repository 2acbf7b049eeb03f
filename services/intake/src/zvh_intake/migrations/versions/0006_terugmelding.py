"""The terugmelding to the melder: meldingen.advies and meldingen.reden_terugverwijzing.

Revision ID: 0006_terugmelding
Revises: 0005_informatie_items
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_terugmelding"
down_revision: str | None = "0005_informatie_items"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meldingen") as batch:
        batch.add_column(
            sa.Column(
                "advies", sa.Text(), nullable=True, comment="Triage advies, sent to the melder only"
            )
        )
        batch.add_column(
            sa.Column(
                "reden_terugverwijzing",
                sa.Text(),
                nullable=True,
                comment="Why the melding went back, sent to the melder only",
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("meldingen") as batch:
        batch.drop_column("reden_terugverwijzing")
        batch.drop_column("advies")

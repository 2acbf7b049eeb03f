"""Which gemeente a melding concerns: meldingen.gemeente (CBS code, NULL: onbekend).

Revision ID: 0007_gemeente
Revises: 0006_terugmelding
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_gemeente"
down_revision: str | None = "0006_terugmelding"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("meldingen") as batch:
        batch.add_column(
            sa.Column(
                "gemeente", sa.String(6), nullable=True, comment="CBS gemeentecode, e.g. GM0748"
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("meldingen") as batch:
        batch.drop_column("gemeente")

"""beslissingen.betrokkene: the pseudonym of the person a decision is about (the FG's report)

Nullable: older records and resources about nobody have none, and the hash covers the field only
when it is set, so older records verify unchanged. Also an index on (eigenaar, seq) for the
eigenaar's "who read our information".

Revision ID: 0008_betrokkene
Revises: 0007_doorbrekingen
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_betrokkene"
down_revision: str | None = "0007_doorbrekingen"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("beslissingen", sa.Column("betrokkene", sa.String(32)))
    op.create_index("ix_beslissingen_betrokkene", "beslissingen", ["betrokkene"])
    op.create_index("ix_beslissingen_eigenaar_seq", "beslissingen", ["eigenaar", "seq"])


def downgrade() -> None:
    op.drop_index("ix_beslissingen_eigenaar_seq", table_name="beslissingen")
    op.drop_index("ix_beslissingen_betrokkene", table_name="beslissingen")
    op.drop_column("beslissingen", "betrokkene")

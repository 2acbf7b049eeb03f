"""Indexes for the procesregisseur's dashboard (issue 9, part 5).

The dashboard counts open acties per partner, lists the oldest open ones and measures how fast
partners report back, over 500,000 acties (``zvh bench dashboard``). Open acties are a small
part of all acties, so a partial index on them (``status`` open or loopt) serves the counts and
the "oldest first" list; reported-back acties are read by ``teruggekoppeld_op`` with the two
columns the response time needs in the index itself (no table lookups). Open casussen are read
by ``afgesloten_op IS NULL``.

Revision ID: 0014_dashboard_indexes
Revises: 0013_gemeente
Create Date: 2030-04-15
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_dashboard_indexes"
down_revision: str | None = "0013_gemeente"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "status IN ('open', 'loopt')"


def upgrade() -> None:
    op.create_index(
        "ix_acties_open_wanneer",
        "acties",
        ["wanneer", "casus_id", "wie"],
        postgresql_where=sa.text(OPEN),
        sqlite_where=sa.text(OPEN),
    )
    op.create_index(
        "ix_acties_teruggekoppeld",
        "acties",
        ["teruggekoppeld_op", "wie", "toegewezen_op"],
    )
    op.create_index(
        "ix_casussen_open",
        "casussen",
        ["casus_id"],
        postgresql_where=sa.text("afgesloten_op IS NULL"),
        sqlite_where=sa.text("afgesloten_op IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_casussen_open", "casussen")
    op.drop_index("ix_acties_teruggekoppeld", "acties")
    op.drop_index("ix_acties_open_wanneer", "acties")

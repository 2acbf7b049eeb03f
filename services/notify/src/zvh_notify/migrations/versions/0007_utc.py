"""bezorgingen, bezorgpogingen: times stored with time zone, like every other table

Until now notify stored naive UTC (``timestamp without time zone``); every other table of the
keten uses ``zvh_platform.db.UtcDateTime`` (``timestamp with time zone``). On PostgreSQL the
columns change type, the stored values read as UTC. SQLite stores both the same way (text without
a zone), so there is nothing to change there.

Revision ID: 0007_utc
Revises: 0006_webhook
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_utc"
down_revision: str | None = "0006_webhook"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = {
    "bezorgingen": (
        ("aangemaakt_op", False),
        ("bijgewerkt_op", True),
        ("volgende_poging_op", True),
        ("heropend_op", True),
    ),
    "bezorgpogingen": (("tijd", False),),
}


def _alter(*, timezone: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table, columns in COLUMNS.items():
        for name, nullable in columns:
            op.alter_column(
                table,
                name,
                type_=sa.DateTime(timezone=timezone),
                existing_type=sa.DateTime(timezone=not timezone),
                existing_nullable=nullable,
                # naive → aware: the naive value is UTC; aware → naive: its UTC wall time
                postgresql_using=f"{name} AT TIME ZONE 'UTC'",
            )


def upgrade() -> None:
    _alter(timezone=True)


def downgrade() -> None:
    _alter(timezone=False)

"""termijn_timers: the termijnbewaking's herinnering and verlopen timers

Revision ID: 0008_termijn_timers
Revises: 0007_utc
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from zvh_platform.db import UtcDateTime

revision: str = "0008_termijn_timers"
down_revision: str | None = "0007_utc"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "termijn_timers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("soort", sa.String(20), nullable=False),
        sa.Column("termijn", sa.String(63), nullable=False),
        sa.Column("casus_id", sa.Uuid(), nullable=True),
        sa.Column("actie_id", sa.Uuid(), nullable=True),
        sa.Column("overleg_id", sa.Uuid(), nullable=True),
        sa.Column("melding_id", sa.Uuid(), nullable=True),
        sa.Column("ontvanger", sa.String(63), nullable=False),
        sa.Column("uiterlijk", sa.Date(), nullable=False),
        sa.Column("vuur_op", UtcDateTime(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("verstuurd_op", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_termijn_timers"),
    )
    op.create_index("ix_termijn_timers_casus_id", "termijn_timers", ["casus_id"])
    op.create_index("ix_termijn_timers_actie_id", "termijn_timers", ["actie_id"])
    op.create_index("ix_termijn_timers_overleg_id", "termijn_timers", ["overleg_id"])
    op.create_index("ix_termijn_timers_melding_id", "termijn_timers", ["melding_id"])
    op.create_index("ix_termijn_timers_ontvanger", "termijn_timers", ["ontvanger"])
    op.create_index("ix_termijn_timers_wachtrij", "termijn_timers", ["status", "vuur_op"])


def downgrade() -> None:
    op.drop_table("termijn_timers")

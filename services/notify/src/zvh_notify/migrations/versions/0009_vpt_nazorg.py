"""termijn_timers: personal signals (a VPT incident's) for one user and the casemanager

Revision ID: 0009_vpt_nazorg
Revises: 0008_termijn_timers
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_vpt_nazorg"
down_revision: str | None = "0008_termijn_timers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("termijn_timers") as batch:
        batch.add_column(sa.Column("gebruiker", sa.String(100), nullable=True))
        batch.add_column(sa.Column("casemanager", sa.String(100), nullable=True))
    op.create_index("ix_termijn_timers_gebruiker", "termijn_timers", ["gebruiker"])
    op.create_index("ix_termijn_timers_casemanager", "termijn_timers", ["casemanager"])


def downgrade() -> None:
    op.drop_index("ix_termijn_timers_casemanager", table_name="termijn_timers")
    op.drop_index("ix_termijn_timers_gebruiker", table_name="termijn_timers")
    with op.batch_alter_table("termijn_timers") as batch:
        batch.drop_column("casemanager")
        batch.drop_column("gebruiker")

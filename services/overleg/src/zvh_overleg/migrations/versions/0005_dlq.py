"""The platform's dead-letter table (zvh_dead_letter): failed records kept for inspection and replay.

Revision ID: 0005_dlq
Revises: 0004
Create Date: 2026-11-24
"""

from collections.abc import Sequence

from zvh_platform.migrations import create_dead_letter_table, drop_dead_letter_table

revision: str = "0005_dlq"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_dead_letter_table()


def downgrade() -> None:
    drop_dead_letter_table()

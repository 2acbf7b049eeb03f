"""Platform table zvh_idempotency: HTTP commands sent with an Idempotency-Key.

Revision ID: 0004_idem
Revises: 0003_dlq
Create Date: 2030-02-01
"""

from collections.abc import Sequence

from zvh_platform.migrations import create_idempotency_table, drop_idempotency_table

revision: str = "0004_idem"
down_revision: str | None = "0003_dlq"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_idempotency_table()


def downgrade() -> None:
    drop_idempotency_table()

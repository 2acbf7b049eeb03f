"""Platform tables (zvh_outbox, zvh_inbox) and one service table.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from zvh_platform.migrations import create_platform_tables, drop_platform_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_platform_tables()
    op.create_table("proef", sa.Column("id", sa.String(36), primary_key=True))


def downgrade() -> None:
    op.drop_table("proef")
    drop_platform_tables()

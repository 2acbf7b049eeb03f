"""webhook_berichten: the body of a webhook bezorging (the partner's structured CloudEvent)

Revision ID: 0006_webhook
Revises: 0005_heropend
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_webhook"
down_revision: str | None = "0005_heropend"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "webhook_berichten",
        sa.Column("bezorging_id", sa.Uuid(), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["bezorging_id"],
            ["bezorgingen.id"],
            name="fk_webhook_berichten_bezorging_id_bezorgingen",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("bezorging_id", name="pk_webhook_berichten"),
    )


def downgrade() -> None:
    op.drop_table("webhook_berichten")

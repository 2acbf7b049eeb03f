"""beslissingen.uiterlijk: the enforcement point's deadline for the answer (the log tells the truth)

A decision ready after this deadline disclosed nothing and is logged as a deny
(``zvh_consent.domain.beslissingenlog.op_tijd``). Nullable: older records had no deadline, and the
hash covers the field only when it is set, so they verify unchanged.

Revision ID: 0004_uiterlijk
Revises: 0003_idem
Create Date: 2030-03-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_uiterlijk"
down_revision: str | None = "0003_idem"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("beslissingen", sa.Column("uiterlijk", sa.DateTime(timezone=True)))


def downgrade() -> None:
    op.drop_column("beslissingen", "uiterlijk")

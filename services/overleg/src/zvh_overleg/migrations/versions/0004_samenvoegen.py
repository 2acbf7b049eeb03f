"""Join the parallel 0003 migrations (casus lifecycle, planning, overlegmodus) into one head.

Revision ID: 0004
Revises: 0003_casus, 0003_modus, 0003_plan
Create Date: 2030-01-04
"""

from collections.abc import Sequence

revision: str = "0004"
down_revision: str | Sequence[str] | None = ("0003_casus", "0003_modus", "0003_plan")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Nothing to do: both branches' tables are independent."""


def downgrade() -> None:
    """Nothing to do."""

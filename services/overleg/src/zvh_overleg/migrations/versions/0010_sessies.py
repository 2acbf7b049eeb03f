"""Server-side sign-in sessions and sign-ins in progress (OIDC code flow with PKCE).

Revision ID: 0010_sessies
Revises: 0009_betrokkenen
Create Date: 2030-04-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from zvh_platform.db import UtcDateTime

revision: str = "0010_sessies"
down_revision: str | None = "0009_betrokkenen"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sessies",
        sa.Column("sleutel_hash", sa.String(64), nullable=False),
        sa.Column("sid", sa.String(32), nullable=False),
        sa.Column("gebruiker", sa.JSON(), nullable=False),
        sa.Column("issuer", sa.String(300), nullable=False),
        sa.Column("begonnen_op", UtcDateTime(), nullable=False),
        sa.Column("laatst_actief_op", UtcDateTime(), nullable=False),
        sa.Column("verloopt_op", UtcDateTime(), nullable=False),
        sa.Column("beeindigd_op", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("sleutel_hash", name="pk_sessies"),
        sa.UniqueConstraint("sid", name="uq_sessies_sid"),
    )
    op.create_index("ix_sessies_verloopt_op", "sessies", ["verloopt_op"])
    op.create_table(
        "aanmeldingen",
        sa.Column("state", sa.String(64), nullable=False),
        sa.Column("org", sa.String(63), nullable=False),
        sa.Column("code_verifier", sa.String(128), nullable=False),
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("terug", sa.String(500), nullable=False),
        sa.Column("begonnen_op", UtcDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("state", name="pk_aanmeldingen"),
    )
    op.create_index("ix_aanmeldingen_begonnen_op", "aanmeldingen", ["begonnen_op"])


def downgrade() -> None:
    op.drop_index("ix_aanmeldingen_begonnen_op", table_name="aanmeldingen")
    op.drop_table("aanmeldingen")
    op.drop_index("ix_sessies_verloopt_op", table_name="sessies")
    op.drop_table("sessies")

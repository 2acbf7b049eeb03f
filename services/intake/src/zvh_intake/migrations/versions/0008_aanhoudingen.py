"""Triage Aanhoudingen: the police's daily lists of arrests and the ZVH's marks on them.

Revision ID: 0008_aanhoudingen
Revises: 0007_gemeente
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_aanhoudingen"
down_revision: str | None = "0007_gemeente"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "aanhoudingslijsten",
        sa.Column("id", sa.Uuid(as_uuid=True), primary_key=True),
        sa.Column(
            "politie", sa.String(63), nullable=False, comment="The police partner that sent it"
        ),
        sa.Column(
            "lijst_id", sa.String(64), nullable=False, comment="The police's own id of the list"
        ),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("ontvangen_op", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("politie", "lijst_id", name="uq_aanhoudingslijsten_politie_lijst"),
    )
    op.create_index("ix_aanhoudingslijsten_datum", "aanhoudingslijsten", ["datum"])
    op.create_table(
        "aanhoudingen",
        sa.Column("id", sa.Uuid(as_uuid=True), primary_key=True),
        sa.Column(
            "lijst", sa.Uuid(as_uuid=True), sa.ForeignKey("aanhoudingslijsten.id"), nullable=False
        ),
        sa.Column("aanhouding_id", sa.String(50), nullable=False),
        sa.Column(
            "persoon_pseudoniem", sa.String(64), nullable=False, comment="The police's pseudonym"
        ),
        sa.Column("feitcodes", sa.JSON(), nullable=False),
        sa.Column("tijdstip", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gemeente", sa.String(6), nullable=True),
        sa.Column("markering", sa.String(30), nullable=False),
        sa.Column("gemarkeerd_door", sa.String(100), nullable=True),
        sa.Column("gemarkeerd_op", sa.DateTime(timezone=True), nullable=True),
        sa.Column("melding_id", sa.Uuid(as_uuid=True), nullable=True),
        sa.UniqueConstraint("lijst", "aanhouding_id", name="uq_aanhoudingen_lijst_aanhouding"),
    )
    op.create_index("ix_aanhoudingen_lijst", "aanhoudingen", ["lijst"])


def downgrade() -> None:
    op.drop_index("ix_aanhoudingen_lijst", table_name="aanhoudingen")
    op.drop_table("aanhoudingen")
    op.drop_index("ix_aanhoudingslijsten_datum", table_name="aanhoudingslijsten")
    op.drop_table("aanhoudingslijsten")

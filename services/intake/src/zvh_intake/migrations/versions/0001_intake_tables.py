"""Intake tables: meldingen, betrokkene_pseudoniemen, onverwerkbare_berichten; outbox, inbox.

Revision ID: 0001
Revises:
Create Date: 2025-03-12
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from zvh_platform.migrations import create_platform_tables, drop_platform_tables

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    create_platform_tables()
    op.create_table(
        "meldingen",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("eigenaar", sa.String(63), nullable=False),
        sa.Column("melder_referentie", sa.String(64), nullable=False),
        sa.Column("urgentie", sa.String(20), nullable=False),
        sa.Column("leefgebieden", sa.JSON(), nullable=False),
        sa.Column(
            "inhoud", sa.Text(), nullable=False, comment="The submitted content as JSON text"
        ),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("ontvangen_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("triage_uiterlijk", sa.Date(), nullable=False),
        sa.Column("traceparent", sa.String(64), nullable=True),
        sa.Column("uitkomst", sa.String(20), nullable=True),
        sa.Column("ave_fase", sa.Integer(), nullable=True),
        sa.Column("client_geinformeerd", sa.Boolean(), nullable=True),
        sa.Column("reden_niet_geinformeerd", sa.Text(), nullable=True),
        sa.Column("herbeoordeling_op", sa.Date(), nullable=True),
        sa.Column("uit_te_nodigen_partners", sa.JSON(), nullable=True),
        sa.Column("getrieerd_door", sa.String(100), nullable=True),
        sa.Column("getrieerd_op", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint(
            "eigenaar", "melder_referentie", name="uq_meldingen_melder_referentie"
        ),
    )
    op.create_index(
        "ix_meldingen_status_termijn", "meldingen", ["status", "triage_uiterlijk"]
    )
    op.create_table(
        "betrokkene_pseudoniemen",
        sa.Column(
            "melding_id", sa.Uuid(), sa.ForeignKey("meldingen.id"), primary_key=True
        ),
        sa.Column("pseudoniem", sa.String(64), primary_key=True),
        sa.Column("positie", sa.Integer(), nullable=False),
    )
    op.create_index(
        "ix_betrokkene_pseudoniemen_pseudoniem", "betrokkene_pseudoniemen", ["pseudoniem"]
    )
    op.create_table(
        "onverwerkbare_berichten",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("topic", sa.String(249), nullable=False),
        sa.Column("partition", sa.Integer(), nullable=True),
        sa.Column("offset", sa.BigInteger(), nullable=True),
        sa.Column("melder", sa.String(63), nullable=True),
        sa.Column("ce_id", sa.String(100), nullable=True),
        sa.Column("headers", sa.JSON(), nullable=False),
        sa.Column("body_tekst", sa.Text(), nullable=True),
        sa.Column("body_base64", sa.Text(), nullable=False),
        sa.Column("redenen", sa.JSON(), nullable=False),
        sa.Column("ontvangen_op", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("onverwerkbare_berichten")
    op.drop_index("ix_betrokkene_pseudoniemen_pseudoniem", "betrokkene_pseudoniemen")
    op.drop_table("betrokkene_pseudoniemen")
    op.drop_index("ix_meldingen_status_termijn", "meldingen")
    op.drop_table("meldingen")
    drop_platform_tables()

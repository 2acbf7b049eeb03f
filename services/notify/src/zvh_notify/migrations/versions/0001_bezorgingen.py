"""bezorgingen, bezorgpogingen and the platform's outbox/inbox

Revision ID: 0001
Revises:
Create Date: 2025-03-01
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
        "bezorgingen",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("kanaal", sa.String(20), nullable=False),
        sa.Column("ontvanger", sa.String(63), nullable=False),
        sa.Column("bron_event_id", sa.Uuid(), nullable=False),
        sa.Column("event_type", sa.String(200), nullable=False),
        sa.Column("casus_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("pogingen", sa.Integer(), nullable=False),
        sa.Column("laatste_fout", sa.String(500), nullable=True),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=False), nullable=False),
        sa.Column("bijgewerkt_op", sa.DateTime(timezone=False), nullable=True),
        sa.Column("volgende_poging_op", sa.DateTime(timezone=False), nullable=True),
        sa.Column("email_adres", sa.String(320), nullable=True),
        sa.Column("onderwerp", sa.String(300), nullable=True),
        sa.Column("tekst", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_bezorgingen"),
    )
    op.create_index("ix_bezorgingen_ontvanger", "bezorgingen", ["ontvanger"])
    op.create_index("ix_bezorgingen_bron_event_id", "bezorgingen", ["bron_event_id"])
    op.create_index(
        "ix_bezorgingen_wachtrij", "bezorgingen", ["kanaal", "status", "volgende_poging_op"]
    )
    op.create_table(
        "bezorgpogingen",
        sa.Column("bezorging_id", sa.Uuid(), nullable=False),
        sa.Column("nr", sa.Integer(), nullable=False),
        sa.Column("tijd", sa.DateTime(timezone=False), nullable=False),
        sa.Column("resultaat", sa.String(20), nullable=False),
        sa.Column("fout", sa.String(500), nullable=True),
        sa.ForeignKeyConstraint(
            ["bezorging_id"],
            ["bezorgingen.id"],
            name="fk_bezorgpogingen_bezorging_id_bezorgingen",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("bezorging_id", "nr", name="pk_bezorgpogingen"),
    )


def downgrade() -> None:
    op.drop_table("bezorgpogingen")
    op.drop_index("ix_bezorgingen_wachtrij", table_name="bezorgingen")
    op.drop_index("ix_bezorgingen_bron_event_id", table_name="bezorgingen")
    op.drop_index("ix_bezorgingen_ontvanger", table_name="bezorgingen")
    op.drop_table("bezorgingen")
    drop_platform_tables()

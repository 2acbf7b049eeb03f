"""VPT evaluations and their maatregelen (issue 10, part 4).

One evaluation per VPT dossier and the maatregelen after it, keyed by the dossier id (no
foreign key: the dossier table is another migration's). Each row keeps the organisation and
the year the incident was reported, for the yearly overview's counts.

Revision ID: 0016_vpt_evaluaties
Revises: 0015_vpt_dossiers
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from zvh_platform.db import UtcDateTime

revision: str = "0016_vpt_evaluaties"
down_revision: str | None = "0015_vpt_dossiers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "vpt_evaluaties",
        sa.Column("dossier_id", sa.Uuid(), nullable=False),
        sa.Column("organisatie", sa.String(63), nullable=False),
        sa.Column("gemeld_jaar", sa.Integer(), nullable=False),
        sa.Column("wat_gebeurde", sa.Text(), nullable=False),
        sa.Column("wat_ging_goed", sa.Text(), nullable=False),
        sa.Column("wat_moet_anders", sa.Text(), nullable=False),
        sa.Column("met_team", sa.Boolean(), nullable=False),
        sa.Column("deelnemers", sa.Integer(), nullable=True),
        sa.Column("vastgesteld_op", UtcDateTime(), nullable=False),
        sa.Column("door", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("dossier_id", name="pk_vpt_evaluaties"),
    )
    op.create_index(
        "ix_vpt_evaluaties_organisatie_jaar", "vpt_evaluaties", ["organisatie", "gemeld_jaar"]
    )
    op.create_table(
        "vpt_maatregelen",
        sa.Column("maatregel_id", sa.Uuid(), nullable=False),
        sa.Column("dossier_id", sa.Uuid(), nullable=False),
        sa.Column("organisatie", sa.String(63), nullable=False),
        sa.Column("gemeld_jaar", sa.Integer(), nullable=False),
        sa.Column("wat", sa.String(500), nullable=False),
        sa.Column("eigenaar", sa.String(200), nullable=False),
        sa.Column("wanneer", sa.Date(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("afgerond_op", UtcDateTime(), nullable=True),
        sa.Column("aangemaakt_op", UtcDateTime(), nullable=False),
        sa.Column("aangemaakt_door", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("maatregel_id", name="pk_vpt_maatregelen"),
    )
    op.create_index("ix_vpt_maatregelen_dossier_id", "vpt_maatregelen", ["dossier_id"])
    op.create_index(
        "ix_vpt_maatregelen_organisatie_jaar", "vpt_maatregelen", ["organisatie", "gemeld_jaar"]
    )


def downgrade() -> None:
    op.drop_index("ix_vpt_maatregelen_organisatie_jaar", "vpt_maatregelen")
    op.drop_index("ix_vpt_maatregelen_dossier_id", "vpt_maatregelen")
    op.drop_table("vpt_maatregelen")
    op.drop_index("ix_vpt_evaluaties_organisatie_jaar", "vpt_evaluaties")
    op.drop_table("vpt_evaluaties")

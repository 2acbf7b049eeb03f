"""Meldpunt agressie en geweld (VPT): incidents under the employer as eigenaar, and their nazorg.

Revision ID: 0009_vpt_incidenten
Revises: 0008_aanhoudingen
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_vpt_incidenten"
down_revision: str | None = "0008_aanhoudingen"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "vpt_incidenten",
        sa.Column("id", sa.Uuid(as_uuid=True), primary_key=True),
        sa.Column(
            "organisatie", sa.String(63), nullable=False, comment="The employer: eigenaar"
        ),
        sa.Column(
            "referentie", sa.String(64), nullable=True, comment="The partner's own reference"
        ),
        sa.Column(
            "melder", sa.String(100), nullable=True, comment="User id of the reporting user"
        ),
        sa.Column("leidinggevende", sa.String(100), nullable=True),
        sa.Column("casemanager", sa.String(100), nullable=False),
        sa.Column("gemeld_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gebeurd_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("soorten", sa.JSON(), nullable=False),
        sa.Column("politie_ter_plaatse", sa.Boolean(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("casus_id", sa.Uuid(as_uuid=True), nullable=True),
        sa.Column("client_pseudoniem", sa.String(64), nullable=True),
        sa.Column(
            "inhoud",
            sa.Text(),
            nullable=False,
            comment="plaats, toelichting, medewerker as JSON text",
        ),
        sa.Column(
            "open", sa.Boolean(), nullable=False, comment="A nazorg contact is still to be done"
        ),
        sa.UniqueConstraint(
            "organisatie", "referentie", name="uq_vpt_incidenten_organisatie_referentie"
        ),
    )
    op.create_index("ix_vpt_incidenten_organisatie", "vpt_incidenten", ["organisatie"])
    op.create_index("ix_vpt_incidenten_casemanager", "vpt_incidenten", ["casemanager"])
    op.create_table(
        "vpt_nazorg",
        sa.Column(
            "incident",
            sa.Uuid(as_uuid=True),
            sa.ForeignKey("vpt_incidenten.id"),
            primary_key=True,
        ),
        sa.Column("contact", sa.String(20), primary_key=True),
        sa.Column("uiterlijk", sa.Date(), nullable=False),
        sa.Column("gedaan_op", sa.Date(), nullable=True),
        sa.Column("door", sa.String(100), nullable=True),
    )


def downgrade() -> None:
    op.drop_table("vpt_nazorg")
    op.drop_index("ix_vpt_incidenten_casemanager", table_name="vpt_incidenten")
    op.drop_index("ix_vpt_incidenten_organisatie", table_name="vpt_incidenten")
    op.drop_table("vpt_incidenten")

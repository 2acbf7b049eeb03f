"""VPT dossiers (issue 10, part 3): the VPT casemanager's file per incident, its zittingen and
its own acties, in tables of their own (never in the ZVH casus lists, dashboard or reports).

Revision ID: 0015_vpt_dossiers
Revises: 0014_dashboard_indexes
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from zvh_platform.db import UtcDateTime

revision: str = "0015_vpt_dossiers"
down_revision: str | None = "0014_dashboard_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "vpt_dossiers",
        sa.Column("dossier_id", sa.Uuid, nullable=False),
        sa.Column("incident_id", sa.Uuid, nullable=False),
        sa.Column("organisatie", sa.String(63), nullable=False),
        sa.Column("melder", sa.String(100), nullable=True),
        sa.Column("casemanager", sa.String(100), nullable=False),
        sa.Column("gemeld_op", UtcDateTime, nullable=False),
        sa.Column("geopend_op", UtcDateTime, nullable=False),
        sa.Column("casus_id", sa.Uuid, nullable=True),
        sa.Column("client_pseudoniem", sa.String(100), nullable=True),
        sa.Column("aangifte_gedaan_op", sa.Date, nullable=True),
        sa.Column("aangifte_pv_nummer", sa.String(30), nullable=True),
        sa.Column("aangifte_domiciliekeuze", sa.Boolean, nullable=True),
        sa.Column("aangifte_werkadres", sa.String(200), nullable=True),
        sa.Column(
            "om_beslissing", sa.String(40), nullable=False, server_default="nog-niet-bekend"
        ),
        sa.Column("om_beslissing_op", sa.Date, nullable=True),
        sa.Column("voeging", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column(
            "schadefonds", sa.String(30), nullable=False, server_default="niet-aangevraagd"
        ),
        sa.Column("advocaat_naam", sa.String(200), nullable=True),
        sa.Column("advocaat_kantoor", sa.String(200), nullable=True),
        sa.Column("verzuimdagen", sa.Integer, nullable=True),
        sa.Column("afgesloten_op", UtcDateTime, nullable=True),
        sa.Column("afsluitreden", sa.String(40), nullable=True),
        sa.Column("afsluit_toelichting", sa.Text, nullable=True),
        sa.Column("afgesloten_door", sa.String(100), nullable=True),
        sa.PrimaryKeyConstraint("dossier_id", name="pk_vpt_dossiers"),
        sa.UniqueConstraint("incident_id", name="uq_vpt_dossiers_incident_id"),
    )
    op.create_index("ix_vpt_dossiers_casemanager", "vpt_dossiers", ["casemanager"])
    op.create_index("ix_vpt_dossiers_casus_id", "vpt_dossiers", ["casus_id"])
    op.create_index("ix_vpt_dossiers_client_pseudoniem", "vpt_dossiers", ["client_pseudoniem"])
    op.create_table(
        "vpt_zittingen",
        sa.Column("zitting_id", sa.Uuid, nullable=False),
        sa.Column("dossier_id", sa.Uuid, nullable=False),
        sa.Column("datum", sa.Date, nullable=False),
        sa.Column("soort", sa.String(30), nullable=False),
        sa.Column("plaats", sa.String(200), nullable=False),
        sa.PrimaryKeyConstraint("zitting_id", name="pk_vpt_zittingen"),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["vpt_dossiers.dossier_id"],
            name="fk_vpt_zittingen_dossier_id_vpt_dossiers",
        ),
    )
    op.create_index("ix_vpt_zittingen_dossier_id", "vpt_zittingen", ["dossier_id"])
    op.create_table(
        "vpt_acties",
        sa.Column("actie_id", sa.Uuid, nullable=False),
        sa.Column("dossier_id", sa.Uuid, nullable=False),
        sa.Column("wat", sa.String(500), nullable=False),
        sa.Column("wie", sa.String(100), nullable=False),
        sa.Column("wanneer", sa.Date, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("zitting_id", sa.Uuid, nullable=True),
        sa.PrimaryKeyConstraint("actie_id", name="pk_vpt_acties"),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["vpt_dossiers.dossier_id"],
            name="fk_vpt_acties_dossier_id_vpt_dossiers",
        ),
    )
    op.create_index("ix_vpt_acties_dossier_id", "vpt_acties", ["dossier_id"])


def downgrade() -> None:
    op.drop_index("ix_vpt_acties_dossier_id", table_name="vpt_acties")
    op.drop_table("vpt_acties")
    op.drop_index("ix_vpt_zittingen_dossier_id", table_name="vpt_zittingen")
    op.drop_table("vpt_zittingen")
    op.drop_index("ix_vpt_dossiers_client_pseudoniem", table_name="vpt_dossiers")
    op.drop_index("ix_vpt_dossiers_casus_id", table_name="vpt_dossiers")
    op.drop_index("ix_vpt_dossiers_casemanager", table_name="vpt_dossiers")
    op.drop_table("vpt_dossiers")

"""A casus records its casemanagement model (makelaar, coördinatie-plus, intensief) with history.

``casussen.casemanagementmodel`` (NULL for a casus opened before: read as makelaar), the history
``casemanagementmodel_historie`` (like ``ave_fase_historie``: the choice at triage, then each
change with its reason) and ``modelkeuzes_triage``: the triage page's suggestion and the reason
to differ from it, by melding (the casus may not exist yet when the page stores it).

Revision ID: 0011_casemanagementmodel
Revises: 0010_sessies
Create Date: 2030-04-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_casemanagementmodel"
down_revision: str | None = "0010_sessies"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("casussen") as batch:
        batch.add_column(sa.Column("casemanagementmodel", sa.String(20), nullable=True))
    op.create_table(
        "casemanagementmodel_historie",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("casus_id", sa.Uuid(), nullable=False),
        sa.Column("model", sa.String(20), nullable=False),
        sa.Column("vastgesteld_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door", sa.String(100), nullable=False),
        sa.Column("van", sa.String(20), nullable=True),
        sa.Column("reden", sa.Text(), nullable=True),
        sa.Column("melding_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["casus_id"],
            ["casussen.casus_id"],
            name="fk_casemanagementmodel_historie_casus_id_casussen",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_casemanagementmodel_historie"),
    )
    op.create_index(
        "ix_casemanagementmodel_historie_casus_id",
        "casemanagementmodel_historie",
        ["casus_id"],
    )
    op.create_table(
        "modelkeuzes_triage",
        sa.Column("melding_id", sa.Uuid(), nullable=False),
        sa.Column("voorgesteld", sa.String(20), nullable=False),
        sa.Column("gekozen", sa.String(20), nullable=False),
        sa.Column("reden", sa.Text(), nullable=True),
        sa.Column("door", sa.String(100), nullable=False),
        sa.Column("gekozen_op", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("melding_id", name="pk_modelkeuzes_triage"),
    )


def downgrade() -> None:
    op.drop_table("modelkeuzes_triage")
    op.drop_index(
        "ix_casemanagementmodel_historie_casus_id", table_name="casemanagementmodel_historie"
    )
    op.drop_table("casemanagementmodel_historie")
    with op.batch_alter_table("casussen") as batch:
        batch.drop_column("casemanagementmodel")

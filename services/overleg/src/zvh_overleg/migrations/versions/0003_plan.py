"""Planning: series, genodigden as invited, attendance, verslagen, Casus Plus rhythm.

Revision ID: 0003_plan
Revises: 0002
Create Date: 2030-01-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_plan"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk_overleg(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["overleg_id"], ["overleggen.overleg_id"], name=f"fk_{table}_overleg_id_overleggen"
    )


def upgrade() -> None:
    op.create_table(
        "overleg_reeksen",
        sa.Column("reeks_id", sa.Uuid(), nullable=False),
        sa.Column("soort", sa.String(20), nullable=False),
        sa.Column("weekdag", sa.Integer(), nullable=False),
        sa.Column("begintijd", sa.String(5), nullable=False),
        sa.Column("duur_minuten", sa.Integer(), nullable=False),
        sa.Column("interval_weken", sa.Integer(), nullable=False),
        sa.Column("aantal_vooruit", sa.Integer(), nullable=False),
        sa.Column("locatie", sa.String(300), nullable=False),
        sa.Column("voorzitter", sa.String(100), nullable=False),
        sa.Column("eerste_datum", sa.Date(), nullable=False),
        sa.Column("aangemaakt_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("aangemaakt_door", sa.String(100), nullable=False),
        sa.PrimaryKeyConstraint("reeks_id", name="pk_overleg_reeksen"),
    )
    op.create_table(
        "overleg_genodigden",
        sa.Column("overleg_id", sa.Uuid(), nullable=False),
        sa.Column("partner", sa.String(63), nullable=False),
        sa.Column("volgorde", sa.Integer(), nullable=False),
        sa.Column("casus_ids", sa.Text(), nullable=False),
        _fk_overleg("overleg_genodigden"),
        sa.PrimaryKeyConstraint("overleg_id", "partner", name="pk_overleg_genodigden"),
    )
    op.create_table(
        "overleg_aanwezigheid",
        sa.Column("overleg_id", sa.Uuid(), nullable=False),
        sa.Column("partner", sa.String(63), nullable=False),
        sa.Column("aanwezig", sa.Boolean(), nullable=False),
        _fk_overleg("overleg_aanwezigheid"),
        sa.PrimaryKeyConstraint("overleg_id", "partner", name="pk_overleg_aanwezigheid"),
    )
    op.create_table(
        "client_aanwezigheid",
        sa.Column("overleg_id", sa.Uuid(), nullable=False),
        sa.Column("casus_id", sa.Uuid(), nullable=False),
        sa.Column("aanwezig", sa.Boolean(), nullable=False),
        _fk_overleg("client_aanwezigheid"),
        sa.ForeignKeyConstraint(
            ["casus_id"], ["casussen.casus_id"], name="fk_client_aanwezigheid_casus_id_casussen"
        ),
        sa.PrimaryKeyConstraint("overleg_id", "casus_id", name="pk_client_aanwezigheid"),
    )
    op.create_table(
        "verslagen",
        sa.Column("overleg_id", sa.Uuid(), nullable=False),
        sa.Column("vastgesteld_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("vastgesteld_door", sa.String(100), nullable=False),
        sa.Column("inhoud", sa.Text(), nullable=False),
        _fk_overleg("verslagen"),
        sa.PrimaryKeyConstraint("overleg_id", name="pk_verslagen"),
    )
    op.create_table(
        "casus_ritme",
        sa.Column("casus_id", sa.Uuid(), nullable=False),
        sa.Column("interval_weken", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["casus_id"], ["casussen.casus_id"], name="fk_casus_ritme_casus_id_casussen"
        ),
        sa.PrimaryKeyConstraint("casus_id", name="pk_casus_ritme"),
    )


def downgrade() -> None:
    op.drop_table("casus_ritme")
    op.drop_table("verslagen")
    op.drop_table("client_aanwezigheid")
    op.drop_table("overleg_aanwezigheid")
    op.drop_table("overleg_genodigden")
    op.drop_table("overleg_reeksen")

"""The toestemming register: toestemmingen (per betrokkene pseudonym) and their history

Revision ID: 0006_toestemmingen
Revises: 0005_convenanten
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_toestemmingen"
down_revision: str | None = "0005_convenanten"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PG_GUARDS = [
    """CREATE FUNCTION toestemming_wijzigingen_append_only() RETURNS trigger
       LANGUAGE plpgsql AS $$
       BEGIN
           RAISE EXCEPTION 'toestemming_wijzigingen is append-only';
       END
       $$""",
    """CREATE TRIGGER toestemming_wijzigingen_vast BEFORE UPDATE OR DELETE
       ON toestemming_wijzigingen FOR EACH ROW
       EXECUTE FUNCTION toestemming_wijzigingen_append_only()""",
]

SQLITE_GUARDS = [
    """CREATE TRIGGER toestemming_wijzigingen_geen_update BEFORE UPDATE ON toestemming_wijzigingen
       BEGIN SELECT RAISE(ABORT, 'toestemming_wijzigingen is append-only'); END""",
    """CREATE TRIGGER toestemming_wijzigingen_geen_delete BEFORE DELETE ON toestemming_wijzigingen
       BEGIN SELECT RAISE(ABORT, 'toestemming_wijzigingen is append-only'); END""",
]


def upgrade() -> None:
    op.create_table(
        "toestemmingen",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("betrokkene", sa.String(32), nullable=False),
        sa.Column("casus", sa.String(100)),
        sa.Column("doel", sa.String(50), nullable=False),
        sa.Column("ontvanger", sa.String(63)),
        sa.Column("categorie", sa.String(50)),
        sa.Column("van", sa.Date(), nullable=False),
        sa.Column("tot", sa.Date()),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("wijze", sa.String(20), nullable=False),
        sa.Column("document_referentie", sa.String(100)),
        sa.Column("leeftijdsgroep", sa.String(20), nullable=False),
        sa.Column("toestemming_door", sa.String(20), nullable=False),
        sa.Column("vastgelegd_door", sa.String(100), nullable=False),
        sa.Column("vastgelegd_door_org", sa.String(63), nullable=False),
        sa.Column("vastgelegd_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gewijzigd_op", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gewijzigd_door", sa.String(100), nullable=False),
    )
    op.create_index("ix_toestemmingen_betrokkene", "toestemmingen", ["betrokkene"])
    op.create_index("ix_toestemmingen_casus", "toestemmingen", ["casus"])
    op.create_table(
        "toestemming_wijzigingen",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("toestemming_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("tijd", sa.DateTime(timezone=True), nullable=False),
        sa.Column("door", sa.String(100), nullable=False),
        sa.Column("door_org", sa.String(63), nullable=False),
    )
    op.create_index(
        "ix_toestemming_wijzigingen_toestemming", "toestemming_wijzigingen", ["toestemming_id"]
    )
    guards = PG_GUARDS if op.get_bind().dialect.name == "postgresql" else SQLITE_GUARDS
    for statement in guards:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP TRIGGER IF EXISTS toestemming_wijzigingen_vast ON toestemming_wijzigingen"
        )
        op.execute("DROP FUNCTION IF EXISTS toestemming_wijzigingen_append_only()")
    op.drop_index("ix_toestemming_wijzigingen_toestemming", table_name="toestemming_wijzigingen")
    op.drop_table("toestemming_wijzigingen")
    op.drop_index("ix_toestemmingen_casus", table_name="toestemmingen")
    op.drop_index("ix_toestemmingen_betrokkene", table_name="toestemmingen")
    op.drop_table("toestemmingen")

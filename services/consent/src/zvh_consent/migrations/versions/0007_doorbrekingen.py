"""Doorbrekingen ("break the glass"): append-only, reviewed by the FG

Revision ID: 0007_doorbrekingen
Revises: 0006_toestemmingen
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_doorbrekingen"
down_revision: str | None = "0006_toestemmingen"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PG_GUARDS = [
    """CREATE FUNCTION doorbrekingen_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
           RAISE EXCEPTION 'doorbrekingen is append-only';
       END
       $$""",
    """CREATE TRIGGER doorbrekingen_vast BEFORE UPDATE OR DELETE ON doorbrekingen
       FOR EACH ROW EXECUTE FUNCTION doorbrekingen_append_only()""",
]

SQLITE_GUARDS = [
    """CREATE TRIGGER doorbrekingen_geen_update BEFORE UPDATE ON doorbrekingen
       BEGIN SELECT RAISE(ABORT, 'doorbrekingen is append-only'); END""",
    """CREATE TRIGGER doorbrekingen_geen_delete BEFORE DELETE ON doorbrekingen
       BEGIN SELECT RAISE(ABORT, 'doorbrekingen is append-only'); END""",
]


def upgrade() -> None:
    op.create_table(
        "doorbrekingen",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("type", sa.String(30), nullable=False),
        sa.Column("reden", sa.Text(), nullable=False),
        sa.Column("casus", sa.String(100)),
        sa.Column("item", sa.String(100)),
        sa.Column("eigenaar", sa.String(63), nullable=False),
        sa.Column("user", sa.String(100), nullable=False),
        sa.Column("org", sa.String(63), nullable=False),
        sa.Column("van", sa.DateTime(timezone=True), nullable=False),
        sa.Column("tot", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_doorbrekingen_user_tot", "doorbrekingen", ["user", "tot"])
    op.create_index("ix_doorbrekingen_casus", "doorbrekingen", ["casus"])
    guards = PG_GUARDS if op.get_bind().dialect.name == "postgresql" else SQLITE_GUARDS
    for statement in guards:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS doorbrekingen_vast ON doorbrekingen")
        op.execute("DROP FUNCTION IF EXISTS doorbrekingen_append_only()")
    op.drop_index("ix_doorbrekingen_casus", table_name="doorbrekingen")
    op.drop_index("ix_doorbrekingen_user_tot", table_name="doorbrekingen")
    op.drop_table("doorbrekingen")

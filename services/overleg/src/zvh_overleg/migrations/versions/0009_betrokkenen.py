"""A casus knows the keyed pseudonyms of its betrokkenen, the client's first.

They come from intake's triage event (``MeldingGetrieerd.betrokkene_pseudoniemen``) and grow
when a melding joins the casus. Overleg sends the first with every PDP question about the casus'
informatie-items (toestemming is per person) and offers them on the toestemmingen page. Stored
as a JSON list on ``casussen``: read with the casus, never searched. Casussen opened before this
revision keep NULL (none known).

Revision ID: 0009_betrokkenen
Revises: 0008_informatie
Create Date: 2030-03-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_betrokkenen"
down_revision: str | None = "0008_informatie"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("casussen") as batch:
        batch.add_column(sa.Column("betrokkenen", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("casussen") as batch:
        batch.drop_column("betrokkenen")

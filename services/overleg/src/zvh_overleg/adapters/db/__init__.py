"""Database adapters: tables, repository, unit of work."""

# The VPT evaluation tables live in their own module on the same metadata: import it with the
# package so every user of ``tables.metadata`` (alembic, the migration test) sees them.
from zvh_overleg.adapters.db import vpt_evaluatie_tables as vpt_evaluatie_tables

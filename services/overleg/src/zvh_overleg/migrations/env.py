"""Alembic environment: the overleg tables plus the platform's outbox and inbox."""

from zvh_platform.db import platform_metadata
from zvh_platform.migrations import run_env

from zvh_overleg.adapters.db.tables import metadata

run_env(target_metadata=[metadata, platform_metadata])

"""Alembic environment for intake: its tables plus the platform's outbox and inbox."""

from zvh_intake.adapters.db.tables import metadata
from zvh_platform.db import platform_metadata
from zvh_platform.migrations import run_env

run_env(target_metadata=[metadata, platform_metadata])

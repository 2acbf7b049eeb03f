"""Alembic env of the platform's test migrations: the three lines every service copies."""

from zvh_platform.db import platform_metadata
from zvh_platform.migrations import run_env

run_env(target_metadata=[platform_metadata])

"""Notify's own tables, repository and unit of work (SQLite and PostgreSQL)."""

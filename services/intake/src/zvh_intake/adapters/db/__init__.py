"""SQLAlchemy tables, repository and unit of work (SQLite and PostgreSQL)."""

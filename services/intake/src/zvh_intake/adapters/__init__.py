"""Concrete adapters: database, PDP."""

"""Intake's use cases: handlers, queries and the ports they need. No framework imports."""

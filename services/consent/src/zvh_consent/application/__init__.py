"""Consent use cases: decide (the PDP) and the FG's decision-log queries. No framework imports."""

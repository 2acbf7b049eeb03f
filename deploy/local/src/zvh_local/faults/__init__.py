"""The fault suite's machinery: flows under load, faults to inject, and the audit afterwards.

Used by ``tests/fault`` (small N) and ``zvh bench faults`` (large N).
"""

"""Concrete adapters: policy engines (regorus, OPA) and the decision-log database."""

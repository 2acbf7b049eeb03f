"""Use cases: turn casus events into bezorgingen, deliver e-mail, reconcile partner topics."""

"""Notify's domain: deliveries (bezorgingen), their attempts and the retry rules. Plain Python."""

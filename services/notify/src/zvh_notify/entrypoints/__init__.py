"""Inbound adapters: the Kafka consumer, the HTTP API and the background delivery loop."""

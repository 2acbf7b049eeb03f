"""Inbound adapters: HTTP API and Kafka consumer. They validate and call the application."""

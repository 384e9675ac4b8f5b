"""Connects webhooks to complaint events (filled in by the webhooks work)."""

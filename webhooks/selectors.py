"""Webhooks: reads (filled by issue work)."""

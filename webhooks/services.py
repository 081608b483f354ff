"""Webhooks: writes (filled by issue work)."""

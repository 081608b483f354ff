"""Fees: writes (filled by issue work)."""

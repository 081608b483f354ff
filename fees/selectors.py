"""Fees: reads (filled by issue work)."""

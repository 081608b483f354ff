"""API: reads (filled by issue work)."""

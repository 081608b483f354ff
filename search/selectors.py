"""Search: reads (filled by issue work)."""

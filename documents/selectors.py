"""Document library: reads (filled by issue work)."""

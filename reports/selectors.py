"""Reports: reads (filled by issue work)."""

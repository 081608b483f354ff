"""Personal data: reads (filled by issue work)."""

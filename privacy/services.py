"""Personal data: writes (filled by issue work)."""

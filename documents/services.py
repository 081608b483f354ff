"""Document library: writes (filled by issue work)."""

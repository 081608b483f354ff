"""Search: writes (filled by issue work)."""

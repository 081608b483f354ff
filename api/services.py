"""API: writes (filled by issue work)."""

"""Reports: writes (filled by issue work)."""

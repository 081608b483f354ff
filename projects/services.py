"""Writes to the projects app: each keyword-only, typed, atomic and audit-logged."""

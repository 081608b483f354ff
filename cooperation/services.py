"""Writes to the cooperation app: each keyword-only, typed, atomic and audit-logged."""

"""Surveys: writes (filled by issue work)."""

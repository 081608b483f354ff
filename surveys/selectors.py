"""Surveys: reads (filled by issue work)."""

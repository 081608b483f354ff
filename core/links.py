"""Absolute links to the portal, for e-mails, calendar files and feeds that leave the browser."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """Return `path` on the portal's address (SITE_URL, or the address `runserver` serves)."""
    return settings.SITE_URL.rstrip("/") + path

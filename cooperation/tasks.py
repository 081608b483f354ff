"""Background work for cooperation: each task is thin, takes ids and calls a service.

Sections: the board here; contacts, matching and joint purchases add theirs below.
"""

from celery import shared_task

from . import services

# --- The board ----------------------------------------------------------------------------------


@shared_task
def posts_expire():
    """Take published posts past their validity date off the board (daily, beat)."""
    return services.posts_expire()

"""Background work for cooperation: each task is thin, takes ids and calls a service.

Sections: the board here; contacts, matching and joint purchases add theirs below.
"""

import datetime

from celery import shared_task

from . import matching, services

# --- The board ----------------------------------------------------------------------------------


@shared_task
def posts_expire():
    """Take published posts past their validity date off the board (daily, beat)."""
    return services.posts_expire()


# --- Contacts and matching ----------------------------------------------------------------------


@shared_task
def match_post_notices_send(post_id):
    """Tell the people who chose "at once" of a newly published post (queued on commit)."""
    return matching.post_notices_send(post_id=post_id)


@shared_task
def match_digest_send(week=None):
    """Send the weekly digests of last week's posts (Monday morning, beat).

    `week` (ISO date of a Monday) sends a given week's digests instead, e.g. to catch up by hand.
    """
    return matching.digest_send(week=datetime.date.fromisoformat(week) if week else None)

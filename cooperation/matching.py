"""Who hears of a new post that fits their organisation: at once, or in the weekly digest.

An organisation fits a post when it holds one of the post's competences or sectors (its own posts
aside). The people of fitting organisations who opted in (MatchSubscription) are told: those who
chose "at once" by a task queued when the post is published, those who chose the weekly digest by
a beat task on Monday morning, in one e-mail listing last week's posts that fit.

Each person is told in one transaction of their own: the MatchNotice row (unique per person and
post, or per person and week) and the e-mail in the outbox commit together or not at all. A worker
that dies half-way leaves nothing of the person it was on; a second run skips whoever has a notice
already, and the unique constraints refuse the duplicate of a run going on at the same time.

The digest walks the subscriptions in chunks by primary key, reading the week's posts once and the
chunk's organisations' competences and sectors once per chunk, so its memory and its queries per
person stay the same whether the cluster has fifty organisations or five thousand.
"""

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation

from core.emails import email_queue
from core.links import absolute_url

from . import selectors
from .models import MatchNotice, Post

# Subscriptions read at a time.
CHUNK_SIZE = 500
# Posts a digest lists by name; the rest are counted, with a link to the board.
DIGEST_MAX_LISTED = 25


def post_published(*, post: Post) -> None:
    """Called by the board's services in the transaction that publishes `post`.

    Queues, once the transaction commits, the task that tells the people who chose "at once".
    """
    post_id = post.pk

    def queue() -> None:
        from .tasks import match_post_notices_send

        match_post_notices_send.delay(post_id)

    transaction.on_commit(queue)


# --- Links and headers of the e-mails -----------------------------------------------------------


def unsubscribe_url(token: str) -> str:
    """The one-click unsubscribe address (RFC 8058), outside the language prefix."""
    return absolute_url(reverse("cooperation_one_click", kwargs={"token": token}))


def unsubscribe_headers(token: str) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(token)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _links(row: dict[str, Any]) -> dict[str, str]:
    with translation.override(row["language"]):
        preferences = absolute_url(reverse("cooperation:notifications"))
        board = absolute_url(reverse("cooperation:list"))
    return {
        "unsubscribe_url": unsubscribe_url(row["token"]),
        "preferences_url": preferences,
        "board_url": board,
    }


def _chunks(
    read: Any,
) -> Iterator[list[dict[str, Any]]]:
    """Yield the rows `read(after_pk=..., size=...)` returns, chunk after chunk, by primary key."""
    after = 0
    while True:
        rows = read(after_pk=after, size=CHUNK_SIZE)
        if not rows:
            return
        yield rows
        after = rows[-1]["pk"]


def _tell(
    row: dict[str, Any],
    *,
    template: str,
    context: dict[str, Any],
    post: Post | None = None,
    week: datetime.date | None = None,
    post_ids: Iterable[int] = (),
) -> bool:
    """Record the notice and queue its e-mail in one transaction; False if already told."""
    try:
        with transaction.atomic():
            notice = MatchNotice.objects.create(person_id=row["person_id"], post=post, week=week)
            if post_ids:
                through = MatchNotice.posts.through
                through.objects.bulk_create(
                    [through(matchnotice_id=notice.pk, post_id=pk) for pk in post_ids]
                )
            email = email_queue(
                to=row["email"],
                template=template,
                language=row["language"],
                context={**context, **_links(row), "first_name": row["first_name"]},
                headers=unsubscribe_headers(row["token"]),
            )
            MatchNotice.objects.filter(pk=notice.pk).update(email=email)
    except IntegrityError:
        # Another run told this person in the meantime: the unique constraint kept it to once.
        return False
    return True


# --- At once ------------------------------------------------------------------------------------


def post_notices_send(*, post_id: int) -> int:
    """Tell the people who chose "at once" of a published post that fits them; return how many.

    Run again, it tells only those it has not told yet.
    """
    post = selectors.post_for_matching(pk=post_id)
    if post is None:
        return 0

    def read(*, after_pk: int, size: int) -> list[dict[str, Any]]:
        return selectors.immediate_subscriptions_for(post=post, after_pk=after_pk, size=size)

    told = 0
    for rows in _chunks(read):
        for row in rows:
            told += _tell(row, template="cooperation_match_post", context={"post": post}, post=post)
    return told


# --- The weekly digest --------------------------------------------------------------------------


def digest_week(today: datetime.date | None = None) -> datetime.date:
    """Return the Monday of the week before `today`'s: the week a Monday's digest covers."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=today.weekday() + 7)


def _posts_by_term(
    terms: dict[int, tuple[set[int], set[int]]],
) -> tuple[dict[int, set[int]], dict[int, set[int]]]:
    by_competence: dict[int, set[int]] = {}
    by_sector: dict[int, set[int]] = {}
    for post_id, (competences, sectors) in terms.items():
        for pk in competences:
            by_competence.setdefault(pk, set()).add(post_id)
        for pk in sectors:
            by_sector.setdefault(pk, set()).add(post_id)
    return by_competence, by_sector


def digest_send(*, week: datetime.date | None = None) -> int:
    """Send each weekly subscriber one e-mail with the week's posts that fit their organisation.

    `week` is the Monday of the week whose posts are sent (by default the last full week). A person
    gets at most one digest a week, however often this runs; return how many were sent now.
    """
    week = week or digest_week()
    posts = selectors.posts_published_in_week(week=week)
    if not posts:
        return 0
    by_competence, by_sector = _posts_by_term(selectors.post_terms(post_ids=list(posts)))

    def read(*, after_pk: int, size: int) -> list[dict[str, Any]]:
        return selectors.weekly_subscriptions(week=week, after_pk=after_pk, size=size)

    told = 0
    for rows in _chunks(read):
        terms = selectors.organisation_terms(
            organisation_ids={row["organisation_id"] for row in rows}
        )
        for row in rows:
            competences, sectors = terms.get(row["organisation_id"], (set(), set()))
            fitting: set[int] = set()
            for pk in competences:
                fitting |= by_competence.get(pk, set())
            for pk in sectors:
                fitting |= by_sector.get(pk, set())
            found = sorted(
                (
                    posts[pk]
                    for pk in fitting
                    if posts[pk].organisation_id != row["organisation_id"]
                ),
                key=lambda post: (post.published_at, post.pk),
                reverse=True,
            )
            if not found:
                continue
            told += _tell(
                row,
                template="cooperation_match_digest",
                context={
                    "posts": found[:DIGEST_MAX_LISTED],
                    "count": len(found),
                    "more": max(len(found) - DIGEST_MAX_LISTED, 0),
                    "week": week,
                    "week_end": week + datetime.timedelta(days=6),
                },
                week=week,
                post_ids=[post.pk for post in found],
            )
    return told

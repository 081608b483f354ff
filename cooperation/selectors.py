"""Reads of the cooperation app for pages, e-mails and exports."""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import get_language

from accounts.models import User
from accounts.roles import is_coordinator
from members import roles as member_roles
from members.models import Competence, Organisation, Sector

from .models import BoardSettings, Contact, Post, PostAttachment

# --- The board ----------------------------------------------------------------------------------

# The fields a post is shown by in the reader's language; Polish is the fallback.
POST_REQUIRED = ("title", "description")


def board_settings() -> BoardSettings:
    """Return the board's one row of settings, created with the defaults on first use."""
    board, _created = BoardSettings.objects.get_or_create(pk=1)
    return board


def sees_members_posts(user: User | AnonymousUser | None) -> bool:
    """People of active members and the coordinator read members-only posts."""
    return user is not None and member_roles.sees_members_only_content(user)


def posts_on_board(*, user: User | AnonymousUser | None) -> QuerySet[Post]:
    """The posts on the board the user may read: published and still valid."""
    posts = Post.objects.on_board().filter(valid_until__gte=timezone.localdate())
    if not sees_members_posts(user):
        posts = posts.filter(visibility=Post.Visibility.PUBLIC)
    return posts


def posts_public() -> QuerySet[Post]:
    """The posts anyone may read, for the sitemap."""
    return posts_on_board(user=None)


def board_visibility_key(user: User | AnonymousUser) -> str:
    """Name what `posts_on_board` shows the user: visitors with the same key see the same."""
    return "members" if sees_members_posts(user) else "public"


def _with_board_relations(posts: QuerySet[Post]) -> QuerySet[Post]:
    return posts.select_related("organisation", "contact_person").prefetch_related(
        Prefetch("competences", queryset=Competence.objects.order_by("name")),
        Prefetch("sectors", queryset=Sector.objects.order_by("name")),
    )


def board_search(
    *,
    user: User | AnonymousUser | None,
    q: str = "",
    kind: str = "",
    competence: Competence | None = None,
    sector: Sector | None = None,
    language: str = "",
) -> QuerySet[Post]:
    """Posts on the board matching a search, newest first, with what the list shows."""
    posts = posts_on_board(user=user)
    words = q.split()[:8]
    reader = get_language() or settings.LANGUAGE_CODE
    languages = {reader, settings.LANGUAGE_CODE} & {code for code, _name in settings.LANGUAGES}
    for word in words:
        condition = Q()
        for code in sorted(languages):
            condition |= Q(**{f"title_{code}__icontains": word})
            condition |= Q(**{f"description_{code}__icontains": word})
        condition |= Q(organisation__name__icontains=word)
        posts = posts.filter(condition)
    if kind:
        posts = posts.filter(kind=kind)
    if competence is not None:
        posts = posts.filter(competences=competence)
    if sector is not None:
        posts = posts.filter(sectors=sector)
    if language:
        # A JSON list of codes: the quoted code is found in its text on every database.
        posts = posts.filter(languages__icontains=f'"{language}"')
    return _with_board_relations(posts).order_by("-published_at", "-id")


def competences_on_board() -> QuerySet[Competence]:
    """The vocabulary's terms some post names, for the board's filter."""
    return (
        Competence.objects.filter(posts__status=Post.Status.PUBLISHED)
        .distinct()
        .order_by("kind", "name")
    )


def sectors_on_board() -> QuerySet[Sector]:
    return Sector.objects.filter(posts__status=Post.Status.PUBLISHED).distinct().order_by("name")


def post_for_page(*, pk: int, user: User | AnonymousUser | None) -> Post:
    """Return a post the user may read, or raise Post.DoesNotExist.

    The board's posts are read as the board shows them; the people of the posting organisation
    and the coordinator also read it in every other state (pending, hidden, closed).
    """
    posts = _with_board_relations(Post.objects.all()).prefetch_related("attachments")
    post = posts.get(pk=pk)
    if posts_on_board(user=user).filter(pk=pk).exists():
        return post
    if user is not None and (is_coordinator(user) or may_see_as_owner(user=user, post=post)):
        return post
    raise Post.DoesNotExist


def may_see_as_owner(*, user: User | AnonymousUser, post: Post) -> bool:
    person = member_roles.member_person_of(user)
    return person is not None and person.organisation_id == post.organisation_id


def attachment_for_download(*, pk: int, user: User | AnonymousUser | None) -> PostAttachment:
    """Return an attachment of a post the user may read, or raise PostAttachment.DoesNotExist."""
    attachment = PostAttachment.objects.select_related("post").get(pk=pk)
    try:
        post_for_page(pk=attachment.post_id, user=user)
    except Post.DoesNotExist as error:
        raise PostAttachment.DoesNotExist from error
    return attachment


def posts_of_organisation(*, organisation: Organisation) -> QuerySet[Post]:
    """Every post of an organisation for its people's page, open ones first."""
    return (
        Post.objects.filter(organisation=organisation)
        .select_related("contact_person")
        .annotate(
            open_first=Case(
                When(status__in=["pending", "published", "hidden"], then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            contacts_count=Count("contacts", distinct=True),
        )
        .order_by("open_first", "-created_at", "-id")
    )


def post_of_organisation(*, pk: int, organisation: Organisation) -> Post:
    return Post.objects.select_related("organisation", "contact_person").get(
        pk=pk, organisation=organisation
    )


# --- The coordinator's panel --------------------------------------------------------------------


def posts_for_panel(*, status: str = "") -> QuerySet[Post]:
    """Every post for moderation, those awaiting approval first, then the newest."""
    posts = Post.objects.select_related("organisation", "contact_person").annotate(
        pending_first=Case(
            When(status=Post.Status.PENDING, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
    )
    if status:
        posts = posts.filter(status=status)
    return posts.order_by("pending_first", "-created_at", "-id")


def posts_pending_count() -> int:
    return Post.objects.filter(status=Post.Status.PENDING).count()


def board_figures(*, start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    """Per organisation: posts created in [start, end] by kind and by status, and contacts.

    "Contacts made" counts the contacts the organisation's people started in the period;
    "contacts received" those its posts received.
    """
    posts = Post.objects.filter(created_at__date__gte=start, created_at__date__lte=end)
    rows: dict[int, dict[str, Any]] = {}

    def row(organisation_id: int, name: str) -> dict[str, Any]:
        return rows.setdefault(
            organisation_id,
            {
                "organisation": name,
                "posts": 0,
                **{f"kind_{kind}": 0 for kind in Post.Kind.values},
                **{f"status_{status}": 0 for status in Post.Status.values},
                "contacts_made": 0,
                "contacts_received": 0,
            },
        )

    for organisation_id, name, kind, status, total in (
        posts.values_list("organisation_id", "organisation__name", "kind", "status")
        .annotate(total=Count("id"))
        .order_by()
    ):
        entry = row(organisation_id, name)
        entry["posts"] += total
        entry[f"kind_{kind}"] += total
        entry[f"status_{status}"] += total
    contacts = Contact.objects.filter(created_at__date__gte=start, created_at__date__lte=end)
    for organisation_id, name, total in (
        contacts.values_list("organisation_id", "organisation__name")
        .annotate(total=Count("id"))
        .order_by()
    ):
        row(organisation_id, name)["contacts_made"] += total
    for organisation_id, name, total in (
        contacts.values_list("post__organisation_id", "post__organisation__name")
        .annotate(total=Count("id"))
        .order_by()
    ):
        row(organisation_id, name)["contacts_received"] += total
    return sorted(rows.values(), key=lambda entry: entry["organisation"].lower())

"""Reads of the cooperation app for pages, e-mails and exports."""

import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import is_coordinator
from members import roles as member_roles
from members import selectors as member_selectors
from members.models import Competence, Organisation, Person, Sector

from .models import (
    BoardSettings,
    Contact,
    ContactMessage,
    MatchNotice,
    MatchSubscription,
    Post,
    PostAttachment,
    PurchaseCommitment,
)

# --- The board ----------------------------------------------------------------------------------

# The fields a post is shown by in the reader's language; Polish is the fallback.
POST_REQUIRED = ("title", "description")


def board_settings() -> BoardSettings:
    """Return the board's one row of settings, or the defaults (unsaved) while there is none.

    A read never writes: the row is created by the first change of the settings.
    """
    return BoardSettings.objects.filter(pk=1).first() or BoardSettings(pk=1)


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
    # EXISTS per term (a few dozen) stops at the first published post; a DISTINCT over the
    # join would read every post's terms.
    named = Post.objects.filter(competences=OuterRef("pk"), status=Post.Status.PUBLISHED)
    return Competence.objects.filter(Exists(named)).order_by("kind", "name")


def sectors_on_board() -> QuerySet[Sector]:
    named = Post.objects.filter(sectors=OuterRef("pk"), status=Post.Status.PUBLISHED)
    return Sector.objects.filter(Exists(named)).order_by("name")


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
    """Per organisation: posts created in [start, end] by kind and by status, contacts, and
    the joint purchases it joined.

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
                "purchases_joined": 0,
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
    commitments = PurchaseCommitment.objects.filter(
        created_at__date__gte=start, created_at__date__lte=end
    )
    for organisation_id, name, total in (
        commitments.values_list("organisation_id", "organisation__name")
        .annotate(total=Count("id"))
        .order_by()
    ):
        row(organisation_id, name)["purchases_joined"] += total
    return sorted(rows.values(), key=lambda entry: entry["organisation"].lower())


# --- Joint purchases ----------------------------------------------------------------------------

# A joint purchase takes commitments while published; these states close it for good.
PURCHASE_CLOSED_STATUSES = (Post.Status.FULFILLED, Post.Status.WITHDRAWN)
# The states in which its organiser or the coordinator may still close or cancel it.
PURCHASE_CLOSABLE_STATUSES = (Post.Status.PUBLISHED, Post.Status.EXPIRED, Post.Status.HIDDEN)


def cluster_today() -> datetime.date:
    """Today in the cluster's time zone, whatever zone a request activated."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


def purchase_refusal(post: Post, *, today: datetime.date | None = None) -> str | None:
    """Say why members cannot join or change their quantity now; None while they can.

    A joint purchase takes commitments while it is published, until the end of its deadline day
    (`valid_until`) in the cluster's time zone.
    """
    if post.kind != Post.Kind.JOINT_PURCHASE:
        return str(_("This post is not a joint purchase."))
    if post.closed_at is not None or post.status in PURCHASE_CLOSED_STATUSES:
        return str(_("This joint purchase is closed: commitments can no longer be changed."))
    if post.valid_until < (today or cluster_today()) or post.status == Post.Status.EXPIRED:
        return str(
            _(
                "The deadline of this joint purchase has passed: commitments can no longer be "
                "changed."
            )
        )
    if post.status != Post.Status.PUBLISHED:
        return str(_("This joint purchase is not open for commitments."))
    return None


def purchase_is_open(post: Post, *, today: datetime.date | None = None) -> bool:
    return purchase_refusal(post, today=today) is None


def purchase_commitments(*, post: Post) -> QuerySet[PurchaseCommitment]:
    """Every commitment to a joint purchase, in the order they came, with who made it."""
    return PurchaseCommitment.objects.filter(post=post).select_related("organisation", "person")


def purchase_total(*, post: Post) -> tuple[Decimal, int]:
    """Return the sum of the committed quantities (a Decimal) and the number of organisations."""
    figures = PurchaseCommitment.objects.filter(post=post).aggregate(
        total=Sum("quantity"), participants=Count("id")
    )
    return figures["total"] or Decimal("0"), figures["participants"]


def commitment_of(*, post: Post, organisation: Organisation) -> PurchaseCommitment | None:
    """The commitment of one organisation to a joint purchase, if it joined."""
    return (
        PurchaseCommitment.objects.filter(post=post, organisation=organisation)
        .select_related("person")
        .first()
    )


def may_manage_purchase(*, user: User | AnonymousUser | None, post: Post) -> bool:
    """The people of the organising organisation and the coordinator see the list and close it."""
    if user is None or post.kind != Post.Kind.JOINT_PURCHASE:
        return False
    return is_coordinator(user) or may_see_as_owner(user=user, post=post)


def purchase_for_manager(*, pk: int, user: User | AnonymousUser | None) -> Post:
    """Return a joint purchase the user organises (or the coordinator), else Post.DoesNotExist."""
    post = Post.objects.select_related("organisation", "contact_person").get(
        pk=pk, kind=Post.Kind.JOINT_PURCHASE
    )
    if not may_manage_purchase(user=user, post=post):
        raise Post.DoesNotExist
    return post


def purchase_for_member(*, pk: int, user: User | AnonymousUser | None) -> Post:
    """Return a joint purchase a member's person may join or has joined, else Post.DoesNotExist.

    Members reach a purchase that is (or was) on the board; one pending approval or hidden by the
    coordinator exists only for its organisers.
    """
    if user is None or member_roles.member_person_of(user) is None:
        raise Post.DoesNotExist
    return Post.objects.select_related("organisation").get(
        pk=pk,
        kind=Post.Kind.JOINT_PURCHASE,
        status__in=[Post.Status.PUBLISHED, Post.Status.EXPIRED, *PURCHASE_CLOSED_STATUSES],
    )


def _with_purchase_figures(posts: QuerySet[Post]) -> QuerySet[Post]:
    return posts.annotate(
        committed_total=Sum("commitments__quantity"),
        participants=Count("commitments", distinct=True),
    )


def purchases_of_organisation(*, organisation: Organisation) -> QuerySet[Post]:
    """The joint purchases an organisation organises, newest first, with totals."""
    return _with_purchase_figures(
        Post.objects.filter(organisation=organisation, kind=Post.Kind.JOINT_PURCHASE)
    ).order_by("-created_at", "-id")


def purchases_for_panel() -> QuerySet[Post]:
    """Every joint purchase for the coordinator, newest first, with totals and participants."""
    return _with_purchase_figures(
        Post.objects.filter(kind=Post.Kind.JOINT_PURCHASE).select_related("organisation")
    ).order_by("-created_at", "-id")


# --- Contacts -----------------------------------------------------------------------------------

# Which side of a conversation a person is on.
INTERESTED = "interested"
POSTER = "poster"


def contacts_started_today(*, person: Person) -> int:
    """How many conversations `person` started since midnight in the cluster's time zone."""
    now = timezone.localtime(timezone=timezone.get_default_timezone())
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return Contact.objects.filter(person=person, created_at__gte=midnight).count()


def messages_sent_today(*, person: Person) -> int:
    """How many messages `person` wrote since midnight in the cluster's time zone."""
    now = timezone.localtime(timezone=timezone.get_default_timezone())
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return ContactMessage.objects.filter(author=person, sent_at__gte=midnight).count()


def contact_of(*, post: Post, person: Person) -> Contact | None:
    """Return the person's conversation about `post`, if they started one."""
    return Contact.objects.filter(post=post, person=person).first()


def contact_side_of(*, contact: Contact, person: Person) -> str:
    """Return INTERESTED, POSTER (any person of the posting organisation) or "" for others."""
    if person.pk == contact.person_id:
        return INTERESTED
    if person.organisation_id == contact.post.organisation_id:
        return POSTER
    return ""


def _with_contact_relations(contacts: QuerySet[Contact]) -> QuerySet[Contact]:
    return contacts.select_related(
        "post", "post__organisation", "post__contact_person", "organisation", "person"
    ).annotate(messages_count=Count("messages"))


def contacts_started_by(*, person: Person) -> QuerySet[Contact]:
    """The conversations the person started, the latest message first."""
    return _with_contact_relations(Contact.objects.filter(person=person)).order_by(
        "-last_message_at", "-id"
    )


def contacts_on_posts_of(*, organisation_id: int) -> QuerySet[Contact]:
    """The conversations about an organisation's posts, which all its people see."""
    return _with_contact_relations(
        Contact.objects.filter(post__organisation_id=organisation_id)
    ).order_by("-last_message_at", "-id")


def contacts_for_coordinator() -> QuerySet[Contact]:
    return _with_contact_relations(Contact.objects.all()).order_by("-last_message_at", "-id")


def contact_for_page(*, pk: int, user: User | AnonymousUser) -> tuple[Contact, Person | None]:
    """Return a conversation the user may read, and the person they write in it as.

    The interested person and the people of the posting organisation (while their organisations
    are active members) take part; the coordinator reads (the person is then None). For anyone
    else the conversation does not exist: Contact.DoesNotExist.
    """
    contact = Contact.objects.select_related(
        "post", "post__organisation", "post__contact_person", "organisation", "person"
    ).get(pk=pk)
    person = member_roles.member_person_of(user)
    if person is not None and contact_side_of(contact=contact, person=person):
        return contact, person
    if is_coordinator(user):
        return contact, None
    raise Contact.DoesNotExist


def contact_messages(*, contact: Contact) -> QuerySet[ContactMessage]:
    return contact.messages.select_related("author", "author__organisation").order_by(
        "sent_at", "id"
    )


# --- Matching -----------------------------------------------------------------------------------


def match_subscription_of(*, person: Person) -> MatchSubscription | None:
    return MatchSubscription.objects.filter(person=person).first()


def match_subscription_by_token(*, token: str) -> MatchSubscription | None:
    if not token or len(token) > 64:
        return None
    return MatchSubscription.objects.select_related("person").filter(token=token).first()


def post_for_matching(*, pk: int) -> Post | None:
    """Return the post if it is on the board now, with what its e-mail shows."""
    return (
        Post.objects.on_board()
        .filter(pk=pk, valid_until__gte=timezone.localdate())
        .select_related("organisation")
        .first()
    )


# What the matching's e-mails need of a subscriber, read as plain values.
SUBSCRIBER_VALUES = {
    "organisation_id": F("person__organisation_id"),
    "email": F("person__email"),
    "language": F("person__language"),
    "first_name": F("person__first_name"),
}


def immediate_subscriptions_for(*, post: Post, after_pk: int, size: int) -> list[dict[str, Any]]:
    """The next `size` people to tell of `post` at once, by subscription pk after `after_pk`.

    People of active members that fit the post (the posting organisation aside) who chose "at once"
    and have not been told of it yet.
    """
    fitting = member_selectors.organisations_matching(
        competence_ids=list(post.competences.values_list("pk", flat=True)),
        sector_ids=list(post.sectors.values_list("pk", flat=True)),
    ).exclude(pk=post.organisation_id)
    rows: Any = (
        MatchSubscription.objects.filter(
            frequency=MatchSubscription.Frequency.IMMEDIATE,
            person__organisation__in=fitting,
            pk__gt=after_pk,
        )
        .exclude(person_id__in=MatchNotice.objects.filter(post=post).values("person_id"))
        .order_by("pk")
        .values("pk", "token", "person_id", **SUBSCRIBER_VALUES)[:size]
    )
    return list(rows)


def _week_bounds(week: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    start = timezone.make_aware(datetime.datetime.combine(week, datetime.time.min))
    end = timezone.make_aware(
        datetime.datetime.combine(week + datetime.timedelta(days=7), datetime.time.min)
    )
    return start, end


def posts_published_in_week(*, week: datetime.date) -> dict[int, Post]:
    """The posts first published in the week starting on Monday `week` and still on the board."""
    start, end = _week_bounds(week)
    return {
        post.pk: post
        for post in Post.objects.on_board()
        .filter(
            published_at__gte=start,
            published_at__lt=end,
            valid_until__gte=timezone.localdate(),
        )
        .select_related("organisation")
    }


def post_terms(*, post_ids: list[int]) -> dict[int, tuple[set[int], set[int]]]:
    """{post pk: (competence pks, sector pks)} of the posts."""
    terms: dict[int, tuple[set[int], set[int]]] = {pk: (set(), set()) for pk in post_ids}
    posts = Post.objects.filter(pk__in=post_ids).order_by()
    for post_id, pk in posts.filter(competences__isnull=False).values_list("pk", "competences"):
        terms[post_id][0].add(pk)
    for post_id, pk in posts.filter(sectors__isnull=False).values_list("pk", "sectors"):
        terms[post_id][1].add(pk)
    return terms


def organisation_terms(*, organisation_ids: set[int]) -> dict[int, tuple[set[int], set[int]]]:
    """{organisation pk: (competence pks, sector pks)} of the organisations."""
    terms: dict[int, tuple[set[int], set[int]]] = {pk: (set(), set()) for pk in organisation_ids}
    organisations = Organisation.objects.filter(pk__in=organisation_ids).order_by()
    for organisation_id, pk in organisations.filter(competences__isnull=False).values_list(
        "pk", "competences"
    ):
        terms[organisation_id][0].add(pk)
    for organisation_id, pk in organisations.filter(sectors__isnull=False).values_list(
        "pk", "sectors"
    ):
        terms[organisation_id][1].add(pk)
    return terms


def weekly_subscriptions(*, week: datetime.date, after_pk: int, size: int) -> list[dict[str, Any]]:
    """The next `size` weekly subscribers of active members without the digest of `week` yet."""
    rows: Any = (
        MatchSubscription.objects.filter(
            frequency=MatchSubscription.Frequency.WEEKLY,
            person__organisation__status=Organisation.Status.ACTIVE,
            pk__gt=after_pk,
        )
        .exclude(person_id__in=MatchNotice.objects.filter(week=week).values("person_id"))
        .order_by("pk")
        .values("pk", "token", "person_id", **SUBSCRIBER_VALUES)[:size]
    )
    return list(rows)


def commitments_of_organisation(*, organisation: Organisation) -> QuerySet[PurchaseCommitment]:
    """The joint purchases an organisation joined, newest first, with each purchase's state."""
    return (
        PurchaseCommitment.objects.filter(organisation=organisation)
        .select_related("post", "post__organisation", "person")
        .order_by("-created_at", "-id")
    )

"""Reads about events: lists, pages, who may register, seats, registrants and documents."""

import datetime
from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import roles as account_roles
from accounts.models import User
from core.page_cache import cached_while_unchanged
from members import roles
from members.models import ActionGroup, Organisation, Person

from .models import SEAT_STATUSES, Event, EventDocument, EventQuestion, Registration

ACTIVE_STATUSES = (*SEAT_STATUSES, Registration.Status.WAITLISTED)
LISTED_STATUSES = (Event.Status.PUBLISHED, Event.Status.CANCELLED)


def _registration_count(statuses: Iterable[str]) -> Coalesce:
    return Coalesce(
        Subquery(
            Registration.objects.filter(event=OuterRef("pk"), status__in=statuses)
            .order_by()
            .values("event")
            .annotate(total=Count("pk"))
            .values("total")
        ),
        0,
    )


def _with_seat_counts(queryset: QuerySet[Event]) -> QuerySet[Event]:
    # Counted per event by subqueries, not by joining and grouping every registration: with a
    # join the database groups all matching events before it can sort and take the first page.
    return queryset.annotate(
        seats_taken=_registration_count(SEAT_STATUSES),
        waitlisted_count=_registration_count([Registration.Status.WAITLISTED]),
    )


def seats_left(event: Event) -> int | None:
    """Free seats of an event annotated with `seats_taken`; None when it has no limit."""
    if event.capacity is None:
        return None
    # seats_taken is the annotation _with_seat_counts adds, not a model field.
    return max(event.capacity - event.seats_taken, 0)  # type: ignore[attr-defined]


def events_visible_to(user: User | AnonymousUser) -> QuerySet[Event]:
    """Published and cancelled events the user may see: public ones, and the others for members."""
    queryset = Event.objects.filter(status__in=LISTED_STATUSES)
    if account_roles.is_coordinator(user):
        return queryset
    person = roles.member_person_of(user)
    if person is None:
        return queryset.filter(audience=Event.Audience.PUBLIC)
    return queryset.filter(
        Q(audience__in=[Event.Audience.PUBLIC, Event.Audience.MEMBERS])
        | Q(
            audience=Event.Audience.ACTION_GROUP,
            # A subquery, not a join through the groups' members: the join multiplies the rows
            # the planner expects by each group's size, so a query that asks "is this event
            # visible" (search, the API) stopped hashing the list and rescanned it per row.
            action_group__in=ActionGroup.objects.filter(
                organisations=person.organisation_id
            ).values("pk"),
        )
    )


def events_visibility_key(user: User | AnonymousUser) -> str:
    """Name what `events_visible_to` shows the user: visitors with the same key see the same."""
    if account_roles.is_coordinator(user):
        return "all"
    person = roles.member_person_of(user)
    return "public" if person is None else f"organisation-{person.organisation_id}"


def events_for_list(
    *, user: User | AnonymousUser, past: bool = False, kind: str = ""
) -> QuerySet[Event]:
    """Events for the public list, soonest first (most recent first for past ones)."""
    now = timezone.now()
    queryset = _with_seat_counts(events_visible_to(user)).select_related(
        "host_organisation", "action_group"
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    if past:
        return queryset.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return queryset.filter(ends_at__gte=now).order_by("starts_at", "pk")


def events_upcoming_public(limit: int = 3) -> list[Event]:
    """The next public events that are going ahead, for the home page."""
    return list(
        _with_seat_counts(
            Event.objects.filter(
                status=Event.Status.PUBLISHED,
                audience=Event.Audience.PUBLIC,
                ends_at__gte=timezone.now(),
            )
        )
        .select_related("host_organisation")
        .order_by("starts_at", "pk")[:limit]
    )


def events_for_calendar_feed() -> QuerySet[Event]:
    """Public events for the iCal feed: everything from the last half year on."""
    since = timezone.now() - timedelta(days=183)
    return (
        Event.objects.filter(
            status__in=LISTED_STATUSES, audience=Event.Audience.PUBLIC, ends_at__gte=since
        )
        .select_related("host_organisation")
        .order_by("starts_at", "pk")
    )


def _event_with_questions(user: User | AnonymousUser) -> QuerySet[Event]:
    return (
        events_visible_to(user)
        .select_related("host_organisation", "action_group")
        .prefetch_related("questions")
    )


def event_for_page(*, slug: str, user: User | AnonymousUser) -> Event:
    """Return an event the user may see, with its seat counts and questions.

    Kept in the cache per kind of visitor until the content next changes: a registration changes
    it (its audit entry, once committed), so the seats shown are never those of before it.
    """
    return cached_while_unchanged(
        f"event-page:{events_visibility_key(user)}:{slug}",
        lambda: _with_seat_counts(_event_with_questions(user)).get(slug=slug),
    )


def event_for_registration(*, slug: str, user: User | AnonymousUser) -> Event:
    """Return an event the user may see, with its questions, to register for it.

    Without the seat counts of the page: the service counts the seats under the event's lock,
    and building the two counting subqueries cost a registration more than running them.
    """
    return _event_with_questions(user).get(slug=slug)


def event_questions(event: Event) -> list[EventQuestion]:
    return list(EventQuestion.objects.filter(event=event).order_by("position", "pk"))


# --- Who may register ---------------------------------------------------------------------------


def _when(value: datetime.datetime) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def window_refusal(event: Event, *, now: datetime.datetime | None = None) -> str | None:
    """Why nobody can register for the event now, or None when registration is open."""
    now = now or timezone.now()
    if event.status == Event.Status.CANCELLED:
        return _("This event is cancelled.")
    if event.status != Event.Status.PUBLISHED:
        return _("This event is not open for registration.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return _("Registration opens on %(date)s.") % {"date": _when(event.registration_opens_at)}
    closes_at = event.registration_closes_at or event.starts_at
    if now >= closes_at:
        return _("Registration for this event is closed.")
    return None


def audience_refusal(event: Event, *, person: Person | None) -> str | None:
    """Why this person (None for a guest) may not register for the event, or None."""
    if event.audience == Event.Audience.PUBLIC:
        return None
    if person is None or person.organisation.status != Organisation.Status.ACTIVE:
        if event.audience == Event.Audience.ACTION_GROUP:
            return _(
                "Only people from members of the action group “%(group)s” can register for "
                "this event."
            ) % {"group": event.action_group}
        return _("Only people working for member organisations can register for this event.")
    if (
        event.audience == Event.Audience.ACTION_GROUP
        # An event for an action group has one (Event's check constraint).
        and not event.action_group.organisations.filter(  # type: ignore[union-attr]
            pk=person.organisation_id
        ).exists()
    ):
        return _(
            "Only people from members of the action group “%(group)s” can register for this event."
        ) % {"group": event.action_group}
    return None


def active_registration_of(
    *, event: Event, person: Person | None = None, email: str = ""
) -> Registration | None:
    """The person's (or e-mail's) registration for the event that is not cancelled, or None."""
    condition = Q(email__iexact=email) if email else Q()
    if person is not None:
        condition |= Q(person=person)
    return (
        Registration.objects.filter(event=event)
        .filter(condition)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


def organisation_registration_count(*, event: Event, organisation: Organisation) -> int:
    return (
        Registration.objects.filter(event=event, organisation=organisation)
        .exclude(status=Registration.Status.CANCELLED)
        .count()
    )


def waitlist(event: Event) -> QuerySet[Registration]:
    """The waiting list in arrival order: the first is promoted when a seat frees up."""
    return Registration.objects.filter(event=event, status=Registration.Status.WAITLISTED).order_by(
        "sequence"
    )


def colleagues_for_registration(*, event: Event, organisation: Organisation) -> QuerySet[Person]:
    """The organisation's people, each with `registration` set when already registered."""
    active = Registration.objects.filter(event=event).exclude(status=Registration.Status.CANCELLED)
    return Person.objects.filter(organisation=organisation).prefetch_related(
        Prefetch("event_registrations", queryset=active, to_attr="active_registrations")
    )


def organisation_registrations(
    *, event: Event, organisation: Organisation
) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(event=event, organisation=organisation)
        .exclude(status=Registration.Status.CANCELLED)
        .order_by("sequence")
    )


def registrations_of(user: User) -> QuerySet[Registration]:
    """A user's own registrations and those they made for colleagues, soonest event first."""
    person = roles.person_of(user)
    condition = Q(registered_by=user) | Q(email__iexact=user.email)
    if person is not None:
        condition |= Q(person=person)
    return (
        Registration.objects.filter(condition)
        .select_related("event")
        .order_by("-event__starts_at", "sequence")
    )


def registration_by_token(token: str) -> Registration:
    return Registration.objects.select_related("event", "event__host_organisation").get(token=token)


# --- Panel --------------------------------------------------------------------------------------


def events_for_panel() -> QuerySet[Event]:
    return _with_seat_counts(Event.objects.all()).select_related("action_group")


def events_upcoming_for_panel() -> QuerySet[Event]:
    """Events that have not ended, with their seat counts, soonest first."""
    return events_for_panel().filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")


def registrations_for_panel(event: Event) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(event=event)
        .select_related("organisation", "registered_by")
        .order_by("sequence")
    )


def registrations_search(
    queryset: QuerySet[Registration], query: str | None
) -> QuerySet[Registration]:
    query = (query or "").strip()
    if not query:
        return queryset
    condition = Q()
    for word in query.split():
        condition &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(organisation_name__icontains=word)
        )
    return queryset.filter(condition)


def registrations_for_check_in(*, event: Event, query: str = "") -> QuerySet[Registration]:
    """People with a seat, for the check-in page, by last name."""
    queryset = Registration.objects.filter(event=event, status__in=SEAT_STATUSES).order_by(
        "last_name", "first_name", "sequence"
    )
    return registrations_search(queryset, query)


def attendance_list_rows(event: Event) -> list[Registration]:
    """Everyone holding a seat, for the attendance list to sign."""
    return list(
        Registration.objects.filter(event=event, status__in=SEAT_STATUSES).order_by(
            "last_name", "first_name", "sequence"
        )
    )


def event_status_counts(event: Event) -> list[tuple[Registration.Status, int]]:
    counts = dict(
        Registration.objects.filter(event=event)
        .values_list("status")
        .annotate(total=Count("pk"))
        .order_by()
    )
    return [(status, counts.get(status.value, 0)) for status in Registration.Status]


def event_documents(event: Event) -> QuerySet[EventDocument]:
    return (
        EventDocument.objects.filter(event=event)
        .defer("content")
        .select_related("registration", "event")
        .order_by("kind", "-created_at", "-pk")
    )

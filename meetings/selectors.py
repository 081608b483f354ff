"""Reads about meetings: who is entitled to a body's meetings, who sees which meeting, the lists
of the members' pages and the panel."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import is_coordinator
from elections.models import Election
from members import roles
from members.models import Person
from resolutions import selectors as resolution_selectors
from resolutions.models import GoverningBody, Resolution
from resolutions.services import electorate_of

from .models import AgendaItem, Meeting, MeetingDocument, Minutes

Status = Meeting.Status
# Meetings members see: a draft is the coordinator's until its notice goes out.
MEMBER_STATUSES = (Status.CONVENED, Status.IN_SESSION, Status.CLOSED, Status.CANCELLED)


def entitled_people(*, body: GoverningBody, on: datetime.date) -> list[Person]:
    """The people entitled to attend (and vote at) the meetings of `body` on `on`.

    The body's electorate, as its votes have it (resolutions' `electorate_of`): the primary
    representatives of the active members for the Assembly, the council members in office for the
    Council, the appointed people for an appointed body.
    """
    people: dict[int, Person] = {}
    for person, _organisation in electorate_of(body, on=on):
        people.setdefault(person.pk, person)
    return list(people.values())


def notice_recipients(*, meeting: Meeting) -> list[Person]:
    """Everyone the notice goes to: the entitled people, and the meeting's chair and secretary."""
    people: dict[int, Person] = {
        person.pk: person for person in entitled_people(body=meeting.body, on=timezone.localdate())
    }
    for person in (meeting.chair, meeting.secretary):
        if person is not None:
            people.setdefault(person.pk, person)
    return [person for person in people.values() if person.email]


def sees_meetings(user: User | AnonymousUser | None) -> bool:
    """The coordinator, the people of active members, council members and appointed people."""
    if user is None or not user.is_authenticated:
        return False
    if is_coordinator(user) or roles.sees_members_only_content(user):
        return True
    return resolution_selectors.bodies_of(user).exists()


def meetings_visible_to(user: User | AnonymousUser | None) -> QuerySet[Meeting]:
    """The meetings the user may open: every one for the coordinator; for others the non-draft
    meetings of the bodies they belong to, and those they chair or take the minutes of."""
    meetings = Meeting.objects.select_related("body")
    if user is None or not user.is_authenticated:
        return meetings.none()
    if is_coordinator(user):
        return meetings
    person = roles.person_of(user)
    condition = Q(body__in=resolution_selectors.bodies_of(user))
    if person is not None:
        condition |= Q(chair=person) | Q(secretary=person)
    return meetings.filter(condition, status__in=MEMBER_STATUSES).distinct()


def meeting_for(*, user: User | AnonymousUser | None, pk: int) -> Meeting | None:
    """The meeting `pk` with its agenda and documents if the user may see it, else None."""
    return (
        meetings_visible_to(user)
        .select_related("chair", "secretary")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("election", "minutes_of")
                .prefetch_related("resolutions", "documents")
                .order_by("order", "pk"),
            ),
            Prefetch(
                "documents",
                queryset=MeetingDocument.objects.filter(agenda_item__isnull=True),
                to_attr="meeting_documents",
            ),
        )
        .filter(pk=pk)
        .first()
    )


def document_for(*, user: User | AnonymousUser | None, pk: int) -> MeetingDocument | None:
    """The document `pk` if the user may see its meeting, else None."""
    return (
        MeetingDocument.objects.filter(meeting__in=meetings_visible_to(user))
        .select_related("meeting")
        .filter(pk=pk)
        .first()
    )


def my_meetings(
    *, user: User | AnonymousUser | None, now: datetime.datetime | None = None
) -> tuple[list[Meeting], list[Meeting]]:
    """The user's upcoming meetings (soonest first) and past ones (latest first)."""
    now = now or timezone.now()
    visible = meetings_visible_to(user).exclude(status=Status.DRAFT)
    upcoming = visible.filter(
        Q(starts_at__gte=now) | Q(status=Status.IN_SESSION), ~Q(status=Status.CLOSED)
    ).order_by("starts_at", "pk")
    past = visible.exclude(pk__in=upcoming.values("pk")).order_by("-starts_at", "-pk")
    return list(upcoming), list(past)


def meeting_register(*, user: User | AnonymousUser | None) -> QuerySet[Meeting]:
    """The closed meetings the user may see, latest first, with their minutes when there are."""
    return (
        meetings_visible_to(user)
        .filter(status=Status.CLOSED)
        .select_related("minutes")
        .order_by("-year", "-number", "-starts_at")
    )


def may_run_meeting(*, user: User | AnonymousUser | None, meeting: Meeting) -> bool:
    """Whether the user may open and close the meeting: the coordinator or the meeting's chair."""
    if is_coordinator(user):
        return True
    person = roles.person_of(user)
    return person is not None and meeting.chair_id == person.pk


def meetings_for_panel(*, body: GoverningBody | None = None) -> QuerySet[Meeting]:
    """Every meeting for the coordinator's list, latest first, optionally of one body."""
    meetings = Meeting.objects.select_related("body").order_by("-starts_at", "-pk")
    if body is not None:
        meetings = meetings.filter(body=body)
    return meetings


def meetings_upcoming(*, now: datetime.datetime | None = None) -> QuerySet[Meeting]:
    """Meetings still to come that are planned or convened, soonest first."""
    now = now or timezone.now()
    return (
        Meeting.objects.filter(starts_at__gte=now)
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("body")
        .order_by("starts_at", "pk")
    )


def draft_resolutions_for(*, meeting: Meeting) -> QuerySet[Resolution]:
    """Draft resolutions of the meeting's body, which an agenda item may carry."""
    return Resolution.objects.filter(body_id=meeting.body_id, status=Resolution.Status.DRAFT)


def elections_for(*, meeting: Meeting) -> QuerySet[Election]:
    """Elections of the meeting's body that an agenda item may hold."""
    return Election.objects.filter(body_id=meeting.body_id).exclude(
        status=Election.Status.CANCELLED
    )


def earlier_meetings_for(*, meeting: Meeting) -> QuerySet[Meeting]:
    """Earlier meetings of the same body, whose minutes an agenda item may approve."""
    earlier = Meeting.objects.filter(
        body_id=meeting.body_id, status__in=(Status.CLOSED, Status.IN_SESSION)
    )
    if meeting.pk is not None:
        earlier = earlier.exclude(pk=meeting.pk).filter(starts_at__lt=meeting.starts_at)
    return earlier.order_by("-starts_at")


# --- Minutes ------------------------------------------------------------------------------------


def may_edit_minutes(*, user: User | AnonymousUser | None, meeting: Meeting) -> bool:
    """Whether the user may draft and edit the meeting's minutes: its secretary or the
    coordinator."""
    if user is None or not user.is_authenticated:
        return False
    if is_coordinator(user):
        return True
    person = roles.person_of(user)
    return person is not None and meeting.secretary_id == person.pk


def minutes_pdf_for(*, user: User | AnonymousUser | None, pk: int) -> Minutes | None:
    """The approved minutes `pk` with their PDF if the user may see their meeting, else None."""
    return (
        Minutes.objects.filter(
            meeting__in=meetings_visible_to(user), status=Minutes.Status.APPROVED
        )
        .exclude(pdf="")
        .select_related("meeting")
        .filter(pk=pk)
        .first()
    )


def minutes_items_to_approve(*, meeting: Meeting) -> list[AgendaItem]:
    """The meeting's agenda items approving earlier minutes, each with `earlier_minutes` (the
    Minutes row, or None while none is drafted)."""
    items = list(
        meeting.agenda_items.filter(kind=AgendaItem.Kind.MINUTES)
        .select_related("minutes_of")
        .prefetch_related("resolutions")
        .order_by("order", "pk")
    )
    by_meeting: dict[int | None, Minutes] = {
        minutes.meeting_id: minutes
        for minutes in Minutes.objects.filter(meeting__in=[item.minutes_of_id for item in items])
    }
    for item in items:
        item.earlier_minutes = by_meeting.get(item.minutes_of_id)  # type: ignore[attr-defined]
    return items

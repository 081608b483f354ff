"""Writes about meetings: one transaction each, each leaving an audit entry.

A meeting is drafted by the coordinator (its title, time, place, agenda and documents), then
convened: the body's notice period is checked, the meeting takes the body's next number for its
year (under a lock on the body's row, so numbers have no gaps and no twins), and a task sends the
notice to everyone entitled, each in their language with an .ics. A reminder goes out two days
before; a cancellation tells everyone who had the notice. The chair or the coordinator opens and
closes the meeting.

Other parts of issue 16 (attendance, votes at the meeting, minutes) append their sections at the
end of this module.
"""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.audit import audit_log
from core.emails import email_queue
from core.links import absolute_url
from core.services import audited_update
from core.uploads import validate_document
from events.calendar import calendar_entry, calendar_uid, entry_ics
from members.models import Person
from resolutions.models import GoverningBody, Resolution

from . import selectors
from .models import AgendaItem, Meeting, MeetingDocument, MeetingNotice

Status = Meeting.Status
Actor = User | AnonymousUser | None

DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
# The reminder goes out this long before the meeting starts.
REMINDER_BEFORE = datetime.timedelta(days=2)
# A meeting's details may change until it is in session; after that only its minutes do.
EDITABLE_STATUSES = (Status.DRAFT, Status.CONVENED)

MEETING_FIELDS = [
    "body",
    *(f"title_{code}" for code, _name in settings.LANGUAGES),
    "kind",
    "starts_at",
    "ends_at",
    "place",
    "online_url",
    "chair",
    "secretary",
]
AGENDA_ITEM_FIELDS = [
    "kind",
    *(f"title_{code}" for code, _name in settings.LANGUAGES),
    *(f"description_{code}" for code, _name in settings.LANGUAGES),
    "election",
    "minutes_of",
    "notes",
]


# --- Helpers ------------------------------------------------------------------------------------


def _lock_meeting(meeting_id: int) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting_id)


def _refuse_unless_editable(meeting: Meeting) -> None:
    if meeting.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("This meeting can no longer be changed: it is %(status)s.")
            % {"status": Status(meeting.status).label},
            code="not_editable",
        )


def _next_number(body: GoverningBody, year: int) -> int:
    """The body's next meeting number in `year`; the caller holds the lock on the body's row."""
    latest = Meeting.objects.filter(body=body, year=year).aggregate(latest=Max("number"))
    return (latest["latest"] or 0) + 1


# --- Meetings -----------------------------------------------------------------------------------


@transaction.atomic
def meeting_save(
    *, actor: Actor, data: Mapping[str, Any], meeting: Meeting | None = None
) -> Meeting:
    """Create a draft meeting, or change a meeting that has not begun.

    The body cannot change once the meeting is convened: its number is the body's.
    """
    creating = meeting is None
    if meeting is None:
        meeting = Meeting(status=Status.DRAFT)
    else:
        meeting = _lock_meeting(meeting.pk)
        _refuse_unless_editable(meeting)
        if meeting.status != Status.DRAFT and "body" in data and data["body"] != meeting.body:
            raise ValidationError(
                {"body": _("The body of a convened meeting cannot change.")}, code="body_fixed"
            )
    audited_update(
        actor=actor,
        instance=meeting,
        data=data,
        fields=MEETING_FIELDS,
        audit_action="meeting.created" if creating else "meeting.updated",
        log_unchanged=creating,
    )
    return meeting


def notice_days_left(*, meeting: Meeting, now: datetime.datetime | None = None) -> int:
    """Whole days from `now` to the meeting's start."""
    now = now or timezone.now()
    return max((meeting.starts_at - now).days, 0)


@transaction.atomic
def meeting_convene(
    *,
    actor: Actor,
    meeting: Meeting,
    override_reason: str = "",
    now: datetime.datetime | None = None,
) -> Meeting:
    """Send the meeting's notice: number it, mark it convened, and queue the notices.

    The notice must leave at least the body's `notice_days` before the start. An extraordinary
    meeting may be convened at shorter notice when the coordinator gives the reason, which the
    audit trail keeps; an ordinary one never.
    """
    from .tasks import meeting_notices_send

    now = now or timezone.now()
    # The body's row first, then the meeting's: the lock that serialises numbering.
    body = GoverningBody.objects.select_for_update().get(pk=meeting.body_id)
    meeting = _lock_meeting(meeting.pk)
    if meeting.status != Status.DRAFT:
        raise ValidationError(_("This meeting has already been convened."), code="not_draft")
    if meeting.starts_at <= now:
        raise ValidationError(
            _("The meeting's start has passed; change its date first."), code="past"
        )
    if not meeting.agenda_items.exists():
        raise ValidationError(
            _("Add at least one agenda item before sending the notice."), code="no_agenda"
        )
    override_reason = override_reason.strip()
    short_notice = meeting.starts_at - now < datetime.timedelta(days=body.notice_days)
    if short_notice and not (meeting.kind == Meeting.Kind.EXTRAORDINARY and override_reason):
        raise ValidationError(
            _(
                "The rules of %(body)s require the notice %(days)s days before the meeting; "
                "only %(left)s remain. Move the meeting, or convene it as an extraordinary "
                "meeting and give the reason for the short notice."
            )
            % {
                "body": body.name,
                "days": body.notice_days,
                "left": notice_days_left(meeting=meeting, now=now),
            },
            code="notice_period",
        )
    year = timezone.localtime(meeting.starts_at).year
    meeting.year = year
    meeting.number = _next_number(body, year)
    meeting.status = Status.CONVENED
    meeting.notice_sent_at = now
    meeting.save(update_fields=["year", "number", "status", "notice_sent_at", "updated_at"])
    changes: dict[str, Any] = {"number": [None, meeting.number_display]}
    if short_notice:
        changes["short_notice_reason"] = [None, override_reason]
    audit_log(actor=actor, action="meeting.convened", target=meeting, changes=changes)
    meeting_id = meeting.pk
    transaction.on_commit(lambda: meeting_notices_send.delay(meeting_id))
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Actor, meeting: Meeting, reason: str = "") -> Meeting:
    """Cancel a meeting that has not begun; everyone who had the notice is told by a task."""
    from .tasks import meeting_cancellation_send

    meeting = _lock_meeting(meeting.pk)
    _refuse_unless_editable(meeting)
    previous = meeting.status
    meeting.status = Status.CANCELLED
    meeting.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=actor,
        action="meeting.cancelled",
        target=meeting,
        changes={"status": [previous, meeting.status], "reason": [None, reason.strip()]},
    )
    if previous == Status.CONVENED:
        meeting_id = meeting.pk
        transaction.on_commit(lambda: meeting_cancellation_send.delay(meeting_id))
    return meeting


@transaction.atomic
def meeting_open(
    *, actor: Actor, meeting: Meeting, now: datetime.datetime | None = None
) -> Meeting:
    """Open a convened meeting: it is in session (attendance is registered from now on)."""
    meeting = _lock_meeting(meeting.pk)
    if meeting.status != Status.CONVENED:
        raise ValidationError(_("Only a convened meeting can be opened."), code="not_convened")
    meeting.status = Status.IN_SESSION
    meeting.opened_at = now or timezone.now()
    meeting.save(update_fields=["status", "opened_at", "updated_at"])
    audit_log(
        actor=actor,
        action="meeting.opened",
        target=meeting,
        changes={"status": [Status.CONVENED, Status.IN_SESSION]},
    )
    return meeting


@transaction.atomic
def meeting_close(
    *, actor: Actor, meeting: Meeting, now: datetime.datetime | None = None
) -> Meeting:
    """Close a meeting in session."""
    meeting = _lock_meeting(meeting.pk)
    if meeting.status != Status.IN_SESSION:
        raise ValidationError(_("Only a meeting in session can be closed."), code="not_in_session")
    meeting.status = Status.CLOSED
    meeting.closed_at = now or timezone.now()
    meeting.save(update_fields=["status", "closed_at", "updated_at"])
    audit_log(
        actor=actor,
        action="meeting.closed",
        target=meeting,
        changes={"status": [Status.IN_SESSION, Status.CLOSED]},
    )
    return meeting


# --- The agenda ---------------------------------------------------------------------------------


def _check_agenda_links(item: AgendaItem, resolutions: Iterable[Resolution]) -> None:
    meeting = item.meeting
    if item.election_id and item.election is not None and item.election.body_id != meeting.body_id:
        raise ValidationError({"election": _("Choose an election of the meeting's body.")})
    if item.minutes_of_id and item.minutes_of is not None:
        earlier = item.minutes_of
        if earlier.body_id != meeting.body_id or earlier.pk == meeting.pk:
            raise ValidationError({"minutes_of": _("Choose an earlier meeting of the same body.")})
    for resolution in resolutions:
        if resolution.body_id != meeting.body_id or resolution.status != Resolution.Status.DRAFT:
            raise ValidationError(
                {"resolutions": _("Choose draft resolutions of the meeting's body.")}
            )


@transaction.atomic
def agenda_item_save(
    *,
    actor: Actor,
    meeting: Meeting,
    data: Mapping[str, Any],
    resolutions: Iterable[Resolution] = (),
    item: AgendaItem | None = None,
) -> AgendaItem:
    """Add an item at the end of the agenda, or change one; `resolutions` replace its drafts."""
    meeting = _lock_meeting(meeting.pk)
    _refuse_unless_editable(meeting)
    resolutions = list(resolutions)
    creating = item is None
    if item is None:
        latest = meeting.agenda_items.aggregate(latest=Max("order"))["latest"]
        item = AgendaItem(meeting=meeting, order=(latest or 0) + 1)
    else:
        item = AgendaItem.objects.get(pk=item.pk, meeting=meeting)
        item.meeting = meeting

    def resolutions_set() -> dict[str, Any] | None:
        before = sorted(item.resolutions.values_list("pk", flat=True)) if not creating else []
        item.resolutions.set(resolutions)
        after = sorted(resolution.pk for resolution in resolutions)
        return {"resolutions": [before, after]} if before != after else None

    audited_update(
        actor=actor,
        instance=item,
        data=data,
        fields=AGENDA_ITEM_FIELDS,
        audit_action="agenda_item.created" if creating else "agenda_item.updated",
        parent=meeting,
        check=lambda: _check_agenda_links(item, resolutions),
        related=resolutions_set,
        log_unchanged=creating,
    )
    return item


@transaction.atomic
def agenda_item_delete(*, actor: Actor, item: AgendaItem) -> None:
    """Remove an item from the agenda; the items after it move up."""
    meeting = _lock_meeting(item.meeting_id)
    _refuse_unless_editable(meeting)
    item = AgendaItem.objects.get(pk=item.pk, meeting=meeting)
    title, order = item.title, item.order
    item.delete()
    for later in meeting.agenda_items.filter(order__gt=order).order_by("order"):
        later.order -= 1
        later.save(update_fields=["order"])
    audit_log(
        actor=actor,
        action="agenda_item.deleted",
        target=meeting,
        changes={"agenda_item": [f"{order}. {title}", None]},
    )


@transaction.atomic
def agenda_item_move(*, actor: Actor, item: AgendaItem, up: bool) -> AgendaItem:
    """Swap the item with the one before it (`up`) or after it."""
    meeting = _lock_meeting(item.meeting_id)
    _refuse_unless_editable(meeting)
    item = AgendaItem.objects.get(pk=item.pk, meeting=meeting)
    neighbours = meeting.agenda_items.exclude(pk=item.pk)
    other = (
        neighbours.filter(order__lt=item.order).order_by("-order").first()
        if up
        else neighbours.filter(order__gt=item.order).order_by("order").first()
    )
    if other is None:
        return item
    first, second = item.order, other.order
    # Through a free number, so the unique order holds where it cannot be deferred (SQLite).
    spare = (meeting.agenda_items.aggregate(latest=Max("order"))["latest"] or 0) + 1
    AgendaItem.objects.filter(pk=item.pk).update(order=spare)
    AgendaItem.objects.filter(pk=other.pk).update(order=first)
    AgendaItem.objects.filter(pk=item.pk).update(order=second)
    item.order = second
    audit_log(
        actor=actor,
        action="agenda_item.moved",
        target=meeting,
        changes={"agenda_item": [f"{first}. {item.title}", f"{second}. {item.title}"]},
    )
    return item


# --- Documents ----------------------------------------------------------------------------------


@transaction.atomic
def meeting_document_add(
    *,
    actor: Actor,
    meeting: Meeting,
    title: str,
    upload: UploadedFile,
    agenda_item: AgendaItem | None = None,
) -> MeetingDocument:
    """Attach a document to the meeting or one of its agenda items (kept in private storage)."""
    validate_document(upload, max_bytes=DOCUMENT_MAX_BYTES)
    meeting = _lock_meeting(meeting.pk)
    if meeting.status == Status.CANCELLED:
        raise ValidationError(_("A cancelled meeting takes no documents."), code="cancelled")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})
    document = MeetingDocument(
        meeting=meeting, agenda_item=agenda_item, title=title.strip() or upload.name or ""
    )
    document.file.save(upload.name or "document", upload, save=False)
    document.full_clean()
    document.save()
    audit_log(
        actor=actor,
        action="meeting.document_added",
        target=meeting,
        changes={"document": [None, document.title]},
    )
    return document


@transaction.atomic
def meeting_document_remove(*, actor: Actor, document: MeetingDocument) -> None:
    """Remove a document from a meeting that has not begun."""
    meeting = _lock_meeting(document.meeting_id)
    _refuse_unless_editable(meeting)
    title = document.title
    document.file.delete(save=False)
    document.delete()
    audit_log(
        actor=actor,
        action="meeting.document_removed",
        target=meeting,
        changes={"document": [title, None]},
    )


# --- Notices, reminders, cancellations ----------------------------------------------------------


def _location(meeting: Meeting) -> str:
    return ", ".join(part for part in (meeting.place, meeting.online_url) if part)


def meeting_ics(meeting: Meeting, *, language: str | None = None) -> bytes:
    """Return the .ics bytes of the meeting, its texts in `language` (the current one)."""

    def entry_of() -> Any:
        return calendar_entry(
            uid=calendar_uid("meeting", meeting.pk),
            summary=f"{meeting.body.name}: {meeting.title}",
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            description="\n".join(str(item) for item in meeting.agenda_items.order_by("order")),
            page_url=absolute_url(meeting.get_absolute_url()),
            location=_location(meeting),
            cancelled=meeting.status == Status.CANCELLED,
            last_modified=meeting.updated_at,
        )

    return bytes(entry_ics(name=meeting.title, entry_of=entry_of, language=language))


def _send_once(meeting: Meeting, person: Person, kind: str, template: str) -> bool:
    """Queue one message to one person unless it went before; one transaction per person."""
    language = person.language or settings.LANGUAGE_CODE
    with transaction.atomic():
        notice, created = MeetingNotice.objects.get_or_create(
            meeting=meeting, person=person, kind=kind
        )
        if not created:
            return False
        with translation.override(language):
            # The agenda's and the documents' texts in the person's language.
            items = list(meeting.agenda_items.order_by("order", "pk").prefetch_related("documents"))
            documents = list(meeting.documents.filter(agenda_item__isnull=True))
            notice.email = email_queue(
                to=person.email,
                template=template,
                language=language,
                context={
                    "meeting": meeting,
                    "person": person,
                    "agenda_items": items,
                    "documents": documents,
                    "meeting_url": absolute_url(meeting.get_absolute_url()),
                },
                attachments=[
                    (
                        f"meeting-{meeting.pk}.ics",
                        meeting_ics(meeting, language=language),
                        "text/calendar",
                    )
                ],
            )
        notice.save(update_fields=["email"])
    return True


def meeting_notices_send(*, meeting_id: int) -> int:
    """Send the notice to every recipient who has not had it; return how many went now."""
    meeting = Meeting.objects.select_related("body", "chair", "secretary").get(pk=meeting_id)
    if meeting.status not in (Status.CONVENED, Status.IN_SESSION):
        return 0
    return sum(
        _send_once(meeting, person, MeetingNotice.Kind.NOTICE, "meetings_notice")
        for person in selectors.notice_recipients(meeting=meeting)
    )


def reminders_due(*, now: datetime.datetime | None = None) -> models.QuerySet[Meeting, int]:
    """Convened meetings starting within REMINDER_BEFORE whose reminder has not gone out."""
    now = now or timezone.now()
    return Meeting.objects.filter(
        status=Status.CONVENED,
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_BEFORE,
    ).values_list("pk", flat=True)


def meeting_reminder_send(*, meeting_id: int) -> int:
    """Remind everyone who had the notice, each once; return how many went now."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    if meeting.status != Status.CONVENED:
        return 0
    notified = Person.objects.filter(
        pk__in=MeetingNotice.objects.filter(meeting=meeting, kind=MeetingNotice.Kind.NOTICE).values(
            "person"
        )
    ).exclude(email="")
    sent = sum(
        _send_once(meeting, person, MeetingNotice.Kind.REMINDER, "meetings_reminder")
        for person in notified
    )
    Meeting.objects.filter(pk=meeting.pk, reminder_sent_at__isnull=True).update(
        reminder_sent_at=timezone.now()
    )
    return sent


def meeting_cancellation_send(*, meeting_id: int) -> int:
    """Tell everyone who had the notice that the meeting is cancelled, each once."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    if meeting.status != Status.CANCELLED:
        return 0
    notified = Person.objects.filter(
        pk__in=MeetingNotice.objects.filter(meeting=meeting, kind=MeetingNotice.Kind.NOTICE).values(
            "person"
        )
    ).exclude(email="")
    return sum(
        _send_once(meeting, person, MeetingNotice.Kind.CANCELLATION, "meetings_cancelled")
        for person in notified
    )

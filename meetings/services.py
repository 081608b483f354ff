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
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.audit import audit_log
from core.emails import email_queue
from core.links import absolute_url
from core.pdf import pdf_render, sha256_hex
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


# --- Minutes ------------------------------------------------------------------------------------
# The legal record of a meeting, always in Polish: drafted from the agenda, the attendance, the
# outcomes and the secretary's notes once the meeting is in session or closed; edited by the
# secretary or the coordinator while a draft; approved under an item of a later meeting of the
# same body; then rendered to a PDF with its SHA-256 and published to the body's people once.

MINUTES_MEETING_STATUSES = (Status.IN_SESSION, Status.CLOSED)
# The minutes are the legal record: drafted and rendered in the cluster's official language.
MINUTES_LANGUAGE = "pl"


def _minutes_context(meeting: Meeting) -> dict[str, Any]:
    """What the draft text and the PDF show of the meeting, its agenda in order first."""
    from elections.models import Candidate

    from .models import Attendance, MeetingProxy, QuorumRecord

    items = list(
        meeting.agenda_items.order_by("order", "pk")
        .select_related("election", "minutes_of")
        .prefetch_related("resolutions")
    )
    for item in items:
        item.minutes_resolutions = sorted(  # type: ignore[attr-defined]
            item.resolutions.all(), key=lambda r: (r.number or 0, r.pk)
        )
        item.minutes_candidates = (  # type: ignore[attr-defined]
            list(
                Candidate.objects.filter(election=item.election, consented_at__isnull=False)
                .select_related("person__organisation")
                .order_by("-votes", "person__last_name", "person__first_name", "pk")
            )
            if item.election_id
            else []
        )
    attendance = list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person__organisation", "organisation")
        .order_by("person__last_name", "person__first_name", "pk")
    )
    return {
        "meeting": meeting,
        "agenda_items": items,
        "in_person": [a for a in attendance if a.mode == Attendance.Mode.IN_PERSON],
        "online": [a for a in attendance if a.mode == Attendance.Mode.ONLINE],
        "proxies": list(
            MeetingProxy.objects.filter(meeting=meeting, withdrawn_at__isnull=True)
            .select_related("organisation", "holder", "granted_by")
            .order_by("organisation__name", "pk")
        ),
        "quorum_records": list(
            QuorumRecord.objects.filter(meeting=meeting).select_related(
                "agenda_item", "resolution", "election"
            )
        ),
    }


def minutes_text(meeting: Meeting) -> str:
    """Draft the minutes' text of `meeting` in Polish from its record."""
    from django.template.loader import render_to_string

    with translation.override(MINUTES_LANGUAGE):
        text = render_to_string("meetings/minutes_draft.txt", _minutes_context(meeting))
    # Blank lines the template's tags leave behind are squeezed to one.
    lines: list[str] = []
    for line in (raw.rstrip() for raw in text.splitlines()):
        if line or (lines and lines[-1]):
            lines.append(line)
    return "\n".join(lines).strip() + "\n"


def _refuse_unless_draft(minutes: Any) -> None:
    if minutes.status != minutes.Status.DRAFT:
        raise ValidationError(
            _("These minutes are approved and can no longer change."), code="approved"
        )


def _refuse_unless_editor(actor: Actor, meeting: Meeting) -> None:
    if not selectors.may_edit_minutes(user=actor, meeting=meeting):
        raise ValidationError(
            _("Only the meeting's secretary or the coordinator may write its minutes."),
            code="not_secretary",
        )


@transaction.atomic
def minutes_draft(*, actor: Actor, meeting: Meeting) -> Any:
    """Draft the minutes from the meeting's record, or draft them again while they are a draft.

    Drafting again replaces the text (the audit trail keeps the one it replaces).
    """
    from .models import Minutes

    meeting = _lock_meeting(meeting.pk)
    _refuse_unless_editor(actor, meeting)
    if meeting.status not in MINUTES_MEETING_STATUSES:
        raise ValidationError(
            _("Minutes are drafted once the meeting is in session or closed."),
            code="not_held",
        )
    text = minutes_text(meeting)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None:
        minutes = Minutes.objects.create(meeting=meeting, text=text)
        audit_log(
            actor=actor,
            action="minutes.drafted",
            target=meeting,
            changes={"text": [None, text]},
        )
        return minutes
    _refuse_unless_draft(minutes)
    before = minutes.text
    minutes.text = text
    minutes.save(update_fields=["text", "updated_at"])
    audit_log(
        actor=actor,
        action="minutes.redrafted",
        target=meeting,
        changes={"text": [before, text]},
    )
    return minutes


@transaction.atomic
def minutes_update(*, actor: Actor, minutes: Any, text: str) -> Any:
    """Change the text of draft minutes: the secretary's or the coordinator's."""
    from .models import Minutes

    meeting = _lock_meeting(minutes.meeting_id)
    _refuse_unless_editor(actor, meeting)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    _refuse_unless_draft(minutes)
    text = text.replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": _("The minutes cannot be empty.")}, code="empty")
    if text == minutes.text.strip():
        return minutes
    before = minutes.text
    minutes.text = text
    minutes.full_clean()
    minutes.save(update_fields=["text", "updated_at"])
    audit_log(
        actor=actor,
        action="minutes.updated",
        target=meeting,
        changes={"text": [before, text]},
    )
    return minutes


@transaction.atomic
def minutes_approve(
    *,
    minutes: Any,
    at_meeting: Meeting,
    actor: Actor,
    resolution: Resolution | None = None,
) -> Any:
    """Record that a later meeting approved the minutes under its agenda item for them.

    The later meeting is in session or closed; its chair or the coordinator records it,
    optionally with the resolution adopted under that item. The minutes are then rendered to a
    PDF and published to the body's people by a task, once.
    """
    from .models import Minutes
    from .tasks import minutes_publish

    at_meeting = _lock_meeting(at_meeting.pk)
    minutes = Minutes.objects.select_for_update().select_related("meeting").get(pk=minutes.pk)
    if not selectors.may_run_meeting(user=actor, meeting=at_meeting):
        raise ValidationError(
            _("Only the chair of the meeting or the coordinator may record the approval."),
            code="not_chair",
        )
    _refuse_unless_draft(minutes)
    if at_meeting.status not in MINUTES_MEETING_STATUSES:
        raise ValidationError(
            _("Minutes are approved at a meeting in session or closed."), code="not_held"
        )
    item = at_meeting.agenda_items.filter(
        kind=AgendaItem.Kind.MINUTES, minutes_of_id=minutes.meeting_id
    ).first()
    if (
        item is None
        or at_meeting.pk == minutes.meeting_id
        or at_meeting.body_id != minutes.meeting.body_id
        or at_meeting.starts_at <= minutes.meeting.starts_at
    ):
        raise ValidationError(
            _(
                "Minutes are approved at a later meeting of the same body, under an agenda "
                "item for them."
            ),
            code="no_item",
        )
    if resolution is not None:
        if not item.resolutions.filter(pk=resolution.pk).exists():
            raise ValidationError(
                {"resolution": _("Choose a resolution of the item approving the minutes.")},
                code="resolution_not_on_item",
            )
        if resolution.outcome != Resolution.Outcome.ADOPTED:
            raise ValidationError(
                {"resolution": _("The resolution approving the minutes must be adopted.")},
                code="resolution_not_adopted",
            )
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at_meeting = at_meeting
    minutes.approved_on = timezone.localdate(at_meeting.opened_at or at_meeting.starts_at)
    minutes.save(update_fields=["status", "approved_at_meeting", "approved_on", "updated_at"])
    audit_log(
        actor=actor,
        action="minutes.approved",
        target=minutes.meeting,
        changes={
            "status": [Minutes.Status.DRAFT, Minutes.Status.APPROVED],
            "approved_at": at_meeting.number_display,
            "agenda_item": str(item),
            "resolution": resolution.number_display if resolution is not None else None,
        },
    )
    minutes_id = minutes.pk
    transaction.on_commit(lambda: minutes_publish.delay(minutes_id))
    return minutes


def minutes_pdf_bytes(minutes: Any) -> bytes:
    """Render the approved minutes' PDF in Polish."""
    context = _minutes_context(minutes.meeting)
    context["minutes"] = minutes
    return bytes(
        pdf_render(template="pdf/meeting_minutes.html", context=context, language=MINUTES_LANGUAGE)
    )


@transaction.atomic
def minutes_pdf_store(*, minutes_id: int) -> Any:
    """Render and keep approved minutes' PDF with its SHA-256, in private storage; only once."""
    from .models import Minutes

    minutes = (
        Minutes.objects.select_for_update(of=("self",))
        .select_related(
            "meeting__body", "meeting__chair", "meeting__secretary", "approved_at_meeting"
        )
        .get(pk=minutes_id)
    )
    if minutes.pdf or minutes.status != Minutes.Status.APPROVED:
        return minutes
    content = minutes_pdf_bytes(minutes)
    minutes.pdf_sha256 = sha256_hex(content)
    meeting = minutes.meeting
    filename = f"minutes-{meeting.body.slug}-{meeting.year}-{meeting.number}.pdf"
    minutes.pdf.save(filename, ContentFile(content), save=False)
    minutes.save(update_fields=["pdf", "pdf_sha256", "updated_at"])
    audit_log(
        actor=None,
        action="minutes.pdf_rendered",
        target=meeting,
        changes={"sha256": minutes.pdf_sha256},
    )
    return minutes


@transaction.atomic
def minutes_publish(*, minutes_id: int, now: datetime.datetime | None = None) -> int:
    """Publish approved minutes: their PDF, then one e-mail to each of the body's people, in
    their language, that the minutes are available. Only once; return how many e-mails went."""
    from .models import Minutes

    minutes = minutes_pdf_store(minutes_id=minutes_id)
    claimed = Minutes.objects.filter(
        pk=minutes_id, status=Minutes.Status.APPROVED, published_at__isnull=True
    ).update(published_at=now or timezone.now())
    if not claimed:
        return 0
    meeting = minutes.meeting
    audit_log(actor=None, action="minutes.published", target=meeting, changes={})
    people = selectors.notice_recipients(meeting=meeting)
    for person in people:
        language = person.language or settings.LANGUAGE_CODE
        email_queue(
            to=person.email,
            template="meetings_minutes_published",
            language=language,
            context={
                "meeting": meeting,
                "minutes": minutes,
                "person": person,
                "meeting_url": absolute_url(meeting.get_absolute_url()),
            },
        )
    return len(people)

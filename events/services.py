"""Writes about events and registrations: one transaction each, each leaving an audit entry.

Every change to the registrations of an event first locks the event's row (`_lock_event`), then
touches registrations: one lock, always taken first, so seats are counted and given out by one
transaction at a time and two transactions never wait for each other in opposite orders.
"""

import copy
import datetime
import functools
import logging
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import timedelta
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import User
from core.audit import audit_log, model_snapshot
from core.domain_events import REGISTRATION_CANCELLED, REGISTRATION_CREATED, domain_event_emit
from core.emails import email_queue
from core.services import audited_update, save_checked, unique_slug
from members.models import Person

from . import selectors
from .calendar import event_ics
from .models import SEAT_STATUSES, Event, EventDocument, EventQuestion, Registration

Status = Registration.Status
logger = logging.getLogger(__name__)

# How long a registration waits for the event's lock before giving up with a message.
LOCK_TIMEOUT = "5s"
GUEST_SIGNING_SALT = "events.guest-registration"
GUEST_LINK_MAX_AGE = 60 * 60 * 48
# URL segments of the public event pages that an event's slug must not take.
RESERVED_SLUGS = {"my", "confirm", "registrations", "calendar"}

EVENT_AUDITED_FIELDS = [
    "kind",
    *(f"title_{code}" for code, _name in settings.LANGUAGES),
    *(f"description_{code}" for code, _name in settings.LANGUAGES),
    *(f"programme_{code}" for code, _name in settings.LANGUAGES),
    "starts_at",
    "ends_at",
    "venue",
    "host_organisation",
    "online_url",
    "capacity",
    "waitlist_enabled",
    "registration_opens_at",
    "registration_closes_at",
    "audience",
    "action_group",
    "per_organisation_limit",
]
QUESTION_FIELDS = [
    *(f"label_{code}" for code, _name in settings.LANGUAGES),
    *(f"options_{code}" for code, _name in settings.LANGUAGES),
    "kind",
    "required",
    "position",
]


# --- Helpers ------------------------------------------------------------------------------------


@contextmanager
def _event_lock_wait() -> Iterator[None]:
    """Wait for the event's lock at most LOCK_TIMEOUT, then refuse with a message to try again."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
    try:
        yield
    except OperationalError as error:
        raise ValidationError(
            _("Many people are registering right now. Please try again in a moment."),
            code="busy",
        ) from error


def _lock_event(event_id: int) -> Event:
    """Lock the event's row for this transaction and return it fresh from the database."""
    with _event_lock_wait():
        return Event.objects.select_for_update().get(pk=event_id)


def _seats_taken(event: Event) -> int:
    return Registration.objects.filter(event=event, status__in=SEAT_STATUSES).count()


def _email_context(registration: Registration) -> dict[str, Any]:
    return {"registration": registration, "event": registration.event}


def _ics_attachment(registration: Registration) -> tuple[str, str, str]:
    event = registration.event
    return (f"{event.slug}.ics", event_ics(event, language=registration.language), "text/calendar")


def _notify(registration: Registration, template: str, *, with_calendar: bool = False) -> None:
    email_queue(
        to=registration.email,
        template=template,
        language=registration.language,
        context=_email_context(registration),
        attachments=[_ics_attachment(registration)] if with_calendar else (),
    )


# --- Events -------------------------------------------------------------------------------------


def _save_questions(event: Event, questions: Iterable[Mapping[str, Any]]) -> list[str]:
    """Apply question changes: dicts of QUESTION_FIELDS, with `id` to change and `delete`."""
    changed = []
    for data in questions:
        pk, delete = data.get("id"), data.get("delete", False)
        values = {name: data[name] for name in QUESTION_FIELDS if name in data}
        if pk:
            question = EventQuestion.objects.get(pk=pk, event=event)
            if delete:
                question.delete()
                changed.append(f"- {question.label}")
                continue
            for name, value in values.items():
                setattr(question, name, value)
            question.save()
            changed.append(f"~ {question.label}")
        elif not delete:
            question = EventQuestion.objects.create(event=event, **values)
            changed.append(f"+ {question.label}")
    return changed


def _check_host(event: Event) -> None:
    """Refuse a host that is not an active member; run once the fields are valid."""
    # A set host_organisation_id means host_organisation is an organisation.
    if event.host_organisation_id and not event.host_organisation.is_active_member:  # type: ignore[union-attr]
        raise ValidationError(
            {"host_organisation": _("The host must be an active member.")}, code="host"
        )


@transaction.atomic
def event_create(
    *, actor: User | None, data: Mapping[str, Any], questions: Iterable[Mapping[str, Any]] = ()
) -> Event:
    """Create a draft event from validated field values."""
    event = Event(**data, status=Event.Status.DRAFT)
    # title_pl is modeltranslation's, which django-stubs does not see.
    event.slug = unique_slug(
        Event,
        event.title_pl or event.title,  # type: ignore[attr-defined]
        reserved=RESERVED_SLUGS,
    )
    save_checked(event, exclude=["slug"], check=lambda: _check_host(event))
    _save_questions(event, questions)
    audit_log(
        actor=actor,
        action="event.created",
        target=event,
        changes=model_snapshot(event, EVENT_AUDITED_FIELDS),
    )
    return event


@transaction.atomic
def event_update(
    *,
    event: Event,
    actor: User | None,
    data: Mapping[str, Any],
    questions: Iterable[Mapping[str, Any]] = (),
) -> Event:
    """Change an event; a larger capacity promotes people from the waiting list."""
    event = _lock_event(event.pk)

    def host_and_capacity_check() -> None:
        _check_host(event)
        taken = _seats_taken(event)
        if event.capacity is not None and event.capacity < taken:
            raise ValidationError(
                {
                    "capacity": ngettext(
                        "%(taken)s person already holds a seat; the capacity cannot be lower.",
                        "%(taken)s people already hold a seat; the capacity cannot be lower.",
                        taken,
                    )
                    % {"taken": taken}
                },
                code="capacity_below_taken",
            )

    def questions_save() -> dict[str, Any] | None:
        question_changes = _save_questions(event, questions)
        return {"questions": question_changes} if question_changes else None

    audited_update(
        actor=actor,
        instance=event,
        data=data,
        fields=EVENT_AUDITED_FIELDS,
        audit_action="event.updated",
        check=host_and_capacity_check,
        exclude=["slug"],
        related=questions_save,
    )
    if event.is_published:
        _promote_waitlisted(event, actor=actor)
    return event


@transaction.atomic
def event_publish(*, event: Event, actor: User | None) -> Event:
    """Make a draft event visible and open for registration in its window."""
    event = _lock_event(event.pk)
    if event.status != Event.Status.DRAFT:
        raise ValidationError(_("Only a draft event can be published."), code="not_draft")
    event.status = Event.Status.PUBLISHED
    event.published_at = timezone.now()
    event.save(update_fields=["status", "published_at", "updated_at"])
    audit_log(actor=actor, action="event.published", target=event)
    return event


@transaction.atomic
def event_cancel(*, event: Event, actor: User | None, reason: str) -> Event:
    """Cancel an event and tell everyone registered, by a task once this commits."""
    from .tasks import event_cancellation_notices_send

    event = _lock_event(event.pk)
    if event.is_cancelled:
        raise ValidationError(_("This event is already cancelled."), code="already_cancelled")
    if not reason.strip():
        raise ValidationError({"reason": _("Give a reason for cancelling.")}, code="no_reason")
    previous = event.status
    event.status = Event.Status.CANCELLED
    event.cancelled_at = timezone.now()
    event.cancellation_reason = reason
    event.save(update_fields=["status", "cancelled_at", "cancellation_reason", "updated_at"])
    audit_log(
        actor=actor,
        action="event.cancelled",
        target=event,
        changes={"status": [previous, event.status], "reason": reason},
    )
    transaction.on_commit(lambda: event_cancellation_notices_send.delay(event.pk))
    return event


def event_cancellation_notices_send(*, event_id: int) -> int:
    """E-mail the cancellation to everyone confirmed or waiting; each person once."""
    event = Event.objects.get(pk=event_id)
    if not event.is_cancelled:
        return 0
    sent = 0
    pending = Registration.objects.filter(
        event=event,
        status__in=[Status.CONFIRMED, Status.WAITLISTED],
        cancellation_notice_sent_at__isnull=True,
    ).values_list("pk", flat=True)
    for registration_id in pending:
        with transaction.atomic():
            claimed = Registration.objects.filter(
                pk=registration_id, cancellation_notice_sent_at__isnull=True
            ).update(cancellation_notice_sent_at=timezone.now())
            if claimed:
                registration = Registration.objects.select_related("event").get(pk=registration_id)
                _notify(registration, "events_event_cancelled")
                sent += 1
    return sent


# --- Registration -------------------------------------------------------------------------------


def _refuse_unless_open(event: Event) -> None:
    refusal = selectors.window_refusal(event)
    if refusal:
        raise ValidationError(refusal, code="closed")


def _refuse_unless_allowed(event: Event, person: Person | None) -> None:
    refusal = selectors.audience_refusal(event, person=person)
    if refusal:
        raise ValidationError(refusal, code="audience")


def _already_registered_error(name: str) -> ValidationError:
    return ValidationError(
        _("%(name)s is already registered for this event.") % {"name": name},
        code="duplicate",
    )


def _registrant_fields(*, person: Person | None, guest: Mapping[str, Any] | None) -> dict[str, Any]:
    if person is not None:
        return {
            "person": person,
            "organisation": person.organisation,
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "organisation_name": person.organisation.name,
        }
    assert guest is not None  # registration_create gives exactly one of person and guest
    return {
        "first_name": guest["first_name"],
        "last_name": guest["last_name"],
        "email": guest["email"],
        "organisation_name": guest.get("organisation_name", ""),
    }


# What registering decides on, read again with the row's lock: it may have changed since the event
# was loaded.
_DECIDED_UNDER_LOCK = (
    "last_sequence",
    "status",
    "audience",
    "action_group",
    "registration_opens_at",
    "registration_closes_at",
    "starts_at",
    "capacity",
    "waitlist_enabled",
    "per_organisation_limit",
)


def _take_number(event: Event) -> None:
    """Lock the event's row and take its next sequence number, in one statement.

    The same statement reads back the fields registering decides on, onto `event`, so what is
    checked afterwards is current. Only those columns: building an Event from all of them (every
    translated field has one per language) cost the lock's holder more than the statement. Raw
    SQL keeps the model's signals quiet: the one page-cache invalidation is the audit entry's.
    """
    quote = connection.ops.quote_name
    meta = Event._meta
    fields = [cast("models.Field[Any, Any]", meta.get_field(name)) for name in _DECIDED_UNDER_LOCK]
    # Concrete fields have a column; django-stubs types it `str | None` for all fields.
    columns: list[str] = [meta.pk.column, *(field.column for field in fields)]  # type: ignore[list-item]
    number = quote(meta.get_field("last_sequence").column)  # type: ignore[arg-type]
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {number} = {number} + 1 "
        f"WHERE {quote(columns[0])} = %s RETURNING {', '.join(map(quote, columns))}"
    )
    with _event_lock_wait():
        locked = list(Event.objects.raw(sql, [event.pk]))
    if not locked:
        raise Event.DoesNotExist(f"No event {event.pk}.")
    for field in fields:
        # Setting a foreign key's id drops the related object cached for the old one.
        setattr(event, field.attname, getattr(locked[0], field.attname))


def _insert_taking_seat(registration: Registration, *, capacity: int | None) -> Registration | None:
    """Insert the registration, its status decided by counting the seats in the same statement.

    The event's row must be locked by this transaction, so the count is that of committed
    registrations and nobody else's can come between it and the insert. A registration the
    unique constraints refuse (the same person or e-mail, active) is not inserted: None.
    """
    quote = connection.ops.quote_name
    meta = Registration._meta
    fields = [
        field
        for field in meta.concrete_fields
        if not field.primary_key
        and field.name != "status"
        and field.db_default is models.NOT_PROVIDED
    ]
    # Concrete fields have a column; django-stubs types it `str | None` for all fields.
    columns = [quote(field.column) for field in fields] + [  # type: ignore[arg-type]
        quote(meta.get_field("status").column)  # type: ignore[arg-type]
    ]
    params = [
        field.get_db_prep_save(field.pre_save(registration, add=True), connection)
        for field in fields
    ]
    if capacity is None:
        status_sql = "%s"
        params.append(Status.CONFIRMED)
    else:
        status_sql = (
            f"CASE WHEN (SELECT COUNT(*) FROM {quote(meta.db_table)} "
            f"WHERE {quote(meta.get_field('event').column)} = %s "
            f"AND {quote(meta.get_field('status').column)} IN "  # type: ignore[arg-type]
            f"({', '.join(['%s'] * len(SEAT_STATUSES))})) < %s THEN %s ELSE %s END"
        )
        params += [
            registration.event_id,
            *SEAT_STATUSES,
            capacity,
            Status.CONFIRMED,
            Status.WAITLISTED,
        ]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(columns)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))}, ({status_sql})) "
        "ON CONFLICT DO NOTHING RETURNING *"
    )
    inserted = list(Registration.objects.raw(sql, params))
    return inserted[0] if inserted else None


def _registration_event_payload(registration: Registration) -> dict[str, Any]:
    """Who registered is left out: an integration reads it through the API with its token."""
    event = registration.event
    return {
        "registration": {
            "id": registration.pk,
            "status": registration.status,
            "organisation_id": registration.organisation_id,
            "is_guest": registration.person_id is None,
        },
        "event": {"id": event.pk, "slug": event.slug, "starts_at": event.starts_at.isoformat()},
    }


@transaction.atomic
def registration_create(
    *,
    event: Event,
    actor: User | AnonymousUser | None,
    language: str,
    person: Person | None = None,
    guest: Mapping[str, Any] | None = None,
    answers: Mapping[str, Any] | None = None,
) -> Registration:
    """Register a member's person or a confirmed guest: a seat if one is free, else the waitlist.

    What needs no lock is checked first. Then the event's row is locked and its next sequence
    number taken in one statement, and the registration inserted with its seat counted in another,
    so concurrent registrations take seats one at a time in the order of their numbers. Under the
    lock only these two statements and the audit entry run; the e-mail with its calendar file is
    rendered by a task once this commits.
    """
    from .tasks import registration_confirmation_send

    if (person is None) == (guest is None):
        raise ValueError("Give exactly one of person and guest.")
    # A copy: the lock refreshes what registering decides on, and the caller's event stays as it
    # was loaded whatever this transaction's fate.
    event = copy.copy(event)
    _refuse_unless_open(event)
    _refuse_unless_allowed(event, person)
    fields = _registrant_fields(person=person, guest=guest)
    name = f"{fields['first_name']} {fields['last_name']}"
    if selectors.active_registration_of(event=event, person=person, email=fields["email"]):
        raise _already_registered_error(name)
    registration = Registration(
        event=event,
        language=language,
        answers=answers or {},
        token=Registration.new_token(),
        registered_by=actor if actor is not None and actor.is_authenticated else None,
        **fields,
    )

    # --- The event's row is locked from here until the transaction ends. --------------------
    audience = (event.audience, event.action_group_id)
    _take_number(event)
    if (event.audience, event.action_group_id) != audience:
        _refuse_unless_allowed(event, person)
    _refuse_unless_open(event)
    limit = event.per_organisation_limit
    if (
        person is not None
        and limit is not None
        and selectors.organisation_registration_count(event=event, organisation=person.organisation)
        >= limit
    ):
        raise ValidationError(
            ngettext(
                "%(organisation)s has already registered %(limit)s person, the most one "
                "organisation may register for this event.",
                "%(organisation)s has already registered %(limit)s people, the most one "
                "organisation may register for this event.",
                limit,
            )
            % {"organisation": person.organisation.name, "limit": event.per_organisation_limit},
            code="organisation_limit",
        )
    registration.sequence = event.last_sequence
    stored = _insert_taking_seat(registration, capacity=event.capacity)
    if stored is None:
        raise _already_registered_error(name)
    if stored.status == Status.WAITLISTED and not event.waitlist_enabled:
        # Raising rolls back the row and the number taken: nothing is kept, no number is lost.
        raise ValidationError(_("The event is full and has no waiting list."), code="full")
    stored.event = event
    audit_log(
        actor=actor,
        action="registration.created",
        target=stored,
        parent=event,
        changes={"status": stored.status, "sequence": stored.sequence, "email": fields["email"]},
    )
    domain_event_emit(kind=REGISTRATION_CREATED, payload=_registration_event_payload(stored))
    transaction.on_commit(lambda: registration_confirmation_send.delay(stored.pk))
    return stored


def registration_confirmation_send(*, registration_id: int) -> bool:
    """E-mail the answer to a registration once: the seat with its calendar file, or the waitlist.

    Claimed by a conditional update, so a task run twice sends it once. A registration already
    cancelled gets nothing; one already promoted has the promotion's e-mail instead.
    """
    with transaction.atomic():
        claimed = Registration.objects.filter(
            pk=registration_id, confirmation_sent_at__isnull=True
        ).update(confirmation_sent_at=timezone.now())
        if not claimed:
            return False
        registration = Registration.objects.select_related("event", "event__host_organisation").get(
            pk=registration_id
        )
        if registration.status == Status.CANCELLED or registration.promoted_at is not None:
            return False
        if registration.status == Status.WAITLISTED:
            _notify(registration, "events_registration_waitlisted")
        else:
            _notify(registration, "events_registration_confirmed", with_calendar=True)
    return True


def _promote_waitlisted(event: Event, *, actor: User | None) -> list[Registration]:
    """Give free seats to the waiting list, first come first served. The event must be locked."""
    waiting = selectors.waitlist(event)
    if event.capacity is not None:
        free = event.capacity - _seats_taken(event)
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = []
    now = timezone.now()
    for registration in waiting:
        registration.status = Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at", "updated_at"])
        audit_log(
            actor=actor,
            action="registration.promoted",
            target=registration,
            parent=event,
            changes={"status": [Status.WAITLISTED, Status.CONFIRMED]},
        )
        _notify(registration, "events_registration_promoted", with_calendar=True)
        promoted.append(registration)
    return promoted


@transaction.atomic
def registration_cancel(
    *, registration: Registration, actor: User | None
) -> tuple[Registration, list[Registration]]:
    """Cancel a registration; a freed seat goes to the first person on the waiting list."""
    event = _lock_event(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.event = event
    if registration.status == Status.CANCELLED:
        raise ValidationError(_("This registration is already cancelled."), code="cancelled")
    if registration.status not in (Status.CONFIRMED, Status.WAITLISTED):
        raise ValidationError(
            _("Attendance is already recorded; the registration cannot be cancelled."),
            code="attendance_recorded",
        )
    if event.starts_at <= timezone.now():
        raise ValidationError(
            _("The event has started; the registration can no longer be cancelled."),
            code="started",
        )
    previous = registration.status
    registration.status = Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at", "updated_at"])
    audit_log(
        actor=actor,
        action="registration.cancelled",
        target=registration,
        parent=event,
        changes={"status": [previous, Status.CANCELLED]},
    )
    domain_event_emit(
        kind=REGISTRATION_CANCELLED, payload=_registration_event_payload(registration)
    )
    promoted = []
    if previous == Status.CONFIRMED and event.is_published:
        promoted = _promote_waitlisted(event, actor=actor)
    return registration, promoted


ATTENDANCE_TRANSITIONS: dict[str, set[Registration.Status]] = {
    Status.ATTENDED: {Status.CONFIRMED, Status.NO_SHOW},
    Status.NO_SHOW: {Status.CONFIRMED, Status.ATTENDED},
    Status.CONFIRMED: {Status.ATTENDED, Status.NO_SHOW},
}


@transaction.atomic
def registration_set_attendance(
    *, registration: Registration, actor: User | None, status: str
) -> Registration:
    """Record that a person came (attended), did not (no-show), or undo it (confirmed)."""
    event = _lock_event(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.event = event
    if registration.status not in ATTENDANCE_TRANSITIONS.get(status, set()):
        raise ValidationError(
            _("%(name)s cannot be marked “%(status)s” now.")
            % {"name": registration.full_name, "status": Status(status).label},
            code="invalid_attendance",
        )
    previous = registration.status
    registration.status = status
    registration.checked_in_at = timezone.now() if status == Status.ATTENDED else None
    registration.save(update_fields=["status", "checked_in_at", "updated_at"])
    audit_log(
        actor=actor,
        action="registration.attendance",
        target=registration,
        parent=event,
        changes={"status": [previous, status]},
    )
    return registration


# --- Guests -------------------------------------------------------------------------------------


def guest_registration_request(
    *, event: Event, guest: Mapping[str, Any], answers: Mapping[str, Any] | None, language: str
) -> str:
    """E-mail a guest the link that confirms their registration; nothing is registered yet.

    Only a confirmed e-mail address gets a seat, so the request is a signed link, not a row.
    """
    event = Event.objects.get(pk=event.pk)
    _refuse_unless_open(event)
    if not event.is_public:
        raise ValidationError(_("This event is not open to the public."), code="audience")
    if selectors.active_registration_of(event=event, email=guest["email"]):
        raise _already_registered_error(f"{guest['first_name']} {guest['last_name']}")
    token = signing.dumps(
        {"event": event.pk, "guest": guest, "answers": answers or {}, "language": language},
        salt=GUEST_SIGNING_SALT,
        compress=True,
    )
    with transaction.atomic():
        email_queue(
            to=guest["email"],
            template="events_guest_confirm",
            language=language,
            context={"event": event, "guest": guest, "token": token},
        )
    return token


def guest_request_from_token(token: str) -> dict[str, Any]:
    """Return the guest's request signed into a link; ValidationError when bad or expired."""
    try:
        request = signing.loads(token, salt=GUEST_SIGNING_SALT, max_age=GUEST_LINK_MAX_AGE)
    except signing.BadSignature as error:
        raise ValidationError(
            _(
                "This confirmation link is invalid or has expired. Register again to receive "
                "a new one."
            ),
            code="bad_token",
        ) from error
    return request


def guest_registration_confirm(*, token: str) -> Registration:
    """Register the guest whose signed link this is."""
    request = guest_request_from_token(token)
    event = Event.objects.get(pk=request["event"])
    return registration_create(
        event=event,
        actor=None,
        language=request["language"],
        guest=request["guest"],
        answers=request["answers"],
    )


# --- Reminders ----------------------------------------------------------------------------------


def reminders_due(*, now: datetime.datetime | None = None) -> models.QuerySet[Registration, int]:
    """Registrations with a seat at published events starting within a day, not yet reminded."""
    now = now or timezone.now()
    return Registration.objects.filter(
        status=Status.CONFIRMED,
        reminder_sent_at__isnull=True,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__gt=now,
        event__starts_at__lte=now + timedelta(days=1),
    ).values_list("pk", flat=True)


def reminder_send(*, registration_id: int) -> bool:
    """Send one reminder, claimed by a conditional update so it goes out only once."""
    with transaction.atomic():
        claimed = Registration.objects.filter(
            pk=registration_id, reminder_sent_at__isnull=True, status=Status.CONFIRMED
        ).update(reminder_sent_at=timezone.now())
        if not claimed:
            return False
        registration = Registration.objects.select_related("event").get(pk=registration_id)
        _notify(registration, "events_reminder", with_calendar=True)
    return True


# --- Documents ----------------------------------------------------------------------------------


@transaction.atomic
def attendance_list_request(*, event: Event, actor: User | None, language: str) -> EventDocument:
    """Ask for the attendance list PDF; a task renders it once this commits."""
    from .tasks import event_document_render

    document = EventDocument.objects.create(
        event=event,
        kind=EventDocument.Kind.ATTENDANCE_LIST,
        language=language,
        requested_by=actor,
    )
    audit_log(actor=actor, action="event.attendance_list_requested", target=event)
    transaction.on_commit(lambda: event_document_render.delay(document.pk))
    return document


@transaction.atomic
def certificates_request(*, event: Event, actor: User | None) -> list[EventDocument]:
    """Ask for certificates of everyone who attended and has none, each in their language;
    certificates whose rendering failed are tried again."""
    from .tasks import event_document_render

    failed = EventDocument.objects.filter(
        event=event, kind=EventDocument.Kind.CERTIFICATE, status=EventDocument.Status.FAILED
    )
    retried = list(failed)
    failed.update(status=EventDocument.Status.PENDING, error="", updated_at=timezone.now())
    attended = Registration.objects.filter(event=event, status=Status.ATTENDED).exclude(
        documents__kind=EventDocument.Kind.CERTIFICATE
    )
    documents = retried + [
        EventDocument.objects.create(
            event=event,
            kind=EventDocument.Kind.CERTIFICATE,
            registration=registration,
            language=registration.language,
            requested_by=actor,
        )
        for registration in attended
    ]
    if not documents:
        raise ValidationError(
            _("Everyone marked as attended already has a certificate."), code="nothing_to_do"
        )
    audit_log(
        actor=actor,
        action="event.certificates_requested",
        target=event,
        changes={"count": len(documents)},
    )
    for document in documents:
        transaction.on_commit(functools.partial(event_document_render.delay, document.pk))
    return documents


def document_render(*, document_id: int) -> bool:
    """Render a requested document; a document already taken by another worker is left alone."""
    from core.pdf import pdf_render

    claimed = EventDocument.objects.filter(
        pk=document_id, status=EventDocument.Status.PENDING
    ).update(status=EventDocument.Status.RENDERING, updated_at=timezone.now())
    if not claimed:
        return False
    document = EventDocument.objects.select_related("event", "registration").get(pk=document_id)
    event = document.event
    if document.kind == EventDocument.Kind.ATTENDANCE_LIST:
        template = "pdf/events_attendance_list.html"
        context = {"event": event, "rows": selectors.attendance_list_rows(event)}
    else:
        template = "pdf/events_certificate.html"
        context = {"event": event, "registration": document.registration}
    try:
        content = pdf_render(template=template, context=context, language=document.language)
    except Exception as error:  # any rendering failure is shown in the panel, which can retry
        logger.exception("Rendering event document %s failed", document_id)
        EventDocument.objects.filter(pk=document_id).update(
            status=EventDocument.Status.FAILED, error=str(error)[:2000], updated_at=timezone.now()
        )
        return False
    EventDocument.objects.filter(pk=document_id).update(
        status=EventDocument.Status.READY,
        content=content,
        rendered_at=timezone.now(),
        updated_at=timezone.now(),
    )
    return True

"""Personal data: requests for a copy, erasure and the retention rules (issue 18).

Export and erasure read the registry (`privacy/registry.py`, `privacy/handling/`), never the
models one by one: a model declared there is exported and erased with everything else.
"""

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.erasure import erased_person_label
from accounts.models import User
from core.audit import audit_log
from core.emails import email_queue
from core.links import absolute_url
from members.models import Person

from .exporting import export_archive
from .models import DataRequest
from .registry import REGISTRY, Erasure, Handling, Subject

# --- Who a request is about ---------------------------------------------------------------------


def _subject(users: list[User], persons_q: Q, emails: set[str]) -> Subject:
    persons = list(Person.objects.filter(persons_q | Q(user__in=users)).distinct().order_by("pk"))
    addresses = {email.lower() for email in emails if email}
    addresses |= {user.email.lower() for user in users if not user.erased_on}
    addresses |= {person.email.lower() for person in persons if not person.erased_on}
    from allauth.account.models import EmailAddress

    addresses |= {
        address.lower()
        for address in EmailAddress.objects.filter(user__in=users).values_list("email", flat=True)
    }
    return Subject(users=users, persons=persons, emails=addresses)


def subject_for_user(user: User) -> Subject:
    """Everything about an account holder: their account, their entries in the registry (linked
    or under their address, in any organisation), and their addresses."""
    return _subject([user], Q(email__iexact=user.email), {user.email})


def subject_for_email(email: str) -> Subject:
    """Everything under an address a coordinator looked up, with any account it belongs to."""
    users = list(User.objects.filter(email__iexact=email, erased_on__isnull=True))
    return _subject(users, Q(email__iexact=email), {email})


def subject_for_request(request: DataRequest) -> Subject:
    if request.user_id is not None:
        assert request.user is not None
        return subject_for_user(request.user)
    return subject_for_email(request.email)


# --- Copies -------------------------------------------------------------------------------------


def _queue_export(request: DataRequest) -> None:
    from .tasks import export_prepare

    transaction.on_commit(lambda: export_prepare.delay(request.pk))


@transaction.atomic
def export_request(*, user: User, actor: User) -> DataRequest:
    """Ask for a copy of one's own data; a copy already in the works is returned instead."""
    # The user's row, locked: two clicks at once make one request.
    User.objects.select_for_update().get(pk=user.pk)
    existing = DataRequest.objects.filter(
        user=user,
        kind=DataRequest.Kind.EXPORT,
        status__in=[DataRequest.Status.PENDING, DataRequest.Status.PROCESSING],
    ).first()
    if existing is not None:
        return existing
    request = DataRequest.objects.create(
        kind=DataRequest.Kind.EXPORT,
        user=user,
        requested_by=actor,
        language=user.language,
    )
    audit_log(actor=actor, action="privacy.export_requested", target=request)
    _queue_export(request)
    return request


def _clean_email(email: str) -> str:
    email = (email or "").strip().lower()
    if not email or "@" not in email:
        raise ValidationError(_("Enter the person's e-mail address."), code="email")
    return email


@transaction.atomic
def request_for_email(*, kind: str, email: str, note: str, actor: User) -> DataRequest:
    """Record a request a coordinator received from someone (usually without an account)."""
    email = _clean_email(email)
    if kind not in DataRequest.Kind.values:
        raise ValidationError(_("Choose what the person asks for."), code="kind")
    if subject_for_email(email).is_empty:
        raise ValidationError(_("The portal holds nothing under this address."), code="none")
    request = DataRequest.objects.create(
        kind=kind,
        email=email,
        requested_by=actor,
        note=note[:300],
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    audit_log(
        actor=actor,
        action=(
            "privacy.export_requested"
            if kind == DataRequest.Kind.EXPORT
            else "privacy.erasure_requested"
        ),
        target=request,
    )
    if kind == DataRequest.Kind.EXPORT:
        _queue_export(request)
    return request


def export_prepare(*, request_id: int) -> bool:
    """Prepare the copy of a request once; a repeated or late call does nothing."""
    claimed = DataRequest.objects.filter(
        pk=request_id, kind=DataRequest.Kind.EXPORT, status=DataRequest.Status.PENDING
    ).update(status=DataRequest.Status.PROCESSING, started_at=timezone.now())
    if not claimed:
        return False
    request = DataRequest.objects.select_related("user").get(pk=request_id)
    try:
        archive, size = export_archive(subject_for_request(request))
        with archive:
            request.archive.save(f"export-{secrets.token_hex(16)}.zip", File(archive), save=False)
    except Exception as error:
        DataRequest.objects.filter(pk=request_id).update(
            status=DataRequest.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    with transaction.atomic():
        request.status = DataRequest.Status.READY
        request.archive_size = size
        request.finished_at = timezone.now()
        request.expires_at = request.finished_at + datetime.timedelta(
            days=settings.PRIVACY_EXPORT_DAYS
        )
        request.save(
            update_fields=["status", "archive", "archive_size", "finished_at", "expires_at"]
        )
        if request.user is not None and request.requested_by_id == request.user_id:
            with translation.override(request.language):
                link = absolute_url(reverse("privacy:index"))
            email_queue(
                to=request.user.email,
                template="privacy_export_ready",
                context={"request": request, "link": link},
                language=request.language,
            )
    return True


def exports_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of copies past their time (daily, beat); each goes once."""
    now = now or timezone.now()
    count = 0
    for request in DataRequest.objects.filter(
        kind=DataRequest.Kind.EXPORT, status=DataRequest.Status.READY, expires_at__lte=now
    ):
        if request.archive:
            request.archive.delete(save=False)
        count += DataRequest.objects.filter(pk=request.pk, status=DataRequest.Status.READY).update(
            status=DataRequest.Status.EXPIRED, archive="", archive_size=0
        )
    return count


# --- Erasure ------------------------------------------------------------------------------------


def erasure_blockers(subject: Subject, *, actor: User | None = None) -> list[str]:
    """Say what stops an erasure now: roles and open business that need a person's name."""
    from cooperation.models import Post
    from elections.models import Candidate, Election, ElectionVoter
    from events.models import Registration
    from meetings.models import Meeting, MeetingProxy
    from members.models import Organisation
    from resolutions.models import EligibleVoter, Resolution

    blockers: list[str] = []
    for user in subject.users:
        if user.is_superuser:
            blockers.append(_("The account is a superuser's: take that right away first."))
        if actor is not None and user.pk == actor.pk:
            blockers.append(_("You cannot erase your own account."))
    ids = subject.person_ids
    for organisation in Organisation.objects.filter(primary_representative__in=ids):
        blockers.append(
            _(
                "The person is the primary representative of %(organisation)s: choose another "
                "one first."
            )
            % {"organisation": organisation.name}
        )
    open_meetings = ~Q(status__in=[Meeting.Status.CLOSED, Meeting.Status.CANCELLED])
    for meeting in Meeting.objects.filter(open_meetings).filter(
        Q(chair__in=ids) | Q(secretary__in=ids)
    ):
        blockers.append(
            _("The person chairs or takes the minutes of the meeting “%(meeting)s”.")
            % {"meeting": meeting.title}
        )
    if MeetingProxy.objects.filter(
        Q(holder__in=ids) | Q(granted_by__in=ids),
        withdrawn_at__isnull=True,
        meeting__in=Meeting.objects.filter(open_meetings),
    ).exists():
        blockers.append(_("The person holds or gave a proxy for a meeting still to be held."))
    if EligibleVoter.objects.filter(
        Q(person__in=ids) | Q(proxy__in=ids), resolution__status=Resolution.Status.OPEN
    ).exists():
        blockers.append(_("The person may vote in a vote that is still open."))
    open_elections = ~Q(election__status__in=[Election.Status.CLOSED, Election.Status.CANCELLED])
    if (
        Candidate.objects.filter(open_elections, person__in=ids).exists()
        or ElectionVoter.objects.filter(open_elections)
        .filter(Q(person__in=ids) | Q(proxy__in=ids))
        .exists()
    ):
        blockers.append(_("The person stands or votes in an election that is not closed."))
    if Post.objects.filter(contact_person__in=ids, status=Post.Status.PUBLISHED).exists():
        blockers.append(
            _("The person is the contact of posts on the board: withdraw them or name another.")
        )
    if Registration.objects.filter(
        Q(person__in=ids) | _email_q("email", subject),
        status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
        event__ends_at__gt=timezone.now(),
    ).exists():
        blockers.append(
            _("The person is registered for an event still to come: cancel the registration.")
        )
    return blockers


def _email_q(field: str, subject: Subject) -> Q:
    condition = Q(pk__in=[])
    for email in subject.emails:
        condition |= Q(**{f"{field}__iexact": email})
    return condition


def _erasure_order() -> list[Any]:
    """Deletions first, then the anonymised rows, accounts and registry entries last: the other
    rows are found through their names and addresses."""
    last = ("members.Person", "accounts.User")
    declarations = sorted(
        REGISTRY.values(),
        key=lambda d: (d.model in last, d.handling is not Handling.DELETE, d.model),
    )
    return declarations


@transaction.atomic
def erasure_perform(*, request: DataRequest, actor: User) -> DataRequest:
    """Erase the person a pending erasure request names, after the coordinator's confirmation."""
    request = DataRequest.objects.select_for_update().get(pk=request.pk)
    if request.kind != DataRequest.Kind.ERASURE or request.status != DataRequest.Status.PENDING:
        raise ValidationError(_("This request is not waiting for an erasure."), code="state")
    subject = subject_for_request(request)
    blockers = erasure_blockers(subject, actor=actor)
    if blockers:
        raise ValidationError(blockers, code="blocked")
    today = timezone.localdate()
    with translation.override(settings.LANGUAGE_CODE):
        label = erased_person_label(today)
    erasure = Erasure(subject=subject, on=today, label=label)
    declarations = _erasure_order()
    # Every row about the subject, before any changes: the trail about them is scrubbed too.
    for declaration in declarations:
        if declaration.model in ("core.AuditEntry", "sessions.Session"):
            continue
        content_type = ContentType.objects.get_for_model(declaration.model_class)
        for pk in declaration.rows(subject).values_list("pk", flat=True):
            erasure.targets.add((content_type.pk, str(pk)))
    # The request is the record of the erasure: done, and naming nobody.
    request.status = DataRequest.Status.DONE
    request.user = None
    request.email = ""
    request.started_at = request.finished_at = timezone.now()
    request.save(update_fields=["status", "user", "email", "started_at", "finished_at"])
    summary: dict[str, int] = {}
    for declaration in declarations:
        found = (declaration.erase_rows or declaration.rows)(subject)
        if declaration.handling is Handling.DELETE:
            keys = list(found.values_list("pk", flat=True))
            count = len(keys)
            declaration.model_class._default_manager.filter(pk__in=keys).delete()
        elif declaration.handling is Handling.ANONYMISE:
            assert declaration.anonymise is not None
            count = declaration.anonymise(found, erasure)
        else:
            count = found.count()
        if count:
            summary[declaration.model] = count
    request.summary = summary
    request.save(update_fields=["summary"])
    # The entry names the request and counts per kind of record: nothing that identifies them.
    audit_log(
        actor=actor,
        action="privacy.erasure_done",
        target=request,
        changes={"records": sum(summary.values())},
    )
    return request


@transaction.atomic
def request_cancel(*, request: DataRequest, actor: User) -> DataRequest:
    request = DataRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != DataRequest.Status.PENDING or request.kind != DataRequest.Kind.ERASURE:
        raise ValidationError(_("Only a waiting erasure request can be cancelled."), code="state")
    request.status = DataRequest.Status.CANCELLED
    request.email = ""
    request.user = None
    request.finished_at = timezone.now()
    request.save(update_fields=["status", "email", "user", "finished_at"])
    audit_log(actor=actor, action="privacy.request_cancelled", target=request)
    return request


# --- Retention (daily, beat) --------------------------------------------------------------------


def retention_run(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Remove what the retention periods end: unconfirmed newsletter subscribers and guests'
    registrations of past events. Running again removes nothing more."""
    from events.models import Registration
    from news.models import Subscriber

    now = now or timezone.now()
    subscribers_before = now - datetime.timedelta(days=settings.PRIVACY_UNCONFIRMED_SUBSCRIBER_DAYS)
    guests_before = now - datetime.timedelta(days=settings.PRIVACY_GUEST_REGISTRATION_DAYS)
    with transaction.atomic():
        _total, subscribers = Subscriber.objects.filter(
            state=Subscriber.State.PENDING, created_at__lt=subscribers_before
        ).delete()
        _total, guests = Registration.objects.filter(
            person__isnull=True, event__ends_at__lt=guests_before
        ).delete()
    return {
        "subscribers": subscribers.get("news.Subscriber", 0),
        "guest_registrations": guests.get("events.Registration", 0),
        "exports": exports_expire(now=now),
    }

"""Payment reminders: before the due date and after it, each kind at most once per document.

The daily beat job (`fees.tasks.fee_reminders_send`) calls `reminders_due_send`. For every unpaid
document in a reminder's window it adds a `FeeReminder` row (the outbox; Unique(document, kind),
so a second run or a concurrent one adds nothing), then claims each pending row with a conditional
UPDATE ... WHERE status = 'pending': only the run that changes the row sends it. A document that
has been paid in the meantime gets its pending reminders cancelled instead.

The days are settings: `FEES_REMINDER_DAYS_BEFORE_DUE` (default 3: the reminder goes from three
days before the due date up to the due date itself) and `FEES_REMINDER_OVERDUE_DAYS` (default
(7, 30): the first and the second reminder after the due date).
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.audit import audit_log
from core.emails import email_queue
from members.models import Person

from .models import FeeDocument, FeeReminder

OPEN_STATUSES = (FeeDocument.Status.ISSUED, FeeDocument.Status.PARTIALLY_PAID)


def _days_before_due() -> int:
    return int(getattr(settings, "FEES_REMINDER_DAYS_BEFORE_DUE", 3))


def _overdue_days() -> tuple[int, int]:
    first, second = getattr(settings, "FEES_REMINDER_OVERDUE_DAYS", (7, 30))
    return int(first), int(second)


def reminder_windows(today: datetime.date) -> dict[str, dict[str, Any]]:
    """Return, for each kind of reminder, the due dates of documents it is for today."""
    first, second = _overdue_days()
    return {
        FeeReminder.Kind.BEFORE_DUE: {
            "due_date__gte": today,
            "due_date__lte": today + datetime.timedelta(days=_days_before_due()),
        },
        FeeReminder.Kind.OVERDUE_7: {
            "due_date__lte": today - datetime.timedelta(days=first),
            "due_date__gt": today - datetime.timedelta(days=second),
        },
        FeeReminder.Kind.OVERDUE_30: {"due_date__lte": today - datetime.timedelta(days=second)},
    }


def reminder_recipients(document: FeeDocument) -> list[Person]:
    """The organisation's representatives (the primary one first) with an e-mail address."""
    organisation = document.organisation
    people = list(
        Person.objects.filter(organisation=organisation, role=Person.Role.REPRESENTATIVE)
        .exclude(email="")
        .order_by("last_name", "first_name", "pk")
    )
    primary = organisation.primary_representative
    if primary is not None and primary.email:
        people = [primary] + [person for person in people if person.pk != primary.pk]
    return people


def _reminders_plan(today: datetime.date) -> None:
    """Add a pending reminder for every unpaid document in a window (existing ones stay)."""
    for kind, window in reminder_windows(today).items():
        documents = FeeDocument.objects.filter(
            status__in=OPEN_STATUSES, gross_total__gt=F("paid_total"), **window
        ).values_list("pk", flat=True)
        FeeReminder.objects.bulk_create(
            [FeeReminder(document_id=pk, kind=kind) for pk in documents],
            ignore_conflicts=True,
        )


@transaction.atomic
def fee_reminder_send(*, reminder_id: int, today: datetime.date) -> bool:
    """Send one pending reminder if this call claims it and the document is still unpaid."""
    now = timezone.now()
    claimed = FeeReminder.objects.filter(pk=reminder_id, status=FeeReminder.Status.PENDING).update(
        status=FeeReminder.Status.SENT, sent_at=now
    )
    if not claimed:
        return False
    reminder = FeeReminder.objects.select_related(
        "document__organisation__primary_representative"
    ).get(pk=reminder_id)
    document = reminder.document
    paid = document.status not in OPEN_STATUSES or document.paid_total >= document.gross_total
    late = reminder.kind == FeeReminder.Kind.BEFORE_DUE and document.due_date < today
    if paid or late:
        FeeReminder.objects.filter(pk=reminder_id).update(
            status=FeeReminder.Status.CANCELLED, sent_at=None
        )
        return False
    recipients = reminder_recipients(document)
    for person in recipients:
        email_queue(
            to=person.email,
            template="fees_payment_reminder",
            language=person.language,
            context={
                "document": document,
                "kind": reminder.kind,
                "outstanding": document.gross_total - document.paid_total,
                "days_overdue": (today - document.due_date).days,
                "days_left": (document.due_date - today).days,
                "person": person,
            },
        )
    audit_log(
        actor=None,
        action="fee_reminder.sent",
        target=document,
        parent=document.organisation,
        changes={"kind": reminder.kind, "recipients": len(recipients)},
    )
    return True


def reminders_due_send(*, today: datetime.date | None = None) -> int:
    """Plan today's reminders and send each pending one once; return how many were sent."""
    today = today or timezone.localdate()
    _reminders_plan(today)
    pending = FeeReminder.objects.filter(status=FeeReminder.Status.PENDING).order_by("pk")
    sent = 0
    for reminder_id in list(pending.values_list("pk", flat=True)):
        if fee_reminder_send(reminder_id=reminder_id, today=today):
            sent += 1
    return sent

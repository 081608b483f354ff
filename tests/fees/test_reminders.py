"""Reminders before and after the due date: each kind once per document, in each recipient's
language, none once the document is paid."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from core.models import OutboundEmail
from fees import payments, reminders
from fees.models import FeeReminder
from members.models import Person
from tests.factories import PersonFactory, active_member

from .payment_factories import issued_document

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def member(db):
    organisation = active_member(name="METALIKA sp. z o.o.")
    primary = organisation.primary_representative
    primary.language = "de"
    primary.email = "primary@example.com"
    primary.save()
    PersonFactory(
        organisation=organisation,
        role=Person.Role.REPRESENTATIVE,
        email="second@example.com",
        language="en",
    )
    PersonFactory(organisation=organisation, role=Person.Role.EMPLOYEE, email="staff@example.com")
    return organisation


@pytest.mark.parametrize(
    "due_in, kind",
    [(2, "before_due"), (-8, "overdue_7"), (-31, "overdue_30")],
)
def test_a_reminder_of_each_kind_goes_to_each_representative_once(member, due_in, kind):
    issued_document(member, due_in=due_in)

    sent = reminders.reminders_due_send()
    again = reminders.reminders_due_send()

    assert (sent, again) == (1, 0)
    reminder = FeeReminder.objects.get()
    assert (reminder.kind, reminder.status) == (kind, FeeReminder.Status.SENT)
    emails = OutboundEmail.objects.filter(template="fees_payment_reminder")
    assert sorted(emails.values_list("to", "language")) == [
        ("primary@example.com", "de"),
        ("second@example.com", "en"),
    ]


def test_no_reminder_far_from_the_due_date(member):
    issued_document(member, due_in=20)
    issued_document(member, due_in=-3)

    assert reminders.reminders_due_send() == 0
    assert not FeeReminder.objects.exists()


def test_the_reminders_stop_once_the_document_is_paid(member):
    document = issued_document(member, gross="100.00", vat="0.00", due_in=-8)
    reminders.reminders_due_send()
    payments.payment_record(
        organisation=member, amount=Decimal("100.00"), paid_on=TODAY(), actor=None
    )

    later = TODAY() + datetime.timedelta(days=30)
    assert reminders.reminders_due_send(today=later) == 0
    assert list(FeeReminder.objects.filter(document=document).values_list("kind", flat=True)) == [
        "overdue_7"
    ]


def test_a_reminder_planned_before_a_payment_is_cancelled_not_sent(member):
    document = issued_document(member, gross="100.00", vat="0.00", due_in=-8)
    FeeReminder.objects.create(document=document, kind=FeeReminder.Kind.OVERDUE_7)
    type(document).objects.filter(pk=document.pk).update(
        paid_total=Decimal("100.00"), status="paid"
    )

    assert reminders.reminders_due_send() == 0
    assert FeeReminder.objects.get().status == FeeReminder.Status.CANCELLED
    assert not OutboundEmail.objects.exists()


def test_the_message_names_the_document_and_the_amount_left(
    member, django_capture_on_commit_callbacks
):
    issued_document(member, gross="1230.00", due_in=-8, year=2026, sequence=5)

    with django_capture_on_commit_callbacks(execute=True):
        reminders.reminders_due_send()

    message = next(m for m in mail.outbox if m.to == ["second@example.com"])
    assert "FV/2026/0005" in message.subject
    assert "1230.00" in message.body


def test_the_days_are_settings(member, settings):
    settings.FEES_REMINDER_OVERDUE_DAYS = (2, 10)
    issued_document(member, due_in=-3)

    reminders.reminders_due_send()

    assert FeeReminder.objects.get().kind == "overdue_7"

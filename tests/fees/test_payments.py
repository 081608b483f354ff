"""Payments by hand and their allocation: partial payments, overpayments, status, audit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import AuditEntry
from fees import payments
from fees.models import FeeDocument, FeeReminder, Payment
from tests.factories import UserFactory, active_member

from .payment_factories import issued_document

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


@pytest.fixture
def coordinator():
    return UserFactory(is_coordinator=True)


def test_a_full_payment_marks_the_document_paid(coordinator):
    member = active_member()
    document = issued_document(member, gross="1230.00")

    payment = payments.payment_record(
        organisation=member, amount=Decimal("1230.00"), paid_on=TODAY(), actor=coordinator
    )

    document.refresh_from_db()
    assert document.status == FeeDocument.Status.PAID
    assert document.paid_total == Decimal("1230.00")
    assert payments.payment_unallocated(payment) == Decimal("0.00")
    assert AuditEntry.objects.filter(action="payment.recorded", actor=coordinator).exists()
    assert AuditEntry.objects.filter(action="payment.allocated").count() == 1


def test_a_partial_payment_leaves_the_rest_owed(coordinator):
    member = active_member()
    document = issued_document(member, gross="1230.00")

    payments.payment_record(
        organisation=member, amount=Decimal("230.00"), paid_on=TODAY(), actor=coordinator
    )

    document.refresh_from_db()
    assert document.status == FeeDocument.Status.PARTIALLY_PAID
    assert document.outstanding == Decimal("1000.00")


def test_an_overpayment_stays_on_the_payment_as_credit(coordinator):
    member = active_member()
    document = issued_document(member, gross="1230.00")

    payment = payments.payment_record(
        organisation=member, amount=Decimal("1500.00"), paid_on=TODAY(), actor=coordinator
    )

    document.refresh_from_db()
    assert document.paid_total == Decimal("1230.00")
    assert payments.payment_unallocated(payment) == Decimal("270.00")


def test_a_payment_goes_to_the_oldest_due_document_first(coordinator):
    member = active_member()
    later = issued_document(member, gross="100.00", vat="0.00", due_in=20)
    earlier = issued_document(member, gross="100.00", vat="0.00", due_in=-5)

    payments.payment_record(
        organisation=member, amount=Decimal("150.00"), paid_on=TODAY(), actor=coordinator
    )

    earlier.refresh_from_db()
    later.refresh_from_db()
    assert earlier.status == FeeDocument.Status.PAID
    assert later.paid_total == Decimal("50.00")


def test_an_allocation_cannot_exceed_what_is_left_of_the_payment(coordinator):
    member = active_member()
    document = issued_document(member, gross="1230.00")
    other = issued_document(member, gross="1230.00")
    payment = payments.payment_record(
        organisation=member,
        amount=Decimal("100.00"),
        paid_on=TODAY(),
        actor=coordinator,
        documents=[document],
    )

    with pytest.raises(ValidationError) as caught:
        payments.payment_allocate(
            payment=payment, document=other, amount=Decimal("1.00"), actor=coordinator
        )

    assert caught.value.code == "over_payment"
    other.refresh_from_db()
    assert other.paid_total == Decimal("0.00")


def test_an_allocation_cannot_exceed_what_the_document_owes(coordinator):
    member = active_member()
    document = issued_document(member, gross="100.00", vat="0.00")
    payment = Payment.objects.create(organisation=member, amount=Decimal("500.00"), paid_on=TODAY())

    with pytest.raises(ValidationError) as caught:
        payments.payment_allocate(
            payment=payment, document=document, amount=Decimal("150.00"), actor=coordinator
        )

    assert caught.value.code == "over_document"


def test_a_payment_cannot_go_to_another_organisations_document(coordinator):
    member, other = active_member(), active_member()
    document = issued_document(other)

    with pytest.raises(ValidationError) as caught:
        payments.payment_record(
            organisation=member,
            amount=Decimal("10.00"),
            paid_on=TODAY(),
            actor=coordinator,
            documents=[document],
        )

    assert caught.value.code == "other_organisation"
    assert not Payment.objects.exists()


def test_a_payment_in_the_future_is_refused(coordinator):
    member = active_member()

    with pytest.raises(ValidationError):
        payments.payment_record(
            organisation=member,
            amount=Decimal("10.00"),
            paid_on=TODAY() + datetime.timedelta(days=1),
            actor=coordinator,
        )


def test_paying_a_document_cancels_its_pending_reminders(coordinator):
    member = active_member()
    document = issued_document(member, gross="100.00", vat="0.00", due_in=-8)
    FeeReminder.objects.create(document=document, kind=FeeReminder.Kind.OVERDUE_7)

    payments.payment_record(
        organisation=member, amount=Decimal("100.00"), paid_on=TODAY(), actor=coordinator
    )

    assert FeeReminder.objects.get().status == FeeReminder.Status.CANCELLED

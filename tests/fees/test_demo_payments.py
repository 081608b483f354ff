"""The demo's payments: a statement matched, a payment by hand, a partial payment, a credit, a
line waiting for the coordinator and one member clearly in arrears; a second run writes nothing."""

import datetime
import io

import pytest
from django.core.management import call_command

from fees.demo import seed_fees
from fees.demo_payments import seed_fees_payments
from fees.models import BankStatement, FeeDocument, Payment, StatementLine
from fees.selectors import arrears
from members.models import Organisation
from tests.factories import UserFactory, active_member

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 30)


@pytest.fixture
def demo(db):
    coordinator = UserFactory(is_coordinator=True)
    for index, kind in enumerate(
        [Organisation.Kind.SMALL, Organisation.Kind.MICRO, Organisation.Kind.UNIVERSITY] * 2
    ):
        member = active_member(name=f"Członek {index}", kind=kind)
        Organisation.objects.filter(pk=member.pk).update(joined_on=datetime.date(2020, 1, 1))
    seed_fees(actor=coordinator, today=TODAY)
    return coordinator


def test_the_demo_pays_most_documents_and_leaves_one_member_in_arrears(demo):
    created = seed_fees_payments(actor=demo, today=TODAY)

    assert created["statements"] == 1
    assert created["in_arrears"] == 1
    statuses = list(FeeDocument.objects.values_list("status", flat=True))
    assert statuses.count(FeeDocument.Status.PAID) == len(statuses) - 2
    assert statuses.count(FeeDocument.Status.PARTIALLY_PAID) == 1
    overdue = arrears(on=TODAY, min_days=30)
    assert overdue["organisations"] == 2
    assert any(row["document"].status == FeeDocument.Status.ISSUED for row in overdue["rows"])
    assert StatementLine.objects.filter(status=StatementLine.Status.UNMATCHED).count() == 1
    assert Payment.objects.filter(source=Payment.Source.MANUAL).count() == 1


def test_a_second_run_writes_nothing(demo):
    seed_fees_payments(actor=demo, today=TODAY)
    counts = (Payment.objects.count(), BankStatement.objects.count())

    again = seed_fees_payments(actor=demo, today=TODAY)

    assert again == {"statements": 0, "payments": 0, "in_arrears": 0}
    assert (Payment.objects.count(), BankStatement.objects.count()) == counts


def test_the_command_runs(demo):
    out = io.StringIO()

    call_command("seed_fees_payments", stdout=out)

    assert "Fee payments" in out.getvalue()

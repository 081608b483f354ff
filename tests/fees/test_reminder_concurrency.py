"""Two reminder runs at once on PostgreSQL: each reminder is sent once."""

import threading

import pytest
from django.db import connection

from core.models import OutboundEmail
from fees import reminders
from fees.models import FeeReminder
from tests.factories import active_member

from .payment_factories import issued_document

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_concurrent_runs_send_each_reminder_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    members = [active_member() for _ in range(4)]
    for member in members:
        issued_document(member, due_in=-8)
        issued_document(member, due_in=2)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(reminders.reminders_due_send())
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert sum(results) == 8
    assert FeeReminder.objects.filter(status=FeeReminder.Status.SENT).count() == 8
    emails = OutboundEmail.objects.filter(template="fees_payment_reminder")
    assert emails.count() == 8
    assert emails.values("to", "subject").distinct().count() == 8

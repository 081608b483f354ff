"""What registration does while it holds the event's row lock, and what it leaves for later.

The lock is held from the statement that takes the event's next number until the transaction
ends. Only the statements run in that span are counted here; how long they take is measured by
bench/registration.py, never in a test.
"""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from core.models import OutboundEmail
from events import services
from events.calendar import event_ics
from events.models import Registration

from .factories import EventFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


def _sql(captured):
    """The statements captured, without the savepoints the test's own transaction adds (in
    production the service's block is the transaction: it ends with COMMIT, not RELEASE)."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def _statements_under_the_lock(captured):
    """The SQL run from the statement that locks the event's row to the end of the block."""
    sql = _sql(captured)
    locking = [
        index
        for index, statement in enumerate(sql)
        if statement.startswith('UPDATE "events_event"') and "last_sequence" in statement
    ]
    assert len(locking) == 1, sql
    return sql[locking[0] :]


@pytest.mark.parametrize("capacity", [1, None])
def test_under_the_lock_only_the_number_the_seat_and_the_audit_row_are_written(
    colleagues, register, capacity
):
    event = EventFactory(capacity=capacity, audience="members")
    register(event, colleagues[0])  # content types of the audit entry are cached from now on

    with CaptureQueriesContext(connection) as captured:
        registration = services.registration_create(
            event=event, actor=None, person=colleagues[1], language="pl"
        )

    under_the_lock = _statements_under_the_lock(captured)
    assert [statement.split(" (")[0].split(" SET")[0] for statement in under_the_lock] == [
        'UPDATE "events_event"',
        'INSERT INTO "events_registration"',
        'INSERT INTO "core_auditentry"',
    ]
    # Nothing rendered or queued for mail while the lock is held: the task does it after commit.
    assert not any("core_outboundemail" in statement for statement in _sql(captured))
    expected = Status.WAITLISTED if capacity == 1 else Status.CONFIRMED
    assert registration.status == expected


def test_a_member_limit_adds_one_count_under_the_lock(colleagues, register):
    event = EventFactory(capacity=10, per_organisation_limit=2)
    register(event, colleagues[0])

    with CaptureQueriesContext(connection) as captured:
        services.registration_create(event=event, actor=None, person=colleagues[1], language="pl")

    assert len(_statements_under_the_lock(captured)) == 4


def test_one_registration_empties_the_page_cache_once(colleagues, register, monkeypatch):
    from core import audit, page_cache

    event = EventFactory(capacity=5, audience="members")
    calls = []
    monkeypatch.setattr(page_cache, "content_changed", lambda: calls.append("signal"))
    monkeypatch.setattr(audit, "content_changed", lambda: calls.append("audit"))

    register(event, colleagues[0])

    assert len(calls) == 1


def test_the_confirmation_goes_out_after_commit_once_even_if_the_task_runs_twice(
    colleagues, committed
):
    event = EventFactory(capacity=1, audience="members")
    with committed():
        registration = services.registration_create(
            event=event, actor=None, person=colleagues[0], language="en"
        )
    (message,) = mail.outbox
    assert message.to == [colleagues[0].email]
    filename, content, mimetype = message.attachments[0]
    assert filename == f"{event.slug}.ics" and mimetype == "text/calendar"

    with committed():
        assert services.registration_confirmation_send(registration_id=registration.pk) is False
    assert len(mail.outbox) == 1
    assert OutboundEmail.objects.filter(template="events_registration_confirmed").count() == 1
    registration.refresh_from_db()
    assert registration.confirmation_sent_at is not None


def test_nothing_is_sent_before_the_registration_commits(colleagues):
    event = EventFactory(capacity=1, audience="members")
    services.registration_create(event=event, actor=None, person=colleagues[0], language="pl")
    assert OutboundEmail.objects.count() == 0
    assert mail.outbox == []


def test_a_registration_cancelled_before_the_task_runs_gets_no_confirmation(colleagues):
    event = EventFactory(capacity=1, audience="members")
    registration = services.registration_create(
        event=event, actor=None, person=colleagues[0], language="pl"
    )
    services.registration_cancel(registration=registration, actor=None)

    assert services.registration_confirmation_send(registration_id=registration.pk) is False
    assert OutboundEmail.objects.count() == 0


def test_each_answer_is_in_the_language_of_the_registration(colleagues, committed):
    event = EventFactory(capacity=1, audience="members")
    with committed():
        services.registration_create(event=event, actor=None, person=colleagues[0], language="en")
        services.registration_create(event=event, actor=None, person=colleagues[1], language="pl")
    seat, waiting = mail.outbox
    assert seat.to == [colleagues[0].email] and seat.attachments[0][0].endswith(".ics")
    assert waiting.to == [colleagues[1].email] and waiting.attachments == []
    assert "na liście rezerwowej" in waiting.body
    assert "na liście rezerwowej" not in seat.body
    languages = dict(OutboundEmail.objects.values_list("to", "language"))
    assert languages == {colleagues[0].email: "en", colleagues[1].email: "pl"}


def test_the_calendar_file_carries_the_warsaw_time_zone_once_per_file(db):
    event = EventFactory()
    for _ in range(2):  # the block is built once, then shared: the second file must be the same
        calendar = Calendar.from_ical(event_ics(event, language="en"))
        (timezone_block,) = calendar.walk("VTIMEZONE")
        assert timezone_block["TZID"] == "Europe/Warsaw"
        assert calendar.subcomponents[0].name == "VTIMEZONE"
        (entry,) = calendar.walk("VEVENT")
        assert entry["DTSTART"].params["TZID"] == "Europe/Warsaw"

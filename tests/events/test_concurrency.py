"""Capacity under concurrent requests, on PostgreSQL with real threads and connections.

Arrival order, precisely: the order in which registrations obtain the lock on the event's row
(`SELECT ... FOR UPDATE`). While holding it, each registration takes the event's next sequence
number and is inserted with the database's statement time (`registered_at`). A later holder can
only insert after the earlier one committed, so ordering by `sequence` and by `registered_at` must
give the same order, and the first `capacity` numbers hold the seats.

PostgreSQL here allows 100 connections shared with other work, so the 200 requests start together
from 200 threads but at most CONNECTIONS of them hold a connection at a time: the others queue for a
connection, as requests queue for a worker in production; those inside queue for the event's lock.
"""

import threading

import pytest
from django.db import connections

from core.models import AuditEntry, OutboundEmail
from events import services
from events.models import Registration
from members.models import Person
from tests.factories import active_member

from .factories import EventFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SEATS = 50
REQUESTS = 200
RUNS = 5
CONNECTIONS = 25
Status = Registration.Status


def _run_together(jobs):
    """Run the callables in threads started at the same moment; return results and errors."""
    start = threading.Barrier(len(jobs))
    gate = threading.BoundedSemaphore(CONNECTIONS)
    results, errors = [None] * len(jobs), []

    def run(index, job):
        start.wait()
        with gate:
            try:
                results[index] = job()
            except Exception as error:  # collected: the test asserts there are none
                errors.append(error)
            finally:
                connections.close_all()

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


@pytest.fixture
def people():
    """REQUESTS people spread over ten active members."""
    organisations = [active_member(name=f"Członek {n}", slug=f"czlonek-{n}") for n in range(10)]
    Person.objects.bulk_create(
        Person(
            organisation=organisations[n % 10],
            first_name=f"Osoba{n}",
            last_name=f"Testowa{n}",
            email=f"osoba{n}@example.com",
        )
        for n in range(REQUESTS)
    )
    return list(
        Person.objects.filter(first_name__startswith="Osoba").select_related("organisation")
    )


def _register(event, person):
    return lambda: services.registration_create(
        event=event, actor=None, person=person, language="pl"
    )


@pytest.mark.parametrize("run", range(1, RUNS + 1))
def test_200_simultaneous_registrations_fill_50_seats_and_queue_150_in_arrival_order(people, run):
    event = EventFactory(capacity=SEATS, title=f"Oblężone seminarium {run}")

    results, errors = _run_together([_register(event, person) for person in people])

    assert errors == []
    stored = list(Registration.objects.filter(event=event).order_by("sequence"))
    assert len(stored) == REQUESTS
    assert sorted(registration.person_id for registration in stored) == sorted(
        person.pk for person in people
    )
    assert [registration.sequence for registration in stored] == list(range(1, REQUESTS + 1))
    assert [registration.status for registration in stored] == (
        [Status.CONFIRMED] * SEATS + [Status.WAITLISTED] * (REQUESTS - SEATS)
    )
    timestamps = [registration.registered_at for registration in stored]
    assert all(earlier < later for earlier, later in zip(timestamps, timestamps[1:], strict=False))
    event.refresh_from_db()
    assert event.last_sequence == REQUESTS
    told = {registration.pk: registration.status for registration in results}
    assert told == {registration.pk: registration.status for registration in stored}
    assert list(services.selectors.waitlist(event).values_list("sequence", flat=True)) == list(
        range(SEATS + 1, REQUESTS + 1)
    )


def test_concurrent_cancellations_promote_exactly_one_waitlisted_per_freed_seat(people):
    event = EventFactory(capacity=SEATS)
    for person in people:
        services.registration_create(event=event, actor=None, person=person, language="pl")
    confirmed = list(Registration.objects.filter(event=event, status=Status.CONFIRMED))
    waiting = list(services.selectors.waitlist(event))
    freed = confirmed[:20]
    # At the same moment ten people at the back of the queue give up: they free no seat, and
    # twenty promotions cannot reach them before they leave.
    leaving_the_queue = waiting[-10:]
    promotions_before = OutboundEmail.objects.filter(
        template="events_registration_promoted"
    ).count()

    results, errors = _run_together(
        [
            (
                lambda registration=registration: services.registration_cancel(
                    registration=registration, actor=None
                )
            )
            for registration in [*freed, *leaving_the_queue]
        ]
    )

    assert errors == []
    assert [len(promoted) for _cancelled, promoted in results] == [1] * len(freed) + [0] * len(
        leaving_the_queue
    )
    promoted_ids = [
        registration.pk for _cancelled, promoted in results for registration in promoted
    ]
    assert len(set(promoted_ids)) == len(freed)
    assert set(promoted_ids) == {registration.pk for registration in waiting[: len(freed)]}
    assert Registration.objects.filter(event=event, status=Status.CONFIRMED).count() == SEATS
    assert Registration.objects.filter(event=event, status=Status.CANCELLED).count() == 30
    assert Registration.objects.filter(event=event, status=Status.WAITLISTED).count() == (
        REQUESTS - SEATS - len(leaving_the_queue) - len(freed)
    )
    assert OutboundEmail.objects.filter(
        template="events_registration_promoted"
    ).count() - promotions_before == len(freed)


def test_cancellations_racing_with_promotions_keep_every_seat_filled_once(people):
    """People at the head of the queue cancel while seats free up: some are promoted first."""
    event = EventFactory(capacity=SEATS)
    for person in people:
        services.registration_create(event=event, actor=None, person=person, language="pl")
    confirmed = list(Registration.objects.filter(event=event, status=Status.CONFIRMED))
    waiting = list(services.selectors.waitlist(event))

    _results, errors = _run_together(
        [
            (
                lambda registration=registration: services.registration_cancel(
                    registration=registration, actor=None
                )
            )
            for registration in [*confirmed[:20], *waiting[:10]]
        ]
    )

    assert errors == []
    cancellations = AuditEntry.objects.filter(
        action="registration.cancelled", parent_id=str(event.pk)
    )
    seats_freed = sum(entry.changes["status"][0] == Status.CONFIRMED for entry in cancellations)
    promotions = AuditEntry.objects.filter(action="registration.promoted", parent_id=str(event.pk))
    assert cancellations.count() == 30
    assert promotions.count() == seats_freed
    assert len({entry.target_id for entry in promotions}) == seats_freed
    assert Registration.objects.filter(event=event, status=Status.CONFIRMED).count() == SEATS
    still_waiting = list(services.selectors.waitlist(event).values_list("sequence", flat=True))
    assert len(still_waiting) == REQUESTS - SEATS - 30
    promoted_sequences = Registration.objects.filter(
        pk__in=[int(entry.target_id) for entry in promotions]
    ).values_list("sequence", flat=True)
    assert max(promoted_sequences) < min(still_waiting)

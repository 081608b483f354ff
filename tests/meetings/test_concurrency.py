"""Numbering under concurrent convening, on PostgreSQL with real threads and connections: two
meetings of one body convened at the same moment take numbers 1 and 2, never the same one."""

import io
import threading

import pytest
from django.core.management import call_command
from django.db import connections

from meetings import services
from meetings.models import Meeting
from resolutions.models import GoverningBody
from tests.factories import UserFactory

from .factories import AgendaItemFactory, MeetingFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
RUNS = 3


def _run_together(jobs):
    start = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def run(index, job):
        start.wait()
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
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


def test_two_meetings_of_a_body_convened_at_once_take_consecutive_numbers():
    call_command("seed_governance", stdout=io.StringIO())
    body = GoverningBody.objects.get(slug="member-assembly")
    coordinator = UserFactory(email="coordinator@example.com", is_coordinator=True)
    for run in range(RUNS):
        meetings = [MeetingFactory(body=body) for _ in range(2)]
        for meeting in meetings:
            AgendaItemFactory(meeting=meeting)

        def convene(meeting):
            return lambda: services.meeting_convene(actor=coordinator, meeting=meeting).number

        numbers, errors = _run_together([convene(meeting) for meeting in meetings])

        assert not errors
        assert sorted(numbers) == [2 * run + 1, 2 * run + 2]
    assert Meeting.objects.filter(body=body, status=Meeting.Status.CONVENED).count() == 2 * RUNS

"""Two clerks checking in the same person at once, on PostgreSQL with real threads: one
check-in is kept, the other gets the translated message (never a server error); and two
members giving a proxy to the same holder at once stay within the body's limit."""

import io
import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connections

from meetings import attendance
from meetings.models import Attendance, MeetingProxy
from resolutions.models import GoverningBody
from tests.factories import UserFactory

from .attendance_helpers import meeting_of, member, proxy_pdf

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
RUNS = 3


def _run_together(jobs):
    start = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def run(index, job):
        start.wait()
        try:
            results[index] = job()
        except Exception as error:  # collected: the test asserts what they are
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


def _assembly():
    call_command("seed_governance", stdout=io.StringIO())
    return GoverningBody.objects.get(slug="member-assembly")


def test_two_clerks_checking_in_one_person_at_once_keep_one_check_in():
    body = _assembly()
    clerks = [UserFactory(email=f"clerk{n}@example.com", is_coordinator=True) for n in range(2)]
    representative = member("representative@example.com")
    for _run in range(RUNS):
        meeting = meeting_of(body)

        def check_in(clerk, meeting=meeting):
            return lambda: attendance.attendance_check_in(
                actor=clerk, meeting=meeting, person=representative.person, mode="in_person"
            )

        results, errors = _run_together([check_in(clerk) for clerk in clerks])

        assert Attendance.objects.filter(meeting=meeting).count() == 1
        assert len([result for result in results if result is not None]) == 1
        assert len(errors) == 1
        assert isinstance(errors[0], ValidationError)
        # The message is in the language of the thread (Polish, the default): its code says it.
        assert [error.code for error in errors[0].error_list] == ["checked_in"]


def test_proxies_to_one_holder_at_once_stay_within_the_limit():
    body = _assembly()
    body.proxies_to_other_members = True
    body.max_proxies_per_person = 1
    body.save()
    holder = member("holder@example.com")
    granters = [member(f"granter{n}@example.com") for n in range(3)]
    for _run in range(RUNS):
        meeting = meeting_of(body)

        def grant(user, meeting=meeting):
            return lambda: attendance.meeting_proxy_grant(
                actor=user, meeting=meeting, holder=holder.person, document=proxy_pdf()
            )

        results, errors = _run_together([grant(user) for user in granters])

        assert MeetingProxy.objects.filter(meeting=meeting, holder=holder.person).count() == 1
        assert len(errors) == 2
        assert all(isinstance(error, ValidationError) for error in errors)

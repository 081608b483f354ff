import datetime

import pytest
from django.utils import timezone

from core.models import OutboundEmail
from projects import services
from projects.models import CallReminder
from tests.factories import PersonFactory, UserFactory

from .factories import FundingCallFactory, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def call_with_interest(coordinator, representative, represented_organisation, other_organisation):
    call = FundingCallFactory(
        name_pl="Ścieżka SMART",
        name_en="SMART path",
        name_de="SMART-Pfad",
        deadline=timezone.now() + datetime.timedelta(days=10),
    )
    services.project_idea_submit(
        actor=representative,
        person=representative.person,
        data={"title": "Pomysł", "description": "Opis", "call": call},
    )
    project = make_project(call=call)
    services.project_partner_add(
        actor=coordinator,
        project=project,
        data={"organisation": other_organisation, "role": "lead"},
    )
    PersonFactory(organisation=other_organisation, email="de@example.com", language="de")
    return call


def test_a_reminder_goes_once_to_the_coordinators_and_the_interested_people(
    call_with_interest, representative, other_organisation
):
    UserFactory(email="former@example.com", is_coordinator=True, is_active=False)
    assert services.call_reminders_send() == 1
    emails = {email.to: email for email in OutboundEmail.objects.all()}
    assert set(emails) == {
        "coordinator@example.com",
        representative.person.email,
        other_organisation.primary_representative.email,
        "de@example.com",
    }
    assert "SMART-Pfad" in emails["de@example.com"].subject
    assert "Ścieżka SMART" in emails[representative.person.email].subject
    assert CallReminder.objects.get().days_before == 14
    # Again the same day, or after a worker replayed the task: nothing more.
    assert services.call_reminders_send() == 0
    assert OutboundEmail.objects.count() == 4


def test_the_three_day_reminder_follows_the_fourteen_day_one(call_with_interest):
    services.call_reminders_send()
    later = timezone.now() + datetime.timedelta(days=8)
    assert services.call_reminders_send(now=later) == 1
    assert sorted(CallReminder.objects.values_list("days_before", flat=True)) == [3, 14]
    assert services.call_reminders_send(now=later + datetime.timedelta(hours=6)) == 0


def test_a_call_found_late_gets_only_the_nearest_reminder(coordinator):
    FundingCallFactory(deadline=timezone.now() + datetime.timedelta(days=2))
    assert services.call_reminders_send() == 1
    assert list(CallReminder.objects.values_list("days_before", flat=True)) == [3]
    assert OutboundEmail.objects.filter(to="coordinator@example.com").count() == 1


def test_past_and_distant_calls_are_not_reminded_of(coordinator):
    FundingCallFactory(deadline=timezone.now() - datetime.timedelta(hours=1))
    FundingCallFactory(deadline=timezone.now() + datetime.timedelta(days=40))
    assert services.call_reminders_send() == 0
    assert not OutboundEmail.objects.exists()


def test_the_beat_schedule_runs_the_reminders_daily(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "projects.tasks.call_reminders_send" in tasks

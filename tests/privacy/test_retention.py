"""Retention by beat: unconfirmed subscribers and guests' registrations of past events go after
their periods; running again removes nothing more."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from events.models import Registration
from news.models import Subscriber
from privacy import services
from tests.events.factories import EventFactory
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _subscriber(email, state, days_ago):
    subscriber = Subscriber.objects.create(email=email, state=state, token=email)
    Subscriber.objects.filter(pk=subscriber.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return subscriber


def _registration(event, sequence, *, person=None):
    return Registration.objects.create(
        event=event,
        sequence=sequence,
        status=Registration.Status.ATTENDED,
        person=person,
        first_name="Ala",
        last_name="Nowak",
        email=f"r{sequence}-{event.pk}@example.com",
        language="pl",
        token=Registration.new_token(),
    )


def _event(days_ago):
    ends = timezone.now() - datetime.timedelta(days=days_ago)
    return EventFactory(starts_at=ends - datetime.timedelta(hours=2), ends_at=ends)


def test_unconfirmed_subscribers_go_after_their_period(settings):
    settings.PRIVACY_UNCONFIRMED_SUBSCRIBER_DAYS = 30
    old = _subscriber("old@example.com", Subscriber.State.PENDING, 31)
    recent = _subscriber("recent@example.com", Subscriber.State.PENDING, 29)
    confirmed = _subscriber("confirmed@example.com", Subscriber.State.CONFIRMED, 400)

    result = services.retention_run()

    assert result["subscribers"] == 1
    assert not Subscriber.objects.filter(pk=old.pk).exists()
    assert Subscriber.objects.filter(pk__in=[recent.pk, confirmed.pk]).count() == 2


def test_guest_registrations_of_past_events_go_after_their_period(settings):
    settings.PRIVACY_GUEST_REGISTRATION_DAYS = 365
    long_ago, lately = _event(366), _event(10)
    old_guest = _registration(long_ago, 1)
    member = _registration(long_ago, 2, person=PersonFactory())
    recent_guest = _registration(lately, 1)

    result = services.retention_run()

    assert result["guest_registrations"] == 1
    assert not Registration.objects.filter(pk=old_guest.pk).exists()
    assert Registration.objects.filter(pk__in=[member.pk, recent_guest.pk]).count() == 2


def test_a_second_run_removes_nothing_more():
    _subscriber("old@example.com", Subscriber.State.PENDING, 400)
    _registration(_event(800), 1)
    services.retention_run()

    assert services.retention_run() == {"subscribers": 0, "guest_registrations": 0, "exports": 0}


def test_the_periods_have_documented_defaults():
    assert settings.PRIVACY_UNCONFIRMED_SUBSCRIBER_DAYS == 30
    assert settings.PRIVACY_GUEST_REGISTRATION_DAYS == 365
    assert settings.PRIVACY_EXPORT_DAYS == 7


def test_beat_runs_the_retention_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["apply-personal-data-retention"]
    assert entry["task"] == "privacy.tasks.retention_run"
    from privacy.tasks import retention_run

    assert retention_run.name == "privacy.tasks.retention_run"

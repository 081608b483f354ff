"""The demo events: past and upcoming, a good-practice visit at a member, idempotent."""

import pytest
from django.core.management import call_command

from events.models import Event, Registration
from tests.factories import active_member

pytestmark = pytest.mark.django_db


def test_seed_events_creates_past_and_upcoming_events_once():
    host = active_member(name="Stocznia Demo S.A.", kind="large")
    call_command("seed_events")
    events = Event.objects.all()
    assert events.count() >= 5
    visit = Event.objects.get(kind=Event.Kind.GOOD_PRACTICES)
    assert visit.title_pl.startswith("Dobre praktyki")
    assert visit.host_organisation == host
    assert any(event.is_past for event in events) and any(not event.is_past for event in events)
    assert Registration.objects.filter(status=Registration.Status.ATTENDED).exists()
    counts = Event.objects.count(), Registration.objects.count()

    call_command("seed_events")
    assert (Event.objects.count(), Registration.objects.count()) == counts


def test_seed_events_refuses_when_demo_data_is_off(settings):
    from django.core.management.base import CommandError

    settings.SEED_DEMO_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("seed_events")
    assert not Event.objects.exists()

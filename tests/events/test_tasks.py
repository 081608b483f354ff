"""Periodic and background work: reminders a day before, sent once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events import tasks
from events.models import Event, Registration

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def test_reminders_go_a_day_before_to_confirmed_people_once(colleagues, register, committed):
    soon = EventFactory(
        capacity=1, starts_at=timezone.now() + timedelta(hours=20), title_en="Tomorrow's seminar"
    )
    later = EventFactory(starts_at=timezone.now() + timedelta(days=3))
    confirmed = register(soon, colleagues[0])
    register(soon, colleagues[1])  # waitlisted: no reminder
    register(later, colleagues[2])
    mail.outbox.clear()

    with committed():
        tasks.event_reminders_send()
    with committed():
        tasks.event_reminders_send()

    assert [message.to for message in mail.outbox] == [[confirmed.email]]
    assert mail.outbox[0].attachments[0][0].endswith(".ics")
    confirmed.refresh_from_db()
    assert confirmed.reminder_sent_at is not None
    assert Registration.objects.filter(reminder_sent_at__isnull=False).count() == 1


def test_no_reminder_for_a_cancelled_event(colleagues, register, committed):
    event = EventFactory(starts_at=timezone.now() + timedelta(hours=5))
    register(event, colleagues[0])
    Event.objects.filter(pk=event.pk).update(status=Event.Status.CANCELLED)
    mail.outbox.clear()
    with committed():
        tasks.event_reminders_send()
    assert mail.outbox == []


def test_the_reminder_is_in_the_persons_language(colleagues, register, committed):
    colleagues[0].language = "en"
    colleagues[0].save()
    event = EventFactory(starts_at=timezone.now() + timedelta(hours=5), title_en="NIS2 seminar")
    register(event, colleagues[0])
    mail.outbox.clear()
    with committed():
        tasks.event_reminders_send()
    assert mail.outbox[0].subject == "Reminder: NIS2 seminar"

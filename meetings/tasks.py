"""Background work for meetings: the notice, the reminder and the cancellation, each once per
person (MeetingNotice rows), so a task run twice sends nothing twice."""

from celery import shared_task

from . import services


@shared_task
def meeting_notices_send(meeting_id):
    services.meeting_notices_send(meeting_id=meeting_id)


@shared_task
def meeting_cancellation_send(meeting_id):
    services.meeting_cancellation_send(meeting_id=meeting_id)


@shared_task
def meeting_reminders_send():
    """Remind everyone notified of a meeting starting within two days; each person once."""
    for meeting_id in list(services.reminders_due()):
        services.meeting_reminder_send(meeting_id=meeting_id)


@shared_task
def minutes_publish(minutes_id):
    """Render approved minutes' PDF and tell the body's people, once."""
    services.minutes_publish(minutes_id=minutes_id)

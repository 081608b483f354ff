"""Background work for events: registration e-mails, reminders, cancellation notices and PDFs."""

from celery import shared_task

from . import services


@shared_task
def event_reminders_send():
    """Remind everyone with a seat at an event starting within a day; each person once."""
    for registration_id in list(services.reminders_due()):
        services.reminder_send(registration_id=registration_id)


@shared_task
def event_cancellation_notices_send(event_id):
    services.event_cancellation_notices_send(event_id=event_id)


@shared_task
def event_document_render(document_id):
    services.document_render(document_id=document_id)


@shared_task
def registration_confirmation_send(registration_id):
    """Render and send the e-mail answering a registration, once it has committed."""
    services.registration_confirmation_send(registration_id=registration_id)

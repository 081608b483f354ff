"""Background work for agreements: rendering their PDF, expiry, reminders. Each task is thin."""

from celery import shared_task

from . import services


@shared_task
def agreement_document_render(agreement_id):
    services.agreement_document_render(agreement_id=agreement_id)


@shared_task
def agreements_expire():
    return services.agreements_expire()


@shared_task
def expiry_reminders_send():
    return services.expiry_reminders_send()

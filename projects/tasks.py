"""Background work for projects: reminders of funding calls' deadlines. Each task is thin."""

from celery import shared_task

from . import services


@shared_task
def call_reminders_send():
    return services.call_reminders_send()

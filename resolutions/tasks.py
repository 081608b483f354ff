"""Celery tasks for governance: thin, by primary key, and safe to run twice."""

from celery import shared_task
from django.utils import timezone

from . import services
from .models import Resolution


@shared_task
def votes_close_due():
    """Close every electronic vote whose window has ended."""
    due = Resolution.objects.filter(
        status=Resolution.Status.OPEN, voting_closes_at__lte=timezone.now()
    ).values_list("pk", flat=True)
    for resolution_id in due:
        services.vote_close(resolution=Resolution(pk=resolution_id))


@shared_task
def vote_reminders_send():
    """Remind non-voters a day before their vote closes."""
    for resolution_id in services.reminders_due().values_list("pk", flat=True):
        services.vote_reminder_send(resolution_id=resolution_id)


@shared_task
def vote_opened_notify(resolution_id):
    services.vote_opened_notify(resolution_id=resolution_id)


@shared_task
def vote_outcome_notify(resolution_id):
    services.vote_outcome_notify(resolution_id=resolution_id)


@shared_task
def resolution_pdf_render(resolution_id):
    services.resolution_pdf_store(resolution_id=resolution_id)


@shared_task
def plan_pdf_render(plan_id):
    services.plan_pdf_store(plan_id=plan_id)

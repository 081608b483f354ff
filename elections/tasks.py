"""Celery tasks for elections: thin, by primary key, and safe to run twice."""

from celery import shared_task
from django.utils import timezone

from . import services
from .models import Election


@shared_task
def elections_close_due():
    """Close every electronic ballot whose window has ended."""
    due = Election.objects.filter(
        status=Election.Status.VOTING,
        method=Election.Method.ELECTRONIC,
        voting_closes_at__lte=timezone.now(),
    ).values_list("pk", flat=True)
    for election_id in due:
        services.election_close(election=Election(pk=election_id))


@shared_task
def election_opened_notify(election_id):
    services.election_opened_notify(election_id=election_id)


@shared_task
def election_results_pdf_render(election_id):
    services.election_results_pdf_store(election_id=election_id)

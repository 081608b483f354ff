"""Background work for surveys: thin tasks that take ids and call a service."""

from celery import shared_task

from . import services


@shared_task
def survey_invitations_send(survey_id):
    """Invite every member's representative to a sent survey (queued on commit); idempotent."""
    return services.survey_invitations_send(survey_id=survey_id)


@shared_task
def survey_reminders_send():
    """Remind the members that have not submitted before each survey closes (daily, beat)."""
    return services.survey_reminders_send()

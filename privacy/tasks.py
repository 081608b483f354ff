"""Background work for personal data: thin tasks that take ids and call a service."""

from celery import shared_task

from . import services


@shared_task
def export_prepare(request_id):
    """Prepare the copy of one request (queued on commit); a second run does nothing."""
    return services.export_prepare(request_id=request_id)


@shared_task
def retention_run():
    """Apply the retention periods and expire old copies (daily, beat)."""
    return services.retention_run()

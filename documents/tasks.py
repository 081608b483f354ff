"""Background work for the document library: thin tasks that take ids and call a service."""

from celery import shared_task

from . import services


@shared_task
def version_notices_send(version_id):
    """Tell a published version's readers of it, once each (queued on commit)."""
    return services.version_notices_send(version_id=version_id)

"""Background work for webhooks: thin tasks that take ids and call a service."""

from celery import shared_task

from . import services


@shared_task
def delivery_send(delivery_id):
    """Post one delivery if it is due and nobody else claimed it (queued on commit, retried)."""
    return services.delivery_send(delivery_id=delivery_id)


@shared_task
def deliveries_sweep():
    """Queue the deliveries that are due and fail the interrupted ones (every minute, beat)."""
    return services.deliveries_sweep()

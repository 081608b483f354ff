"""Background work for the search: keep the index in step (beat). Thin: each calls a service."""

from celery import shared_task

from . import services


@shared_task
def search_index_refresh():
    """Index what changed since the last refresh and drop rows of deleted objects (every 5 min)."""
    return services.search_index_refresh()


@shared_task
def search_index_rebuild():
    """Index everything again (nightly): catches changes written without `updated_at`."""
    return services.search_index_rebuild()

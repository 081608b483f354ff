"""A real Celery worker renders the attendance list from Redis; the panel then offers it.

The worker runs as a separate process on the test database and listens on Redis database 12 of
the configured host (the events' own), which the test empties first.
"""

import io

import pytest
from pypdf import PdfReader

from events import services
from events.models import EventDocument
from tests.celery_workers import CeleryWorkers

from .factories import EventFactory

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKER_REDIS_DB = 12


@pytest.fixture
def worker(django_db_setup, tmp_path):
    """Start a worker and publish this test's tasks to it."""
    workers = CeleryWorkers(redis_db=WORKER_REDIS_DB, log_dir=tmp_path)
    workers.start()
    yield workers
    workers.stop()


def test_the_worker_renders_the_attendance_list_which_the_panel_then_offers(
    worker, colleagues, coordinator, client_for
):
    event = EventFactory(capacity=10)
    for person in colleagues:
        services.registration_create(event=event, actor=None, person=person, language="pl")

    document = services.attendance_list_request(event=event, actor=coordinator, language="en")

    def ready():
        document.refresh_from_db()
        return document.status == EventDocument.Status.READY

    worker.wait_for(ready, what="the attendance list")
    response = client_for(coordinator).get(f"/en/panel/events/documents/{document.pk}/")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert all(person.last_name in text for person in colleagues)

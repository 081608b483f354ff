"""A billing run issued by a real Celery worker that is killed half-way (SIGKILL), then finished by
another: no gap in the numbering and no member billed twice.

The test stops the worker at a known point without any hook in the code: it takes the series'
row lock itself once the worker has issued some documents, so the worker's next document waits
for its number inside an open transaction; then the worker is killed. That transaction never
commits: its document and its number are gone, and the next worker takes the number again.
"""

import datetime
import os
import signal

import pytest
from django.db import connection, transaction

from fees import services
from fees.models import BillingRun, DocumentSequence, FeeDocument
from fees.tasks import billing_run_issue
from tests.celery_workers import CeleryWorkers
from tests.factories import UserFactory

from .factories import BillingProfileFactory, FeeScheduleFactory, member

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

WORKER_REDIS_DB = 11
MEMBERS = 80
KILL_AFTER = 10
TODAY = datetime.date.today()


@pytest.fixture
def workers(django_db_setup, tmp_path):
    workers = CeleryWorkers(redis_db=WORKER_REDIS_DB, log_dir=tmp_path)
    yield workers
    workers.stop()


def _issued():
    return FeeDocument.objects.filter(series="FV", year=TODAY.year).count()


def _waiting_for_a_lock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def test_a_worker_killed_mid_run_leaves_no_gap_and_no_duplicate(workers):
    coordinator = UserFactory(is_coordinator=True)
    BillingProfileFactory()
    FeeScheduleFactory(year=TODAY.year)
    for _ in range(MEMBERS):
        member()
    first = workers.start("first")
    workers.wait_for(lambda: " ready." in workers.logs(), what="the worker", seconds=300)
    with transaction.atomic():
        run = services.billing_run_preview(year=TODAY.year, issue_date=TODAY, actor=coordinator)
        services.billing_run_confirm(run=run, actor=coordinator)

    workers.wait_for(lambda: _issued() >= KILL_AFTER, what=f"{KILL_AFTER} documents", seconds=300)
    with transaction.atomic():
        DocumentSequence.objects.select_for_update().get(series="FV", year=TODAY.year)
        workers.wait_for(_waiting_for_a_lock, what="the worker to wait for the next number")
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    issued_before = _issued()

    assert KILL_AFTER <= issued_before < MEMBERS
    assert BillingRun.objects.get(pk=run.pk).status == BillingRun.Status.RUNNING
    assert DocumentSequence.objects.get(series="FV", year=TODAY.year).last_number == (issued_before)

    # The beat's resume job (or the coordinator's "issue the rest") queues the run again.
    workers.start("second")
    billing_run_issue.delay(run.pk)  # waits in the queue until the worker is ready
    workers.wait_for(
        lambda: BillingRun.objects.get(pk=run.pk).status == BillingRun.Status.DONE,
        what="the run to finish",
        seconds=600,
    )

    numbers = sorted(
        FeeDocument.objects.filter(series="FV", year=TODAY.year).values_list("sequence", flat=True)
    )
    assert numbers == list(range(1, MEMBERS + 1))
    assert FeeDocument.objects.values("organisation").distinct().count() == MEMBERS
    assert BillingRun.objects.get(pk=run.pk).issued_count == MEMBERS

"""Billing runs issued at the same time, on PostgreSQL with real threads: numbers are taken under
the sequence's row lock, so concurrent runs and tasks share one gap-free series and no member is
billed twice by a run."""

import datetime
import threading

import pytest
from django.db import connections

from cluster_portal.celery import app as celery_app
from fees import services
from fees.models import BillingRun, DocumentSequence, FeeDocument
from tests.factories import UserFactory

from .factories import BillingProfileFactory, FeeScheduleFactory, member

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TODAY = datetime.date.today()
MEMBERS = 12


def _run_together(jobs):
    """Run the callables in threads started at the same moment; return results and errors."""
    start = threading.Barrier(len(jobs))
    results, errors = [None] * len(jobs), []

    def run(index, job):
        start.wait()
        try:
            results[index] = job()
        except Exception as error:  # collected: the test looks at them
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, job)) for index, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads)
    return results, errors


@pytest.fixture
def queued_not_run():
    """Tasks queued on commit go to the in-memory broker instead of running here: the test runs
    the issuing itself, in threads, and renders no PDF."""
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = eager


@pytest.fixture
def coordinator():
    return UserFactory(is_coordinator=True)


def _confirmed_run(year, coordinator):
    run = services.billing_run_preview(year=year, issue_date=TODAY, actor=coordinator)
    return services.billing_run_confirm(run=run, actor=coordinator)


def _assert_gap_free(series, year, count):
    numbers = sorted(
        FeeDocument.objects.filter(series=series, year=year).values_list("sequence", flat=True)
    )
    assert numbers == list(range(1, count + 1))
    assert DocumentSequence.objects.get(series=series, year=year).last_number == count


def test_two_runs_issued_at_once_share_one_gap_free_series(coordinator, queued_not_run):
    BillingProfileFactory()
    FeeScheduleFactory(year=TODAY.year)
    FeeScheduleFactory(year=TODAY.year + 1)
    for _ in range(MEMBERS):
        member()
    runs = [_confirmed_run(TODAY.year, coordinator), _confirmed_run(TODAY.year + 1, coordinator)]

    results, errors = _run_together(
        [lambda run=run: services.billing_run_issue(run_id=run.pk) for run in runs]
    )

    assert not errors
    assert results == [MEMBERS, MEMBERS]
    _assert_gap_free("FV", TODAY.year, 2 * MEMBERS)
    assert FeeDocument.objects.values("number").distinct().count() == 2 * MEMBERS
    for run in runs:
        assert BillingRun.objects.get(pk=run.pk).status == BillingRun.Status.DONE
        assert FeeDocument.objects.filter(billing_run=run).count() == MEMBERS


def test_tasks_of_one_run_at_once_bill_each_member_once(coordinator, queued_not_run):
    BillingProfileFactory()
    FeeScheduleFactory(year=TODAY.year)
    for _ in range(MEMBERS):
        member()
    run = _confirmed_run(TODAY.year, coordinator)

    results, errors = _run_together(
        [lambda: services.billing_run_issue(run_id=run.pk) for _ in range(3)]
    )

    assert not errors
    assert sum(results) == MEMBERS
    _assert_gap_free("FV", TODAY.year, MEMBERS)
    assert FeeDocument.objects.values("organisation").distinct().count() == MEMBERS
    run.refresh_from_db()
    assert (run.status, run.issued_count) == (BillingRun.Status.DONE, MEMBERS)


def test_a_correction_issued_during_a_run_takes_its_own_series_without_gaps(
    coordinator, queued_not_run
):
    BillingProfileFactory()
    FeeScheduleFactory(year=TODAY.year)
    FeeScheduleFactory(year=TODAY.year + 1)
    first = member()
    for _ in range(MEMBERS - 1):
        member()
    services.billing_run_issue(run_id=_confirmed_run(TODAY.year, coordinator).pk)
    original = FeeDocument.objects.get(organisation=first)
    run = _confirmed_run(TODAY.year + 1, coordinator)

    def correct(n):
        return lambda: services.fee_document_correct(
            document=original,
            amounts={1: original.net_total - n},
            reason=f"Korekta {n}",
            actor=coordinator,
        )

    _results, errors = _run_together(
        [lambda: services.billing_run_issue(run_id=run.pk), correct(1), correct(2)]
    )

    assert not errors
    _assert_gap_free("FV", TODAY.year, 2 * MEMBERS)
    _assert_gap_free("FK", TODAY.year, 2)

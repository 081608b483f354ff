"""The billing run: preview, confirm, issue (idempotent), pro rata, numbering."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.models import AuditEntry
from fees import services
from fees.models import BillingRun, DocumentSequence, FeeDocument
from members.models import Organisation
from tests.factories import UserFactory

from .factories import (
    BillingProfileFactory,
    FeeScheduleFactory,
    billing_run_done,
    debit_note_schedule,
    member,
)

pytestmark = pytest.mark.django_db

YEAR = 2026
ISSUE = datetime.date(2026, 1, 15)


@pytest.fixture
def coordinator():
    return UserFactory(is_coordinator=True)


@pytest.fixture
def billing(db):
    BillingProfileFactory()
    FeeScheduleFactory(year=YEAR, pro_rata="monthly")
    debit_note_schedule(year=YEAR, pro_rata="quarterly")


def _member(**fields):
    return member(**fields)


def test_the_preview_plans_each_active_member_by_its_category(billing, coordinator):
    company = _member()
    university = _member(kind=Organisation.Kind.UNIVERSITY)
    _member(kind=Organisation.Kind.LARGE)  # no schedule for large enterprises
    applicant = _member()
    applicant.status = Organisation.Status.APPLICANT
    applicant.primary_representative = None
    applicant.save()

    run = services.billing_run_preview(year=YEAR, issue_date=ISSUE, actor=coordinator)

    items = {item.organisation_id: item for item in run.items.all()}
    assert set(items) == {company.pk, university.pk}
    assert (items[company.pk].net, items[company.pk].vat) == (Decimal("1000.00"), Decimal("230.00"))
    assert (items[university.pk].net, items[university.pk].vat) == (Decimal("500.00"), 0)
    assert run.planned_count == 2
    assert run.gross_total == Decimal("1730.00")
    assert run.status == BillingRun.Status.PREVIEW
    assert not FeeDocument.objects.exists()


def test_members_who_joined_during_the_year_pay_the_remaining_months_or_quarters(
    billing, coordinator
):
    company = _member(joined=datetime.date(YEAR, 10, 20))  # Oct–Dec: 3 of 12 months
    university = _member(kind=Organisation.Kind.UNIVERSITY, joined=datetime.date(YEAR, 5, 2))
    _member(joined=datetime.date(YEAR + 1, 1, 1))  # joins after the year: owes nothing for it

    run = services.billing_run_preview(year=YEAR, issue_date=ISSUE, actor=coordinator)

    items = {item.organisation_id: item for item in run.items.all()}
    assert len(items) == 2
    assert (items[company.pk].periods, items[company.pk].periods_in_year) == (3, 12)
    assert items[company.pk].net == Decimal("250.00")
    assert items[company.pk].vat == Decimal("57.50")
    # Q2–Q4: three quarters of 500.00.
    assert (items[university.pk].periods, items[university.pk].net) == (3, Decimal("375.00"))


def test_a_new_preview_replaces_the_old_one(billing, coordinator):
    _member()
    first = services.billing_run_preview(year=YEAR, issue_date=ISSUE, actor=coordinator)
    second = services.billing_run_preview(year=YEAR, issue_date=ISSUE, actor=coordinator)
    assert not BillingRun.objects.filter(pk=first.pk).exists()
    assert BillingRun.objects.get().pk == second.pk


def test_a_preview_needs_the_billing_profile(coordinator):
    FeeScheduleFactory(year=YEAR)
    _member()
    with pytest.raises(ValidationError) as error:
        services.billing_run_preview(year=YEAR, issue_date=ISSUE, actor=coordinator)
    assert error.value.code == "no_profile"


def test_the_confirmed_run_issues_one_numbered_document_per_member(
    billing, coordinator, django_capture_on_commit_callbacks
):
    companies = [_member() for _ in range(3)]
    university = _member(kind=Organisation.Kind.UNIVERSITY)
    run = services.billing_run_preview(year=YEAR, issue_date=ISSUE, actor=coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        services.billing_run_confirm(run=run, actor=coordinator)

    run.refresh_from_db()
    assert run.status == BillingRun.Status.DONE
    assert run.issued_count == 4
    invoices = FeeDocument.objects.filter(kind="invoice").order_by("sequence")
    assert [d.number for d in invoices] == ["FV/2026/0001", "FV/2026/0002", "FV/2026/0003"]
    assert {d.organisation_id for d in invoices} == {c.pk for c in companies}
    note = FeeDocument.objects.get(kind="debit_note")
    assert note.number == "NO/2026/0001"
    assert note.organisation == university
    assert (note.net_total, note.vat_total, note.gross_total) == (Decimal("500.00"), 0, 500)
    assert note.ksef_status == FeeDocument.KsefStatus.NOT_APPLICABLE
    invoice = invoices[0]
    assert invoice.due_date == ISSUE + datetime.timedelta(days=14)
    assert invoice.seller_nip == "5842739122"
    assert invoice.buyer_nip == invoice.organisation.nip
    assert invoice.ksef_status == FeeDocument.KsefStatus.PENDING
    line = invoice.lines.get()
    assert (line.net, line.vat, line.gross, line.vat_rate) == (1000, 230, 1230, 23)
    # The files were rendered by the task queued on commit.
    assert invoice.pdf and invoice.ksef_xml and not note.ksef_xml and note.pdf
    assert AuditEntry.objects.filter(action="fees.document_issued").count() == 4
    assert AuditEntry.objects.filter(action="fees.billing_run_done").count() == 1


def test_running_the_issue_twice_issues_nothing_twice(billing, coordinator):
    for _ in range(3):
        _member()
    run = billing_run_done(coordinator=coordinator, year=YEAR, issue_date=ISSUE)
    # As a second task, or a redelivered one, would find it: running.
    BillingRun.objects.filter(pk=run.pk).update(status=BillingRun.Status.RUNNING)

    assert services.billing_run_issue(run_id=run.pk) == 0
    assert services.billing_run_issue(run_id=run.pk) == 0

    assert FeeDocument.objects.count() == 3
    assert DocumentSequence.objects.get(series="FV", year=2026).last_number == 3
    assert BillingRun.objects.get(pk=run.pk).status == BillingRun.Status.DONE


def test_a_half_issued_run_is_finished_by_the_next_task_without_gaps(billing, coordinator):
    for _ in range(4):
        _member()
    run = services.billing_run_preview(year=YEAR, issue_date=ISSUE, actor=coordinator)
    services.billing_run_confirm(run=run, actor=coordinator)
    # A worker that died after two documents: two items issued, the run still running.
    BillingRun.objects.filter(pk=run.pk).update(status=BillingRun.Status.RUNNING)
    profile = services._profile_or_refuse()
    for item_id in run.items.order_by("pk").values_list("pk", flat=True)[:2]:
        services._issue_run_item(run, item_id, profile)

    assert services.billing_run_issue(run_id=run.pk) == 2

    numbers = sorted(FeeDocument.objects.values_list("sequence", flat=True))
    assert numbers == [1, 2, 3, 4]
    assert BillingRun.objects.get(pk=run.pk).status == BillingRun.Status.DONE


def test_a_later_run_bills_only_members_who_joined_since(billing, coordinator):
    _member()
    billing_run_done(coordinator=coordinator, year=YEAR, issue_date=ISSUE)
    newcomer = _member(joined=datetime.date(YEAR, 7, 1))

    run = services.billing_run_preview(year=YEAR, issue_date=ISSUE, actor=coordinator)

    assert [item.organisation_id for item in run.items.all()] == [newcomer.pk]
    assert run.items.get().net == Decimal("500.00")  # July–December


def test_nothing_to_bill_is_refused(billing, coordinator):
    with pytest.raises(ValidationError) as error:
        services.billing_run_preview(year=YEAR, issue_date=ISSUE, actor=coordinator)
    assert error.value.code == "nothing_to_bill"


def test_a_confirmed_run_cannot_be_confirmed_again_nor_replaced(billing, coordinator):
    _member()
    run = services.billing_run_preview(year=YEAR, issue_date=ISSUE, actor=coordinator)
    services.billing_run_confirm(run=run, actor=coordinator)
    with pytest.raises(ValidationError):
        services.billing_run_confirm(run=run, actor=coordinator)
    BillingRun.objects.filter(pk=run.pk).update(status=BillingRun.Status.CONFIRMED)
    with pytest.raises(ValidationError) as error:
        services.billing_run_preview(year=YEAR, issue_date=ISSUE, actor=coordinator)
    assert error.value.code == "run_open"


def test_a_run_that_fails_records_the_error_and_can_be_resumed(
    billing, coordinator, django_capture_on_commit_callbacks
):
    member = _member()
    run = services.billing_run_preview(year=YEAR, issue_date=ISSUE, actor=coordinator)
    services.billing_run_confirm(run=run, actor=coordinator)
    BillingRun.objects.filter(pk=run.pk).update(status=BillingRun.Status.FAILED, error="boom")

    with django_capture_on_commit_callbacks(execute=True):
        services.billing_run_resume(run=run, actor=coordinator)

    run.refresh_from_db()
    assert run.status == BillingRun.Status.DONE
    assert run.error == ""
    assert FeeDocument.objects.get().organisation == member


def test_the_beat_job_requeues_stalled_runs(billing, coordinator):
    _member()
    run = services.billing_run_preview(year=YEAR, issue_date=ISSUE, actor=coordinator)
    services.billing_run_confirm(run=run, actor=coordinator)
    BillingRun.objects.filter(pk=run.pk).update(
        status=BillingRun.Status.RUNNING,
        updated_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )

    assert services.billing_runs_resume() == 1

    assert BillingRun.objects.get(pk=run.pk).status == BillingRun.Status.DONE
    assert FeeDocument.objects.count() == 1

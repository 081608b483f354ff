"""Eligibility, labels and their reminders, the indicators' history and the annual report's task."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.models import AuditEntry, OutboundEmail
from core.page_cache import content_changed
from members.models import Organisation
from reports import selectors, services, tasks
from reports.charts import plan_item_charts
from reports.models import (
    AnnualReport,
    IndicatorTarget,
    IndicatorValue,
    LabelReminder,
)
from resolutions.selectors import plan_progress
from tests.factories import UserFactory

from .factories import LabelFactory, TeamMemberFactory, member, plan_item

pytestmark = pytest.mark.django_db

Kind = Organisation.Kind
TODAY = datetime.date(2026, 6, 15)


def _criteria(day=TODAY):
    return {criterion.key: criterion for criterion in selectors.eccp_eligibility(day=day)}


# --- Eligibility --------------------------------------------------------------------------------


def test_fifteen_committed_members_of_two_types_a_half_time_team_and_a_website_are_eligible():
    for _number in range(14):
        member(kind=Kind.SMALL, joined_on=datetime.date(2024, 1, 1))
    criteria = _criteria()
    assert not criteria["members"].met and criteria["members"].actual == "14"
    assert not criteria["types"].met
    assert not criteria["team"].met
    assert not criteria["website"].met

    member(kind=Kind.UNIVERSITY, joined_on=datetime.date(2024, 1, 1))
    TeamMemberFactory(fte=Decimal("0.5"), starts_on=datetime.date(2024, 1, 1))
    services.cluster_profile_update(
        actor=None, data={"english_website": "https://cluster.example/en/"}
    )
    criteria = _criteria()
    assert all(criterion.met for criterion in criteria.values())


def test_a_suspended_member_is_not_committed():
    for _number in range(14):
        member(kind=Kind.SMALL, joined_on=datetime.date(2024, 1, 1))
    member(
        kind=Kind.NGO,
        joined_on=datetime.date(2024, 1, 1),
        status=Organisation.Status.SUSPENDED,
    )
    criteria = _criteria()
    assert criteria["members"].actual == "14"
    assert not criteria["members"].met
    # The suspended NGO is the only one of its type: one type is left.
    assert not criteria["types"].met


# --- Labels -------------------------------------------------------------------------------------


def test_an_esca_label_without_an_end_is_valid_for_two_years():
    label = services.label_save(
        actor=None,
        data={"kind": "esca_bronze", "awarded_on": datetime.date(2025, 3, 1), "valid_until": None},
    )
    assert label.valid_until == datetime.date(2027, 2, 28)
    with pytest.raises(ValidationError):
        services.label_save(
            actor=None,
            data={
                "kind": "key_cluster",
                "awarded_on": datetime.date(2025, 3, 1),
                "valid_until": None,
            },
        )


def test_label_reminders_go_to_the_coordinators_once_per_label_and_threshold():
    UserFactory(email="office@example.com", is_coordinator=True, language="en")
    UserFactory(email="member@example.com")
    label = LabelFactory(valid_until=datetime.date(2026, 9, 1))  # 78 days after TODAY
    LabelFactory(valid_until=datetime.date(2027, 9, 1))  # far away

    assert services.label_reminders_send(today=TODAY) == 1
    assert services.label_reminders_send(today=TODAY) == 0
    sent = OutboundEmail.objects.filter(template="reports_label_expiring")
    assert [email.to for email in sent] == ["office@example.com"]
    assert "ESCA Bronze Label" in sent[0].subject

    # Thirty days before: the second reminder, once.
    assert services.label_reminders_send(today=datetime.date(2026, 8, 10)) == 1
    assert services.label_reminders_send(today=datetime.date(2026, 8, 20)) == 0
    assert OutboundEmail.objects.filter(template="reports_label_expiring").count() == 2
    assert sorted(
        LabelReminder.objects.filter(label=label).values_list("days_before", flat=True)
    ) == [30, 90]


def test_a_label_found_late_gets_only_the_nearest_reminder():
    UserFactory(email="office@example.com", is_coordinator=True)
    LabelFactory(valid_until=TODAY + datetime.timedelta(days=10))
    assert services.label_reminders_send(today=TODAY) == 1
    assert services.label_reminders_send(today=TODAY) == 0
    assert OutboundEmail.objects.filter(template="reports_label_expiring").count() == 1


def test_renewing_a_label_reminds_again_before_its_new_end():
    UserFactory(email="office@example.com", is_coordinator=True)
    label = LabelFactory(valid_until=TODAY + datetime.timedelta(days=10))
    services.label_reminders_send(today=TODAY)
    services.label_save(
        actor=None, label=label, data={"valid_until": TODAY + datetime.timedelta(days=20)}
    )
    assert not LabelReminder.objects.filter(label=label).exists()
    assert services.label_reminders_send(today=TODAY) == 1


def test_the_beat_task_sends_the_reminders_due_today():
    UserFactory(email="office@example.com", is_coordinator=True)
    LabelFactory(
        awarded_on=selectors.cluster_today() - datetime.timedelta(days=700),
        valid_until=selectors.cluster_today() + datetime.timedelta(days=20),
    )
    tasks.label_reminders_send()
    tasks.label_reminders_send()
    assert OutboundEmail.objects.filter(template="reports_label_expiring").count() == 1


# --- Indicators ---------------------------------------------------------------------------------


def test_a_typed_value_goes_into_the_history_and_becomes_the_plans_value(coordinator):
    item = plan_item(year=2026)
    services.indicator_value_record(
        actor=coordinator, item=item, measured_on=datetime.date(2026, 3, 31), value=Decimal("2")
    )
    services.indicator_value_record(
        actor=coordinator, item=item, measured_on=datetime.date(2026, 1, 31), value=Decimal("1")
    )
    item.refresh_from_db()
    assert item.indicator_actual == Decimal("2")  # the newest, not the last typed
    # The same day again replaces its value.
    services.indicator_value_record(
        actor=coordinator, item=item, measured_on=datetime.date(2026, 3, 31), value=Decimal("3")
    )
    history = selectors.indicator_history(item_ids=[item.pk])[item.pk]
    assert [(v.measured_on.month, v.value) for v in history] == [(1, 1), (3, 3)]
    item.refresh_from_db()
    assert item.indicator_actual == Decimal("3")
    assert AuditEntry.objects.filter(action="indicator_value.recorded").count() == 3

    services.indicator_value_delete(actor=coordinator, value=history[-1])
    item.refresh_from_db()
    assert item.indicator_actual == Decimal("1")


def test_a_value_for_a_day_to_come_is_refused(coordinator):
    item = plan_item(year=2026)
    with pytest.raises(ValidationError):
        services.indicator_value_record(
            actor=coordinator,
            item=item,
            measured_on=selectors.cluster_today() + datetime.timedelta(days=1),
            value=Decimal("1"),
        )


def test_the_daily_snapshot_computes_registered_sources_and_records_changes_once():
    typed = plan_item(year=2026)
    typed.indicator_actual = Decimal("4")
    typed.save()
    computed = plan_item(year=2026, title="Członkowie", indicator="liczba członków")
    computed.indicator_source = "reports.members"
    computed.save()
    for _number in range(3):
        member(kind=Kind.SMALL, joined_on=datetime.date(2024, 1, 1))

    assert services.indicator_values_snapshot(today=TODAY) == 2
    assert services.indicator_values_snapshot(today=TODAY) == 0
    values = {v.plan_item_id: v for v in IndicatorValue.objects.all()}
    assert (values[typed.pk].value, values[typed.pk].source) == (Decimal("4"), "plan")
    assert (values[computed.pk].value, values[computed.pk].source) == (
        Decimal("3"),
        "reports.members",
    )
    assert selectors.source_label("reports.members") == "members of the cluster"
    # Nothing changed the next day: nothing is recorded.
    assert services.indicator_values_snapshot(today=TODAY + datetime.timedelta(days=1)) == 0
    member(kind=Kind.SMALL, joined_on=datetime.date(2024, 1, 1))
    assert services.indicator_values_snapshot(today=TODAY + datetime.timedelta(days=2)) == 1


def test_a_value_typed_today_is_not_overwritten_by_the_snapshot(coordinator):
    item = plan_item(year=2026)
    today = selectors.cluster_today()
    services.indicator_value_record(
        actor=coordinator, item=item, measured_on=today, value=Decimal("5")
    )
    item.indicator_actual = Decimal("6")
    item.save()
    assert services.indicator_values_snapshot(today=today) == 0
    assert IndicatorValue.objects.get().value == Decimal("5")


def test_the_target_path_runs_from_the_items_start_or_as_the_coordinator_sets_it(coordinator):
    item = plan_item(year=2026, target=Decimal("10"))
    assert selectors.target_path(item, None) == [
        (datetime.date(2026, 1, 1), Decimal("0")),
        (datetime.date(2027, 12, 31), Decimal("10")),
    ]
    services.indicator_target_save(
        actor=coordinator,
        item=item,
        data={
            "start_value": Decimal("2"),
            "start_on": datetime.date(2026, 3, 1),
            "target_value": Decimal("12"),
            "target_on": datetime.date(2027, 6, 30),
        },
    )
    path = IndicatorTarget.objects.get(plan_item=item)
    assert selectors.target_path(item, path)[1] == (datetime.date(2027, 6, 30), Decimal("12"))


def test_the_plans_page_and_pdf_get_a_chart_per_indicator_with_history(coordinator):
    item = plan_item(year=2026, target=Decimal("10"))
    bare = plan_item(year=2026, title="Bez wskaźnika", indicator="", target=None)
    services.indicator_value_record(
        actor=coordinator, item=item, measured_on=datetime.date(2026, 2, 28), value=Decimal("3")
    )
    charts = plan_item_charts([item, bare])
    assert set(charts) == {item.pk}
    svg = str(charts[item.pk])
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title" in svg and "liczba spotkań" in svg
    assert "chart__target" in svg  # the dashed target path
    # resolutions asks through its hook: each item of the plan carries its chart.
    goals = plan_progress(plan=item.plan)
    assert "<svg" in str(goals[0].items[0].indicator_chart)


# --- The annual report --------------------------------------------------------------------------


def test_the_annual_report_is_queued_rendered_once_and_stored_privately(
    coordinator, django_capture_on_commit_callbacks
):
    year = selectors.cluster_today().year
    member(kind=Kind.MICRO, joined_on=datetime.date(year, 1, 10))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = services.annual_report_request(actor=coordinator, year=year)
    # The task, queued once the request committed (besides the page cache's note of a change).
    assert len([callback for callback in callbacks if callback is not content_changed]) == 1
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.READY
    assert report.progress == 100
    assert report.pdf_pl.read(4) == b"%PDF"
    assert report.sha256_pl and report.sha256_en and report.sha256_pl != report.sha256_en
    assert report.figures["by_kind"]["micro"] == 1
    generated_at = report.generated_at

    # The task again (a redelivery) finds the report ready and leaves it alone.
    assert services.annual_report_render(report_id=report.pk) is False
    tasks.annual_report_render(report.pk)
    report.refresh_from_db()
    assert report.generated_at == generated_at


def test_a_report_being_prepared_cannot_be_asked_for_again_and_a_lost_one_is_taken_over(
    coordinator,
):
    year = selectors.cluster_today().year
    report = AnnualReport.objects.create(
        year=year, status=AnnualReport.Status.RENDERING, claimed_at=timezone.now()
    )
    with pytest.raises(ValidationError):
        services.annual_report_request(actor=coordinator, year=year)
    assert services.annual_report_render(report_id=report.pk) is False
    AnnualReport.objects.filter(pk=report.pk).update(
        claimed_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert services.annual_report_render(report_id=report.pk) is True
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.READY


def test_a_year_to_come_is_refused(coordinator):
    with pytest.raises(ValidationError):
        services.annual_report_request(actor=coordinator, year=selectors.cluster_today().year + 1)
    assert not AnnualReport.objects.exists()


def test_the_plans_pdf_carries_the_indicators_charts(coordinator):
    from pypdf import PdfReader

    from resolutions.services import plan_pdf_store

    item = plan_item(year=2026, target=Decimal("10"))
    services.indicator_value_record(
        actor=coordinator, item=item, measured_on=datetime.date(2026, 2, 28), value=Decimal("3")
    )
    plan = plan_pdf_store(plan_id=item.plan_id)
    with plan.pdf.open("rb") as handle:
        text = "\n".join(page.extract_text() for page in PdfReader(handle).pages)
    assert "Spotkania: liczba spotkań" in text  # the chart's caption, under the goal's table

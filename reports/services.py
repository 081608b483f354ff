"""Reports: writes. The cluster's profile, its management team and labels, the label reminders,
the indicators' history and target paths, and the annual reports."""

import datetime
import functools
import logging
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.audit import audit_log
from core.emails import email_queue
from core.pdf import pdf_render, sha256_hex
from core.services import audited_update
from resolutions.indicators import indicator_source
from resolutions.models import PlanItem
from resolutions.services import plan_item_save, plan_items_indicator_refresh

from . import selectors
from .models import (
    AnnualReport,
    ClusterLabel,
    ClusterProfile,
    IndicatorTarget,
    IndicatorValue,
    LabelReminder,
    ManagementTeamMember,
)

logger = logging.getLogger(__name__)

PROFILE_FIELDS = ["english_website", "eccp_profile_url"]
TEAM_FIELDS = ["name", "role", "fte", "starts_on", "ends_on"]
LABEL_FIELDS = ["kind", "awarded_on", "valid_until", "awarded_by", "reference", "notes"]
TARGET_FIELDS = ["start_value", "start_on", "target_value", "target_on"]
# A report stuck "being prepared" this long was lost with its worker and may be claimed again.
RENDER_STALE_AFTER = datetime.timedelta(minutes=30)


# --- Profile, team and labels -------------------------------------------------------------------


@transaction.atomic
def cluster_profile_update(*, actor: User | None, data: Mapping[str, Any]) -> ClusterProfile:
    profile = ClusterProfile.objects.select_for_update().filter(pk=1).first()
    instance = profile or ClusterProfile(pk=1)
    audited_update(
        actor=actor,
        instance=instance,
        data={key: data[key] for key in PROFILE_FIELDS if key in data},
        fields=PROFILE_FIELDS,
        audit_action="cluster_profile.updated",
    )
    return instance


@transaction.atomic
def team_member_save(
    *,
    actor: User | None,
    data: Mapping[str, Any],
    member: ManagementTeamMember | None = None,
) -> ManagementTeamMember:
    instance = member or ManagementTeamMember()
    audited_update(
        actor=actor,
        instance=instance,
        data={key: data[key] for key in TEAM_FIELDS if key in data},
        fields=TEAM_FIELDS,
        audit_action="team_member.created" if member is None else "team_member.updated",
    )
    return instance


@transaction.atomic
def team_member_delete(*, actor: User | None, member: ManagementTeamMember) -> None:
    audit_log(
        actor=actor,
        action="team_member.deleted",
        target=member,
        changes={"name": member.name, "fte": str(member.fte)},
    )
    member.delete()


def label_default_validity(*, kind: str, awarded_on: datetime.date) -> datetime.date | None:
    """The end of a label's validity when its certificate names none: ESCA labels last two years."""
    years = ClusterLabel.DEFAULT_VALIDITY_YEARS.get(kind)
    if years is None:
        return None
    try:
        return awarded_on.replace(year=awarded_on.year + years) - datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return awarded_on.replace(year=awarded_on.year + years, day=28)


@transaction.atomic
def label_save(
    *, actor: User | None, data: Mapping[str, Any], label: ClusterLabel | None = None
) -> ClusterLabel:
    """Record a label; without an end date an ESCA label is valid for two years."""
    values = {key: data[key] for key in LABEL_FIELDS if key in data}
    if not values.get("valid_until") and values.get("kind") and values.get("awarded_on"):
        values["valid_until"] = label_default_validity(
            kind=values["kind"], awarded_on=values["awarded_on"]
        )
    if not values.get("valid_until") and (label is None or "valid_until" in values):
        raise ValidationError(
            {"valid_until": _("Give the date until which this status is valid.")},
            code="no_validity",
        )
    instance = label or ClusterLabel()
    changes = audited_update(
        actor=actor,
        instance=instance,
        data=values,
        fields=LABEL_FIELDS,
        audit_action="cluster_label.created" if label is None else "cluster_label.updated",
    )
    if label is not None and "valid_until" in changes:
        # A renewed or corrected label is reminded of again before its new end.
        LabelReminder.objects.filter(label=instance).delete()
    return instance


@transaction.atomic
def label_delete(*, actor: User | None, label: ClusterLabel) -> None:
    audit_log(
        actor=actor,
        action="cluster_label.deleted",
        target=label,
        changes={"kind": label.kind, "valid_until": label.valid_until.isoformat()},
    )
    label.delete()


def label_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the coordinators of each label ending within 90 and 30 days, once per label and
    threshold. The reminder row and the e-mails are written in one transaction: a worker that dies
    leaves neither, and a second run finds the row and sends nothing."""
    today = today or selectors.cluster_today()
    sent = 0
    for label_id, days in selectors.label_reminders_due(today=today):
        sent += _label_reminder_send(label_id=label_id, days_before=days, today=today)
    return sent


@transaction.atomic
def _label_reminder_send(*, label_id: int, days_before: int, today: datetime.date) -> int:
    label = ClusterLabel.objects.select_for_update().filter(pk=label_id).first()
    if label is None or label.reminders.filter(days_before__lte=days_before).exists():
        return 0
    LabelReminder.objects.create(label=label, days_before=days_before)
    days_left = (label.valid_until - today).days
    for user in User.objects.filter(is_coordinator=True, is_active=True).order_by("pk"):
        if user.email:
            email_queue(
                to=user.email,
                template="reports_label_expiring",
                language=user.language,
                context={"label": label, "days_left": days_left},
            )
    audit_log(
        actor=None,
        action="cluster_label.reminder_sent",
        target=label,
        changes={"days_before": days_before},
    )
    return 1


# --- Indicators ---------------------------------------------------------------------------------


def _newest_value(item: PlanItem) -> IndicatorValue | None:
    return IndicatorValue.objects.filter(plan_item=item).order_by("-measured_on").first()


def _plan_value_follow(*, actor: User | None, item: PlanItem) -> None:
    """Make the plan item's current value the newest of its history, for a typed indicator (one
    from a registered source keeps the value its source computes)."""
    if item.indicator_source:
        return
    newest = _newest_value(item)
    value = newest.value if newest is not None else None
    if value == item.indicator_actual:
        return
    plan_item_save(
        actor=actor,
        plan=item.plan,
        data={"indicator_actual": value},
        resolutions=list(item.resolutions.all()),
        events=list(item.events.all()),
        item=item,
    )


@transaction.atomic
def indicator_value_record(
    *,
    actor: User | None,
    item: PlanItem,
    measured_on: datetime.date,
    value: Decimal,
    note: str = "",
) -> IndicatorValue:
    """Record the value the coordinator typed for a day; a value of that day is replaced."""
    if not item.indicator:
        raise ValidationError(_("This plan item has no indicator."), code="no_indicator")
    if measured_on > selectors.cluster_today():
        raise ValidationError(
            {"measured_on": _("A value cannot be recorded for a day still to come.")},
            code="future_value",
        )
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    existing = IndicatorValue.objects.filter(plan_item=item, measured_on=measured_on).first()
    before = None if existing is None else str(existing.value)
    instance = existing or IndicatorValue(plan_item=item, measured_on=measured_on)
    instance.value = value
    instance.note = note
    instance.source = IndicatorValue.TYPED
    instance.recorded_by = actor
    instance.save()
    audit_log(
        actor=actor,
        action="indicator_value.recorded",
        target=instance,
        parent=item,
        changes={
            "measured_on": measured_on.isoformat(),
            "value": [before, str(value)],
        },
    )
    _plan_value_follow(actor=actor, item=item)
    return instance


@transaction.atomic
def indicator_value_delete(*, actor: User | None, value: IndicatorValue) -> None:
    item = PlanItem.objects.select_for_update().get(pk=value.plan_item_id)
    audit_log(
        actor=actor,
        action="indicator_value.deleted",
        target=value,
        parent=item,
        changes={"measured_on": value.measured_on.isoformat(), "value": str(value.value)},
    )
    value.delete()
    _plan_value_follow(actor=actor, item=item)


@transaction.atomic
def indicator_target_save(
    *, actor: User | None, item: PlanItem, data: Mapping[str, Any]
) -> IndicatorTarget:
    instance = IndicatorTarget.objects.filter(plan_item=item).first()
    created = instance is None
    instance = instance or IndicatorTarget(plan_item=item)
    audited_update(
        actor=actor,
        instance=instance,
        data={key: data[key] for key in TARGET_FIELDS if key in data},
        fields=TARGET_FIELDS,
        audit_action="indicator_target.created" if created else "indicator_target.updated",
        parent=item,
    )
    return instance


@transaction.atomic
def indicator_target_delete(*, actor: User | None, target: IndicatorTarget) -> None:
    audit_log(
        actor=actor,
        action="indicator_target.deleted",
        target=target,
        parent=target.plan_item,
        changes={"target_value": str(target.target_value)},
    )
    target.delete()


def indicator_values_snapshot(*, today: datetime.date | None = None) -> int:
    """Record today's value of every indicator whose value changed since its last record.

    An indicator fed by a registered source is computed again first; a typed one records the
    plan's value. A value the coordinator typed today is left as it is. Returns how many values
    were recorded. Each item is recorded in a transaction of its own, so a second run the same day
    changes nothing.
    """
    today = today or selectors.cluster_today()
    sourced = list(
        PlanItem.objects.exclude(indicator="")
        .exclude(indicator_source="")
        .filter(starts_on__lte=today)
        .values_list("pk", flat=True)
    )
    if sourced:
        plan_items_indicator_refresh(actor=None, item_ids=sourced)
    recorded = 0
    items = PlanItem.objects.exclude(indicator="").filter(
        starts_on__lte=today, indicator_actual__isnull=False
    )
    for pk in list(items.values_list("pk", flat=True)):
        recorded += _indicator_value_snapshot(item_id=pk, today=today)
    return recorded


@transaction.atomic
def _indicator_value_snapshot(*, item_id: int, today: datetime.date) -> int:
    item = PlanItem.objects.select_for_update().filter(pk=item_id).first()
    if item is None or item.indicator_actual is None:
        return 0
    newest = _newest_value(item)
    if newest is not None and (
        newest.value == item.indicator_actual or newest.measured_on >= today
    ):
        return 0
    source = item.indicator_source if indicator_source(item.indicator_source) else ""
    value = IndicatorValue.objects.create(
        plan_item=item,
        measured_on=today,
        value=item.indicator_actual,
        source=source or IndicatorValue.PLAN_SOURCE,
    )
    audit_log(
        actor=None,
        action="indicator_value.computed",
        target=value,
        parent=item,
        changes={"value": str(value.value), "source": value.source},
    )
    return 1


# --- Annual reports -----------------------------------------------------------------------------


@transaction.atomic
def annual_report_request(*, actor: User | None, year: int) -> AnnualReport:
    """Ask for the year's report (again); a task prepares its PDFs once this commits."""
    from .tasks import annual_report_render as render_task

    if not 2000 <= year <= selectors.cluster_today().year:
        raise ValidationError(
            {"year": _("Choose a year that has begun.")}, code="year_out_of_range"
        )
    report = AnnualReport.objects.select_for_update().filter(year=year).first()
    if report is not None and report.status == AnnualReport.Status.RENDERING:
        raise ValidationError(
            _("This report is being prepared; wait until it is ready."), code="rendering"
        )
    try:
        with transaction.atomic():
            report = report or AnnualReport.objects.create(year=year)
    except IntegrityError as error:
        raise ValidationError(
            _("This report is being asked for already; reload the page."), code="duplicate"
        ) from error
    report.status = AnnualReport.Status.QUEUED
    report.progress = 0
    report.error = ""
    report.requested_by = actor
    report.requested_at = timezone.now()
    report.save(
        update_fields=[
            "status",
            "progress",
            "error",
            "requested_by",
            "requested_at",
            "updated_at",
        ]
    )
    audit_log(actor=actor, action="annual_report.requested", target=report)
    report_id = report.pk
    transaction.on_commit(lambda: render_task.delay(report_id))
    return report


def _progress(report_id: int, value: int) -> None:
    AnnualReport.objects.filter(pk=report_id).update(progress=value, updated_at=timezone.now())


def annual_report_render(*, report_id: int) -> bool:
    """Prepare the report's PDFs, once: a report another worker holds, or one that is ready, is
    left alone; one whose worker was lost long ago is taken over."""
    from .annual import annual_report_content, annual_report_data, annual_report_figures

    now = timezone.now()
    claimed = AnnualReport.objects.filter(pk=report_id, status=AnnualReport.Status.QUEUED).update(
        status=AnnualReport.Status.RENDERING, claimed_at=now, progress=5, updated_at=now
    ) or AnnualReport.objects.filter(
        pk=report_id,
        status=AnnualReport.Status.RENDERING,
        claimed_at__lt=now - RENDER_STALE_AFTER,
    ).update(claimed_at=now, progress=5, updated_at=now)
    if not claimed:
        return False
    report = AnnualReport.objects.get(pk=report_id)
    try:
        data = annual_report_data(year=report.year)
        figures = annual_report_figures(data=data)
        _progress(report_id, 20)
        documents = {}
        for index, language in enumerate(AnnualReport.LANGUAGES):
            context = annual_report_content(data=data, language=language)
            documents[language] = pdf_render(
                template="pdf/reports_annual.html", context=context, language=language
            )
            _progress(report_id, 20 + 70 * (index + 1) // len(AnnualReport.LANGUAGES))
    except Exception as error:  # any failure is shown on the panel, which can ask again
        logger.exception("Rendering annual report %s failed", report_id)
        AnnualReport.objects.filter(pk=report_id).update(
            status=AnnualReport.Status.FAILED,
            error=str(error)[:2000],
            updated_at=timezone.now(),
        )
        return False
    _annual_report_store(report_id=report_id, documents=documents, figures=figures)
    return True


@transaction.atomic
def _annual_report_store(
    *, report_id: int, documents: Mapping[str, bytes], figures: Mapping[str, Any]
) -> None:
    report = AnnualReport.objects.select_for_update().get(pk=report_id)
    old = [str(field.name) for field in (report.pdf_pl, report.pdf_en) if field]
    for language, content in documents.items():
        field = report.pdf_for(language)
        field.save(f"annual-report-{report.year}-{language}.pdf", ContentFile(content), save=False)
        setattr(report, f"sha256_{language}", sha256_hex(content))
    report.status = AnnualReport.Status.READY
    report.progress = 100
    report.generated_at = timezone.now()
    report.figures = dict(figures)
    report.save()
    audit_log(
        actor=None,
        action="annual_report.prepared",
        target=report,
        changes={"sha256_pl": report.sha256_pl, "sha256_en": report.sha256_en},
    )
    kept = {report.pdf_pl.name, report.pdf_en.name}
    storage = report.pdf_pl.storage
    for name in old:
        if name not in kept:
            transaction.on_commit(functools.partial(storage.delete, name))

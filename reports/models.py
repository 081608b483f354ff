"""What the cluster reports: its profile for the ECCP, the management team, labels, the history
of the operational plan's indicators, and the annual reports for the Assembly."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.storage import private_storage


class ClusterProfile(TimeStampedModel):
    """The cluster's own figures that no other record holds (one row, pk 1)."""

    english_website = models.URLField(
        _("English website"),
        blank=True,
        help_text=_("The address of the cluster's website in English (an ECCP criterion)."),
    )
    eccp_profile_url = models.URLField(_("ECCP profile"), blank=True)

    class Meta:
        verbose_name = _("cluster profile")
        verbose_name_plural = _("cluster profiles")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="cluster_profile_single_row"),
        ]

    def __str__(self):
        return str(_("Cluster profile"))


class ManagementTeamMember(TimeStampedModel):
    """A person of the cluster's management team and the share of a full time they work for it."""

    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True)
    fte = models.DecimalField(
        _("FTE"),
        max_digits=3,
        decimal_places=2,
        help_text=_("Full-time equivalent: 1 for a full time, 0.5 for half."),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("management team member")
        verbose_name_plural = _("management team")
        ordering = ["-starts_on", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=1),
                name="management_team_fte_between_0_and_1",
                violation_error_message=_("The FTE must be more than 0 and at most 1."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="management_team_ends_after_start",
                violation_error_message=_("The end cannot come before the start."),
            ),
        ]

    def __str__(self):
        return self.name


class ClusterLabel(TimeStampedModel):
    """A label or status the cluster was awarded, valid between two dates."""

    class Kind(models.TextChoices):
        ESCA_BRONZE = "esca_bronze", _("ESCA Bronze Label")
        ESCA_SILVER = "esca_silver", _("ESCA Silver Label")
        ESCA_GOLD = "esca_gold", _("ESCA Gold Label")
        KEY_CLUSTER = "key_cluster", _("Key cluster status")

    # How long a label is valid when its certificate gives no date: ESCA labels for two years.
    DEFAULT_VALIDITY_YEARS = {"esca_bronze": 2, "esca_silver": 2, "esca_gold": 2}

    kind = models.CharField(_("label"), max_length=16, choices=Kind.choices)
    awarded_on = models.DateField(_("awarded on"))
    valid_until = models.DateField(_("valid until"))
    awarded_by = models.CharField(_("awarded by"), max_length=200, blank=True)
    reference = models.CharField(_("certificate or decision"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("cluster label")
        verbose_name_plural = _("cluster labels")
        ordering = ["-valid_until", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gt=F("awarded_on")),
                name="cluster_label_valid_after_award",
                violation_error_message=_("A label must be valid after the day it was awarded."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["esca_bronze", "esca_silver", "esca_gold", "key_cluster"]),
                name="cluster_label_kind_is_valid",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.awarded_on:%Y-%m-%d})"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.awarded_on <= day <= self.valid_until


class LabelReminder(models.Model):
    """That the reminder `days_before` a label expires went out: each is sent once."""

    label = models.ForeignKey(ClusterLabel, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["label", "days_before"], name="label_reminder_once_per_label_and_day"
            ),
        ]

    def __str__(self):
        return f"{self.label}: {self.days_before}"


class IndicatorValue(models.Model):
    """One dated value of an operational-plan item's indicator, typed or computed."""

    # The value's source when the coordinator typed it; otherwise the registered source's key
    # (resolutions/indicators.py) or PLAN_SOURCE for the value typed in the plan itself.
    TYPED = "typed"
    PLAN_SOURCE = "plan"

    plan_item = models.ForeignKey(
        "resolutions.PlanItem",
        verbose_name=_("plan item"),
        on_delete=models.CASCADE,
        related_name="indicator_values",
    )
    measured_on = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    source = models.CharField(_("source"), max_length=40, default=TYPED)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["plan_item", "measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_item", "measured_on"],
                name="indicator_value_one_per_item_and_day",
                violation_error_message=_("This indicator already has a value on this day."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=Decimal("-9999999999.99")),
                name="indicator_value_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.plan_item_id}: {self.measured_on} = {self.value}"

    @property
    def is_typed(self) -> bool:
        return self.source == self.TYPED


class IndicatorTarget(TimeStampedModel):
    """The path an indicator should follow: from a start value on a date to the target's.

    Without one, the path runs from 0 at the item's start to its target value at its end.
    """

    plan_item = models.OneToOneField(
        "resolutions.PlanItem",
        verbose_name=_("plan item"),
        on_delete=models.CASCADE,
        related_name="indicator_path",
    )
    start_value = models.DecimalField(_("start value"), max_digits=12, decimal_places=2)
    start_on = models.DateField(_("start date"))
    target_value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    target_on = models.DateField(_("target date"))

    class Meta:
        verbose_name = _("indicator target path")
        verbose_name_plural = _("indicator target paths")
        constraints = [
            models.CheckConstraint(
                condition=Q(target_on__gt=F("start_on")),
                name="indicator_target_after_start",
                violation_error_message=_("The target date must come after the start date."),
            ),
        ]

    def __str__(self):
        return f"{self.plan_item_id}: {self.start_value} → {self.target_value}"


class AnnualReport(TimeStampedModel):
    """The report for the Member Assembly on one calendar year: a PDF in Polish and one in English,
    rendered by a Celery task and kept in private storage."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to be prepared")
        RENDERING = "rendering", _("being prepared")
        READY = "ready", _("ready")
        FAILED = "failed", _("failed")

    # The languages the report is written in, one PDF each.
    LANGUAGES = ("pl", "en")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    pdf_pl = models.FileField(
        _("PDF in Polish"),
        storage=private_storage,
        upload_to="reports/",
        blank=True,
        max_length=200,
    )
    pdf_en = models.FileField(
        _("PDF in English"),
        storage=private_storage,
        upload_to="reports/",
        blank=True,
        max_length=200,
    )
    sha256_pl = models.CharField(_("SHA-256 (Polish)"), max_length=64, blank=True)
    sha256_en = models.CharField(_("SHA-256 (English)"), max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    generated_at = models.DateTimeField(_("prepared"), null=True, blank=True)
    # The figures the PDFs were drawn from, kept so the panel shows what the Assembly got.
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="annual_report_year_in_range",
                violation_error_message=_("Give a year between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="annual_report_progress_at_most_100"
            ),
        ]

    def __str__(self):
        return str(_("Annual report %(year)s") % {"year": self.year})

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    def pdf_for(self, language: str):
        return self.pdf_en if language == "en" else self.pdf_pl

    def sha256_for(self, language: str) -> str:
        return self.sha256_en if language == "en" else self.sha256_pl

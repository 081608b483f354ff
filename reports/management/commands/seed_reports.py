"""Demo reports: the cluster's profile, its management team and ESCA Bronze Label, a history of
each operational-plan indicator, and the annual report for this year produced from the demo data.
Running it again adds nothing; it sends no e-mail."""

import datetime
from decimal import ROUND_FLOOR, Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from reports import selectors, services
from reports.models import (
    AnnualReport,
    ClusterLabel,
    ClusterProfile,
    IndicatorTarget,
    IndicatorValue,
    ManagementTeamMember,
)
from resolutions.models import PlanItem

# (name, role, FTE, months ago they started, months ago they left or None)
TEAM = [
    ("Katarzyna Wiśniewska", "Koordynatorka klastra", Decimal("1.00"), 60, None),
    ("Tomasz Lewandowski", "Specjalista ds. projektów", Decimal("0.50"), 30, None),
    ("Magdalena Zielińska", "Specjalistka ds. komunikacji", Decimal("0.25"), 48, 12),
]


def _months_before(day: datetime.date, months: int) -> datetime.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return datetime.date(year, month + 1, 1)


class Command(BaseCommand):
    help = "Add the demo reports: profile, team, a label, indicator histories, an annual report."

    def handle(self, *args, **options):
        today = selectors.cluster_today()
        actor = User.objects.filter(is_coordinator=True, is_active=True).order_by("pk").first()
        with transaction.atomic():
            self._profile(actor)
            self._team(actor, today)
            self._label(actor, today)
            self._histories(actor, today)
        self._annual_report(actor, today)
        self.stdout.write(self.style.SUCCESS("Demo reports are in place."))

    def _profile(self, actor):
        if ClusterProfile.objects.filter(pk=1).exists():
            return
        services.cluster_profile_update(
            actor=actor,
            data={
                # The demo cluster's own site, as its e-mail addresses (klaster.example).
                "english_website": "https://klaster.example/en/",
                "eccp_profile_url": "https://reporting.clustercollaboration.eu/",
            },
        )

    def _team(self, actor, today):
        if ManagementTeamMember.objects.exists():
            return
        for name, role, fte, started, left in TEAM:
            services.team_member_save(
                actor=actor,
                data={
                    "name": name,
                    "role": role,
                    "fte": fte,
                    "starts_on": _months_before(today, started),
                    "ends_on": _months_before(today, left) if left is not None else None,
                },
            )

    def _label(self, actor, today):
        if ClusterLabel.objects.exists():
            return
        # Awarded 22 months ago: valid two years, so it expires in about two months.
        services.label_save(
            actor=actor,
            data={
                "kind": ClusterLabel.Kind.ESCA_BRONZE,
                "awarded_on": _months_before(today, 22),
                "awarded_by": "European Secretariat for Cluster Analysis (ESCA)",
                "reference": "Bronze Label – benchmarking 2025",
            },
        )

    def _histories(self, actor, today):
        """Month-end values from the item's start to today, rising to its progress' share of the
        target; the last one typed through the service, so the plan shows it."""
        items = (
            PlanItem.objects.exclude(indicator="")
            .filter(starts_on__lte=today, indicator_target__isnull=False)
            .order_by("pk")
        )
        for index, item in enumerate(items):
            if IndicatorValue.objects.filter(plan_item=item).exists():
                continue
            days = [
                point
                for point in selectors.growth_points(item.starts_on, today)
                if point >= item.starts_on
            ]
            if not days:
                continue
            reached = item.indicator_target * Decimal(item.progress) / 100
            values = [
                (reached * (number + 1) / len(days)).quantize(Decimal("1"), rounding=ROUND_FLOOR)
                for number in range(len(days))
            ]
            IndicatorValue.objects.bulk_create(
                IndicatorValue(
                    plan_item=item,
                    measured_on=day,
                    value=value,
                    source=IndicatorValue.TYPED,
                    recorded_by=actor,
                )
                for day, value in zip(days[:-1], values[:-1], strict=True)
            )
            services.indicator_value_record(
                actor=actor, item=item, measured_on=days[-1], value=values[-1]
            )
            if index == 0 and not IndicatorTarget.objects.filter(plan_item=item).exists():
                services.indicator_target_save(
                    actor=actor,
                    item=item,
                    data={
                        "start_value": Decimal("0"),
                        "start_on": item.starts_on,
                        "target_value": item.indicator_target,
                        "target_on": item.ends_on - datetime.timedelta(days=90),
                    },
                )

    def _annual_report(self, actor, today):
        """This year's report, prepared here rather than by a worker, so the demo has it at once."""
        report = AnnualReport.objects.filter(year=today.year).first()
        if report is not None and report.is_ready:
            return
        if report is None:
            report = AnnualReport.objects.create(year=today.year, requested_by=actor)
        else:
            AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReport.Status.QUEUED)
        services.annual_report_render(report_id=report.pk)

"""What the annual report for the Member Assembly says: the year's figures and lists, read once,
and the charts drawn in each of the report's languages."""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agreements.models import Agreement
from events.models import Event, Registration
from fees.models import FeeDocument, Payment
from meetings.models import Meeting
from projects.models import Project
from resolutions.models import PlanItem, Resolution

from . import selectors
from .charts import bar_chart, growth_chart, indicator_chart


def _window(start: datetime.date, end: datetime.date, name: str) -> Q:
    return Q(**{f"{name}__gte": selectors.day_start(start)}) & Q(
        **{f"{name}__lt": selectors.day_start(end + datetime.timedelta(days=1))}
    )


def finances(*, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """Membership fees in the period, per currency: documents issued (not cancelled by a
    correction), what was paid of them and what is outstanding, and payments received."""
    documents = (
        FeeDocument.objects.filter(issue_date__gte=start, issue_date__lte=end)
        .exclude(status=FeeDocument.Status.CANCELLED)
        .values_list("currency")
        .annotate(
            count=Count("pk"),
            issued=Sum("gross_total"),
            paid=Sum("paid_total"),
            overdue=Count(
                "pk",
                filter=Q(due_date__lt=end)
                & Q(status__in=[FeeDocument.Status.ISSUED, FeeDocument.Status.PARTIALLY_PAID]),
            ),
        )
        .order_by("currency")
    )
    rows = [
        {
            "currency": currency,
            "documents": count,
            "issued": issued or Decimal("0"),
            "paid": paid or Decimal("0"),
            "outstanding": (issued or Decimal("0")) - (paid or Decimal("0")),
            "overdue": overdue,
        }
        for currency, count, issued, paid, overdue in documents
    ]
    payments = (
        Payment.objects.filter(paid_on__gte=start, paid_on__lte=end)
        .values_list("currency")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by("currency")
    )
    return {
        "documents": rows,
        "payments": [
            {"currency": currency, "total": total or Decimal("0"), "count": count}
            for currency, total, count in payments
        ],
    }


def annual_report_data(*, year: int) -> dict[str, Any]:
    """Everything the report shows, read from the database once for both languages."""
    start, end = selectors.year_period(year)
    stats = selectors.cluster_statistics(start=start, end=end)
    Status = Registration.Status
    seats = Q(registrations__status__in=[Status.CONFIRMED, Status.ATTENDED, Status.NO_SHOW])
    events = list(
        Event.objects.filter(_window(start, end, "starts_at"), status=Event.Status.PUBLISHED)
        .annotate(
            registered=Count("registrations", filter=seats),
            attended=Count("registrations", filter=Q(registrations__status=Status.ATTENDED)),
        )
        .only("pk", "title", "kind", "starts_at")
        .order_by("starts_at", "pk")
    )
    meetings = list(
        Meeting.objects.filter(
            _window(start, end, "starts_at"),
            status__in=[Meeting.Status.IN_SESSION, Meeting.Status.CLOSED],
        )
        .select_related("body")
        .order_by("starts_at", "pk")
    )
    resolutions = list(
        Resolution.objects.filter(
            _window(start, end, "closed_at"), outcome=Resolution.Outcome.ADOPTED
        )
        .select_related("body")
        .order_by("closed_at", "pk")
    )
    agreements = list(
        Agreement.objects.filter(signed_on__gte=start, signed_on__lte=end).order_by(
            "signed_on", "pk"
        )
    )
    projects = list(
        Project.objects.filter(
            status__in=[
                Project.Status.SUBMITTED,
                Project.Status.GRANTED,
                Project.Status.RUNNING,
                Project.Status.CLOSED,
            ]
        )
        .filter(
            (Q(starts_on__isnull=True) | Q(starts_on__lte=end))
            & (Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        )
        .order_by("acronym", "pk")
    )
    items = list(
        selectors.plan_items_with_indicators()
        .filter(plan__period_start__lte=year, plan__period_end__gte=year)
        .exclude(status=PlanItem.Status.CANCELLED)
    )
    history = selectors.indicator_history(item_ids=[item.pk for item in items])
    return {
        "year": year,
        "start": start,
        "end": end,
        "stats": stats,
        "events": events,
        "meetings": meetings,
        "resolutions": resolutions,
        "agreements": agreements,
        "projects": projects,
        "indicators": [
            {
                "item": item,
                "values": history[item.pk],
                "path": selectors.target_path(item, selectors.path_of(item)),
            }
            for item in items
        ],
        "labels": list(selectors.labels().filter(awarded_on__lte=end, valid_until__gte=start)),
        "finances": finances(start=start, end=end),
    }


def annual_report_content(*, data: dict[str, Any], language: str) -> dict[str, Any]:
    """The template's context in `language`: the data and its charts drawn in that language."""
    stats = data["stats"]
    with translation.override(language):
        charts = {
            "growth": growth_chart(stats.growth),
            "by_kind": bar_chart(
                title=_("Members by type"), rows=stats.by_kind, key="members", ident="by-kind"
            ),
            "by_region": bar_chart(
                title=_("Members by region"),
                rows=stats.by_region,
                key="members",
                ident="by-region",
            ),
        }
        indicators = [
            {
                **entry,
                "chart": indicator_chart(
                    item=entry["item"], values=entry["values"], path=entry["path"]
                )
                if entry["values"] or entry["path"]
                else "",
            }
            for entry in data["indicators"]
        ]
    return {
        **data,
        "indicators": indicators,
        "charts": charts,
        "generated_at": timezone.now(),
    }


def annual_report_figures(*, data: dict[str, Any]) -> dict[str, Any]:
    """The report's main figures as plain values, kept with it for the panel."""
    stats = data["stats"]
    return {
        "members": stats.members,
        "members_at_start": stats.members_at_start,
        "by_kind": {row["key"]: row["members"] for row in stats.by_kind},
        "joined": len(stats.joined),
        "left": len(stats.left),
        "events": stats.events["held"],
        "participants": stats.events["registered"],
        "resolutions_adopted": len(data["resolutions"]),
        "meetings": len(data["meetings"]),
        "agreements_signed": len(data["agreements"]),
    }

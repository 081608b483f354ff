"""Reports: reads. The cluster's statistics for a date or a period, the ECCP eligibility check,
labels, the indicators' history and the annual reports.

Every figure is counted by the database (one aggregate query per block), so the number of queries
does not grow with the number of members, events or posts.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Agreement
from cooperation.models import Contact, Post, PurchaseCommitment
from events.models import Event, Registration
from meetings.models import Meeting
from members.models import MembershipChange, Organisation, Sector, Voivodeship
from news.models import Article, Campaign, Delivery, Page, Subscriber
from projects.models import Project
from resolutions.indicators import indicator_source_label
from resolutions.models import OperationalPlan, PlanItem, Resolution

from .models import (
    AnnualReport,
    ClusterLabel,
    ClusterProfile,
    IndicatorTarget,
    IndicatorValue,
    ManagementTeamMember,
)

Kind = Organisation.Kind

# The ECCP's types of member (the "quadruple helix"), each a group of the registry's kinds.
MEMBER_TYPES: list[tuple[str, Any, tuple[str, ...]]] = [
    (
        "enterprise",
        gettext_lazy("Enterprises"),
        (Kind.MICRO, Kind.SMALL, Kind.MEDIUM, Kind.LARGE, Kind.STARTUP),
    ),
    (
        "research",
        gettext_lazy("Research and education"),
        (Kind.UNIVERSITY, Kind.RESEARCH_INSTITUTE),
    ),
    ("public", gettext_lazy("Public bodies"), (Kind.PUBLIC_ADMINISTRATION,)),
    ("business_support", gettext_lazy("Business support"), (Kind.BUSINESS_SUPPORT,)),
    ("civil_society", gettext_lazy("Civil society"), (Kind.NGO,)),
]

# Employees an organisation that gave only a range is counted with: the range's middle, and
# the lower bound for "250 or more". Shown as estimates, never mixed with reported numbers.
EMPLOYEE_RANGE_ESTIMATES = {
    Organisation.EmployeeRange.UP_TO_9: 5,
    Organisation.EmployeeRange.UP_TO_49: 30,
    Organisation.EmployeeRange.UP_TO_249: 150,
    Organisation.EmployeeRange.FROM_250: 250,
}

# The ECCP's criteria for a validated profile.
ECCP_MIN_MEMBERS = 15
ECCP_MIN_TYPES = 2
ECCP_MIN_FTE = Decimal("0.5")

# Days before a label's end when the coordinators are reminded, each once.
LABEL_REMINDER_DAYS = (90, 30)

# The growth chart has at most this many points: month ends, or year ends over long periods.
GROWTH_POINTS_MAX = 36


def cluster_today() -> datetime.date:
    """Today in the cluster's time zone."""
    return timezone.localdate(timezone=timezone.get_default_timezone())


def day_start(day: datetime.date) -> datetime.datetime:
    """The first moment of `day` in the cluster's time zone."""
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time.min), timezone.get_default_timezone()
    )


def member_on(day: datetime.date, prefix: str = "") -> Q:
    """Organisations that were members at the end of `day`: joined by then, not yet left."""
    return Q(**{f"{prefix}joined_on__lte": day}) & (
        Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": day})
    )


def _status_on(day: datetime.date) -> Coalesce:
    """An organisation's membership status at the end of `day`: the last change recorded by then,
    or its present status when no change is recorded (imported members)."""
    last_change = (
        MembershipChange.objects.filter(
            organisation=OuterRef("pk"), created_at__lt=day_start(day + datetime.timedelta(days=1))
        )
        .order_by("-created_at", "-pk")
        .values("to_status")[:1]
    )
    return Coalesce(Subquery(last_change), F("status"))


def members_on(day: datetime.date) -> QuerySet[Organisation]:
    """The members at the end of `day`, each annotated with its `status_then`."""
    return Organisation.objects.filter(member_on(day)).annotate(status_then=_status_on(day))


@dataclass
class Statistics:
    start: datetime.date
    end: datetime.date
    members: int = 0
    members_at_start: int = 0
    suspended: int = 0
    committed: int = 0
    by_kind: list[dict[str, Any]] = field(default_factory=list)
    by_type: list[dict[str, Any]] = field(default_factory=list)
    by_region: list[dict[str, Any]] = field(default_factory=list)
    by_sector: list[dict[str, Any]] = field(default_factory=list)
    without_sector: int = 0
    joined: list[Organisation] = field(default_factory=list)
    left: list[Organisation] = field(default_factory=list)
    # Those of `left` that joined before the period (the others are in `joined` too).
    left_joined_before: list[Organisation] = field(default_factory=list)
    status_changes: list[dict[str, Any]] = field(default_factory=list)
    employment: dict[str, Any] = field(default_factory=dict)
    team: dict[str, Any] = field(default_factory=dict)
    events: dict[str, Any] = field(default_factory=dict)
    newsletter: dict[str, Any] = field(default_factory=dict)
    cooperation: dict[str, Any] = field(default_factory=dict)
    projects: dict[str, Any] = field(default_factory=dict)
    agreements: dict[str, Any] = field(default_factory=dict)
    governance: dict[str, Any] = field(default_factory=dict)
    growth: list[tuple[datetime.date, int]] = field(default_factory=list)


def _members_block(stats: Statistics) -> None:
    start, end = stats.start, stats.end
    day_before = start - datetime.timedelta(days=1)
    counts = Organisation.objects.aggregate(
        members=Count("pk", filter=member_on(end)),
        at_start=Count("pk", filter=member_on(day_before)),
    )
    stats.members, stats.members_at_start = counts["members"], counts["at_start"]
    rows = {
        kind: (total, suspended)
        for kind, total, suspended in members_on(end)
        .values_list("kind")
        .annotate(
            total=Count("pk"),
            suspended=Count("pk", filter=Q(status_then=Organisation.Status.SUSPENDED)),
        )
        .order_by()
    }
    stats.by_kind = [
        {
            "key": kind.value,
            "label": kind.label,
            "members": rows.get(kind.value, (0, 0))[0],
            "suspended": rows.get(kind.value, (0, 0))[1],
        }
        for kind in Organisation.Kind
    ]
    stats.suspended = sum(row["suspended"] for row in stats.by_kind)
    stats.committed = stats.members - stats.suspended
    by_kind = {row["key"]: row for row in stats.by_kind}
    stats.by_type = [
        {
            "key": key,
            "label": label,
            "members": sum(by_kind[kind]["members"] for kind in kinds),
            "committed": sum(
                by_kind[kind]["members"] - by_kind[kind]["suspended"] for kind in kinds
            ),
        }
        for key, label, kinds in MEMBER_TYPES
    ]
    regions = dict(
        Organisation.objects.filter(member_on(end))
        .values_list("voivodeship")
        .annotate(total=Count("pk"))
        .order_by()
    )
    stats.by_region = [
        {"key": value, "label": label, "members": regions[value]}
        for value, label in Voivodeship.choices
        if regions.get(value)
    ]
    if regions.get(""):
        stats.by_region.append(
            {"key": "", "label": gettext_lazy("not given"), "members": regions[""]}
        )
    links = Organisation.sectors.through.objects.filter(
        organisation__in=Organisation.objects.filter(member_on(end))
    )
    sector_counts = dict(links.values_list("sector_id").annotate(total=Count("pk")).order_by())
    sectors = Sector.objects.in_bulk(list(sector_counts))
    stats.by_sector = sorted(
        (
            {"key": sectors[pk].slug, "label": sectors[pk].name, "members": total}
            for pk, total in sector_counts.items()
            if pk in sectors
        ),
        key=lambda row: (-row["members"], str(row["label"]).lower()),
    )
    stats.without_sector = (
        Organisation.objects.filter(member_on(end)).filter(sectors__isnull=True).count()
    )
    stats.joined = list(
        Organisation.objects.filter(joined_on__gte=start, joined_on__lte=end)
        .only("pk", "name", "kind", "joined_on", "left_on", "status")
        .order_by("joined_on", "name")
    )
    stats.left = list(
        Organisation.objects.filter(left_on__gte=start, left_on__lte=end)
        .only("pk", "name", "kind", "joined_on", "left_on", "status")
        .order_by("left_on", "name")
    )
    stats.left_joined_before = [
        organisation
        for organisation in stats.left
        if organisation.joined_on is None or organisation.joined_on < start
    ]
    changes = dict(
        MembershipChange.objects.filter(
            created_at__gte=day_start(start),
            created_at__lt=day_start(end + datetime.timedelta(days=1)),
        )
        .values_list("to_status")
        .annotate(total=Count("pk"))
        .order_by()
    )
    stats.status_changes = [
        {"key": status.value, "label": status.label, "count": changes.get(status.value, 0)}
        for status in Organisation.Status
        if changes.get(status.value)
    ]


def _employment_block(stats: Statistics) -> None:
    unknown = Q(employees__isnull=True)
    estimate = Case(
        *(
            When(unknown & Q(employee_range=value), then=Value(number))
            for value, number in EMPLOYEE_RANGE_ESTIMATES.items()
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    figures = Organisation.objects.filter(member_on(stats.end)).aggregate(
        reported=Sum("employees"),
        reported_members=Count("pk", filter=~unknown),
        estimated=Sum(estimate),
        estimated_members=Count("pk", filter=unknown & ~Q(employee_range="")),
        unknown_members=Count("pk", filter=unknown & Q(employee_range="")),
    )
    stats.employment = {
        "reported": figures["reported"] or 0,
        "reported_members": figures["reported_members"],
        "estimated": figures["estimated"] or 0,
        "estimated_members": figures["estimated_members"],
        "unknown_members": figures["unknown_members"],
        "total": (figures["reported"] or 0) + (figures["estimated"] or 0),
    }
    stats.team = management_team_on(stats.end)


def management_team_on(day: datetime.date) -> dict[str, Any]:
    """The management team at `day`: its people and their FTE in total."""
    people = list(
        ManagementTeamMember.objects.filter(
            Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        ).order_by("name", "pk")
    )
    return {
        "people": people,
        "fte": sum((person.fte for person in people), Decimal("0")),
    }


def _events_block(stats: Statistics) -> None:
    window = Q(starts_at__gte=day_start(stats.start)) & Q(
        starts_at__lt=day_start(stats.end + datetime.timedelta(days=1))
    )
    held = Event.objects.filter(window, status=Event.Status.PUBLISHED)
    kinds = dict(held.values_list("kind").annotate(total=Count("pk")).order_by())
    Status = Registration.Status
    registrations = Registration.objects.filter(
        event__in=held.values("pk"),
        status__in=[Status.CONFIRMED, Status.ATTENDED, Status.NO_SHOW],
    ).aggregate(
        registered=Count("pk"),
        attended=Count("pk", filter=Q(status=Status.ATTENDED)),
        organisations=Count("organisation", distinct=True),
        member_people=Count("pk", filter=Q(organisation__isnull=False)),
    )
    stats.events = {
        "held": sum(kinds.values()),
        "by_kind": [
            {"key": kind.value, "label": kind.label, "count": kinds[kind.value]}
            for kind in Event.Kind
            if kinds.get(kind.value)
        ],
        "cancelled": Event.objects.filter(window, status=Event.Status.CANCELLED).count(),
        **registrations,
    }


def _newsletter_block(stats: Statistics) -> None:
    end_moment = day_start(stats.end + datetime.timedelta(days=1))
    window = {"gte": day_start(stats.start), "lt": end_moment}
    subscribers = Subscriber.objects.aggregate(
        confirmed=Count(
            "pk",
            filter=Q(confirmed_at__lt=end_moment)
            & ~Q(state=Subscriber.State.BOUNCED)
            & (Q(unsubscribed_at__isnull=True) | Q(unsubscribed_at__gte=end_moment)),
        ),
        new=Count(
            "pk",
            filter=Q(confirmed_at__gte=window["gte"], confirmed_at__lt=window["lt"]),
        ),
        unsubscribed=Count(
            "pk",
            filter=Q(unsubscribed_at__gte=window["gte"], unsubscribed_at__lt=window["lt"]),
        ),
    )
    campaigns = Campaign.objects.filter(
        status=Campaign.Status.SENT,
        finished_at__gte=window["gte"],
        finished_at__lt=window["lt"],
    ).count()
    sent = Delivery.objects.filter(
        status=Delivery.Status.SENT, sent_at__gte=window["gte"], sent_at__lt=window["lt"]
    ).count()
    stats.newsletter = {**subscribers, "campaigns": campaigns, "messages": sent}


def _cooperation_block(stats: Statistics) -> None:
    begin, finish = day_start(stats.start), day_start(stats.end + datetime.timedelta(days=1))
    kinds = dict(
        Post.objects.filter(created_at__gte=begin, created_at__lt=finish)
        .values_list("kind")
        .annotate(total=Count("pk"))
        .order_by()
    )
    stats.cooperation = {
        "posts": sum(kinds.values()),
        "by_kind": [
            {"key": kind.value, "label": kind.label, "count": kinds.get(kind.value, 0)}
            for kind in Post.Kind
        ],
        "contacts": Contact.objects.filter(created_at__gte=begin, created_at__lt=finish).count(),
        "joint_purchases": kinds.get(Post.Kind.JOINT_PURCHASE, 0),
        "commitments": PurchaseCommitment.objects.filter(
            created_at__gte=begin, created_at__lt=finish
        ).count(),
    }
    rows = (
        Project.objects.filter(created_at__lt=finish)
        .values_list("status", "currency")
        .annotate(
            total=Count("pk"),
            budget=Sum("budget"),
            cofinancing=Sum("cofinancing"),
        )
        .order_by()
    )
    by_status: dict[str, dict[str, Any]] = {}
    for status, currency, total, budget, cofinancing in rows:
        entry = by_status.setdefault(status, {"count": 0, "values": []})
        entry["count"] += total
        entry["values"].append(
            {
                "currency": currency,
                "budget": budget or Decimal("0"),
                "cofinancing": cofinancing or Decimal("0"),
            }
        )
    stats.projects = {
        "total": sum(entry["count"] for entry in by_status.values()),
        "by_status": [
            {
                "key": status.value,
                "label": status.label,
                "count": by_status[status.value]["count"],
                "values": sorted(by_status[status.value]["values"], key=lambda v: v["currency"]),
            }
            for status in Project.Status
            if status.value in by_status
        ],
        "started": Project.objects.filter(starts_on__gte=stats.start, starts_on__lte=stats.end)
        .exclude(status__in=[Project.Status.IDEA, Project.Status.REJECTED])
        .count(),
    }


def _governance_block(stats: Statistics) -> None:
    begin, finish = day_start(stats.start), day_start(stats.end + datetime.timedelta(days=1))
    meetings = (
        Meeting.objects.filter(
            starts_at__gte=begin,
            starts_at__lt=finish,
            status__in=[Meeting.Status.IN_SESSION, Meeting.Status.CLOSED],
        )
        .values_list("body__name")
        .annotate(total=Count("pk"))
        .order_by("body__name")
    )
    resolutions = Resolution.objects.filter(closed_at__gte=begin, closed_at__lt=finish).aggregate(
        adopted=Count("pk", filter=Q(outcome=Resolution.Outcome.ADOPTED)),
        closed=Count("pk"),
    )
    stats.governance = {
        "meetings": [{"label": name, "count": total} for name, total in meetings],
        "meetings_total": sum(total for _name, total in meetings),
        **resolutions,
    }
    end = stats.end
    stats.agreements = Agreement.objects.aggregate(
        signed=Count("pk", filter=Q(signed_on__gte=stats.start, signed_on__lte=end)),
        in_force=Count(
            "pk",
            filter=Q(signed_on__lte=end)
            & (Q(valid_until__isnull=True) | Q(valid_until__gte=end))
            & (Q(terminated_on__isnull=True) | Q(terminated_on__gt=end)),
        ),
    )


def growth_points(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The days the growth chart counts members on: month ends, or year ends if there would be
    more than GROWTH_POINTS_MAX of them; always the period's first and last day."""
    months = (end.year - start.year) * 12 + end.month - start.month
    points = {start - datetime.timedelta(days=1), end}
    if months <= GROWTH_POINTS_MAX:
        year, month = start.year, start.month
        while (year, month) < (end.year, end.month):
            month += 1
            if month > 12:
                year, month = year + 1, 1
            points.add(datetime.date(year, month, 1) - datetime.timedelta(days=1))
    else:
        for year in range(start.year, end.year):
            points.add(datetime.date(year, 12, 31))
    return sorted(point for point in points if point <= end)


def members_growth(start: datetime.date, end: datetime.date) -> list[tuple[datetime.date, int]]:
    """Members at each point of the period, counted in one query."""
    points = growth_points(start, end)
    counts = Organisation.objects.aggregate(
        **{f"p{index}": Count("pk", filter=member_on(day)) for index, day in enumerate(points)}
    )
    return [(day, counts[f"p{index}"]) for index, day in enumerate(points)]


def cluster_statistics(*, start: datetime.date, end: datetime.date) -> Statistics:
    """Every figure of the cluster for the period [start, end]; states are taken at its end."""
    stats = Statistics(start=start, end=end)
    _members_block(stats)
    _employment_block(stats)
    _events_block(stats)
    _newsletter_block(stats)
    _cooperation_block(stats)
    _governance_block(stats)
    stats.growth = members_growth(start, end)
    return stats


# --- Eligibility and labels ---------------------------------------------------------------------


def cluster_profile() -> ClusterProfile:
    """The cluster's profile; an unsaved empty one until the coordinator fills it in."""
    return ClusterProfile.objects.filter(pk=1).first() or ClusterProfile(pk=1)


def english_content_count() -> int:
    """Articles and pages the portal publishes in English."""
    articles = (
        Article.objects.filter(status=Article.Status.PUBLISHED)
        .exclude(title_en__isnull=True)
        .exclude(title_en="")
        .count()
    )
    pages = Page.objects.exclude(title_en__isnull=True).exclude(title_en="").count()
    return articles + pages


@dataclass
class Criterion:
    key: str
    label: Any
    required: str
    actual: str
    met: bool
    hint: str = ""


def eccp_eligibility(
    *, day: datetime.date | None = None, stats: Statistics | None = None
) -> list[Criterion]:
    """The ECCP's four criteria for a validated cluster profile, checked at `day`."""
    day = day or cluster_today()
    if stats is None or stats.end != day:
        stats = Statistics(start=day, end=day)
        _members_block(stats)
        stats.team = management_team_on(day)
    types = [row for row in stats.by_type if row["committed"]]
    profile = cluster_profile()
    english = english_content_count()
    fte = stats.team["fte"]
    return [
        Criterion(
            key="members",
            label=_("Committed members"),
            required=_("at least %(count)s") % {"count": ECCP_MIN_MEMBERS},
            actual=str(stats.committed),
            met=stats.committed >= ECCP_MIN_MEMBERS,
            hint=_("Members on the day, not counting suspended ones."),
        ),
        Criterion(
            key="types",
            label=_("Types of member"),
            required=_("at least %(count)s") % {"count": ECCP_MIN_TYPES},
            actual=", ".join(str(row["label"]) for row in types) or "–",
            met=len(types) >= ECCP_MIN_TYPES,
        ),
        Criterion(
            key="team",
            label=_("Management team"),
            required=_("at least %(fte)s FTE") % {"fte": ECCP_MIN_FTE},
            actual=_("%(fte)s FTE") % {"fte": fte.normalize() if fte else 0},
            met=fte >= ECCP_MIN_FTE,
        ),
        Criterion(
            key="website",
            label=_("English website"),
            required=_("an address"),
            actual=profile.english_website or "–",
            met=bool(profile.english_website),
            hint=_("The portal publishes %(count)s articles and pages in English, at %(url)s.")
            % {"count": english, "url": f"{settings.SITE_URL}/en/"},
        ),
    ]


def labels() -> QuerySet[ClusterLabel]:
    return ClusterLabel.objects.order_by("-valid_until", "pk")


def labels_valid_on(day: datetime.date) -> QuerySet[ClusterLabel]:
    return ClusterLabel.objects.filter(awarded_on__lte=day, valid_until__gte=day).order_by(
        "valid_until", "pk"
    )


def labels_ending(*, today: datetime.date, within_days: int) -> QuerySet[ClusterLabel]:
    """Labels valid today that end within `within_days`, the nearest end first."""
    return labels_valid_on(today).filter(
        valid_until__lte=today + datetime.timedelta(days=within_days)
    )


def label_reminders_due(*, today: datetime.date) -> list[tuple[int, int]]:
    """(label id, threshold) of reminders to send today: a label ending within a threshold whose
    reminder for that threshold (or a nearer one) has not gone out."""
    due: list[tuple[int, int]] = []
    for days in sorted(LABEL_REMINDER_DAYS):
        ids = (
            ClusterLabel.objects.filter(
                valid_until__gte=today,
                valid_until__lte=today + datetime.timedelta(days=days),
            )
            .exclude(reminders__days_before__lte=days)
            .values_list("pk", flat=True)
        )
        due.extend((pk, days) for pk in ids)
    return due


# --- Indicators ---------------------------------------------------------------------------------


def plan_items_with_indicators(*, plan: OperationalPlan | None = None) -> QuerySet[PlanItem]:
    items = PlanItem.objects.exclude(indicator="").select_related("plan", "goal", "indicator_path")
    if plan is not None:
        items = items.filter(plan=plan)
    return items.order_by("plan__period_start", "plan_id", "goal__order", "goal__code", "pk")


def target_path(
    item: PlanItem, path: IndicatorTarget | None
) -> list[tuple[datetime.date, Decimal]]:
    """The path the item's indicator should follow: `path` if it has one, else from 0 at the
    item's start to its target value at its end; empty without a target."""
    if path is not None:
        return [(path.start_on, path.start_value), (path.target_on, path.target_value)]
    if item.indicator_target is None or item.ends_on <= item.starts_on:
        return []
    return [(item.starts_on, Decimal("0")), (item.ends_on, item.indicator_target)]


def path_of(item: PlanItem) -> IndicatorTarget | None:
    """The item's own target path, read from `select_related("indicator_path")`."""
    try:
        return item.indicator_path
    except IndicatorTarget.DoesNotExist:
        return None


def indicator_history(*, item_ids: list[int]) -> dict[int, list[IndicatorValue]]:
    """The dated values of each item, oldest first, in one query."""
    history: dict[int, list[IndicatorValue]] = {pk: [] for pk in item_ids}
    for value in IndicatorValue.objects.filter(plan_item_id__in=item_ids).order_by(
        "plan_item_id", "measured_on"
    ):
        history[value.plan_item_id].append(value)
    return history


def source_label(source: str) -> str:
    """How a value's source is shown: typed, the plan's value, or the registered source."""
    if source == IndicatorValue.TYPED:
        return str(_("typed by the coordinator"))
    if source == IndicatorValue.PLAN_SOURCE:
        return str(_("value typed in the plan"))
    return str(indicator_source_label(source) or source)


# --- Annual reports -----------------------------------------------------------------------------


def annual_reports() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.select_related("requested_by").order_by("-year")


def annual_reports_ready() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(status=AnnualReport.Status.READY).order_by("-year")


def year_period(year: int) -> tuple[datetime.date, datetime.date]:
    """A calendar year; the current one ends today."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    return start, min(end, max(start, cluster_today()))

"""Reads for governance. Each returns what its page needs, in a fixed number of queries."""

import hashlib
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count, F, Prefetch, Q, QuerySet, Sum

from accounts.models import User
from events.models import Event
from members import roles

from . import electorate
from .indicators import indicator_charts
from .models import (
    EligibleVoter,
    GoverningBody,
    OperationalPlan,
    PlanItem,
    Resolution,
    StrategicGoal,
    Strategy,
)

Electorate = GoverningBody.Electorate


def bodies_of(user: User | AnonymousUser) -> QuerySet[GoverningBody]:
    """The governing bodies the user belongs to now."""
    condition = Q(pk__in=[])
    if roles.member_person_of(user) is not None:
        condition |= Q(electorate=Electorate.MEMBERS)
    if roles.is_council_member(user):
        condition |= Q(electorate=Electorate.COUNCIL)
    person = roles.person_of(user)
    if person is not None:
        condition |= Q(electorate=Electorate.APPOINTED, appointed_people=person)
    return GoverningBody.objects.filter(condition).distinct()


def resolutions_visible_to(
    user: User | AnonymousUser | None, *, managing: bool = False
) -> QuerySet[Resolution]:
    """Managers see every resolution, drafts too; members their bodies' ones and the ones they
    could vote on; everyone the public ones."""
    resolutions = Resolution.objects.select_related("body")
    if managing:
        return resolutions
    condition = Q(is_public=True)
    if user is not None and user.is_authenticated:
        condition |= Q(body__in=bodies_of(user).values("pk"))
        person = roles.person_of(user)
        if person is not None:
            voted_on = EligibleVoter.objects.filter(Q(person=person) | Q(proxy=person))
            condition |= Q(pk__in=voted_on.values("resolution"))
    return resolutions.published().filter(condition)


def resolutions_visibility_key(queryset: QuerySet[Resolution]) -> str:
    """Name the non-public resolutions of `queryset` (from `resolutions_visible_to`): visitors
    with the same key see the same register."""
    hidden = sorted(queryset.filter(is_public=False).values_list("pk", flat=True))
    return "public" if not hidden else hashlib.sha256(repr(hidden).encode()).hexdigest()


def resolutions_filtered(
    queryset: QuerySet[Resolution],
    *,
    body: str | None = None,
    year: int | str | None = None,
    outcome: str | None = None,
    status: str | None = None,
    query: str | None = None,
) -> QuerySet[Resolution]:
    if body:
        queryset = queryset.filter(body__slug=body)
    if year:
        queryset = queryset.filter(year=year)
    if outcome:
        queryset = queryset.filter(outcome=outcome)
    if status:
        queryset = queryset.filter(status=status)
    query = (query or "").strip()
    if query:
        condition = Q(title__icontains=query) | Q(content__icontains=query)
        number, _slash, year_part = query.partition("/")
        if number.isdigit():
            condition |= Q(number=int(number))
            if year_part.isdigit():
                condition = Q(number=int(number), year=int(year_part))
        queryset = queryset.filter(condition)
    return queryset


def register_years(queryset: QuerySet[Resolution]) -> list[int]:
    """Return the years the register holds resolutions of, newest first (distinct in SQL)."""
    years = (
        queryset.filter(year__isnull=False).order_by("-year").values_list("year", flat=True)
    ).distinct()
    return [year for year in years if year is not None]


def voter_of(*, resolution: Resolution, user: User | AnonymousUser) -> EligibleVoter | None:
    """Return the EligibleVoter row through which the user votes (own vote or as proxy)."""
    person = roles.person_of(user)
    if person is None:
        return None
    return (
        EligibleVoter.objects.filter(resolution=resolution)
        .filter(Q(proxy__isnull=True, person=person) | Q(proxy=person))
        .select_related("ballot", "vote_cast", "person", "proxy", "organisation")
        # The person's own vote first; votes held as a proxy follow (other_votes_of).
        .order_by(F("proxy").asc(nulls_first=True), "pk")
        .first()
    )


def other_votes_of(
    *, resolution: Resolution, user: User | AnonymousUser, voter: EligibleVoter | None
) -> list[EligibleVoter]:
    """The votes the user holds besides `voter` (proxies of other members, where allowed)."""
    person = roles.person_of(user)
    if person is None or voter is None:
        return []
    return list(
        EligibleVoter.objects.filter(resolution=resolution)
        .filter(Q(proxy__isnull=True, person=person) | Q(proxy=person))
        .exclude(pk=voter.pk)
        .select_related("ballot", "vote_cast", "organisation")
    )


def vote_held_by(*, resolution: Resolution, user: User | AnonymousUser) -> EligibleVoter | None:
    """Return the organisation's EligibleVoter row whose vote the user holds as representative."""
    person = roles.person_of(user)
    if person is None:
        return None
    return (
        EligibleVoter.objects.filter(
            resolution=resolution, person=person, organisation__isnull=False
        )
        .select_related("proxy", "organisation")
        .first()
    )


def participation(resolution: Resolution) -> QuerySet[EligibleVoter]:
    """Everyone eligible, with whether they took part (never how they voted)."""
    return EligibleVoter.objects.filter(resolution=resolution).select_related(
        "person", "organisation", "proxy", "vote_cast"
    )


def proxies_of(resolution: Resolution) -> QuerySet[EligibleVoter]:
    """The organisations whose vote a proxy holds, with the proxy."""
    return (
        EligibleVoter.objects.filter(resolution=resolution, proxy__isnull=False)
        .select_related("person", "proxy", "organisation")
        .order_by("organisation__name")
    )


def open_votes_for(*, user: User | AnonymousUser) -> QuerySet[Resolution]:
    """Open votes the user can still cast a ballot in, closing soonest first (for dashboards)."""
    person = roles.person_of(user)
    if person is None:
        return Resolution.objects.none()
    return (
        Resolution.objects.filter(status=Resolution.Status.OPEN)
        .filter(
            Q(eligible_voters__proxy__isnull=True, eligible_voters__person=person)
            | Q(eligible_voters__proxy=person)
        )
        .select_related("body")
        .order_by("voting_closes_at")
        .distinct()
    )


def votes_open() -> QuerySet[Resolution]:
    """Every vote under way, closing soonest first; for the panel's dashboard."""
    return (
        Resolution.objects.filter(status=Resolution.Status.OPEN)
        .select_related("body")
        .order_by("voting_closes_at", "pk")
    )


def latest_public_resolutions(*, limit: int = 5) -> QuerySet[Resolution]:
    """Adopted public resolutions, newest first (for the home page)."""
    return (
        Resolution.objects.filter(is_public=True, outcome=Resolution.Outcome.ADOPTED)
        .select_related("body")
        .order_by("-closed_at")[:limit]
    )


def strategies() -> QuerySet[Strategy]:
    return Strategy.objects.prefetch_related("goals").order_by("-period_start")


def strategy_detail(*, pk: int) -> Strategy:
    return Strategy.objects.prefetch_related(
        Prefetch("goals", queryset=StrategicGoal.objects.order_by("order", "code")),
        Prefetch("plans", queryset=OperationalPlan.objects.order_by("-period_start")),
    ).get(pk=pk)


def plan_items(plan: OperationalPlan) -> QuerySet[PlanItem]:
    return (
        PlanItem.objects.filter(plan=plan)
        .select_related("goal", "owner_action_group", "owner_organisation")
        .prefetch_related(
            Prefetch("resolutions", queryset=Resolution.objects.select_related("body")),
            Prefetch("events", queryset=Event.objects.exclude(status=Event.Status.DRAFT)),
        )
    )


def plan_progress(*, plan: OperationalPlan) -> list[StrategicGoal]:
    """The plan's goals, each with its items, the mean progress and the budget."""
    items = list(plan_items(plan))
    # Charts of the indicators' history, drawn by the app that keeps it (reports), if any.
    charts = indicator_charts(items)
    for item in items:
        item.indicator_chart = charts.get(item.pk, "")  # type: ignore[attr-defined]
    goals = list(StrategicGoal.objects.filter(strategy_id=plan.strategy_id).order_by("order"))
    for goal in goals:
        goal_items = [item for item in items if item.goal_id == goal.pk]
        counted = [item for item in goal_items if item.status != PlanItem.Status.CANCELLED]
        # Presentation attributes for the plan's page and PDF, not model fields.
        goal.items = goal_items  # type: ignore[attr-defined]
        goal.progress = (  # type: ignore[attr-defined]
            round(sum(item.progress for item in counted) / len(counted)) if counted else 0
        )
        goal.budget = sum(item.budget for item in goal_items)  # type: ignore[attr-defined]
    return goals


def plan_totals(*, plan: OperationalPlan) -> dict[str, Any]:
    return (
        PlanItem.objects.filter(plan=plan)
        .exclude(status=PlanItem.Status.CANCELLED)
        .aggregate(budget=Sum("budget"), progress=Avg("progress"), items=Count("pk"))
    )


def electorate_left_out_recorded(resolution: Resolution) -> list[dict[str, Any]]:
    """The members a statute's restriction left out of this vote's snapshot, with the reasons."""
    return electorate.electorate_left_out_recorded(
        target=resolution, audit_action="resolution.electorate_restricted"
    )

"""Reads of the projects app for pages, e-mails and exports."""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from members.models import Organisation

from .models import FundingCall, Project, ProjectDocument, ProjectIdea, ProjectPartner

Status = Project.Status


def _partners_prefetch() -> Prefetch:
    return Prefetch(
        "partners",
        queryset=ProjectPartner.objects.select_related("organisation").order_by("order", "id"),
    )


def projects_visible(*, sees_all: bool) -> QuerySet[Project]:
    """The register as a reader sees it: the public statuses, or every status for members."""
    projects = Project.objects.all() if sees_all else Project.objects.public()
    return projects.select_related("call").prefetch_related(_partners_prefetch())


def projects_public() -> QuerySet[Project]:
    """The projects anyone may see, for the sitemap."""
    return Project.objects.filter(status__in=Project.PUBLIC_STATUSES).order_by("pk")


def projects_filter(
    projects: QuerySet[Project],
    *,
    status: str = "",
    programme: str = "",
    organisation: Organisation | None = None,
    query: str = "",
) -> QuerySet[Project]:
    if status:
        projects = projects.filter(status=status)
    if programme:
        projects = projects.filter(programme=programme)
    if organisation is not None:
        projects = projects.filter(partners__organisation=organisation)
    if query:
        projects = projects.filter(
            Q(acronym__icontains=query) | Q(title__icontains=query) | Q(title_pl__icontains=query)
        )
    return projects.distinct()


def programmes(*, sees_all: bool) -> list[str]:
    projects = Project.objects.all() if sees_all else Project.objects.public()
    return list(projects.order_by("programme").values_list("programme", flat=True).distinct())


def partner_organisations(*, sees_all: bool) -> QuerySet[Organisation]:
    """Member organisations in at least one project the reader sees."""
    organisations = Organisation.objects.filter(project_partnerships__isnull=False)
    if not sees_all:
        organisations = organisations.filter(
            project_partnerships__project__status__in=Project.PUBLIC_STATUSES
        )
    return organisations.distinct().order_by("name")


def project_detail(*, slug: str, sees_all: bool) -> Project | None:
    projects = projects_visible(sees_all=sees_all).prefetch_related(
        Prefetch("documents", queryset=ProjectDocument.objects.order_by("uploaded_at", "id")),
        "plan_items",
    )
    return projects.filter(slug=slug).first()


def project_for_panel(*, pk: int) -> Project | None:
    return (
        Project.objects.select_related("call", "idea__organisation")
        .prefetch_related(_partners_prefetch(), "documents", "plan_items__plan")
        .filter(pk=pk)
        .first()
    )


def document_for_reader(*, pk: int, slug: str, sees_all: bool) -> ProjectDocument | None:
    """A document of a project the reader sees; documents are for members only."""
    if not sees_all:
        return None
    return (
        ProjectDocument.objects.select_related("project").filter(pk=pk, project__slug=slug).first()
    )


def calls_upcoming(*, now: datetime.datetime | None = None) -> QuerySet[FundingCall]:
    now = now or timezone.now()
    return FundingCall.objects.filter(deadline__gte=now).annotate(
        project_count=Count("projects", distinct=True), idea_count=Count("ideas", distinct=True)
    )


def calls_for_panel() -> QuerySet[FundingCall]:
    return FundingCall.objects.annotate(
        project_count=Count("projects", distinct=True), idea_count=Count("ideas", distinct=True)
    ).order_by("-deadline", "-id")


def ideas_of(*, organisation: Organisation) -> QuerySet[ProjectIdea]:
    return (
        ProjectIdea.objects.filter(organisation=organisation)
        .select_related("call", "submitted_by", "project")
        .order_by("-created_at", "-id")
    )


def ideas_for_panel(*, status: str = "") -> QuerySet[ProjectIdea]:
    ideas = ProjectIdea.objects.select_related("organisation", "call", "submitted_by", "project")
    if status:
        ideas = ideas.filter(status=status)
    return ideas.order_by("status", "-created_at", "-id")


def status_counts() -> dict[str, int]:
    rows = Project.objects.values("status").annotate(count=Count("id"))
    return {row["status"]: row["count"] for row in rows}


# --- Figures for the coordinator ----------------------------------------------------------------


def figures_by_organisation(
    *, start: datetime.date | None = None, end: datetime.date | None = None
) -> list[dict[str, Any]]:
    """Per member organisation and currency: projects by status, as lead or partner, and value.

    A project counts in the period when it starts in it, or, without a start date, when it was
    recorded in it. Amounts in different currencies are never added: each has its own row.
    """
    partners = ProjectPartner.objects.filter(organisation__isnull=False)
    if start is not None:
        partners = partners.filter(
            Q(project__starts_on__gte=start)
            | Q(project__starts_on__isnull=True, project__created_at__date__gte=start)
        )
    if end is not None:
        partners = partners.filter(
            Q(project__starts_on__lte=end)
            | Q(project__starts_on__isnull=True, project__created_at__date__lte=end)
        )
    partners = partners.select_related("organisation", "project").order_by(
        "organisation__name", "organisation_id", "project__currency"
    )
    rows: dict[tuple[int, str], dict[str, Any]] = {}
    for partner in partners:
        assert partner.organisation is not None
        project = partner.project
        row = rows.setdefault(
            (partner.organisation.pk, project.currency),
            {
                "organisation": partner.organisation,
                "currency": project.currency,
                "projects": 0,
                "statuses": dict.fromkeys(Status.values, 0),
                "lead": 0,
                "partner": 0,
                "budget": Decimal("0"),
                "cofinancing": Decimal("0"),
                "share": Decimal("0"),
            },
        )
        row["projects"] += 1
        row["statuses"][project.status] += 1
        row["lead" if partner.role == ProjectPartner.Role.LEAD else "partner"] += 1
        row["budget"] += project.budget or Decimal("0")
        row["cofinancing"] += project.cofinancing or Decimal("0")
        row["share"] += partner.budget_share or Decimal("0")
    for row in rows.values():
        row["status_list"] = [row["statuses"][status] for status in Status.values]
    return list(rows.values())


def totals_by_status() -> list[dict[str, Any]]:
    rows = (
        Project.objects.values("status", "currency")
        .annotate(count=Count("id"), budget=Sum("budget"), cofinancing=Sum("cofinancing"))
        .order_by("status", "currency")
    )
    return [dict(row) for row in rows]

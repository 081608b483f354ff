"""The operational plan's indicators the register of projects feeds (resolutions/indicators.py).

Each counts the projects linked to a plan item that got past being an idea and were not rejected.
"""

from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from resolutions.indicators import indicator_source_register
from resolutions.models import PlanItem

from .models import Project, ProjectPartner

NOT_COUNTED = (Project.Status.IDEA, Project.Status.REJECTED)


def counted_projects(item: PlanItem):  # type: ignore[no-untyped-def]
    return Project.objects.filter(plan_items=item).exclude(status__in=NOT_COUNTED)


def joint_projects(item: PlanItem) -> Decimal:
    return Decimal(counted_projects(item).count())


def partner_organisations(item: PlanItem) -> Decimal:
    """Distinct organisations across the projects: members by record, outside ones by name and
    country."""
    partners = ProjectPartner.objects.filter(project__in=counted_projects(item))
    members = (
        partners.filter(organisation__isnull=False).values("organisation_id").distinct().count()
    )
    outside = {
        (name.strip().casefold(), country)
        for name, country in partners.filter(organisation__isnull=True).values_list(
            "outside_name", "outside_country"
        )
    }
    return Decimal(members + len(outside))


def cofinancing_pln(item: PlanItem) -> Decimal:
    """The co-financing of the projects kept in PLN (the plan's currency)."""
    total = counted_projects(item).filter(Q(currency="PLN")).aggregate(total=Sum("cofinancing"))
    return total["total"] or Decimal("0")


def register() -> None:
    indicator_source_register(
        key="projects.joint_projects",
        label=_("joint projects in the register"),
        compute=joint_projects,
    )
    indicator_source_register(
        key="projects.partners",
        label=_("partner organisations in the register's projects"),
        compute=partner_organisations,
    )
    indicator_source_register(
        key="projects.cofinancing",
        label=_("co-financing (PLN) of the register's projects"),
        compute=cofinancing_pln,
    )

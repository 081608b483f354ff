"""Factories for the reports' tests: organisations placed in time, the team, labels, plan items."""

import datetime
from decimal import Decimal

import factory

from members.models import MembershipChange, Organisation
from reports.models import ClusterLabel, ManagementTeamMember
from resolutions.models import OperationalPlan, PlanItem, StrategicGoal, Strategy
from tests.factories import OrganisationFactory, PersonFactory
from tests.projects.factories import make_plan_item  # noqa: F401 - re-exported for the tests


def member(*, kind, joined_on, left_on=None, status=None, **fields):
    """An organisation that joined (and maybe left) on the given days."""
    status = status or (Organisation.Status.WITHDRAWN if left_on else Organisation.Status.ACTIVE)
    organisation = OrganisationFactory(kind=kind, joined_on=joined_on, left_on=left_on, **fields)
    if status == Organisation.Status.ACTIVE:
        representative = PersonFactory(organisation=organisation)
        organisation.primary_representative = representative
    organisation.status = status
    organisation.save()
    return organisation


def status_change(organisation, *, to_status, on, from_status=""):
    """A membership change recorded at noon of `on`."""
    change = MembershipChange.objects.create(
        organisation=organisation, from_status=from_status, to_status=to_status
    )
    moment = datetime.datetime.combine(on, datetime.time(12), tzinfo=datetime.UTC)
    MembershipChange.objects.filter(pk=change.pk).update(created_at=moment)
    return change


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManagementTeamMember

    name = factory.Sequence(lambda n: f"Osoba {n}")
    role = "Koordynator"
    fte = Decimal("0.5")
    starts_on = datetime.date(2020, 1, 1)


class LabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClusterLabel

    kind = ClusterLabel.Kind.ESCA_BRONZE
    awarded_on = datetime.date(2025, 3, 1)
    valid_until = datetime.date(2027, 2, 28)


def plan_item(*, year, indicator="liczba spotkań", target=Decimal("10"), title="Spotkania"):
    """A typed indicator of a plan for `year`–`year + 1`."""
    strategy = Strategy.objects.create(
        title_pl="Strategia", vision_pl="Wizja", period_start=year, period_end=year + 4
    )
    goal = StrategicGoal.objects.create(strategy=strategy, code="1", title_pl="Cel", order=1)
    plan = OperationalPlan.objects.create(
        title="Plan", strategy=strategy, period_start=year, period_end=year + 1
    )
    return PlanItem.objects.create(
        plan=plan,
        goal=goal,
        title_pl=title,
        starts_on=datetime.date(year, 1, 1),
        ends_on=datetime.date(year + 1, 12, 31),
        indicator=indicator,
        indicator_target=target,
    )

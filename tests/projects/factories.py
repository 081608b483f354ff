"""Factories of the projects app: funding calls, projects, partners, plan items to link."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from projects import services
from projects.models import FundingCall, Project, ProjectPartner
from resolutions.models import OperationalPlan, PlanItem, StrategicGoal, Strategy


class FundingCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingCall

    programme = "Horizon Europe"
    name = factory.Sequence(lambda n: f"Nabór {n}")
    name_pl = factory.SelfAttribute("name")
    identifier = factory.Sequence(lambda n: f"CALL-{n}")
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    programme = "FENG"
    acronym = factory.Sequence(lambda n: f"PRJ{n}")
    slug = factory.Sequence(lambda n: f"prj{n}")
    title = factory.Sequence(lambda n: f"Projekt {n}")
    title_pl = factory.SelfAttribute("title")
    cluster_role = Project.ClusterRole.LEAD
    status = Project.Status.GRANTED
    currency = "PLN"
    budget = Decimal("1000000.00")
    cofinancing = Decimal("800000.00")
    starts_on = factory.LazyFunction(lambda: timezone.localdate())


class MemberPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectPartner

    project = factory.SubFactory(ProjectFactory)
    role = ProjectPartner.Role.PARTNER


def make_project(**data):
    """A project recorded through the service, as the panel records it."""
    values = {
        "programme": "FENG",
        "acronym": "SMART",
        "title_pl": "Inteligentna fabryka",
        "cluster_role": Project.ClusterRole.LEAD,
        "status": Project.Status.CONSORTIUM,
        "currency": "PLN",
        "budget": Decimal("1000000.00"),
        "cofinancing": Decimal("700000.00"),
    }
    plan_items = data.pop("plan_items", ())
    values.update(data)
    return services.project_create(actor=None, data=values, plan_items=plan_items)


def make_plan_item(*, source="", title="Wspólne projekty", **fields):
    """A plan item in a fresh plan, with an indicator fed by `source` (blank: typed)."""
    strategy = Strategy.objects.create(
        title_pl="Strategia", vision_pl="Wizja", period_start=2026, period_end=2030
    )
    goal = StrategicGoal.objects.create(strategy=strategy, code="1", title_pl="Cel", order=1)
    plan = OperationalPlan.objects.create(
        title="Plan", strategy=strategy, period_start=2026, period_end=2027
    )
    return PlanItem.objects.create(
        plan=plan,
        goal=goal,
        title_pl=title,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
        indicator="projekty",
        indicator_target=Decimal("5"),
        indicator_source=source,
        **fields,
    )

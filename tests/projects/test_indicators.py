from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from core.models import AuditEntry
from projects import services
from resolutions import services as resolution_services
from resolutions.indicators import indicator_source, indicator_sources
from resolutions.models import PlanItem
from resolutions.selectors import plan_progress

from .factories import make_plan_item, make_project

pytestmark = pytest.mark.django_db


def test_projects_registers_three_sources():
    keys = [source.key for source in indicator_sources()]
    assert {"projects.joint_projects", "projects.partners", "projects.cofinancing"} <= set(keys)
    assert str(indicator_source("projects.partners").label)


def _value(item):
    item.refresh_from_db()
    return item.indicator_actual


def test_values_follow_projects_partners_and_links(coordinator, represented_organisation):
    count = make_plan_item(source="projects.joint_projects")
    partners = make_plan_item(source="projects.partners")
    money = make_plan_item(source="projects.cofinancing")
    items = [count, partners, money]
    granted = make_project(
        acronym="A", status="granted", cofinancing=Decimal("700000.00"), plan_items=items
    )
    assert [_value(item) for item in items] == [Decimal("1"), Decimal("0"), Decimal("700000.00")]
    # An idea does not count, and neither do projects in another currency for the PLN sum.
    make_project(acronym="B", status="idea", plan_items=items)
    euro = make_project(
        acronym="C", status="submitted", currency="EUR", cofinancing=Decimal("5"), plan_items=items
    )
    assert [_value(item) for item in items] == [Decimal("2"), Decimal("0"), Decimal("700000.00")]
    services.project_partner_add(
        actor=coordinator,
        project=granted,
        data={"organisation": represented_organisation, "role": "lead"},
    )
    services.project_partner_add(
        actor=coordinator,
        project=euro,
        data={"organisation": represented_organisation, "role": "partner"},
    )
    partner = services.project_partner_add(
        actor=coordinator,
        project=euro,
        data={"outside_name": "Clusterland", "outside_country": "DE", "role": "lead"},
    )
    assert _value(partners) == Decimal("2")
    services.project_partner_remove(actor=coordinator, partner=partner)
    assert _value(partners) == Decimal("1")
    services.project_status_change(actor=coordinator, project=euro, status="rejected")
    assert _value(count) == Decimal("1")
    services.project_update(
        actor=coordinator, project=granted, data={"cofinancing": Decimal("650000.00")}
    )
    assert _value(money) == Decimal("650000.00")
    services.project_update(actor=coordinator, project=granted, data={}, plan_items=[count])
    assert (_value(count), _value(money)) == (Decimal("1"), Decimal("0.00"))
    assert AuditEntry.objects.filter(action="plan_item.indicator_refreshed").exists()


def test_a_typed_value_stays_typed():
    item = make_plan_item(indicator_actual=Decimal("3"))
    make_project(status="granted", plan_items=[item])
    assert _value(item) == Decimal("3")


def test_choosing_a_source_computes_the_value_and_ignores_the_typed_one(coordinator):
    item = make_plan_item(indicator_actual=Decimal("9"))
    make_project(status="granted", plan_items=[item])
    resolution_services.plan_item_save(
        actor=coordinator,
        plan=item.plan,
        item=item,
        data={"indicator_source": "projects.joint_projects", "indicator_actual": Decimal("42")},
    )
    assert _value(item) == Decimal("1")


def test_an_unknown_source_is_refused(coordinator):
    item = make_plan_item()
    with pytest.raises(ValidationError) as error:
        resolution_services.plan_item_save(
            actor=coordinator, plan=item.plan, item=item, data={"indicator_source": "made.up"}
        )
    assert "indicator_source" in error.value.error_dict


def test_the_coordinator_chooses_the_source_in_the_plan_item_form(client_for, coordinator):
    item = make_plan_item()
    make_project(status="granted", plan_items=[item])
    client = client_for(coordinator)
    form = client.get(reverse("panel_resolutions:item_edit", kwargs={"pk": item.pk}))
    assert 'value="projects.joint_projects"' in form.content.decode()
    response = client.post(
        reverse("panel_resolutions:item_edit", kwargs={"pk": item.pk}),
        {
            "goal": item.goal_id,
            "title_pl": item.title_pl,
            "owner_kind": "coordinator",
            "starts_on": "2026-01-01",
            "ends_on": "2027-12-31",
            "budget": "0",
            "indicator": "projekty",
            "indicator_target": "5",
            "indicator_source": "projects.joint_projects",
            "indicator_actual": "77",
            "status": "in_progress",
            "progress": 10,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.indicator_source, item.indicator_actual) == (
        "projects.joint_projects",
        Decimal("1.00"),
    )
    page = client.get(item.plan.get_absolute_url()).content.decode()
    assert "from the register: joint projects in the register" in page
    posted = client.post(
        reverse("panel_resolutions:item_edit", kwargs={"pk": item.pk}),
        {"goal": item.goal_id, "indicator_source": "made.up"},
    )
    assert posted.status_code == 200
    assert PlanItem.objects.get(pk=item.pk).indicator_source == "projects.joint_projects"


def test_the_plan_pdf_names_the_source(coordinator):
    item = make_plan_item(source="projects.cofinancing")
    make_project(status="granted", plan_items=[item])
    html = render_to_string(
        "pdf/resolutions_plan.html",
        {"plan": item.plan, "goals": plan_progress(plan=item.plan), "generated_at": None},
    )
    assert "co-financing (PLN) of the register" in html

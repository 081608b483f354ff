import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.models import AuditEntry
from projects import services
from projects.models import Project, ProjectIdea, ProjectPartner
from tests.factories import OrganisationFactory, PersonFactory

from .factories import FundingCallFactory, ProjectFactory, make_project

pytestmark = pytest.mark.django_db


def test_a_project_is_recorded_with_a_free_slug_and_an_audit_entry(coordinator):
    first = make_project(acronym="SMART")
    second = make_project(acronym="SMART")
    assert (first.slug, second.slug) == ("smart", "smart-2")
    assert AuditEntry.objects.filter(action="project.created").count() == 2


def test_a_slug_never_shadows_the_registers_pages():
    assert make_project(acronym="Ideas").slug == "ideas-project"


def test_cofinancing_cannot_exceed_the_budget():
    with pytest.raises(ValidationError) as error:
        make_project(budget=Decimal("100.00"), cofinancing=Decimal("100.01"))
    assert "co-financing cannot exceed" in str(error.value)


def test_the_currency_is_a_three_letter_code():
    with pytest.raises(ValidationError):
        make_project(currency="zł")


def test_a_project_moves_only_along_the_allowed_steps(coordinator):
    project = make_project(status=Project.Status.IDEA)
    with pytest.raises(ValidationError):
        services.project_status_change(actor=coordinator, project=project, status="granted")
    project = services.project_status_change(actor=coordinator, project=project, status="submitted")
    assert project.submitted_on is not None
    project = services.project_status_change(actor=coordinator, project=project, status="granted")
    project = services.project_status_change(actor=coordinator, project=project, status="running")
    assert (project.status, project.starts_on is not None) == ("running", True)
    entry = AuditEntry.objects.filter(action="project.status_changed").latest("id")
    assert entry.changes == {"status": ["granted", "running"]}


def test_the_update_refuses_to_change_the_status(coordinator):
    project = make_project()
    with pytest.raises(ValidationError):
        services.project_update(actor=coordinator, project=project, data={"status": "granted"})


def test_a_project_has_one_lead_partner(coordinator, represented_organisation, other_organisation):
    project = make_project()
    services.project_partner_add(
        actor=coordinator,
        project=project,
        data={"organisation": represented_organisation, "role": "lead"},
    )
    with pytest.raises(ValidationError) as error:
        services.project_partner_add(
            actor=coordinator,
            project=project,
            data={"organisation": other_organisation, "role": "lead"},
        )
    assert "already has a lead partner" in str(error.value)


def test_the_database_keeps_one_lead_whatever_the_service_misses(represented_organisation):
    project = ProjectFactory()
    ProjectPartner.objects.create(project=project, outside_name="A", role="lead")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectPartner.objects.create(project=project, outside_name="B", role="lead")


def test_a_partner_is_a_member_or_an_outside_organisation_with_its_country(
    coordinator, represented_organisation
):
    project = make_project()
    with pytest.raises(ValidationError):
        services.project_partner_add(
            actor=coordinator,
            project=project,
            data={"organisation": represented_organisation, "outside_name": "X", "role": "partner"},
        )
    with pytest.raises(ValidationError) as error:
        services.project_partner_add(
            actor=coordinator, project=project, data={"outside_name": "X", "role": "partner"}
        )
    assert "outside_country" in error.value.error_dict
    partner = services.project_partner_add(
        actor=coordinator,
        project=project,
        data={"outside_name": "Clusterland Sachsen", "outside_country": "DE", "role": "partner"},
    )
    assert partner.outside_country_name == "Germany"
    services.project_partner_update(actor=coordinator, partner=partner, data={"role": "lead"})
    services.project_partner_remove(actor=coordinator, partner=partner)
    assert not project.partners.exists()
    assert AuditEntry.objects.filter(action__startswith="project_partner.").count() == 3


def test_a_person_of_an_active_member_submits_an_idea(representative, represented_organisation):
    idea = services.project_idea_submit(
        actor=representative,
        person=representative.person,
        data={"title": "Laboratorium", "description": "Wspólne laboratorium NDT"},
    )
    assert (idea.organisation, idea.status) == (represented_organisation, "submitted")


def test_a_person_of_an_applicant_cannot_submit_an_idea():
    person = PersonFactory(organisation=OrganisationFactory())
    with pytest.raises(ValidationError):
        services.project_idea_submit(
            actor=None, person=person, data={"title": "X", "description": "Y"}
        )
    assert not ProjectIdea.objects.exists()


def _idea(representative):
    call = FundingCallFactory(programme="Interreg South Baltic")
    return services.project_idea_submit(
        actor=representative,
        person=representative.person,
        data={
            "title": "Szkolenia BHP",
            "description": "Cykl szkoleń",
            "call": call,
            "estimated_budget": Decimal("300000.00"),
        },
    )


def test_the_coordinator_turns_an_idea_into_a_prefilled_project(coordinator, representative):
    idea = _idea(representative)
    project = services.project_idea_to_project(
        actor=coordinator, idea=idea, data={"acronym": "SAFE", "status": "consortium"}
    )
    idea.refresh_from_db()
    assert idea.status == "accepted"
    assert (project.title_pl, project.summary_pl, project.programme, project.budget) == (
        "Szkolenia BHP",
        "Cykl szkoleń",
        "Interreg South Baltic",
        Decimal("300000.00"),
    )
    assert (project.status, project.idea) == ("consortium", idea)
    partner = project.partners.get()
    assert partner.organisation == representative.person.organisation
    with pytest.raises(ValidationError):
        services.project_idea_decline(actor=coordinator, idea=idea, note="Za późno")


def test_an_idea_becomes_an_idea_or_a_consortium_only(coordinator, representative):
    idea = _idea(representative)
    with pytest.raises(ValidationError):
        services.project_idea_to_project(
            actor=coordinator, idea=idea, data={"acronym": "SAFE", "status": "granted"}
        )
    idea.refresh_from_db()
    assert idea.status == "submitted"
    assert not Project.objects.exists()


def test_declining_an_idea_needs_a_note(coordinator, representative):
    idea = _idea(representative)
    with pytest.raises(ValidationError):
        services.project_idea_decline(actor=coordinator, idea=idea, note="  ")
    idea = services.project_idea_decline(actor=coordinator, idea=idea, note="Poza strategią")
    assert (idea.status, idea.decision_note) == ("declined", "Poza strategią")


def test_a_moved_deadline_is_reminded_of_again(coordinator):
    call = FundingCallFactory()
    call.reminders.create(days_before=14)
    services.funding_call_save(
        actor=coordinator,
        call=call,
        data={"deadline": call.deadline + datetime.timedelta(days=7)},
    )
    assert not call.reminders.exists()

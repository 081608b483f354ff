from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from projects import services
from projects.models import Project, ProjectIdea
from tests.agreements.pdfs import minimal_pdf
from tests.factories import active_member

from .factories import FundingCallFactory, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(coordinator, represented_organisation):
    projects = {}
    for status in Project.Status.values:
        projects[status] = make_project(acronym=f"P-{status}", title_pl=f"Projekt {status}")
        Project.objects.filter(pk=projects[status].pk).update(status=status)
    services.project_partner_add(
        actor=coordinator,
        project=projects["granted"],
        data={"organisation": represented_organisation, "role": "lead"},
    )
    services.project_partner_add(
        actor=coordinator,
        project=projects["granted"],
        data={
            "outside_name": "Klaipėdos metalo klasteris",
            "outside_country": "LT",
            "role": "partner",
        },
    )
    return projects


def test_the_public_sees_granted_running_and_closed_projects(client, register):
    page = client.get("/en/projects/").content.decode()
    for status in ("granted", "running", "closed"):
        assert f"P-{status}" in page
    for status in ("idea", "consortium", "submitted", "rejected"):
        assert f"P-{status}" not in page
    assert client.get(f"/en/projects/{register['idea'].slug}/").status_code == 404
    assert client.get(f"/en/projects/{register['granted'].slug}/").status_code == 200


@pytest.mark.parametrize("persona", ["employee", "representative", "coordinator"])
def test_members_see_every_status(client_for, register, persona, request):
    client = client_for(request.getfixturevalue(persona))
    page = client.get("/en/projects/").content.decode()
    for status in Project.Status.values:
        assert f"P-{status}" in page
    assert client.get(f"/en/projects/{register['idea'].slug}/").status_code == 200


def test_an_outsider_sees_only_the_public_register(client_for, outsider, register):
    page = client_for(outsider).get("/en/projects/").content.decode()
    assert "P-granted" in page and "P-submitted" not in page


def test_the_register_filters_by_status_programme_and_member(
    client_for, employee, register, represented_organisation
):
    client = client_for(employee)
    page = client.get("/en/projects/", {"status": "running"}).content.decode()
    assert "P-running" in page and "P-granted" not in page
    page = client.get(
        "/en/projects/", {"organisation": represented_organisation.pk}
    ).content.decode()
    assert "P-granted" in page and "P-running" not in page
    page = client.get("/en/projects/", {"programme": "Horizon"}).content.decode()
    assert "P-granted" in page  # an unknown programme is no filter


def test_the_project_page_shows_money_partners_and_the_fallback(
    client, register, represented_organisation
):
    page = client.get(f"/en/projects/{register['granted'].slug}/").content.decode()
    assert "1,000,000.00\u00a0PLN" in page
    assert "700,000.00\u00a0PLN" in page
    assert represented_organisation.get_absolute_url() in page
    assert "Klaipėdos metalo klasteris" in page and "Lithuania" in page
    assert 'lang="pl"' in page and "in Polish" in page
    polish = client.get(f"/pl/projects/{register['granted'].slug}/").content.decode()
    assert "1\u00a0000\u00a0000,00\u00a0PLN" in polish or "1 000 000,00\u00a0PLN" in polish


def test_documents_are_for_members_only(client_for, coordinator, employee, outsider, register):
    project = register["granted"]
    document = services.project_document_upload(
        actor=coordinator,
        project=project,
        title="Umowa o dofinansowanie",
        upload=SimpleUploadedFile("umowa.pdf", minimal_pdf()),
    )
    url = f"/en/projects/{project.slug}/documents/{document.pk}/"
    assert (
        "Umowa o dofinansowanie"
        not in client_for(None).get(project.get_absolute_url()).content.decode()
    )
    assert client_for(outsider).get(url).status_code == 403
    response = client_for(employee).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert (
        "Umowa o dofinansowanie"
        in client_for(employee).get(project.get_absolute_url()).content.decode()
    )


def test_a_document_is_checked_by_its_content(coordinator, register):
    with pytest.raises(ValidationError) as error:
        services.project_document_upload(
            actor=coordinator,
            project=register["granted"],
            title="X",
            upload=SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>"),
        )
    assert error.value.code == "document_kind"
    assert not register["granted"].documents.exists()


def test_the_register_list_runs_the_same_queries_for_more_projects(
    client_for, employee, query_count, coordinator
):
    client = client_for(employee)

    def add(count, offset):
        for number in range(count):
            project = make_project(acronym=f"Q{offset + number}", status="granted")
            services.project_partner_add(
                actor=coordinator,
                project=project,
                data={
                    "organisation": active_member(name=f"Firma Q{offset + number}"),
                    "role": "lead",
                },
            )

    add(2, 0)
    few = query_count(lambda: client.get("/en/projects/"))
    add(10, 100)
    many = query_count(lambda: client.get("/en/projects/"))
    assert few == many


def test_a_member_submits_an_idea_and_sees_it(client_for, employee, represented_organisation):
    call = FundingCallFactory()
    client = client_for(employee)
    response = client.post(
        "/en/projects/ideas/new/",
        {
            "title": "Wspólne laboratorium",
            "description": "Laboratorium badań nieniszczących",
            "call": call.pk,
            "estimated_budget": "250000.00",
        },
    )
    assert response.status_code == 302
    idea = ProjectIdea.objects.get()
    assert (idea.organisation, idea.submitted_by.user, idea.estimated_budget) == (
        represented_organisation,
        employee,
        Decimal("250000.00"),
    )
    assert "Wspólne laboratorium" in client.get("/en/projects/ideas/").content.decode()


def test_ideas_of_other_organisations_stay_hidden(client_for, council_member, employee):
    services.project_idea_submit(
        actor=employee,
        person=employee.person,
        data={"title": "Tajny pomysł", "description": "…"},
    )
    page = client_for(council_member).get("/en/projects/ideas/").content.decode()
    assert "Tajny pomysł" not in page


def test_members_see_open_calls_with_deadlines(client_for, employee):
    FundingCallFactory(name_pl="Ścieżka SMART", name_en="SMART path")
    page = client_for(employee).get("/en/projects/calls/").content.decode()
    assert "SMART path" in page


def test_the_sitemap_lists_public_projects_only(client, register):
    content = client.get("/sitemap.xml").content.decode()
    assert f"/en/projects/{register['granted'].slug}/" not in content  # only in Polish
    assert f"/pl/projects/{register['granted'].slug}/" in content
    assert register["idea"].slug not in content
    assert "/pl/projects/" in content

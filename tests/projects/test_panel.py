import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from projects import services
from projects.models import FundingCall, Project, ProjectIdea
from projects.templatetags.projects import money
from tests.agreements.pdfs import minimal_pdf

from .factories import make_project

pytestmark = pytest.mark.django_db


def test_the_coordinator_records_a_project_with_partners_and_a_document(
    client_for, coordinator, represented_organisation
):
    client = client_for(coordinator)
    response = client.post(
        "/en/panel/projects/new/",
        {
            "programme": "Interreg South Baltic",
            "acronym": "BALTLINK",
            "title_pl": "Bałtycka sieć",
            "cluster_role": "lead",
            "status": "consortium",
            "currency": "eur",
            "budget": "1150000.00",
            "cofinancing": "920000.00",
        },
    )
    assert response.status_code == 302
    project = Project.objects.get()
    assert (project.currency, project.slug) == ("EUR", "baltlink")
    detail = f"/en/panel/projects/{project.pk}/"
    assert client.get(detail).status_code == 200
    client.post(
        f"{detail}partners/add/",
        {"organisation": represented_organisation.pk, "role": "lead", "order": 0},
    )
    answer = client.post(
        f"{detail}partners/add/",
        {"outside_name": "Clusterland", "outside_country": "de", "role": "lead", "order": 1},
    )
    assert "already has a lead partner" in answer.content.decode()
    client.post(
        f"{detail}documents/add/",
        {"title": "Wniosek", "file": SimpleUploadedFile("wniosek.pdf", minimal_pdf())},
    )
    assert project.documents.get().title == "Wniosek"
    client.post(f"{detail}status/", {"status": "submitted"})
    project.refresh_from_db()
    assert project.status == "submitted"
    client.post(f"{detail}status/", {"status": "closed"})
    project.refresh_from_db()
    assert project.status == "submitted"


def test_the_coordinator_turns_an_idea_into_a_project_from_the_inbox(
    client_for, coordinator, representative
):
    idea = services.project_idea_submit(
        actor=representative,
        person=representative.person,
        data={"title": "Laboratorium NDT", "description": "Wspólne laboratorium"},
    )
    client = client_for(coordinator)
    assert "Laboratorium NDT" in client.get("/en/panel/projects/ideas/").content.decode()
    response = client.post(
        f"/en/panel/projects/ideas/{idea.pk}/accept/",
        {"acronym": "NDTLAB", "programme": "FENG", "cluster_role": "support", "status": "idea"},
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.status == ProjectIdea.Status.ACCEPTED
    assert idea.project.partners.get().organisation == representative.person.organisation
    assert client.get(f"/en/panel/projects/ideas/{idea.pk}/decline/").status_code == 404


def test_calls_are_added_changed_and_removed(client_for, coordinator):
    client = client_for(coordinator)
    client.post(
        "/en/panel/projects/calls/new/",
        {"programme": "FENG", "name_pl": "Ścieżka SMART", "deadline": "2030-03-01T15:00"},
    )
    call = FundingCall.objects.get()
    client.post(
        f"/en/panel/projects/calls/{call.pk}/edit/",
        {"programme": "FENG", "name_pl": "Ścieżka SMART 2", "deadline": "2030-03-02T15:00"},
    )
    call.refresh_from_db()
    assert call.name_pl == "Ścieżka SMART 2"
    client.post(f"/en/panel/projects/calls/{call.pk}/delete/")
    assert not FundingCall.objects.exists()


def test_figures_per_member_are_exported(client_for, coordinator, represented_organisation):
    project = make_project(status="granted", budget=Decimal("1000.50"), cofinancing=None)
    services.project_partner_add(
        actor=coordinator,
        project=project,
        data={"organisation": represented_organisation, "role": "lead"},
    )
    client = client_for(coordinator)
    page = client.get("/en/panel/projects/figures/").content.decode()
    assert represented_organisation.name in page
    csv = client.get("/en/panel/projects/figures.csv").content.decode("utf-8-sig")
    header, row = csv.splitlines()[:2]
    assert header.startswith("Organisation;Currency;Projects")
    assert row.startswith(f"{represented_organisation.name};PLN;1;")
    workbook = load_workbook(io.BytesIO(client.get("/en/panel/projects/figures.xlsx").content))
    values = [cell.value for cell in workbook.active[2]]
    assert values[:3] == [represented_organisation.name, "PLN", 1]
    assert Decimal(str(values[-3])) == Decimal("1000.50")
    empty = client.get("/en/panel/projects/figures.csv", {"start": "2090-01-01"})
    assert len(empty.content.decode("utf-8-sig").splitlines()) == 1


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "1,234,567.50\u00a0EUR"), ("de", "1.234.567,50\u00a0EUR")],
)
def test_money_is_grouped_with_two_decimals_and_its_currency(language, expected):
    from django.utils import translation

    with translation.override(language):
        assert money(Decimal("1234567.5"), "EUR") == expected
    assert money(None) == ""

"""The reports' pages: who may open them, the statistics and their exports, the coordinator's
forms (hostile values included), and the council's annual reports."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from openpyxl import load_workbook

from members.models import Organisation
from reports.models import (
    AnnualReport,
    ClusterLabel,
    ClusterProfile,
    IndicatorTarget,
    IndicatorValue,
    ManagementTeamMember,
)
from tests.factories import UserFactory

from .factories import LabelFactory, TeamMemberFactory, member, plan_item

pytestmark = pytest.mark.django_db

PANEL = "/pl/panel/reports/"
Kind = Organisation.Kind


@pytest.fixture
def ready_report(db):
    report = AnnualReport.objects.create(year=2025, status=AnnualReport.Status.READY)
    for language in AnnualReport.LANGUAGES:
        report.pdf_for(language).save(
            f"r-{language}.pdf", ContentFile(f"%PDF-{language}".encode()), save=False
        )
    report.save()
    return report


# --- Who may open what --------------------------------------------------------------------------


def test_the_panel_answers_a_coordinator_after_two_factor(client_for, coordinator):
    response = client_for(coordinator).get(PANEL)
    assert response.status_code == 200
    assert "Statystyki" in response.content.decode() or "Statistics" in response.content.decode()


def test_a_coordinator_without_an_authenticator_is_sent_to_set_one_up(client_for):
    office = UserFactory(email="new-office@example.com", is_coordinator=True, totp=False)
    response = client_for(office).get(PANEL)
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]


@pytest.mark.parametrize("persona", ["representative", "employee", "council_member", "outsider"])
def test_the_panel_refuses_everyone_else(client_for, persona, request):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(PANEL).status_code == 403


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(PANEL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_council_and_the_coordinator_read_the_annual_reports(
    client_for, council_member, coordinator, representative, ready_report
):
    AnnualReport.objects.create(year=2024)  # still waiting: not listed
    for user in (council_member, coordinator):
        page = client_for(user).get("/en/reports/")
        assert page.status_code == 200
        assert list(page.context["reports"]) == [ready_report]
        pdf = client_for(user).get(f"/en/reports/{ready_report.pk}/en.pdf")
        assert pdf.status_code == 200
        assert b"".join(pdf.streaming_content) == b"%PDF-en"
    assert client_for(representative).get("/en/reports/").status_code == 403
    assert (
        client_for(representative).get(f"/en/reports/{ready_report.pk}/pl.pdf").status_code == 403
    )
    assert client_for(coordinator).get(f"/en/reports/{ready_report.pk}/de.pdf").status_code == 404


# --- Statistics and exports ---------------------------------------------------------------------


def test_the_statistics_page_counts_the_period_asked_for(client_for, coordinator):
    member(kind=Kind.MICRO, joined_on=datetime.date(2024, 5, 1))
    member(kind=Kind.NGO, joined_on=datetime.date(2025, 5, 1))
    response = client_for(coordinator).get(PANEL, {"start": "2024-01-01", "end": "2024-12-31"})
    stats = response.context["stats"]
    assert (stats.members, len(stats.joined)) == (1, 1)
    content = response.content.decode()
    assert content.count("<svg") == 3  # growth, types, regions
    assert 'role="img"' in content


@pytest.mark.parametrize(
    "query",
    [
        {"start": "not-a-date", "end": "2024-13-45"},
        {"start": "0001-01-01", "end": "9999-12-31"},
        {"start": "2025-12-31", "end": "2025-01-01"},
        {"start": ["2025-01-01", "2025-02-01"]},
    ],
)
def test_hostile_periods_fall_back_or_are_cut(client_for, coordinator, query):
    response = client_for(coordinator).get(PANEL, query)
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats.start <= stats.end
    assert (stats.end - stats.start).days <= 366 * 30


def test_the_exports_hold_the_figures(client_for, coordinator):
    member(kind=Kind.MICRO, joined_on=datetime.date(2024, 5, 1), name="=HYPERLINK(1)")
    client = client_for(coordinator)
    query = {"start": "2024-01-01", "end": "2024-12-31"}
    csv = client.get(f"{PANEL}statistics.csv", query)
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert "Uczestnicy na końcu;1" in text
    xlsx = client.get(f"{PANEL}statistics.xlsx", query)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    kinds = [row for row in rows if row[2] == 1 and row[1] and "mikro" in str(row[1]).lower()]
    assert kinds


# --- The coordinator's forms --------------------------------------------------------------------


def test_the_profile_team_and_labels_are_kept(client_for, coordinator):
    client = client_for(coordinator)
    response = client.post(f"{PANEL}profile/", {"english_website": "https://c.example/en/"})
    assert response.status_code == 302
    assert ClusterProfile.objects.get().english_website == "https://c.example/en/"
    client.post(
        f"{PANEL}team/add/",
        {"name": "Anna", "role": "Dyrektor", "fte": "0,5", "starts_on": "2024-01-01"},
    )
    assert ManagementTeamMember.objects.get().fte == Decimal("0.5")
    client.post(
        f"{PANEL}labels/add/",
        {"kind": "esca_bronze", "awarded_on": "2025-03-01", "valid_until": ""},
    )
    assert ClusterLabel.objects.get().valid_until == datetime.date(2027, 2, 28)
    page = client.get(f"{PANEL}eligibility/").content.decode()
    assert "Anna" in page and "criterion-team" in page


@pytest.mark.parametrize(
    "data",
    [
        {"name": "X", "fte": "5", "starts_on": "2024-01-01"},
        {"name": "X", "fte": "-1", "starts_on": "2024-01-01"},
        {"name": "X", "fte": "0.5", "starts_on": "2024-01-01", "ends_on": "2023-01-01"},
        {"name": "X" * 500, "fte": "0.5", "starts_on": "2024-01-01"},
        {"name": "X", "fte": "1e9", "starts_on": "nonsense"},
    ],
)
def test_hostile_team_values_are_refused_with_the_form(client_for, coordinator, data):
    response = client_for(coordinator).post(f"{PANEL}team/add/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ManagementTeamMember.objects.exists()


def test_a_label_ending_before_its_award_is_refused(client_for, coordinator):
    response = client_for(coordinator).post(
        f"{PANEL}labels/add/",
        {"kind": "key_cluster", "awarded_on": "2025-03-01", "valid_until": "2024-01-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    response = client_for(coordinator).post(
        f"{PANEL}labels/add/", {"kind": "platinum", "awarded_on": "2025-03-01"}
    )
    assert response.context["form"].errors
    assert not ClusterLabel.objects.exists()


def test_team_members_and_labels_are_removed_by_post(client_for, coordinator):
    person, label = TeamMemberFactory(), LabelFactory()
    client = client_for(coordinator)
    assert client.get(f"{PANEL}team/{person.pk}/delete/").status_code == 405
    client.post(f"{PANEL}team/{person.pk}/delete/")
    client.post(f"{PANEL}labels/{label.pk}/delete/")
    assert not ManagementTeamMember.objects.exists() and not ClusterLabel.objects.exists()


def test_the_coordinator_types_values_and_sets_the_target_path(client_for, coordinator):
    item = plan_item(year=2026)
    client = client_for(coordinator)
    page = client.get(f"{PANEL}indicators/{item.pk}/")
    assert page.status_code == 200
    client.post(f"{PANEL}indicators/{item.pk}/", {"measured_on": "2026-02-28", "value": "3,5"})
    value = IndicatorValue.objects.get()
    assert value.value == Decimal("3.5")
    bad = client.post(
        f"{PANEL}indicators/{item.pk}/", {"measured_on": "2026-02-28", "value": "1e20"}
    )
    assert bad.status_code == 200 and bad.context["value_form"].errors
    client.post(
        f"{PANEL}indicators/{item.pk}/target/",
        {
            "start_value": "0",
            "start_on": "2026-01-01",
            "target_value": "20",
            "target_on": "2027-06-30",
        },
    )
    assert IndicatorTarget.objects.get().target_value == Decimal("20")
    backwards = client.post(
        f"{PANEL}indicators/{item.pk}/target/",
        {
            "start_value": "0",
            "start_on": "2026-01-01",
            "target_value": "20",
            "target_on": "2025-06-30",
        },
    )
    assert backwards.status_code == 200 and backwards.context["target_form"].errors
    listing = client.get(f"{PANEL}indicators/").content.decode()
    assert "<svg" in listing
    client.post(f"{PANEL}indicators/{item.pk}/target/delete/")
    client.post(f"{PANEL}indicators/values/{value.pk}/delete/")
    assert not IndicatorTarget.objects.exists() and not IndicatorValue.objects.exists()


def test_a_plan_item_without_an_indicator_has_no_page(client_for, coordinator):
    item = plan_item(year=2026, indicator="")
    assert client_for(coordinator).get(f"{PANEL}indicators/{item.pk}/").status_code == 404


def test_asking_for_an_annual_report_queues_it(client_for, coordinator):
    client = client_for(coordinator)
    response = client.post(f"{PANEL}annual/", {"year": "2025"})
    assert response.status_code == 302
    report = AnnualReport.objects.get()
    assert report.year == 2025 and report.requested_by == coordinator
    for year in ("1999", "3000", "abc", "2025.5"):
        refused = client.post(f"{PANEL}annual/", {"year": year})
        assert refused.status_code == 200 and refused.context["form"].errors
    assert AnnualReport.objects.count() == 1

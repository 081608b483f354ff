"""CSV and XLSX exports of the filtered member list."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from members.models import Organisation
from tests.factories import CompetenceFactory, OrganisationFactory, SectorFactory, active_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(db):
    ict = SectorFactory(slug="ict", name="ICT", name_pl="ICT")
    robots = SectorFactory(slug="robots", name="Robotyka", name_pl="Robotyka")
    exported = active_member(
        name="Łódzka Żegluga Śródlądowa",
        short_name="ŁŻŚ",
        nip="5261040828",
        regon="012100784",
        krs="0000012345",
        city="Łódź",
        voivodeship="lodzkie",
        kind=Organisation.Kind.MEDIUM,
    )
    exported.joined_on = date(2023, 5, 17)
    exported.save()
    exported.sectors.set([ict, robots])
    exported.competences.set(
        [
            CompetenceFactory(name="Spawanie", name_pl="Spawanie", slug="welding"),
            CompetenceFactory(
                name="ISO 9001", name_pl="ISO 9001", slug="iso-9001", kind="certification"
            ),
        ]
    )
    Organisation.objects.filter(pk=exported.pk).update(keywords="barki, śluzy")
    OrganisationFactory(name="Kandydat na członka")
    return exported


def _csv_rows(response):
    content = response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_export_has_a_bom_translated_headers_and_the_filtered_rows(
    client_for, coordinator, members
):
    with translation.override("en"):
        url = reverse("panel:member_export_csv")
    response = client_for(coordinator).get(url, {"status": "active"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment;" in response["Content-Disposition"]
    header, *rows = _csv_rows(response)
    assert header[0] == "Name"
    assert header[-1] == "Joined on"
    assert header[10:12] == ["Competences", "Keywords"]
    representative = members.primary_representative
    assert rows == [
        [
            "Łódzka Żegluga Śródlądowa",
            "ŁŻŚ",
            "medium enterprise",
            "active",
            "526-104-08-28",
            "012100784",
            "0000012345",
            "Łódź",
            "Łódź",
            "ICT, Robotyka",
            "ISO 9001, Spawanie",
            "barki, śluzy",
            representative.full_name,
            representative.email,
            "2023-05-17",
        ]
    ]


def test_the_export_follows_the_search_of_the_list(client_for, coordinator, members):
    response = client_for(coordinator).get(reverse("panel:member_export_csv"), {"q": "kandydat"})
    _header, *rows = _csv_rows(response)
    assert [row[0] for row in rows] == ["Kandydat na członka"]


def test_the_export_keeps_a_formula_from_running_in_a_spreadsheet(client_for, coordinator):
    OrganisationFactory(name='=HYPERLINK("http://evil.example")')
    response = client_for(coordinator).get(reverse("panel:member_export_csv"))
    _header, row = _csv_rows(response)
    assert row[0].startswith("'=")


def test_the_xlsx_export_has_the_filtered_rows(client_for, coordinator, members):
    with translation.override("en"):
        url = reverse("panel:member_export_xlsx")
    response = client_for(coordinator).get(url, {"sector": "ict"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Name", "Short name", "Kind", "Membership status")
    assert len(rows) == 2
    assert rows[1][0] == "Łódzka Żegluga Śródlądowa"
    assert rows[1][4] == "526-104-08-28"
    assert rows[1][9] == "ICT, Robotyka"
    assert rows[1][10:12] == ("ISO 9001, Spawanie", "barki, śluzy")
    assert rows[1][14].date() == date(2023, 5, 17)


def test_the_headers_follow_the_language_of_the_page(client_for, coordinator, members):
    with translation.override("pl"):
        url = reverse("panel:member_export_csv")
        expected = str(translation.pgettext("of a thing", "Name"))
    header, *_rows = _csv_rows(client_for(coordinator).get(url))
    assert header[0] == expected


def test_the_export_runs_the_same_number_of_queries_for_10_and_200_members(
    client_for, coordinator, query_count
):
    client = client_for(coordinator)
    url = reverse("panel:member_export_csv")
    sector = SectorFactory()
    for _number in range(10):
        active_member().sectors.add(sector)
    with_ten = query_count(lambda: client.get(url))
    for _number in range(190):
        active_member().sectors.add(sector)
    assert query_count(lambda: client.get(url)) == with_ten

"""The panel's member list: search, filters, sorting, pagination and its query count."""

import pytest
from django.urls import reverse

from members.models import Organisation
from tests.factories import ActionGroupFactory, OrganisationFactory, SectorFactory, active_member

pytestmark = pytest.mark.django_db

LIST_URL = reverse("panel:member_list")


def _names(response):
    return [organisation.name for organisation in response.context["page_obj"]]


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


def test_it_finds_an_organisation_by_nip_typed_with_dashes(coordinator_client):
    wanted = OrganisationFactory(name="Szukana Sp. z o.o.", nip="5261040828")
    OrganisationFactory(name="Inna Sp. z o.o.")
    response = coordinator_client.get(LIST_URL, {"q": "526-104-08-28"})
    assert _names(response) == [wanted.name]


def test_it_finds_an_organisation_by_name_short_name_and_city(coordinator_client):
    OrganisationFactory(name="Alfa Robotics", short_name="ALR", city="Gdynia")
    OrganisationFactory(name="Beta Metal", short_name="BM", city="Sopot")
    assert _names(coordinator_client.get(LIST_URL, {"q": "robot"})) == ["Alfa Robotics"]
    assert _names(coordinator_client.get(LIST_URL, {"q": "ALR"})) == ["Alfa Robotics"]
    assert _names(coordinator_client.get(LIST_URL, {"q": "sopot"})) == ["Beta Metal"]


def test_it_filters_by_status_kind_sector_action_group_and_voivodeship(coordinator_client):
    ict = SectorFactory(slug="ict", name="ICT")
    group = ActionGroupFactory(slug="ai")
    wanted = active_member(
        name="Pasująca", kind=Organisation.Kind.UNIVERSITY, voivodeship="slaskie"
    )
    wanted.sectors.add(ict)
    group.organisations.add(wanted)
    active_member(name="Inny rodzaj", kind=Organisation.Kind.SMALL, voivodeship="slaskie")
    OrganisationFactory(name="Kandydat", kind=Organisation.Kind.UNIVERSITY, voivodeship="slaskie")
    other = active_member(name="Inne województwo", kind=Organisation.Kind.UNIVERSITY)
    other.sectors.add(ict)

    assert _names(coordinator_client.get(LIST_URL, {"status": "applicant"})) == ["Kandydat"]
    assert set(_names(coordinator_client.get(LIST_URL, {"kind": "university"}))) == {
        "Pasująca",
        "Kandydat",
        "Inne województwo",
    }
    assert set(_names(coordinator_client.get(LIST_URL, {"sector": "ict"}))) == {
        "Pasująca",
        "Inne województwo",
    }
    assert _names(coordinator_client.get(LIST_URL, {"action_group": "ai"})) == ["Pasująca"]
    response = coordinator_client.get(
        LIST_URL,
        {"status": "active", "kind": "university", "voivodeship": "slaskie", "sector": "ict"},
    )
    assert _names(response) == ["Pasująca"]


def test_it_ignores_an_unknown_filter_value_and_says_so(coordinator_client):
    OrganisationFactory(name="Jedyna")
    response = coordinator_client.get(LIST_URL, {"status": "bogus"})
    assert _names(response) == ["Jedyna"]
    assert response.context["filter"].form.errors["status"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Alfa", "Beta", "Gamma"]),
        ("-name", ["Gamma", "Beta", "Alfa"]),
        ("city", ["Beta", "Gamma", "Alfa"]),
        ("-city", ["Alfa", "Gamma", "Beta"]),
        ("status", ["Beta", "Gamma", "Alfa"]),
        ("-status", ["Alfa", "Gamma", "Beta"]),
        ("kind", ["Alfa", "Beta", "Gamma"]),
        ("-joined_on", ["Alfa", "Gamma", "Beta"]),
    ],
)
def test_it_sorts_by_a_whitelisted_column(coordinator_client, sort, expected):
    alfa = active_member(name="Alfa", city="Toruń", kind=Organisation.Kind.SMALL)
    alfa.joined_on = alfa.joined_on.replace(year=2024)
    alfa.save()
    OrganisationFactory(name="Beta", city="Elbląg", kind=Organisation.Kind.LARGE)
    gamma = active_member(name="Gamma", city="Olsztyn", kind=Organisation.Kind.UNIVERSITY)
    gamma.joined_on = gamma.joined_on.replace(year=2020)
    gamma.save()
    Organisation.objects.filter(name="Gamma").update(status=Organisation.Status.ACTIVE)
    Organisation.objects.filter(name="Alfa").update(status=Organisation.Status.SUSPENDED)
    assert _names(coordinator_client.get(LIST_URL, {"sort": sort})) == expected


def test_it_falls_back_to_name_order_for_an_unknown_sort(coordinator_client):
    OrganisationFactory(name="Beta")
    OrganisationFactory(name="Alfa")
    response = coordinator_client.get(LIST_URL, {"sort": "nip; DROP TABLE"})
    assert _names(response) == ["Alfa", "Beta"]


def test_the_column_headers_sort_and_show_the_current_order(coordinator_client):
    OrganisationFactory(name="Alfa")
    content = coordinator_client.get(LIST_URL, {"sort": "city", "status": "applicant"})
    html = content.content.decode()
    assert 'aria-sort="ascending"' in html
    assert 'href="?sort=-city&amp;status=applicant"' in html
    assert 'href="?sort=name&amp;status=applicant"' in html


def test_it_shows_25_per_page_and_keeps_the_filters_in_the_page_links(coordinator_client):
    for number in range(30):
        OrganisationFactory(name=f"Firma {number:02}", city="Gdańsk")
    response = coordinator_client.get(LIST_URL, {"q": "gdańsk", "sort": "-name"})
    assert len(response.context["page_obj"]) == 25
    assert "q=gda%C5%84sk&amp;sort=-name&amp;page=2" in response.content.decode()
    second = coordinator_client.get(LIST_URL, {"q": "gdańsk", "sort": "-name", "page": 2})
    assert _names(second) == [f"Firma {number:02}" for number in range(4, -1, -1)]


def test_it_shows_status_badges_and_representatives(coordinator_client):
    organisation = active_member(name="Z odznaką")
    html = coordinator_client.get(LIST_URL).content.decode()
    assert '<span class="badge badge--active">' in html
    assert organisation.primary_representative.email in html


def _members_with_sectors(count):
    sectors = [SectorFactory(), SectorFactory()]
    group = ActionGroupFactory()
    for _number in range(count):
        organisation = active_member()
        organisation.sectors.set(sectors)
        group.organisations.add(organisation)


def test_it_runs_the_same_number_of_queries_for_10_and_200_members(coordinator_client, query_count):
    _members_with_sectors(10)
    params = {"sort": "city"}
    with_ten = query_count(lambda: coordinator_client.get(LIST_URL, params))
    _members_with_sectors(190)
    with_two_hundred = query_count(lambda: coordinator_client.get(LIST_URL, params))
    assert with_ten == with_two_hundred

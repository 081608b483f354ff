"""The public partnerships page, the partner pages and the network picture."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse, translate_url

from agreements import selectors
from agreements.models import Agreement

from .factories import PartnerFactory, make_agreement

pytestmark = pytest.mark.django_db

Status = Agreement.Status
INDEX = "/en/partnerships/"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def network(partners):
    foreign = PartnerFactory(
        name="Saxony Innovation Cluster", country="DE", city="Dresden", slug="saxony"
    )
    in_force = make_agreement(
        status=Status.IN_FORCE,
        partners=[*partners, foreign],
        areas=["research", "promotion"],
        title_en="Inter-cluster cooperation agreement",
    )
    negotiating_partner = PartnerFactory(name="Klaster w Negocjacjach", slug="negocjacje")
    make_agreement(
        status=Status.IN_NEGOTIATION,
        partners=[negotiating_partner],
        title_en="Agreement still in negotiation",
    )
    return {"agreement": in_force, "partners": partners, "foreign": foreign}


def test_the_page_lists_agreements_in_force_with_partners_and_areas_only(client, network):
    page = client.get(INDEX).content.decode()

    assert "Inter-cluster cooperation agreement" in page
    assert "Agreement still in negotiation" not in page
    assert "Klaster w Negocjacjach" not in page
    for partner in network["partners"]:
        assert f'href="{partner.get_absolute_url()}"' in page
    assert "R&amp;D and technology transfer" in page
    assert "Mutual promotion" in page


def test_the_network_picture_is_drawn_on_the_server_as_accessible_svg(client, network):
    response = client.get(reverse("partnerships:network_svg").replace("/pl/", "/en/"))

    assert response["Content-Type"].startswith("image/svg+xml")
    svg = ET.fromstring(response.content)
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby") == "network-title network-desc"
    assert svg.find(f"{SVG}title").text == "The partner network of Klaster Demo"
    description = svg.find(f"{SVG}desc").text
    assert "linked by agreements in force with 6 partners" in description
    assert "Germany: Saxony Innovation Cluster." in description
    assert "Poland: Jastrzębski Klaster Innowacji, Klaster Innowacyjne Regiony" in description
    labels = [text.text for text in svg.iter(f"{SVG}text") if text.text]
    assert {"Poland", "Germany", "Saxony Innovation Cluster"} <= set(labels)
    assert "Klaster w Negocjacjach" not in response.content.decode()
    assert not list(svg.iter(f"{SVG}script"))


def test_partners_of_one_country_sit_together_and_the_cluster_in_the_centre(network):
    from agreements.network import CENTRE, network_layout

    layout = network_layout(selectors.partners_in_force(), cluster_name="Klaster Demo")

    assert [group.code for group in layout.groups] == ["PL", "DE"]
    assert [len(group.nodes) for group in layout.groups] == [5, 1]
    assert (layout.centre_x, layout.centre_y) == CENTRE
    assert layout.cluster_lines[0][0] == "Klaster Demo"


def test_the_picture_is_inline_in_the_page_and_lists_partners_by_country_as_text(client, network):
    page = client.get(INDEX).content.decode()

    assert '<svg xmlns="http://www.w3.org/2000/svg" class="network"' in page
    assert re.search(r'<h3 id="country-DE">Germany</h3>', page)
    assert "<script" not in page


def test_an_empty_network_says_so(client, db):
    page = client.get(INDEX).content.decode()

    assert "No agreement is in force at the moment." in page
    assert "<svg" not in page


def test_a_partner_page_shows_the_partner_and_its_agreements_in_force(client, network):
    partner = network["foreign"]

    page = client.get(partner.get_absolute_url().replace("/pl/", "/en/")).content.decode()

    assert "<h1>Saxony Innovation Cluster</h1>" in page
    assert "Germany" in page
    assert "Inter-cluster cooperation agreement" in page


def test_a_partner_page_links_only_the_languages_its_description_is_in(client, network):
    partner = network["foreign"]
    partner.description_pl = "Klaster z Saksonii."
    partner.description_de = "Ein Cluster aus Sachsen."
    partner.save()

    page = client.get(partner.get_absolute_url().replace("/pl/", "/en/")).content.decode()

    assert set(re.findall(r'hreflang="([^"]+)"', page)) == {"pl", "de", "x-default"}


def test_partners_in_force_for_the_home_page(network):
    names = list(selectors.partners_in_force().values_list("name", flat=True))

    assert len(names) == 6
    assert "Klaster w Negocjacjach" not in names


def _agreements_in_force(count):
    partner = PartnerFactory()
    for _number in range(count):
        make_agreement(status=Status.IN_FORCE, partners=[partner, PartnerFactory()])


def test_the_page_runs_the_same_number_of_queries_for_10_and_200_agreements(
    client, query_count, db
):
    _agreements_in_force(10)
    few = query_count(lambda: client.get(INDEX))
    _agreements_in_force(190)

    many = query_count(lambda: client.get(INDEX))

    assert few == many


@pytest.mark.parametrize("language", ["pl", "de", "fr", "ru"])
def test_coordinates_are_plain_numbers_in_languages_with_a_decimal_comma(client, network, language):
    response = client.get(f"/{language}/partnerships/network.svg")

    svg = ET.fromstring(response.content)
    for element in svg.iter():
        for attribute in ("x", "y", "cx", "cy", "x1", "y1", "x2", "y2", "r"):
            value = element.get(attribute)
            if value is not None:
                float(value)


def test_a_partner_description_shown_in_polish_is_marked_and_a_translated_one_is_not(
    client, network
):
    partner = network["foreign"]
    partner.description_pl = "Klaster z Saksonii."
    partner.description_de = "Ein Cluster aus Sachsen."
    partner.save()
    path = partner.get_absolute_url()

    english = client.get(translate_url(path, "en")).content.decode()
    german = client.get(translate_url(path, "de")).content.decode()

    assert re.search(r'<div class="description" lang="pl">\s*<p>Klaster z Saksonii.</p>', english)
    assert "shown in Polish" in english
    assert re.search(r'<div class="description">\s*<p>Ein Cluster aus Sachsen.</p>', german)
    assert 'lang="pl"' not in german.split("<main", 1)[1]

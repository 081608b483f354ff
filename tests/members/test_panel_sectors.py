"""Sectors in the panel: list, create and rename in five languages."""

import pytest
from django.urls import reverse

from core.models import AuditEntry
from members.models import Sector
from tests.factories import SectorFactory, active_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


def test_the_list_counts_active_members_per_sector(coordinator_client):
    sector = SectorFactory(name="ICT", name_pl="ICT")
    active_member().sectors.add(sector)
    response = coordinator_client.get(reverse("panel:sector_list"))
    assert [(s.name, s.member_count) for s in response.context["sectors"]] == [("ICT", 1)]


def test_it_creates_a_sector_with_a_slug_from_the_polish_name(coordinator_client, coordinator):
    response = coordinator_client.post(
        reverse("panel:sector_create"),
        {"name_pl": "Logistyka morska", "name_en": "Maritime logistics", "slug": ""},
    )
    assert response.status_code == 302
    sector = Sector.objects.get()
    assert (sector.slug, sector.name_en) == ("logistyka-morska", "Maritime logistics")
    assert AuditEntry.objects.filter(action="sector.created", actor=coordinator).exists()


def test_a_duplicate_slug_is_refused(coordinator_client):
    SectorFactory(slug="ict")
    response = coordinator_client.post(
        reverse("panel:sector_create"), {"name_pl": "Inne ICT", "slug": "ict"}
    )
    assert response.context["form"].errors["slug"]
    assert Sector.objects.count() == 1


def test_it_renames_a_sector(coordinator_client):
    sector = SectorFactory(name="Stara", name_pl="Stara", slug="stara")
    coordinator_client.post(
        reverse("panel:sector_edit", args=[sector.pk]),
        {"name_pl": "Nowa", "name_de": "Neu", "slug": "stara"},
    )
    sector.refresh_from_db()
    assert (sector.name_pl, sector.name_de, sector.slug) == ("Nowa", "Neu", "stara")
    assert AuditEntry.objects.get(action="sector.updated").changes["name_pl"] == ["Stara", "Nowa"]


def test_the_list_shows_which_translations_each_sector_lacks(client_for, coordinator):
    SectorFactory(name="Energetyka", name_pl="Energetyka", name_en="Energy", name_de="Energie")

    content = client_for(coordinator).get("/en/panel/sectors/").content.decode()

    assert "Translations missing" in content
    for code, name in (("FR", "French"), ("RU", "Russian")):
        assert f'<abbr title="{name}">{code}</abbr>' in content
    for code, name in (("PL", "Polish"), ("EN", "English"), ("DE", "German")):
        assert f'<abbr title="{name}">{code}</abbr>' not in content

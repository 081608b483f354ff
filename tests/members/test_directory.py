"""The public member directory, each member's profile page and the home page."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from members.models import Organisation
from tests.factories import (
    ActionGroupFactory,
    OrganisationFactory,
    PersonFactory,
    SectorFactory,
    active_member,
)

pytestmark = pytest.mark.django_db

DIRECTORY = "/pl/members/"


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#0b5cad").save(buffer, format="PNG")
    return buffer.getvalue()


def member_with_sectors(index, sectors, **fields):
    fields.setdefault("name", f"Członek {index:03d} Sp. z o.o.")
    organisation = active_member(slug=f"czlonek-{index}", **fields)
    organisation.sectors.set(sectors)
    return organisation


@pytest.mark.parametrize("persona", [None, "outsider", "employee", "representative", "coordinator"])
def test_everyone_may_browse_the_directory(request, client_for, persona, other_organisation):
    user = request.getfixturevalue(persona) if persona else None

    response = client_for(user).get(DIRECTORY)

    assert response.status_code == 200
    assert other_organisation.name in response.content.decode()


def test_it_lists_active_members_only(client):
    active_member(name="Aktywna Sp. z o.o.")
    OrganisationFactory(name="Kandydująca Sp. z o.o.")
    for status in ("suspended", "withdrawn", "expelled", "rejected"):
        organisation = active_member(name=f"Status {status}")
        Organisation.objects.filter(pk=organisation.pk).update(status=status)

    content = client.get(DIRECTORY).content.decode()

    assert "Aktywna Sp. z o.o." in content
    assert "Kandydująca" not in content
    assert "Status " not in content
    assert "1 organizacja członkowska" in content or "1 member organisation" in content


def test_it_shows_public_fields_only(client):
    organisation = active_member(
        name="Jawna Sp. z o.o.", email="biuro@jawna.example", phone="+48 555 000 111"
    )

    content = client.get(DIRECTORY).content.decode()

    assert organisation.name in content
    assert organisation.city in content
    assert organisation.nip not in content
    assert organisation.nip_display not in content
    assert "biuro@jawna.example" not in content
    assert "555 000 111" not in content


@pytest.mark.parametrize("query", ["robot", "ROBOT", "Toruń", "RBT"])
def test_it_finds_members_by_name_short_name_or_city(client, query):
    active_member(name="Robotyka Północ S.A.", short_name="RBT", city="Toruń")
    active_member(name="Inna Sp. z o.o.", city="Gdańsk")

    content = client.get(DIRECTORY, {"q": query}).content.decode()

    assert "Robotyka Północ S.A." in content
    assert "Inna Sp. z o.o." not in content


def test_it_does_not_search_by_nip(client):
    organisation = active_member(name="Ukryta Sp. z o.o.")

    content = client.get(DIRECTORY, {"q": organisation.nip}).content.decode()

    assert "Ukryta Sp. z o.o." not in content


def test_it_filters_by_sector_and_kind(client):
    ict = SectorFactory(name="ICT", name_pl="ICT", slug="ict")
    metal = SectorFactory(name="Metal", name_pl="Metal", slug="metal")
    member_with_sectors(1, [ict], kind=Organisation.Kind.SMALL, name="ICT mała")
    member_with_sectors(2, [ict], kind=Organisation.Kind.UNIVERSITY, name="ICT uczelnia")
    member_with_sectors(3, [metal], kind=Organisation.Kind.SMALL, name="Metal mała")

    by_sector = client.get(DIRECTORY, {"sector": "ict"}).content.decode()
    by_both = client.get(DIRECTORY, {"sector": "ict", "kind": "university"}).content.decode()

    assert "ICT mała" in by_sector and "ICT uczelnia" in by_sector
    assert "Metal mała" not in by_sector
    assert "ICT uczelnia" in by_both
    assert "ICT mała" not in by_both


def test_the_filter_form_has_a_label_for_every_input(client):
    SectorFactory(slug="ict")

    content = client.get(DIRECTORY).content.decode()

    for name in ("q", "sector", "kind"):
        assert f'<label for="id_{name}">' in content
        assert f'id="id_{name}"' in content


def test_an_unknown_filter_value_is_ignored_with_an_error(client):
    active_member(name="Widoczna Sp. z o.o.")

    response = client.get(DIRECTORY, {"kind": "spaceship", "sector": "nope"})

    assert response.status_code == 200
    assert "Widoczna Sp. z o.o." in response.content.decode()
    assert response.context["form"].errors.keys() == {"kind", "sector"}


def test_it_paginates_24_per_page_and_keeps_the_filters(client):
    for index in range(30):
        active_member(name=f"Mała {index:02d}", slug=f"mala-{index}", kind="small")
    active_member(name="Duża", kind="large")

    first = client.get(DIRECTORY, {"kind": "small"})
    second = client.get(DIRECTORY, {"kind": "small", "page": 2})

    assert len(first.context["organisations"]) == 24
    assert len(second.context["organisations"]) == 6
    assert first.context["page_obj"].paginator.count == 30
    assert "kind=small&amp;page=2" in first.content.decode()
    assert "Duża" not in second.content.decode()


def test_it_says_so_when_nothing_matches(client):
    active_member(name="Jakaś Sp. z o.o.")

    response = client.get("/en/members/", {"q": "no such member"})

    content = response.content.decode()
    assert "No member matches your search." in content
    assert "0 member organisations" in content


def test_it_runs_the_same_number_of_queries_for_10_and_200_members(client, query_count):
    sectors = [SectorFactory(), SectorFactory()]
    for index in range(10):
        member_with_sectors(index, sectors)
    with_10 = query_count(lambda: client.get(DIRECTORY, {"sector": sectors[0].slug}))
    for index in range(10, 200):
        member_with_sectors(index, sectors)

    with_200 = query_count(lambda: client.get(DIRECTORY, {"sector": sectors[0].slug}))

    assert with_10 == with_200


# --- Profile page -------------------------------------------------------------------------------


def test_the_profile_shows_the_public_data(client):
    sector = SectorFactory(name="Robotyka", name_pl="Robotyka")
    organisation = active_member(
        name="Profilowa Sp. z o.o.",
        slug="profilowa",
        website="https://profilowa.example",
        city="Gdynia",
        voivodeship="pomorskie",
        description_pl="Robimy roboty.",
    )
    organisation.sectors.set([sector])
    organisation.logo.save("profilowa.png", ContentFile(png_bytes()))
    PersonFactory(
        organisation=organisation, first_name="Jawny", last_name="Kontakt", is_public_contact=True
    )
    PersonFactory(organisation=organisation, first_name="Ukryty", last_name="Pracownik")
    group = ActionGroupFactory(name_pl="Grupa Przemysł 4.0")
    group.organisations.add(organisation)

    response = client.get("/pl/members/profilowa/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Profilowa Sp. z o.o.</h1>" in content
    assert 'alt="Logo organizacji Profilowa Sp. z o.o."' in content or 'alt="Logo of' in content
    assert "Robimy roboty." in content
    assert "Robotyka" in content
    assert "Gdynia" in content
    assert "https://profilowa.example" in content
    assert "Jawny Kontakt" in content
    assert "Ukryty Pracownik" not in content
    assert "Grupa Przemysł 4.0" in content
    assert organisation.nip not in content


def test_the_profile_shows_the_english_description_under_en(client):
    active_member(
        slug="dwujezyczna", description_pl="Opis po polsku.", description_en="English text."
    )

    content = client.get("/en/members/dwujezyczna/").content.decode()

    assert "English text." in content
    assert "Opis po polsku." not in content
    assert "shown in Polish" not in content


def test_the_profile_falls_back_to_polish_with_a_note(client):
    active_member(slug="polska", description_pl="Tylko po polsku.")

    content = client.get("/en/members/polska/").content.decode()

    assert "Tylko po polsku." in content
    assert 'lang="pl"' in content
    assert "so it is shown in Polish" in content


def test_the_polish_profile_has_no_fallback_note(client):
    active_member(slug="polska", description_pl="Tylko po polsku.")

    response = client.get("/pl/members/polska/")

    assert response.context["description_fallback_language"] is None


@pytest.mark.parametrize("status", ["applicant", "suspended", "withdrawn", "expelled", "rejected"])
def test_a_profile_of_a_non_active_organisation_does_not_exist(client, status):
    organisation = active_member(slug="niewidoczna")
    Organisation.objects.filter(pk=organisation.pk).update(status=status)

    assert client.get("/pl/members/niewidoczna/").status_code == 404


def test_an_unknown_profile_does_not_exist(client):
    assert client.get("/pl/members/nie-ma-takiej/").status_code == 404


def test_a_coordinator_does_not_see_an_applicant_in_the_public_profile(client_for, coordinator):
    OrganisationFactory(slug="kandydat")

    assert client_for(coordinator).get("/pl/members/kandydat/").status_code == 404


# --- Home page ----------------------------------------------------------------------------------


def test_the_home_page_shows_figures_newest_members_and_a_call_to_join(client):
    for index in range(3):
        active_member(name=f"Nowy członek {index}")
    OrganisationFactory(name="Kandydat na stronie głównej")
    ActionGroupFactory()

    response = client.get("/en/")

    content = response.content.decode()
    assert response.context["stats"] == {"members": 3, "action_groups": 1}
    assert "Nowy członek 2" in content
    assert "Kandydat na stronie głównej" not in content
    assert 'href="/en/join/"' in content


def test_the_home_page_runs_the_same_number_of_queries_for_few_and_many_members(
    client, query_count
):
    for index in range(3):
        active_member(name=f"Członek {index}")
    few = query_count(lambda: client.get("/pl/"))
    for index in range(3, 40):
        active_member(name=f"Członek {index}")

    assert query_count(lambda: client.get("/pl/")) == few

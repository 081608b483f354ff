"""Registering, editing and viewing an organisation in the panel."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import AuditEntry
from members.models import MembershipChange, Organisation, Person
from tests.factories import ActionGroupFactory, PersonFactory, SectorFactory, active_member

pytestmark = pytest.mark.django_db

VALID_NIP = "526-104-08-28"


def _form_data(**changes):
    data = {
        "name": "Nowa Firma Sp. z o.o.",
        "short_name": "Nowa",
        "kind": "small",
        "nip": VALID_NIP,
        "city": "Gdańsk",
        "voivodeship": "pomorskie",
        "status": "active",
        "representative_first_name": "Anna",
        "representative_last_name": "Nowak",
        "representative_email": "anna.nowak@example.com",
        "representative_language": "pl",
    }
    data.update(changes)
    return data


def _polish(message):
    with translation.override("pl"):
        return str(translation.gettext(message))


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


def test_it_registers_an_active_member_with_its_primary_representative(
    coordinator_client, coordinator
):
    sector = SectorFactory()
    response = coordinator_client.post(
        reverse("panel:member_create"), _form_data(sectors=[sector.pk])
    )
    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("panel:member_detail", args=[organisation.pk])
    assert organisation.status == Organisation.Status.ACTIVE
    assert organisation.nip == "5261040828"
    assert organisation.joined_on is not None
    assert list(organisation.sectors.all()) == [sector]
    representative = organisation.primary_representative
    assert (representative.full_name, representative.email) == (
        "Anna Nowak",
        "anna.nowak@example.com",
    )
    assert representative.role == Person.Role.REPRESENTATIVE
    change = MembershipChange.objects.get(organisation=organisation)
    assert (change.from_status, change.to_status, change.actor) == ("", "active", coordinator)
    assert AuditEntry.objects.filter(action="organisation.created", actor=coordinator).exists()


def test_it_registers_an_applicant_without_a_representative(coordinator_client):
    coordinator_client.post(
        reverse("panel:member_create"),
        _form_data(
            status="applicant",
            representative_first_name="",
            representative_last_name="",
            representative_email="",
        ),
    )
    organisation = Organisation.objects.get()
    assert organisation.status == Organisation.Status.APPLICANT
    assert organisation.primary_representative is None
    assert organisation.applied_on is not None


def test_an_active_member_needs_a_representative(coordinator_client):
    response = coordinator_client.post(
        reverse("panel:member_create"), _form_data(representative_email="")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["representative_email"]
    assert not Organisation.objects.exists()


def test_an_invalid_nip_gets_a_translated_error_on_the_field_and_nothing_is_saved(
    coordinator_client,
):
    with translation.override("pl"):
        url = reverse("panel:member_create")
    response = coordinator_client.post(url, _form_data(nip="526-104-08-29"))
    assert response.status_code == 200
    errors = response.context["form"].errors["nip"]
    assert errors == [_polish("This is not a valid NIP: its check digit does not match.")]
    assert errors[0] in response.content.decode()
    assert not Organisation.objects.exists()
    assert not Person.objects.exists()


def test_a_duplicate_nip_gets_an_error_on_the_field_and_nothing_is_saved(coordinator_client):
    active_member(nip="5261040828")
    with translation.override("pl"):
        url = reverse("panel:member_create")
    response = coordinator_client.post(url, _form_data(name="Druga"))
    assert response.status_code == 200
    assert response.context["form"].errors["nip"]
    assert not Organisation.objects.filter(name="Druga").exists()
    assert Person.objects.count() == 1


def test_a_missing_required_field_gets_an_error_on_the_field_and_nothing_is_saved(
    coordinator_client,
):
    with translation.override("pl"):
        url = reverse("panel:member_create")
    response = coordinator_client.post(url, _form_data(city=""))
    assert response.status_code == 200
    assert response.context["form"].errors["city"] == [_polish("This field is required.")]
    assert not Organisation.objects.exists()


def test_it_edits_an_organisation_and_records_what_changed(coordinator_client, coordinator):
    organisation = active_member(name="Stara nazwa", nip="5261040828")
    response = coordinator_client.post(
        reverse("panel:member_edit", args=[organisation.pk]),
        {
            "name": "Nowa nazwa",
            "kind": organisation.kind,
            "nip": VALID_NIP,
            "city": "Sopot",
            "voivodeship": "pomorskie",
            "description_pl": "Opis po polsku",
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.city) == ("Nowa nazwa", "Sopot")
    assert organisation.description_pl == "Opis po polsku"
    entry = AuditEntry.objects.get(action="organisation.updated")
    assert entry.changes["name"] == ["Stara nazwa", "Nowa nazwa"]
    assert entry.actor == coordinator


def test_an_edit_with_an_invalid_nip_saves_nothing(coordinator_client):
    organisation = active_member(name="Bez zmian", nip="5261040828")
    response = coordinator_client.post(
        reverse("panel:member_edit", args=[organisation.pk]),
        {
            "name": "Zmieniona",
            "kind": organisation.kind,
            "nip": "1234567890",
            "city": "Gdańsk",
            "voivodeship": "pomorskie",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["nip"]
    organisation.refresh_from_db()
    assert organisation.name == "Bez zmian"


def test_the_detail_page_shows_people_history_and_action_groups(coordinator_client):
    organisation = active_member(name="Pokazywana")
    colleague = PersonFactory(organisation=organisation, first_name="Jan", last_name="Kowalski")
    group = ActionGroupFactory(name="Grupa AI", name_pl="Grupa AI")
    group.organisations.add(organisation)
    MembershipChange.objects.create(
        organisation=organisation, from_status="applicant", to_status="active", reason="Przyjęta"
    )
    response = coordinator_client.get(reverse("panel:member_detail", args=[organisation.pk]))
    html = response.content.decode()
    assert organisation.primary_representative.full_name in html
    assert "Jan Kowalski" in html
    assert "Grupa AI" in html
    assert "Przyjęta" in html
    assert 'class="badge badge--primary"' in html
    assert reverse("panel:person_invite", args=[colleague.pk]) in html
    assert reverse("panel:person_make_primary", args=[colleague.pk]) in html


def test_the_detail_page_shows_which_translations_the_description_lacks(coordinator_client):
    organisation = active_member(description_pl="Opis firmy.", description_en="About us.")

    response = coordinator_client.get(
        reverse("panel:member_detail", args=[organisation.pk]).replace("/pl/", "/en/")
    )
    html = response.content.decode()

    assert "Translations missing" in html
    for code, name in (("DE", "German"), ("FR", "French"), ("RU", "Russian")):
        assert f'<abbr title="{name}">{code}</abbr>' in html
    assert '<abbr title="English">EN</abbr>' not in html

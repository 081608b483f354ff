"""A representative's own organisation: its public profile and its people."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import Invitation
from core.models import AuditEntry
from members.models import Organisation, Person
from tests.factories import PersonFactory, SectorFactory, UserFactory, active_member

pytestmark = pytest.mark.django_db

EDIT = "/pl/my-organisation/"
NOT_REPRESENTATIVES = ["outsider", "employee", "council_member", "coordinator"]


def png_upload(name="logo.png", size=(16, 16)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "#17734b").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def profile_data(organisation, **changes):
    data = {
        "short_name": organisation.short_name,
        "street": organisation.street,
        "postal_code": organisation.postal_code,
        "city": organisation.city,
        "voivodeship": organisation.voivodeship,
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "employee_range": organisation.employee_range,
        "sectors": [sector.pk for sector in organisation.sectors.all()],
        "description_pl": organisation.description_pl or "",
        "description_en": organisation.description_en or "",
        "description_de": "",
        "description_fr": "",
        "description_ru": "",
    }
    data.update(changes)
    return data


def person_data(**changes):
    data = {
        "first_name": "Piotr",
        "last_name": "Zieliński",
        "position": "Inżynier",
        "email": "piotr.zielinski@example.com",
        "phone": "",
        "role": "employee",
        "language": "pl",
    }
    data.update(changes)
    return data


@pytest.fixture
def colleague(represented_organisation):
    return PersonFactory(
        organisation=represented_organisation,
        first_name="Kamil",
        last_name="Kolega",
        email="kamil@example.com",
    )


@pytest.fixture
def stranger(other_organisation):
    """A person of another organisation."""
    return PersonFactory(
        organisation=other_organisation, first_name="Obcy", email="obcy@example.com"
    )


def member_pages(person):
    return [
        ("get", EDIT),
        ("get", "/pl/my-organisation/people/new/"),
        ("get", f"/pl/my-organisation/people/{person.pk}/edit/"),
        ("get", f"/pl/my-organisation/people/{person.pk}/delete/"),
        ("post", f"/pl/my-organisation/people/{person.pk}/invite/"),
    ]


# --- Who may come in ----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, colleague):
    for method, url in member_pages(colleague):
        response = getattr(client, method)(url)

        assert response.status_code == 302
        assert response["Location"].startswith("/pl/accounts/login/?next=")


@pytest.mark.parametrize("persona", NOT_REPRESENTATIVES)
def test_anyone_but_a_representative_is_refused(request, client_for, persona, colleague):
    client = client_for(request.getfixturevalue(persona))

    for method, url in member_pages(colleague):
        assert getattr(client, method)(url).status_code == 403


def test_a_representative_of_a_suspended_member_is_refused(client_for, representative):
    Organisation.objects.filter(pk=representative.person.organisation_id).update(
        status=Organisation.Status.SUSPENDED
    )

    assert client_for(representative).get(EDIT).status_code == 403


def test_a_representative_sees_their_organisation_and_its_people(
    client_for, representative, colleague, stranger
):
    response = client_for(representative).get(EDIT)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Reprezentowana Sp. z o.o." in content
    assert "Kamil Kolega" in content
    assert stranger.full_name not in content


def test_the_description_fields_are_labelled_one_per_language(client_for, representative):
    content = client_for(representative).get(EDIT).content.decode()

    for code in ("pl", "en", "de", "fr", "ru"):
        assert f'<label for="id_description_{code}">' in content
        assert f'lang="{code}"' in content
    assert "<legend>Opis</legend>" in content


# --- The public profile -------------------------------------------------------------------------


def test_a_representative_edits_the_english_description_and_it_shows_on_the_profile(
    client_for, representative, represented_organisation
):
    client = client_for(representative)

    response = client.post(
        EDIT,
        profile_data(
            represented_organisation,
            description_pl="Polski opis.",
            description_en="We build robots.",
        ),
    )

    assert response.status_code == 302
    english = client.get(represented_organisation.get_absolute_url().replace("/pl/", "/en/"))
    assert "We build robots." in english.content.decode()
    entry = AuditEntry.objects.get(action="organisation.updated")
    assert entry.actor == representative
    assert entry.changes["description_en"][1] == "We build robots."


def test_a_representative_changes_sectors_and_contact_details(
    client_for, representative, represented_organisation
):
    sector = SectorFactory()

    client_for(representative).post(
        EDIT, profile_data(represented_organisation, sectors=[sector.pk], phone="+48 58 111")
    )

    represented_organisation.refresh_from_db()
    assert represented_organisation.phone == "+48 58 111"
    assert list(represented_organisation.sectors.all()) == [sector]


def test_a_representative_cannot_change_identifiers_or_status(
    client_for, representative, represented_organisation
):
    nip = represented_organisation.nip

    client_for(representative).post(
        EDIT,
        profile_data(
            represented_organisation, nip="5261040828", status="expelled", name="Inna nazwa"
        ),
    )

    represented_organisation.refresh_from_db()
    assert represented_organisation.nip == nip
    assert represented_organisation.status == Organisation.Status.ACTIVE
    assert represented_organisation.name == "Reprezentowana Sp. z o.o."


def test_a_representative_uploads_a_logo(client_for, representative, represented_organisation):
    client_for(representative).post(
        EDIT, {**profile_data(represented_organisation), "logo": png_upload()}
    )

    represented_organisation.refresh_from_db()
    assert represented_organisation.logo.name.startswith("logos/logo")


def test_it_rejects_a_logo_that_is_too_large(
    client_for, representative, represented_organisation, settings
):
    settings.LOGO_MAX_BYTES = 100

    response = client_for(representative).post(
        EDIT, {**profile_data(represented_organisation), "logo": png_upload(size=(400, 400))}
    )

    assert response.status_code == 200
    assert "logo" in response.context["form"].errors
    represented_organisation.refresh_from_db()
    assert not represented_organisation.logo


def test_it_rejects_a_file_that_is_not_an_image(
    client_for, representative, represented_organisation
):
    fake = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")

    response = client_for(representative).post(
        EDIT, {**profile_data(represented_organisation), "logo": fake}
    )

    assert "logo" in response.context["form"].errors


def test_invalid_profile_data_is_not_saved(client_for, representative, represented_organisation):
    response = client_for(representative).post(
        EDIT, profile_data(represented_organisation, website="not a url", city="")
    )

    assert set(response.context["form"].errors) == {"website", "city"}
    assert not AuditEntry.objects.filter(action="organisation.updated").exists()


# --- People -------------------------------------------------------------------------------------


def test_a_representative_adds_a_colleague(client_for, representative, represented_organisation):
    response = client_for(representative).post("/pl/my-organisation/people/new/", person_data())

    assert response.status_code == 302
    person = Person.objects.get(email="piotr.zielinski@example.com")
    assert person.organisation == represented_organisation
    assert person.user is None
    assert AuditEntry.objects.get(action="person.created").actor == representative


def test_a_representative_adds_a_colleague_and_invites_them(
    client_for, representative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(representative).post(
            "/pl/my-organisation/people/new/", person_data(send_invitation="on", language="en")
        )

    person = Person.objects.get(email="piotr.zielinski@example.com")
    invitation = Invitation.objects.get(user=person.user)
    assert invitation.invited_by == representative
    assert [message.to for message in mail.outbox] == [["piotr.zielinski@example.com"]]
    assert "/en/accounts/invitation/" in mail.outbox[0].body


def test_it_rejects_a_second_person_with_the_same_e_mail(client_for, representative, colleague):
    response = client_for(representative).post(
        "/pl/my-organisation/people/new/", person_data(email="KAMIL@example.com")
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Person.objects.filter(email__iexact="kamil@example.com").count() == 1


def test_a_representative_edits_a_colleague(client_for, representative, colleague):
    response = client_for(representative).post(
        f"/pl/my-organisation/people/{colleague.pk}/edit/",
        person_data(first_name="Kamil", last_name="Nowy", email=colleague.email),
    )

    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.last_name == "Nowy"


def test_the_primary_representative_stays_a_representative(client_for, representative):
    me = representative.person

    client_for(representative).post(
        f"/pl/my-organisation/people/{me.pk}/edit/",
        person_data(email=me.email, role="employee"),
    )

    me.refresh_from_db()
    assert me.role == Person.Role.REPRESENTATIVE


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_a_representative_cannot_reach_another_organisation_s_person(
    client_for, representative, stranger, action
):
    client = client_for(representative)
    url = f"/pl/my-organisation/people/{stranger.pk}/{action}/"

    assert client.get(url).status_code == 404
    assert client.post(url, person_data()).status_code == 404
    stranger.refresh_from_db()
    assert stranger.first_name == "Obcy"


def test_a_representative_cannot_invite_another_organisation_s_person(
    client_for, representative, stranger
):
    response = client_for(representative).post(f"/pl/my-organisation/people/{stranger.pk}/invite/")

    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_removing_asks_for_confirmation_first(client_for, representative, colleague):
    response = client_for(representative).get(f"/pl/my-organisation/people/{colleague.pk}/delete/")

    assert response.status_code == 200
    assert Person.objects.filter(pk=colleague.pk).exists()


def test_a_representative_removes_a_colleague(client_for, representative, colleague):
    response = client_for(representative).post(f"/pl/my-organisation/people/{colleague.pk}/delete/")

    assert response.status_code == 302
    assert not Person.objects.filter(pk=colleague.pk).exists()
    assert AuditEntry.objects.get(action="person.deleted").actor == representative


def test_the_primary_representative_cannot_be_removed(
    client_for, representative, represented_organisation
):
    other_representative = UserFactory(email="second@example.com")
    PersonFactory(
        organisation=represented_organisation,
        user=other_representative,
        email=other_representative.email,
        role=Person.Role.REPRESENTATIVE,
    )
    primary = representative.person

    response = client_for(other_representative).post(
        f"/pl/my-organisation/people/{primary.pk}/delete/"
    )

    assert response.status_code == 302
    assert Person.objects.filter(pk=primary.pk).exists()


def test_a_representative_cannot_remove_themselves(client_for, represented_organisation):
    user = UserFactory(email="second@example.com")
    me = PersonFactory(
        organisation=represented_organisation,
        user=user,
        email=user.email,
        role=Person.Role.REPRESENTATIVE,
    )

    client_for(user).post(f"/pl/my-organisation/people/{me.pk}/delete/")

    assert Person.objects.filter(pk=me.pk).exists()


def test_a_representative_invites_a_colleague(
    client_for, representative, colleague, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(representative).post(
            f"/pl/my-organisation/people/{colleague.pk}/invite/"
        )

    assert response.status_code == 302
    colleague.refresh_from_db()
    assert Invitation.objects.get(user=colleague.user).status == Invitation.Status.PENDING
    assert [message.to for message in mail.outbox] == [["kamil@example.com"]]


def test_inviting_needs_a_post(client_for, representative, colleague):
    response = client_for(representative).get(f"/pl/my-organisation/people/{colleague.pk}/invite/")

    assert response.status_code == 405
    assert not Invitation.objects.exists()


def test_an_account_that_belongs_to_another_organisation_s_person_is_not_taken_over(
    client_for, representative, represented_organisation
):
    elsewhere = UserFactory(email="taken@example.com")
    theirs = active_member(user=elsewhere, name="Ich Firma", slug="ich-firma")
    copy = PersonFactory(organisation=represented_organisation, email="taken@example.com")

    client_for(representative).post(f"/pl/my-organisation/people/{copy.pk}/invite/")

    elsewhere.refresh_from_db()
    assert elsewhere.person.organisation == theirs
    copy.refresh_from_db()
    assert copy.user is None
    assert not Invitation.objects.exists()


def test_the_removal_page_explains_why_the_primary_representative_stays(client_for, representative):
    response = client_for(representative).get(
        f"/pl/my-organisation/people/{representative.person.pk}/delete/"
    )

    assert response.status_code == 200
    assert response.context["is_primary"] is True
    assert 'class="button button--danger"' not in response.content.decode()

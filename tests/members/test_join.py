"""The public application to join, and the e-mails of the joining process."""

import pytest
from django.core import mail
from django.test import override_settings

from core.emails import render_email
from core.models import OutboundEmail
from members.models import MembershipApplication, Organisation, Person
from members.validators import nip_with_check_digit
from tests.factories import OrganisationFactory, PersonFactory, SectorFactory, UserFactory

pytestmark = pytest.mark.django_db

JOIN = "/pl/join/"
VALID_NIP = nip_with_check_digit("526104829")
INVALID_NIP = VALID_NIP[:9] + str((int(VALID_NIP[9]) + 1) % 10)


def application(**changes):
    data = {
        "name": "Nowa Technologia Sp. z o.o.",
        "short_name": "NowaTech",
        "kind": "small",
        "nip": f"{VALID_NIP[:3]}-{VALID_NIP[3:6]}-{VALID_NIP[6:8]}-{VALID_NIP[8:]}",
        "regon": "",
        "krs": "",
        "street": "ul. Długa 1",
        "postal_code": "80-001",
        "city": "Gdańsk",
        "voivodeship": "pomorskie",
        "website": "https://nowatech.example",
        "email": "biuro@nowatech.example",
        "phone": "+48 58 000 00 00",
        "employee_range": "10-49",
        "description": "Budujemy systemy wbudowane.",
        "contact-first_name": "Anna",
        "contact-last_name": "Nowak",
        "contact-position": "Prezes zarządu",
        "contact-email": "anna.nowak@nowatech.example",
        "contact-phone": "+48 600 000 000",
        "motivation": "Chcemy współpracować z uczelniami.",
        "declaration": "on",
        "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.parametrize("persona", [None, "outsider", "representative", "coordinator"])
def test_anyone_may_open_the_join_form(request, client_for, persona):
    user = request.getfixturevalue(persona) if persona else None

    response = client_for(user).get(JOIN)

    assert response.status_code == 200
    assert 'name="declaration"' in response.content.decode()


def test_the_form_has_a_label_for_every_input(client):
    content = client.get(JOIN).content.decode()

    for field_id in (
        "id_name",
        "id_nip",
        "id_postal_code",
        "id_description",
        "id_contact-first_name",
        "id_contact-email",
        "id_motivation",
        "id_declaration",
        "id_consent",
        "id_homepage",
    ):
        assert f'for="{field_id}"' in content


def test_a_logged_in_visitor_finds_their_name_and_e_mail_filled_in(client_for, outsider):
    response = client_for(outsider).get(JOIN)

    assert response.context["contact_form"].initial["email"] == "outsider@example.com"


def test_a_valid_application_stores_an_applicant_with_its_representative(
    client, coordinator, django_capture_on_commit_callbacks
):
    sector = SectorFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/join/", application(sectors=[sector.pk]))

    assert response.status_code == 302
    assert response["Location"] == "/en/join/submitted/"
    organisation = Organisation.objects.get()
    assert organisation.status == Organisation.Status.APPLICANT
    assert organisation.nip == VALID_NIP
    assert organisation.description_en == "Budujemy systemy wbudowane."
    assert not organisation.description_pl
    assert list(organisation.sectors.all()) == [sector]
    contact = Person.objects.get()
    assert organisation.primary_representative == contact
    assert contact.role == Person.Role.REPRESENTATIVE
    assert (contact.full_name, contact.email, contact.language) == (
        "Anna Nowak",
        "anna.nowak@nowatech.example",
        "en",
    )
    submitted = MembershipApplication.objects.get(organisation=organisation)
    assert submitted.language == "en"
    assert submitted.ip_address == "127.0.0.1"
    assert submitted.motivation == "Chcemy współpracować z uczelniami."
    assert "partnership agreement" in submitted.declaration_text
    assert "personal data" in submitted.consent_text
    # The applicant is told the application arrived; the coordinator is asked to review it.
    assert [message.to for message in mail.outbox] == [
        ["anna.nowak@nowatech.example"],
        [coordinator.email],
    ]
    assert "Nowa Technologia Sp. z o.o." in mail.outbox[1].subject


def test_the_applicant_gets_an_acknowledgement_in_their_language_with_what_happens_next(
    client, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/de/join/", application())

    acknowledgement = OutboundEmail.objects.get(template="membership_application_acknowledged")
    assert acknowledgement.to == "anna.nowak@nowatech.example"
    assert acknowledgement.language == "de"
    assert "Nowa Technologia Sp. z o.o." in acknowledgement.subject
    assert "Anna Nowak" in acknowledgement.body_text
    # German, not the English source text: the subject and the next steps are translated.
    assert "We have received" not in acknowledgement.subject
    assert "What happens next" not in acknowledgement.body_text
    assert acknowledgement.body_html.count("<li>") == 3


def test_the_declaration_is_stored_in_the_visitor_s_language(client):
    client.post("/de/join/", application())

    submitted = MembershipApplication.objects.get()
    assert submitted.language == "de"
    assert submitted.declaration_text == (
        client.get("/de/join/").context["declaration_form"].declaration_text()
    )


def test_the_thank_you_page_says_what_happens_next(client):
    response = client.get("/en/join/submitted/")

    assert response.status_code == 200
    assert "Thank you for your application" in response.content.decode()


def test_it_rejects_an_invalid_nip_and_keeps_what_was_typed(client):
    response = client.post(JOIN, application(nip=INVALID_NIP))

    assert response.status_code == 200
    assert response.context["organisation_form"].errors["nip"] == [
        "To nie jest prawidłowy NIP: cyfra kontrolna się nie zgadza."
    ]
    assert Organisation.objects.count() == 0
    content = response.content.decode()
    assert 'value="Nowa Technologia Sp. z o.o."' in content
    assert 'value="anna.nowak@nowatech.example"' in content
    assert "Chcemy współpracować z uczelniami." in content
    assert 'aria-invalid="true"' in content


def test_it_rejects_a_duplicate_nip(client):
    OrganisationFactory(nip=VALID_NIP)

    response = client.post(JOIN, application())

    assert response.context["organisation_form"].errors["nip"] == [
        "Organizacja o tym numerze NIP jest już zarejestrowana."
    ]
    assert Organisation.objects.count() == 1
    assert Person.objects.count() == 0


def test_it_rejects_an_invalid_regon_and_postal_code(client):
    response = client.post(JOIN, application(regon="123456780", postal_code="80001"))

    errors = response.context["organisation_form"].errors
    assert errors["regon"] == ["To nie jest prawidłowy REGON: cyfra kontrolna się nie zgadza."]
    assert errors["postal_code"] == ["Wpisz kod pocztowy w formacie 00-000."]
    assert Organisation.objects.count() == 0


@pytest.mark.parametrize("missing", ["declaration", "consent"])
def test_it_needs_the_declaration_and_the_consent(client, missing):
    response = client.post(JOIN, application(**{missing: None}))

    assert missing in response.context["declaration_form"].errors
    assert Organisation.objects.count() == 0
    assert MembershipApplication.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "form"),
    [
        ("name", "organisation_form"),
        ("kind", "organisation_form"),
        ("city", "organisation_form"),
        ("street", "organisation_form"),
        ("contact-email", "contact_form"),
        ("contact-last_name", "contact_form"),
    ],
)
def test_it_reports_a_missing_required_field_in_polish(client, field, form):
    response = client.post(JOIN, application(**{field: ""}))

    assert response.context[form].errors[field.removeprefix("contact-")] == [
        "To pole jest wymagane."
    ]
    assert Organisation.objects.count() == 0


def test_a_filled_in_trap_field_saves_nothing_but_looks_like_success(client, coordinator):
    response = client.post(JOIN, application(homepage="http://spam.example"))

    assert response.status_code == 302
    assert Organisation.objects.count() == 0
    assert mail.outbox == []


def test_the_trap_field_is_hidden_from_people(client):
    content = client.get(JOIN).content.decode()

    assert '<div class="hp-field" aria-hidden="true">' in content
    assert 'tabindex="-1"' in content


def test_a_get_never_stores_anything(client):
    client.get(JOIN, application())

    assert Organisation.objects.count() == 0


# --- E-mails ------------------------------------------------------------------------------------


LANGUAGES = ["pl", "en", "de", "fr", "ru"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_application_e_mail_links_coordinators_to_the_panel(settings, language):
    settings.SITE_URL = "https://portal.example"
    organisation = OrganisationFactory(name="Zgłoszona & Synowie")
    contact = PersonFactory(organisation=organisation, first_name="Ewa", last_name="Kowalska")

    subject, text, html = render_email(
        template="membership_application_received",
        context={"organisation": organisation, "contact": contact},
        language=language,
    )

    assert "Zgłoszona & Synowie" in subject
    assert "Zgłoszona & Synowie" in text
    assert "Zgłoszona &amp; Synowie" in html
    assert "Ewa Kowalska" in text
    assert f"https://portal.example/{language}/panel/" in text
    assert f'href="https://portal.example/{language}/panel/' in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_rejection_e_mail_gives_the_reason(language):
    organisation = OrganisationFactory(name="Odrzucona")
    person = PersonFactory(organisation=organisation, first_name="Jan", last_name="Nowak")

    subject, text, html = render_email(
        template="membership_rejected",
        context={"organisation": organisation, "person": person, "reason": "Brak <profilu>."},
        language=language,
    )

    assert "Odrzucona" in subject
    assert "Brak <profilu>." in text
    assert "Brak &lt;profilu&gt;." in html
    assert "Jan Nowak" in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_status_e_mail_names_the_new_status(language):
    organisation = OrganisationFactory(name="Zawieszona", status=Organisation.Status.SUSPENDED)

    subject, text, html = render_email(
        template="membership_status_changed",
        context={"organisation": organisation, "status": "suspended", "reason": "Zaległe składki"},
        language=language,
    )

    assert "Zawieszona" in subject
    assert "Zaległe składki" in text
    assert "Zaległe składki" in html


@override_settings(CLUSTER_NAME="Klaster Testowy")
def test_the_declaration_names_the_cluster(client):
    content = client.get("/en/join/").content.decode()

    assert "partnership agreement of Klaster Testowy" in content


def test_the_application_is_e_mailed_to_active_coordinators_only(
    client, django_capture_on_commit_callbacks
):
    UserFactory(email="active@example.com", is_coordinator=True)
    UserFactory(email="gone@example.com", is_coordinator=True, is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(JOIN, application())

    assert [
        message.to for message in mail.outbox if message.to != ["anna.nowak@nowatech.example"]
    ] == [["active@example.com"]]


def test_it_reports_every_problem_at_once(client):
    response = client.post(
        JOIN, application(nip=INVALID_NIP, consent=None, **{"contact-email": ""})
    )

    assert "nip" in response.context["organisation_form"].errors
    assert "email" in response.context["contact_form"].errors
    assert "consent" in response.context["declaration_form"].errors


# --- Mail limits (issue 12) ---------------------------------------------------------------------


def _another_application(number, **changes):
    nip = nip_with_check_digit(f"5261048{number:02d}")
    return application(nip=nip, name=f"Firma {number} Sp. z o.o.", **changes)


def test_applications_for_one_contact_address_are_refused_past_the_limit(
    client, coordinator, settings
):
    settings.MAIL_TO_ADDRESS_RATE_LIMIT = "3/h"
    answers = [client.post("/en/join/", _another_application(number)) for number in range(5)]

    assert [response.status_code for response in answers] == [302] * 3 + [429] * 2
    assert "Too many e-mails have been requested" in answers[-1].content.decode()
    assert "Please correct the fields" not in answers[-1].content.decode()
    assert Organisation.objects.count() == 3
    assert OutboundEmail.objects.filter(to=coordinator.email).count() == 3


def test_a_client_sending_too_many_applications_is_refused_and_nothing_is_saved(
    client, coordinator, settings
):
    settings.MAIL_FROM_CLIENT_RATE_LIMIT = "2/h"
    for number in range(2):
        contact = {"contact-email": f"contact-{number}@example.org"}
        assert client.post("/en/join/", _another_application(number, **contact)).status_code == 302

    response = client.post(
        "/en/join/", _another_application(9, **{"contact-email": "third@example.org"})
    )

    assert response.status_code == 429
    assert Organisation.objects.count() == 2
    assert not Person.objects.filter(email="third@example.org").exists()
    assert OutboundEmail.objects.filter(to=coordinator.email).count() == 2

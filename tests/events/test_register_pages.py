"""Registering through the pages: oneself, colleagues, guests; cancelling; "My registrations"."""

import re

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client

from events.models import Event, Registration

from .factories import EventFactory, QuestionFactory

pytestmark = pytest.mark.django_db

Status = Registration.Status


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- Oneself ------------------------------------------------------------------------------------


def test_registering_oneself_asks_to_log_in_first(client, members_event):
    response = client.post(f"/en/events/{members_event.slug}/register/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert Registration.objects.count() == 0


def test_an_employee_registers_with_answers_and_gets_the_confirmation(
    client_for, employee, members_event, django_capture_on_commit_callbacks
):
    question = QuestionFactory(event=members_event, required=True)
    client = client_for(employee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/events/{members_event.slug}/register/",
            {f"question_{question.pk}": "bez glutenu"},
        )
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.person == employee.person
    assert registration.answers == {str(question.pk): "bez glutenu"}
    assert _messages(response)[0].startswith("You are registered for")
    assert mail.outbox[0].to == [employee.email]
    page = client.get(f"/en/events/{members_event.slug}/").content.decode()
    assert "See or cancel your registration" in page


def test_a_required_answer_missing_stores_nothing(client_for, employee, members_event):
    QuestionFactory(event=members_event, required=True)
    response = client_for(employee).post(f"/en/events/{members_event.slug}/register/", {})
    assert response.status_code == 400
    assert response.context["form"].errors
    assert Registration.objects.count() == 0


def test_registering_twice_through_the_page_shows_a_clear_message(
    client_for, employee, members_event
):
    client = client_for(employee)
    client.post(f"/en/events/{members_event.slug}/register/")
    response = client.post(f"/en/events/{members_event.slug}/register/")
    assert _messages(response)[-1] == (
        f"{employee.person.full_name} is already registered for this event."
    )
    assert Registration.objects.count() == 1


def test_an_outsider_is_told_to_register_as_a_guest_for_a_public_event(
    client_for, outsider, public_event
):
    response = client_for(outsider).post(f"/en/events/{public_event.slug}/register/")
    assert response.status_code == 302
    assert "register as a guest" in _messages(response)[0]
    assert Registration.objects.count() == 0


def test_an_outsider_cannot_reach_a_members_event(client_for, outsider, members_event):
    response = client_for(outsider).post(f"/en/events/{members_event.slug}/register/")
    assert response.status_code == 404
    assert Registration.objects.count() == 0


def test_a_closed_registration_shows_why_and_no_form(client_for, employee):
    from datetime import timedelta

    from django.utils import timezone

    event = EventFactory(registration_closes_at=timezone.now() - timedelta(minutes=1))
    page = client_for(employee).get(f"/en/events/{event.slug}/")
    assert page.context["can_register_self"] is False
    assert "Registration for this event is closed." in page.content.decode()
    response = client_for(employee).post(f"/en/events/{event.slug}/register/")
    assert _messages(response) == ["Registration for this event is closed."]
    assert Registration.objects.count() == 0


def test_the_page_of_a_full_event_without_waiting_list_says_so(
    client_for, employee, colleagues, register
):
    event = EventFactory(capacity=1, waitlist_enabled=False)
    register(event, colleagues[0])
    page = client_for(employee).get(f"/en/events/{event.slug}/").content.decode()
    assert "The event is full and has no waiting list." in page


# --- Colleagues ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("outsider", 403), ("employee", 403), ("council_member", 403), ("coordinator", 403)],
)
def test_only_representatives_register_colleagues(
    request, client_for, members_event, persona, status
):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"/en/events/{members_event.slug}/register-colleague/").status_code == status


def test_anonymous_visitors_are_sent_to_log_in_to_register_colleagues(client, members_event):
    response = client.get(f"/en/events/{members_event.slug}/register-colleague/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_representative_registers_colleagues_and_the_third_waits(
    client_for, representative, colleagues, members_event, other_organisation
):
    client = client_for(representative)
    page = client.get(f"/en/events/{members_event.slug}/register-colleague/")
    offered = set(page.context["form"].fields["person"].queryset)
    assert set(colleagues) <= offered
    assert other_organisation.primary_representative not in offered

    for person in colleagues:
        client.post(f"/en/events/{members_event.slug}/register-colleague/", {"person": person.pk})
    statuses = dict(Registration.objects.values_list("person", "status"))
    assert [statuses[person.pk] for person in colleagues] == [
        Status.CONFIRMED,
        Status.CONFIRMED,
        Status.WAITLISTED,
    ]
    assert set(Registration.objects.values_list("registered_by", flat=True)) == {representative.pk}
    page = client.get(f"/en/events/{members_event.slug}/register-colleague/")
    assert colleagues[0] not in page.context["form"].fields["person"].queryset


def test_a_representative_cannot_register_someone_from_another_organisation(
    client_for, representative, members_event, other_organisation
):
    stranger = other_organisation.primary_representative
    response = client_for(representative).post(
        f"/en/events/{members_event.slug}/register-colleague/", {"person": stranger.pk}
    )
    assert response.status_code == 200
    assert "person" in response.context["form"].errors
    assert Registration.objects.count() == 0


# --- Guests -------------------------------------------------------------------------------------


def _guest_link(message):
    return re.search(r"https?://\S+/confirm/\S+/", message.body).group(0)


def test_a_guest_registers_after_confirming_the_e_mailed_link(
    client, public_event, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "http://testserver"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/events/{public_event.slug}/guest/",
            {
                "first_name": "Ewa",
                "last_name": "Gość",
                "email": "Ewa@Example.org",
                "organisation_name": "Fundacja",
            },
        )
    assert "Your registration counts only after you open it" in _messages(response)[0]
    assert Registration.objects.count() == 0
    link = _guest_link(mail.outbox[0]).replace("http://testserver", "")

    confirm_page = client.get(link)
    assert confirm_page.status_code == 200
    assert Registration.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    registration = Registration.objects.get()
    assert response["Location"] == registration.get_absolute_url().replace("/pl/", "/en/")
    assert (registration.email, registration.organisation_name, registration.language) == (
        "ewa@example.org",
        "Fundacja",
        "en",
    )
    assert mail.outbox[-1].attachments[0][0].endswith(".ics")


def test_a_bad_guest_link_shows_a_clear_message_and_stores_nothing(client, public_event):
    response = client.get("/en/events/confirm/not-a-real-token/")
    assert response.status_code == 400
    assert "invalid or has expired" in response.content.decode()
    assert client.post("/en/events/confirm/not-a-real-token/").status_code == 400
    assert Registration.objects.count() == 0


def test_the_guest_form_is_only_for_public_events(client_for, employee, members_event):
    assert client_for(employee).get(f"/en/events/{members_event.slug}/guest/").status_code == 404


# --- Cancelling ---------------------------------------------------------------------------------


def test_the_e_mailed_link_cancels_and_promotes_the_first_waiting(
    client, colleagues, members_event, register, django_capture_on_commit_callbacks
):
    first = register(members_event, colleagues[0])
    register(members_event, colleagues[1])
    waiting = register(members_event, colleagues[2])
    assert client.get(first.get_absolute_url()).status_code == 200
    assert client.get(f"/en/events/registrations/{first.token}/cancel/").status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/events/registrations/{first.token}/cancel/")
    assert response.status_code == 302
    first.refresh_from_db()
    waiting.refresh_from_db()
    assert first.status == Status.CANCELLED
    assert waiting.status == Status.CONFIRMED
    assert mail.outbox[-1].to == [waiting.email]


def test_an_unknown_registration_token_is_not_found(client):
    assert client.get("/en/events/registrations/nope/").status_code == 404
    assert client.post("/en/events/registrations/nope/cancel/").status_code == 404


def test_my_registrations_needs_a_login(client):
    response = client.get("/en/events/my/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("persona", ["outsider", "council_member", "coordinator"])
def test_my_registrations_is_empty_for_someone_not_registered(request, client_for, persona):
    response = client_for(request.getfixturevalue(persona)).get("/en/events/my/")
    assert response.status_code == 200
    assert response.context["upcoming"] == [] and response.context["others"] == []


def test_my_registrations_lists_mine_and_my_colleagues_and_cancels(
    client_for, representative, colleagues, members_event, register, employee
):
    mine = register(members_event, representative.person)
    theirs = register(members_event, colleagues[0], actor=representative)
    register(members_event, employee.person)
    client = client_for(representative)
    response = client.get("/en/events/my/")
    assert {registration.pk for registration in response.context["upcoming"]} == {
        mine.pk,
        theirs.pk,
    }
    response = client.post(f"/en/events/registrations/{theirs.token}/cancel/", {"next": "my"})
    assert response["Location"] == "/en/events/my/"
    theirs.refresh_from_db()
    assert theirs.status == Status.CANCELLED


def test_a_cancelled_event_page_says_so(client_for, employee):
    event = EventFactory(status=Event.Status.CANCELLED, cancellation_reason="Brak sali.")
    page = client_for(employee).get(f"/en/events/{event.slug}/").content.decode()
    assert "This event is cancelled." in page and "Brak sali." in page


# --- Mail limits (issue 12) ---------------------------------------------------------------------


def _guest(client, event, email, **extra):
    return client.post(
        f"/en/events/{event.slug}/guest/",
        {"first_name": "Ewa", "last_name": "Gość", "email": email, **extra},
    )


def _mails_to(address):
    from core.models import OutboundEmail

    return OutboundEmail.objects.filter(to=address).count()


def test_the_guest_form_posted_15_times_mails_an_address_3_times_then_refuses(
    client, public_event, settings
):
    settings.MAIL_TO_ADDRESS_RATE_LIMIT = "3/h"

    responses = [_guest(client, public_event, "victim@example.org") for _attempt in range(15)]

    assert _mails_to("victim@example.org") == 3
    assert [response.status_code for response in responses] == [302] * 3 + [429] * 12
    assert "Too many e-mails have been requested" in responses[-1].content.decode()
    assert Registration.objects.count() == 0


def test_the_guest_form_refuses_a_client_that_mails_too_many_addresses(
    client, public_event, settings
):
    settings.MAIL_FROM_CLIENT_RATE_LIMIT = "20/h"

    for number in range(20):
        assert _guest(client, public_event, f"guest-{number}@example.org").status_code == 302
    response = _guest(client, public_event, "one-more@example.org")

    assert response.status_code == 429
    assert _mails_to("one-more@example.org") == 0
    # Another client is not held back by this one.
    other = _guest(Client(REMOTE_ADDR="198.51.100.1"), public_event, "one-more@example.org")
    assert other.status_code == 302
    assert _mails_to("one-more@example.org") == 1


def test_a_guest_request_the_event_refuses_does_not_count_against_the_address(
    client, public_event, settings
):
    from events import services

    settings.MAIL_TO_ADDRESS_RATE_LIMIT = "3/h"
    other_event = EventFactory(audience="public", slug="other", title_en="Other seminar")
    guest = {"first_name": "Ewa", "last_name": "Gość", "email": "ewa@example.org"}
    services.registration_create(event=other_event, actor=None, guest=guest, language="en")
    for _attempt in range(5):
        refused = _guest(client, other_event, "ewa@example.org")
        assert "already registered" in _messages(refused)[0]

    answers = [_guest(client, public_event, "ewa@example.org") for _attempt in range(4)]

    assert [response.status_code for response in answers] == [302, 302, 302, 429]

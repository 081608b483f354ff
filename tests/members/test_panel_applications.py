"""Reviewing applications: the list, approval with an invitation, rejection with a reason."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation
from members.models import MembershipApplication, Organisation
from tests.factories import OrganisationFactory, active_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


@pytest.fixture
def application(applicant):
    return MembershipApplication.objects.create(
        organisation=applicant,
        motivation="Chcemy współpracować przy robotyce.",
        declaration_text="Deklaruję przystąpienie.",
        consent_text="Zgadzam się na przetwarzanie danych.",
        ip_address="203.0.113.7",
        language="pl",
    )


def test_the_list_shows_applicants_with_their_application(coordinator_client, application):
    active_member(name="Już członek")
    response = coordinator_client.get(reverse("panel:application_list"))
    html = response.content.decode()
    assert [organisation.pk for organisation in response.context["applicants"]] == [
        application.organisation.pk
    ]
    assert "Chcemy współpracować przy robotyce." in html
    assert "203.0.113.7" in html
    assert "Już członek" not in html


def test_approval_activates_the_membership_and_invites_the_representative(
    coordinator_client, coordinator, application, django_capture_on_commit_callbacks
):
    organisation = application.organisation
    representative = organisation.primary_representative
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(reverse("panel:member_approve", args=[organisation.pk]))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.ACTIVE
    application.refresh_from_db()
    assert application.decided_by == coordinator
    assert Invitation.objects.filter(user__email=representative.email).exists()
    assert [message.to for message in mail.outbox] == [[representative.email]]


def test_the_approval_page_asks_before_approving(coordinator_client, application):
    organisation = application.organisation
    response = coordinator_client.get(reverse("panel:member_approve", args=[organisation.pk]))
    assert response.status_code == 200
    assert organisation.primary_representative.email in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.APPLICANT


def test_an_applicant_without_a_contact_cannot_be_approved(coordinator_client):
    organisation = OrganisationFactory()
    response = coordinator_client.post(reverse("panel:member_approve", args=[organisation.pk]))
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.APPLICANT


def test_a_member_cannot_be_approved_again(coordinator_client):
    organisation = active_member()
    response = coordinator_client.post(reverse("panel:member_approve", args=[organisation.pk]))
    assert response.url == reverse("panel:member_detail", args=[organisation.pk])
    assert mail.outbox == []


def test_rejection_e_mails_the_reason(
    coordinator_client, application, django_capture_on_commit_callbacks
):
    organisation = application.organisation
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            reverse("panel:member_reject", args=[organisation.pk]),
            {"reason": "Profil działalności nie pasuje do klastra."},
        )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.REJECTED
    application.refresh_from_db()
    assert application.rejection_reason == "Profil działalności nie pasuje do klastra."
    assert [message.to for message in mail.outbox] == [[organisation.primary_representative.email]]
    assert "Profil działalności nie pasuje do klastra." in mail.outbox[0].body


def test_rejection_needs_a_reason(coordinator_client, application):
    organisation = application.organisation
    response = coordinator_client.post(
        reverse("panel:member_reject", args=[organisation.pk]), {"reason": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.APPLICANT


def test_the_navigation_counts_a_new_application_at_once(coordinator_client, applicant, settings):
    settings.PAGE_CACHE_QUIET_SECONDS = 0  # the navigation is kept between requests at once
    before = coordinator_client.get(reverse("panel:member_list")).content.decode()
    OrganisationFactory(name="Drugi kandydat", slug="drugi-kandydat")
    after = coordinator_client.get(reverse("panel:member_list")).content.decode()

    assert 'class="count-badge">1<' in before
    assert 'class="count-badge">2<' in after

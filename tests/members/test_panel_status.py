"""Changing a membership's status with a reason."""

import pytest
from django.core import mail
from django.urls import reverse

from core.models import AuditEntry
from members import selectors
from members.models import MembershipChange, Organisation
from tests.factories import OrganisationFactory, active_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


def test_suspending_records_the_change_and_hides_the_member_from_the_directory(
    coordinator_client, coordinator
):
    organisation = active_member(name="Zawieszana")
    assert organisation in selectors.directory_organisations()
    response = coordinator_client.post(
        reverse("panel:member_status", args=[organisation.pk]),
        {"status": "suspended", "reason": "Zaległe składki"},
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.SUSPENDED
    change = MembershipChange.objects.get(organisation=organisation)
    assert (change.from_status, change.to_status) == ("active", "suspended")
    assert (change.reason, change.actor) == ("Zaległe składki", coordinator)
    entry = AuditEntry.objects.get(action="organisation.status_changed")
    assert entry.changes["status"] == ["active", "suspended"]
    assert organisation not in selectors.directory_organisations()


def test_it_offers_only_the_allowed_transitions(coordinator_client):
    organisation = active_member()
    response = coordinator_client.get(reverse("panel:member_status", args=[organisation.pk]))
    offered = [value for value, _label in response.context["form"].fields["status"].choices]
    assert offered == ["suspended", "withdrawn", "expelled"]


def test_an_invalid_transition_shows_an_error_and_changes_nothing(coordinator_client):
    organisation = active_member()
    response = coordinator_client.post(
        reverse("panel:member_status", args=[organisation.pk]),
        {"status": "rejected", "reason": "Nie"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["status"]
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.ACTIVE
    assert not MembershipChange.objects.exists()


def test_a_suspension_without_a_reason_is_refused(coordinator_client):
    organisation = active_member()
    response = coordinator_client.post(
        reverse("panel:member_status", args=[organisation.pk]), {"status": "suspended"}
    )
    assert response.context["form"].errors["reason"]
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.ACTIVE


def test_notify_e_mails_the_primary_representative(
    coordinator_client, django_capture_on_commit_callbacks
):
    organisation = active_member()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            reverse("panel:member_status", args=[organisation.pk]),
            {"status": "suspended", "reason": "Zaległe składki", "notify": "on"},
        )
    assert [message.to for message in mail.outbox] == [[organisation.primary_representative.email]]
    assert "Zaległe składki" in mail.outbox[0].body


def test_without_notify_nobody_is_e_mailed(coordinator_client, django_capture_on_commit_callbacks):
    organisation = active_member()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            reverse("panel:member_status", args=[organisation.pk]),
            {"status": "suspended", "reason": "Zaległe składki"},
        )
    assert mail.outbox == []


def test_an_expelled_member_has_no_further_status(coordinator_client):
    organisation = active_member()
    Organisation.objects.filter(pk=organisation.pk).update(status=Organisation.Status.EXPELLED)
    response = coordinator_client.get(reverse("panel:member_status", args=[organisation.pk]))
    assert response.context["allowed_statuses"] == []


def test_an_applicant_is_sent_to_approve_or_reject(coordinator_client):
    organisation = OrganisationFactory()
    response = coordinator_client.get(reverse("panel:member_status", args=[organisation.pk]))
    html = response.content.decode()
    assert reverse("panel:member_approve", args=[organisation.pk]) in html
    response = coordinator_client.post(
        reverse("panel:member_status", args=[organisation.pk]), {"status": "active"}
    )
    organisation.refresh_from_db()
    assert organisation.status == Organisation.Status.APPLICANT

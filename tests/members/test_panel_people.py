"""The people of an organisation in the panel: add, edit, remove, invite, make primary."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Invitation
from core.models import AuditEntry
from members.models import Person
from tests.factories import PersonFactory, UserFactory, active_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


@pytest.fixture
def organisation(db):
    return active_member(name="Z ludźmi")


def _person_data(**changes):
    data = {
        "first_name": "Ewa",
        "last_name": "Wiśniewska",
        "position": "Dyrektor",
        "email": "ewa@example.com",
        "role": "employee",
        "language": "pl",
    }
    data.update(changes)
    return data


def test_it_adds_a_person_to_an_organisation(coordinator_client, organisation):
    response = coordinator_client.post(
        reverse("panel:person_create", args=[organisation.pk]), _person_data()
    )
    assert response.status_code == 302
    person = Person.objects.get(email="ewa@example.com")
    assert person.organisation == organisation
    assert AuditEntry.objects.filter(action="person.created", parent_id=str(organisation.pk))


def test_a_duplicate_e_mail_in_the_organisation_is_refused(coordinator_client, organisation):
    PersonFactory(organisation=organisation, email="ewa@example.com")
    response = coordinator_client.post(
        reverse("panel:person_create", args=[organisation.pk]), _person_data()
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Person.objects.filter(email="ewa@example.com").count() == 1


def test_it_edits_a_person(coordinator_client, organisation):
    person = PersonFactory(organisation=organisation)
    response = coordinator_client.post(
        reverse("panel:person_edit", args=[person.pk]), _person_data(position="Prezes")
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.position == "Prezes"
    assert AuditEntry.objects.filter(action="person.updated").exists()


def test_the_primary_representative_stays_a_representative(coordinator_client, organisation):
    representative = organisation.primary_representative
    coordinator_client.post(
        reverse("panel:person_edit", args=[representative.pk]),
        _person_data(email=representative.email, role="employee"),
    )
    representative.refresh_from_db()
    assert representative.role == Person.Role.REPRESENTATIVE


def test_removal_asks_first_then_removes(coordinator_client, organisation):
    person = PersonFactory(organisation=organisation)
    url = reverse("panel:person_delete", args=[person.pk])
    assert coordinator_client.get(url).status_code == 200
    assert Person.objects.filter(pk=person.pk).exists()
    response = coordinator_client.post(url)
    assert response.url == reverse("panel:member_detail", args=[organisation.pk])
    assert not Person.objects.filter(pk=person.pk).exists()
    assert AuditEntry.objects.filter(action="person.deleted").exists()


def test_the_primary_representative_cannot_be_removed(coordinator_client, organisation):
    representative = organisation.primary_representative
    response = coordinator_client.post(
        reverse("panel:person_delete", args=[representative.pk]), follow=True
    )
    assert Person.objects.filter(pk=representative.pk).exists()
    assert list(response.context["messages"])


def test_inviting_a_person_e_mails_an_invitation(
    coordinator_client, organisation, django_capture_on_commit_callbacks
):
    person = PersonFactory(organisation=organisation, email="nowy@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(reverse("panel:person_invite", args=[person.pk]))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user is not None
    assert Invitation.objects.filter(user=person.user, status="pending").exists()
    assert [message.to for message in mail.outbox] == [["nowy@example.com"]]


def test_a_person_with_an_account_is_linked_instead_of_invited(coordinator_client, organisation):
    account = UserFactory(email="ma.konto@example.com")
    person = PersonFactory(organisation=organisation, email="ma.konto@example.com")
    coordinator_client.post(reverse("panel:person_invite", args=[person.pk]))
    person.refresh_from_db()
    assert person.user == account
    assert not Invitation.objects.exists()


def test_an_account_of_another_person_is_not_taken_over(coordinator_client, organisation):
    account = UserFactory(email="zajete@example.com")
    owner = PersonFactory(email="zajete@example.com", user=account)
    person = PersonFactory(organisation=organisation, email="zajete@example.com")
    response = coordinator_client.post(
        reverse("panel:person_invite", args=[person.pk]), follow=True
    )
    owner.refresh_from_db()
    person.refresh_from_db()
    assert (owner.user, person.user) == (account, None)
    assert list(response.context["messages"])


def test_making_a_person_primary_representative(coordinator_client, organisation):
    person = PersonFactory(organisation=organisation, role=Person.Role.EMPLOYEE)
    response = coordinator_client.post(reverse("panel:person_make_primary", args=[person.pk]))
    assert response.status_code == 302
    organisation.refresh_from_db()
    person.refresh_from_db()
    assert organisation.primary_representative == person
    assert person.role == Person.Role.REPRESENTATIVE

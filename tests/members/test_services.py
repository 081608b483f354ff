"""The registry's services: every write validated, audited and, where it says so, e-mailed."""

import datetime
from itertools import product

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Invitation
from core.audit import audit_trail_for
from core.models import AuditEntry, OutboundEmail
from members import services
from members.models import MembershipApplication, MembershipChange, Organisation, Person
from members.validators import nip_with_check_digit
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    SectorFactory,
    UserFactory,
    active_member,
)

pytestmark = pytest.mark.django_db

Status = Organisation.Status
TODAY = timezone.localdate()
JOINED = datetime.date(2015, 6, 17)
LEFT = datetime.date(2023, 3, 31)
ALLOWED = [
    (before, after) for before, targets in services.STATUS_TRANSITIONS.items() for after in targets
]
REFUSED = [pair for pair in product(Status, Status) if pair not in ALLOWED]


def _organisation_data(**fields):
    return {
        "name": "Bałtycka Energetyka S.A.",
        "short_name": "Bałtycka Energetyka",
        "kind": Organisation.Kind.LARGE,
        "nip": "851-314-17-44",
        "regon": "192 132 340",
        "krs": "0000-123-456",
        "city": "Gdańsk",
        "voivodeship": "pomorskie",
        **fields,
    }


def _organisation_in(status):
    """An organisation with a primary representative, in `status` with dates that fit it."""
    joined_on, left_on = {
        Status.APPLICANT: (None, None),
        Status.REJECTED: (None, None),
        Status.ACTIVE: (JOINED, None),
        Status.SUSPENDED: (JOINED, None),
        Status.WITHDRAWN: (JOINED, LEFT),
        Status.EXPELLED: (JOINED, LEFT),
    }[status]
    organisation = active_member()
    Organisation.objects.filter(pk=organisation.pk).update(
        status=status, joined_on=joined_on, left_on=left_on
    )
    organisation.refresh_from_db()
    return organisation


def _actions(target):
    return [entry.action for entry in audit_trail_for(target)]


# --- organisation_create ------------------------------------------------------------------------


def test_create_stores_identifiers_as_plain_digits(coordinator):
    organisation = services.organisation_create(actor=coordinator, data=_organisation_data())

    organisation.refresh_from_db()
    assert (organisation.nip, organisation.regon, organisation.krs) == (
        "8513141744",
        "192132340",
        "0000123456",
    )


def test_create_makes_an_applicant_with_a_slug_a_history_and_an_audit_entry(coordinator):
    sector = SectorFactory(name="Energetyka", name_pl="Energetyka")

    organisation = services.organisation_create(
        actor=coordinator, data=_organisation_data(), sectors=[sector]
    )

    assert organisation.status == Status.APPLICANT
    assert organisation.applied_on == TODAY
    assert organisation.slug == "baltycka-energetyka"
    assert list(organisation.sectors.all()) == [sector]
    change = organisation.membership_changes.get()
    assert (change.from_status, change.to_status, change.actor) == (
        "",
        Status.APPLICANT,
        coordinator,
    )
    entry = audit_trail_for(organisation).get()
    assert (entry.action, entry.actor) == ("organisation.created", coordinator)
    assert entry.changes["nip"] == "8513141744"
    assert entry.changes["sectors"] == ["Energetyka"]


def test_create_gives_a_second_organisation_of_the_same_name_its_own_slug(coordinator):
    services.organisation_create(actor=coordinator, data=_organisation_data())
    second = services.organisation_create(
        actor=coordinator, data=_organisation_data(nip=nip_with_check_digit("583000100"), regon="")
    )

    assert second.slug == "baltycka-energetyka-2"


def test_create_rejects_a_duplicate_nip_on_the_nip_field(coordinator):
    OrganisationFactory(nip="8513141744")

    with pytest.raises(ValidationError) as error:
        services.organisation_create(
            actor=coordinator, data=_organisation_data(nip="851 314 17 44")
        )

    assert "nip" in error.value.message_dict
    assert Organisation.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_create_rejects_an_invalid_nip_on_the_nip_field(coordinator):
    with pytest.raises(ValidationError) as error:
        services.organisation_create(actor=coordinator, data=_organisation_data(nip="8513141745"))

    assert "nip" in error.value.message_dict
    assert not Organisation.objects.exists()


# --- organisation_update ------------------------------------------------------------------------


def test_update_records_only_the_fields_that_changed(coordinator):
    organisation = OrganisationFactory(
        city="Gdańsk", phone="+48 58 000 00 00", street="ul. Długa 1"
    )

    services.organisation_update(
        organisation=organisation,
        actor=coordinator,
        data={"city": "Gdynia", "phone": "+48 58 111 11 11", "street": "ul. Długa 1"},
    )

    entry = AuditEntry.objects.get(action="organisation.updated")
    assert entry.changes == {
        "city": ["Gdańsk", "Gdynia"],
        "phone": ["+48 58 000 00 00", "+48 58 111 11 11"],
    }
    organisation.refresh_from_db()
    assert organisation.city == "Gdynia"


def test_update_without_changes_leaves_no_audit_entry(coordinator):
    organisation = OrganisationFactory(city="Gdańsk")

    services.organisation_update(
        organisation=organisation, actor=coordinator, data={"city": "Gdańsk"}
    )

    assert not AuditEntry.objects.exists()


def test_update_records_a_change_of_sectors(coordinator):
    old, new = (
        SectorFactory(name="Metal", name_pl="Metal"),
        SectorFactory(name="ICT", name_pl="ICT"),
    )
    organisation = OrganisationFactory()
    organisation.sectors.set([old])

    services.organisation_update(
        organisation=organisation, actor=coordinator, data={}, sectors=[new]
    )

    entry = AuditEntry.objects.get(action="organisation.updated")
    assert entry.changes == {"sectors": [["Metal"], ["ICT"]]}


def test_update_rejects_the_nip_of_another_organisation(coordinator):
    OrganisationFactory(nip="8513141744")
    organisation = OrganisationFactory()

    with pytest.raises(ValidationError) as error:
        services.organisation_update(
            organisation=organisation, actor=coordinator, data={"nip": "851-314-17-44"}
        )

    assert "nip" in error.value.message_dict


# --- organisation_change_status -----------------------------------------------------------------


@pytest.mark.parametrize(("before", "after"), ALLOWED)
def test_an_allowed_status_change_is_made_and_kept_with_who_when_and_why(
    coordinator, before, after
):
    organisation = _organisation_in(before)

    changed = services.organisation_change_status(
        organisation=organisation, actor=coordinator, status=after, reason="Uchwała Rady nr 7/2026"
    )

    assert changed.status == after
    change = MembershipChange.objects.get(organisation=organisation)
    assert (change.from_status, change.to_status, change.reason, change.actor) == (
        before,
        after,
        "Uchwała Rady nr 7/2026",
        coordinator,
    )
    entry = AuditEntry.objects.get(action="organisation.status_changed")
    assert entry.changes == {"status": [before, after], "reason": "Uchwała Rady nr 7/2026"}


@pytest.mark.parametrize(("before", "after"), REFUSED)
def test_a_status_change_that_is_not_allowed_is_refused(coordinator, before, after):
    organisation = _organisation_in(before)

    with pytest.raises(ValidationError) as error:
        services.organisation_change_status(
            organisation=organisation, actor=coordinator, status=after, reason="Powód"
        )

    assert error.value.code == "invalid_transition"
    organisation.refresh_from_db()
    assert organisation.status == before
    assert not MembershipChange.objects.exists()


def test_admission_sets_the_joining_date():
    organisation = _organisation_in(Status.APPLICANT)

    services.organisation_change_status(
        organisation=organisation, actor=None, status=Status.ACTIVE, reason=""
    )

    organisation.refresh_from_db()
    assert (organisation.joined_on, organisation.left_on) == (TODAY, None)


def test_reinstating_a_suspended_member_keeps_its_joining_date():
    organisation = _organisation_in(Status.SUSPENDED)

    services.organisation_change_status(
        organisation=organisation, actor=None, status=Status.ACTIVE, reason=""
    )

    organisation.refresh_from_db()
    assert (organisation.joined_on, organisation.left_on) == (JOINED, None)


def test_suspension_keeps_the_dates():
    organisation = _organisation_in(Status.ACTIVE)

    services.organisation_change_status(
        organisation=organisation, actor=None, status=Status.SUSPENDED, reason="Zaległe składki"
    )

    organisation.refresh_from_db()
    assert (organisation.joined_on, organisation.left_on) == (JOINED, None)


@pytest.mark.parametrize("leaving", [Status.WITHDRAWN, Status.EXPELLED])
@pytest.mark.parametrize("before", [Status.ACTIVE, Status.SUSPENDED])
def test_leaving_sets_the_leaving_date(before, leaving):
    organisation = _organisation_in(before)

    services.organisation_change_status(
        organisation=organisation, actor=None, status=leaving, reason="Wypowiedzenie umowy"
    )

    organisation.refresh_from_db()
    assert (organisation.joined_on, organisation.left_on) == (JOINED, TODAY)


@pytest.mark.parametrize("before", [Status.WITHDRAWN, Status.REJECTED])
def test_applying_again_starts_a_new_application(before):
    organisation = _organisation_in(before)

    services.organisation_change_status(
        organisation=organisation, actor=None, status=Status.APPLICANT, reason="Ponowny wniosek"
    )

    organisation.refresh_from_db()
    assert (organisation.applied_on, organisation.joined_on, organisation.left_on) == (
        TODAY,
        None,
        None,
    )


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_status_change_other_than_admission_needs_a_reason(reason):
    organisation = _organisation_in(Status.ACTIVE)

    with pytest.raises(ValidationError) as error:
        services.organisation_change_status(
            organisation=organisation, actor=None, status=Status.SUSPENDED, reason=reason
        )

    assert "reason" in error.value.message_dict
    organisation.refresh_from_db()
    assert organisation.status == Status.ACTIVE


def test_an_organisation_without_a_primary_representative_is_not_activated():
    organisation = OrganisationFactory()

    with pytest.raises(ValidationError) as error:
        services.organisation_change_status(
            organisation=organisation, actor=None, status=Status.ACTIVE, reason=""
        )

    assert error.value.code == "no_primary_representative"


def test_a_status_change_can_notify_the_representative_in_their_language(coordinator):
    organisation = _organisation_in(Status.ACTIVE)
    Person.objects.filter(pk=organisation.primary_representative_id).update(language="de")

    services.organisation_change_status(
        organisation=organisation,
        actor=coordinator,
        status=Status.SUSPENDED,
        reason="Zaległe składki",
        notify=True,
    )

    outbound = OutboundEmail.objects.get()
    assert outbound.to == organisation.primary_representative.email
    assert (outbound.template, outbound.language) == ("membership_status_changed", "de")
    assert "Zaległe składki" in outbound.body_text


def test_a_status_change_notifies_nobody_unless_asked(coordinator):
    services.organisation_change_status(
        organisation=_organisation_in(Status.ACTIVE),
        actor=coordinator,
        status=Status.SUSPENDED,
        reason="Zaległe składki",
    )

    assert not OutboundEmail.objects.exists()


# --- Joining: apply, approve, reject ------------------------------------------------------------


def _apply(**organisation_fields):
    return services.membership_apply(
        organisation_data=_organisation_data(**organisation_fields),
        sectors=[],
        contact_data={
            "first_name": "Oliver",
            "last_name": "Hughes",
            "email": "oliver.hughes@voltaro.example",
            "position": "CEO",
        },
        motivation="We would like to join the trade missions.",
        declaration_text="We accede to the partnership agreement.",
        consent_text="I consent to the processing of my data.",
        ip_address="192.0.2.10",
        language="en",
    )


def test_an_application_stores_an_applicant_with_its_contact_as_representative():
    organisation = _apply()

    assert organisation.status == Status.APPLICANT
    contact = organisation.primary_representative
    assert (contact.email, contact.role, contact.language) == (
        "oliver.hughes@voltaro.example",
        Person.Role.REPRESENTATIVE,
        "en",
    )
    application = MembershipApplication.objects.get(organisation=organisation)
    assert (application.language, application.ip_address) == ("en", "192.0.2.10")
    assert "membership.applied" in _actions(organisation)


def test_an_application_is_announced_to_every_active_coordinator(coordinator):
    UserFactory(email="former-office@example.com", is_coordinator=True, is_active=False)

    _apply()

    assert set(OutboundEmail.objects.values_list("to", "template")) == {
        ("oliver.hughes@voltaro.example", "membership_application_acknowledged"),
        ("coordinator@example.com", "membership_application_received"),
    }


def test_approval_admits_the_applicant_and_invites_its_representative(
    applicant, coordinator, django_capture_on_commit_callbacks
):
    MembershipApplication.objects.create(
        organisation=applicant, declaration_text="D", consent_text="C", language="pl"
    )

    with django_capture_on_commit_callbacks(execute=True):
        organisation = services.membership_approve(organisation=applicant, actor=coordinator)

    assert (organisation.status, organisation.joined_on) == (Status.ACTIVE, TODAY)
    representative = organisation.primary_representative
    assert representative.user.email == representative.email
    assert Invitation.objects.get().user == representative.user
    [message] = mail.outbox
    assert message.to == [representative.email]
    assert "/accounts/invitation/" in message.body
    application = MembershipApplication.objects.get(organisation=applicant)
    assert (application.decided_by, application.decided_at is not None) == (coordinator, True)


def test_only_an_application_can_be_approved(coordinator):
    with pytest.raises(ValidationError) as error:
        services.membership_approve(organisation=_organisation_in(Status.ACTIVE), actor=coordinator)

    assert error.value.code == "not_applicant"


def test_an_applicant_without_a_representative_is_not_approved_and_stays_an_applicant(
    coordinator,
):
    applicant = OrganisationFactory(status=Status.APPLICANT)
    assert applicant.primary_representative is None

    with pytest.raises(ValidationError) as error:
        services.membership_approve(organisation=applicant, actor=coordinator)

    assert error.value.code == "no_primary_representative"
    applicant.refresh_from_db()
    assert applicant.status == Status.APPLICANT


@pytest.mark.parametrize("reason", ["", "  "])
def test_a_rejection_needs_a_reason(applicant, coordinator, reason):
    with pytest.raises(ValidationError) as error:
        services.membership_reject(organisation=applicant, actor=coordinator, reason=reason)

    assert "reason" in error.value.message_dict
    applicant.refresh_from_db()
    assert applicant.status == Status.APPLICANT


def test_a_rejection_emails_the_reason_to_the_applicant(applicant, coordinator):
    MembershipApplication.objects.create(
        organisation=applicant, declaration_text="D", consent_text="C", language="pl"
    )

    organisation = services.membership_reject(
        organisation=applicant, actor=coordinator, reason="Profil działalności poza klastrem."
    )

    assert organisation.status == Status.REJECTED
    assert MembershipApplication.objects.get().rejection_reason == (
        "Profil działalności poza klastrem."
    )
    outbound = OutboundEmail.objects.get()
    assert (outbound.to, outbound.template) == (
        organisation.primary_representative.email,
        "membership_rejected",
    )
    assert "Profil działalności poza klastrem." in outbound.body_text


# --- People -------------------------------------------------------------------------------------


def test_creating_a_person_puts_it_on_the_organisations_trail(coordinator):
    organisation = OrganisationFactory()

    person = services.person_create(
        organisation=organisation,
        actor=coordinator,
        data={"first_name": "Zofia", "last_name": "Labuda", "email": "zofia@example.com"},
    )

    entry = audit_trail_for(organisation).get()
    assert (entry.action, entry.target_id) == ("person.created", str(person.pk))


def test_a_person_email_is_not_repeated_within_an_organisation(coordinator):
    organisation = OrganisationFactory()
    PersonFactory(organisation=organisation, email="zofia@example.com")

    with pytest.raises(ValidationError):
        services.person_create(
            organisation=organisation,
            actor=coordinator,
            data={"first_name": "Zofia", "last_name": "Labuda", "email": "Zofia@Example.com"},
        )

    assert organisation.people.count() == 1


def test_updating_a_person_records_only_what_changed(coordinator):
    person = PersonFactory(position="Kierownik Projektów", phone="")

    services.person_update(
        person=person,
        actor=coordinator,
        data={"position": "Dyrektor Techniczny", "phone": ""},
    )

    entry = audit_trail_for(person.organisation).get()
    assert entry.changes == {"position": ["Kierownik Projektów", "Dyrektor Techniczny"]}


def test_the_primary_representative_cannot_be_deleted(coordinator):
    organisation = active_member()

    with pytest.raises(ValidationError) as error:
        services.person_delete(person=organisation.primary_representative, actor=coordinator)

    assert error.value.code == "primary_representative"
    assert Person.objects.filter(pk=organisation.primary_representative_id).exists()


def test_another_person_is_deleted_with_an_audit_entry(coordinator):
    organisation = active_member()
    person = PersonFactory(organisation=organisation)

    services.person_delete(person=person, actor=coordinator)

    assert not Person.objects.filter(pk=person.pk).exists()
    assert "person.deleted" in _actions(organisation)


def test_the_primary_representative_must_work_for_the_organisation(coordinator):
    organisation = active_member()
    stranger = PersonFactory()

    with pytest.raises(ValidationError) as error:
        services.primary_representative_set(
            organisation=organisation, person=stranger, actor=coordinator
        )

    assert error.value.code == "other_organisation"
    organisation.refresh_from_db()
    assert organisation.primary_representative_id != stranger.pk


def test_an_employee_made_primary_representative_becomes_a_representative(coordinator):
    organisation = active_member()
    employee = PersonFactory(organisation=organisation, role=Person.Role.EMPLOYEE)

    services.primary_representative_set(
        organisation=organisation, person=employee, actor=coordinator
    )

    organisation.refresh_from_db()
    employee.refresh_from_db()
    assert organisation.primary_representative == employee
    assert employee.role == Person.Role.REPRESENTATIVE
    assert "organisation.primary_representative_set" in _actions(organisation)


def test_inviting_a_person_creates_their_account_and_emails_the_link(coordinator):
    person = PersonFactory(email="zofia@example.com", language="en")

    invitation = services.person_invite(person=person, actor=coordinator)

    person.refresh_from_db()
    assert person.user == invitation.user
    assert not person.user.has_usable_password()
    outbound = OutboundEmail.objects.get()
    assert (outbound.to, outbound.template, outbound.language) == (
        "zofia@example.com",
        "invitation",
        "en",
    )
    assert "person.invited" in _actions(person.organisation)


def test_inviting_a_person_who_has_an_account_links_it_and_sends_nothing(coordinator):
    user = UserFactory(email="zofia@example.com")
    person = PersonFactory(email="Zofia@example.com")

    assert services.person_invite(person=person, actor=coordinator) is None

    person.refresh_from_db()
    assert person.user == user
    assert not Invitation.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert "person.linked_to_account" in _actions(person.organisation)


def test_an_account_of_another_person_in_the_registry_is_not_taken_from_them(coordinator):
    user = UserFactory(email="zofia@example.com")
    earlier = PersonFactory(email="zofia@example.com", user=user)
    person = PersonFactory(email="zofia@example.com")

    with pytest.raises(ValidationError) as error:
        services.person_invite(person=person, actor=coordinator)

    assert error.value.code == "account_linked_elsewhere"
    earlier.refresh_from_db()
    assert earlier.user == user
    person.refresh_from_db()
    assert person.user is None


# --- Action groups ------------------------------------------------------------------------------


def test_an_action_group_is_created_with_its_members_and_a_polish_slug(coordinator):
    members = [active_member(), active_member()]

    group = services.action_group_save(
        actor=coordinator,
        data={"name_pl": "Przemysł 4.0", "name_en": "Industry 4.0"},
        organisations=members,
    )

    assert group.slug == "przemysl-40"
    assert set(group.organisations.all()) == set(members)
    assert AuditEntry.objects.get().action == "action_group.created"


def test_changing_an_action_group_records_what_changed(coordinator):
    group = services.action_group_save(
        actor=coordinator,
        data={"name_pl": "Smart City", "description_pl": "Stary opis"},
        organisations=[],
    )

    services.action_group_save(
        actor=coordinator,
        action_group=group,
        data={"name_pl": "Smart City", "description_pl": "Nowy opis"},
        organisations=[],
    )

    entry = AuditEntry.objects.get(action="action_group.updated")
    assert entry.changes == {"description_pl": ["Stary opis", "Nowy opis"]}
    assert group.slug == "smart-city"

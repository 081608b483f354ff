"""The registry's invariants held by the database itself, whatever code writes the rows.

Each refused write runs in its own savepoint, so the test's transaction stays usable.
"""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from members.models import CouncilSeat, Organisation
from tests.factories import (
    CouncilSeatFactory,
    OrganisationFactory,
    PersonFactory,
    active_member,
)

pytestmark = pytest.mark.django_db


def test_an_active_member_without_a_primary_representative_is_refused():
    organisation = OrganisationFactory()
    organisation.status = Organisation.Status.ACTIVE

    with pytest.raises(IntegrityError), transaction.atomic():
        organisation.save()


@pytest.mark.parametrize(
    "status", [status for status in Organisation.Status if status != Organisation.Status.ACTIVE]
)
def test_other_statuses_need_no_primary_representative(status):
    organisation = OrganisationFactory(status=status)

    organisation.refresh_from_db()
    assert organisation.primary_representative is None


def test_two_organisations_cannot_share_a_nip():
    OrganisationFactory(nip="8513141744")

    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(nip="8513141744")


def test_two_organisations_cannot_share_a_regon_but_many_may_have_none():
    OrganisationFactory(regon="192132340")
    OrganisationFactory(regon="")
    OrganisationFactory(regon="")

    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(regon="192132340")


def test_a_member_cannot_leave_before_it_joined():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(joined_on=datetime.date(2020, 5, 1), left_on=datetime.date(2020, 4, 30))


def test_a_member_may_leave_on_the_day_it_joined():
    day = datetime.date(2020, 5, 1)

    organisation = OrganisationFactory(joined_on=day, left_on=day)

    organisation.refresh_from_db()
    assert organisation.left_on == day


def test_a_person_email_is_unique_within_an_organisation_whatever_its_case():
    organisation = OrganisationFactory()
    PersonFactory(organisation=organisation, email="anna@example.com")

    with pytest.raises(IntegrityError), transaction.atomic():
        PersonFactory(organisation=organisation, email="ANNA@example.com")


def test_the_same_email_may_work_for_two_organisations():
    first = PersonFactory(email="anna@example.com")
    second = PersonFactory(email="anna@example.com")

    assert first.organisation != second.organisation


def test_the_primary_representative_cannot_be_deleted_from_under_a_member():
    organisation = active_member()

    with pytest.raises(ProtectedError), transaction.atomic():
        organisation.primary_representative.delete()


def test_a_council_term_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        CouncilSeatFactory(
            term_start=datetime.date(2025, 1, 1), term_end=datetime.date(2024, 12, 31)
        )


def test_a_person_holds_one_seat_per_term():
    seat = CouncilSeatFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        CouncilSeatFactory(person=seat.person, term_start=seat.term_start)


def test_seats_in_office_are_those_whose_term_covers_the_day():
    day = datetime.date(2026, 6, 1)
    open_ended = CouncilSeatFactory(term_start=datetime.date(2025, 1, 1), term_end=None)
    ending_that_day = CouncilSeatFactory(term_start=datetime.date(2022, 1, 1), term_end=day)
    CouncilSeatFactory(term_start=datetime.date(2021, 1, 1), term_end=datetime.date(2024, 12, 31))
    CouncilSeatFactory(term_start=datetime.date(2026, 6, 2))

    assert set(CouncilSeat.objects.in_office(on=day)) == {open_ended, ending_that_day}


def test_active_members_are_those_with_the_active_status():
    member = active_member()
    OrganisationFactory(status=Organisation.Status.SUSPENDED)
    OrganisationFactory()

    assert list(Organisation.objects.active()) == [member]
    assert member.is_active_member


def test_an_organisation_shows_its_nip_with_dashes_and_links_to_its_profile():
    organisation = OrganisationFactory(name="Jantar Software Sp. z o.o.", nip="8513141744")

    assert str(organisation) == "Jantar Software Sp. z o.o."
    assert organisation.nip_display == "851-314-17-44"
    assert organisation.get_absolute_url().endswith(f"/members/{organisation.slug}/")


def test_a_person_is_shown_by_full_name():
    person = PersonFactory(first_name="Zofia", last_name="Labuda")

    assert str(person) == person.full_name == "Zofia Labuda"

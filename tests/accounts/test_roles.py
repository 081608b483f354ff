"""The named role checks, for every persona the portal knows."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from accounts import roles as account_roles
from accounts.models import User
from members import roles
from members.models import Organisation, Person
from tests.factories import CouncilSeatFactory, PersonFactory, UserFactory, active_member

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)
TOMORROW = TODAY + datetime.timedelta(days=1)


def _suspend(organisation):
    Organisation.objects.filter(pk=organisation.pk).update(status=Organisation.Status.SUSPENDED)


def _fresh(user):
    """Load the user as the next request would, without the relations cached on the fixture."""
    return User.objects.get(pk=user.pk)


def _council_user(email, **seat):
    user = UserFactory(email=email)
    person = PersonFactory(organisation=active_member(), user=user, email=email)
    CouncilSeatFactory(person=person, **seat)
    return user


@pytest.fixture
def chair():
    return _council_user("chair@example.com", is_chair=True)


@pytest.fixture
def former_council_member():
    return _council_user(
        "former@example.com", term_start=datetime.date(2021, 1, 1), term_end=YESTERDAY
    )


@pytest.fixture
def future_council_member():
    return _council_user("future@example.com", term_start=TOMORROW)


# --- Coordinator --------------------------------------------------------------------------------


def test_a_coordinator_is_a_coordinator(coordinator):
    assert account_roles.is_coordinator(coordinator)


def test_a_superuser_counts_as_a_coordinator():
    assert account_roles.is_coordinator(UserFactory(is_superuser=True))


def test_a_deactivated_coordinator_is_not_a_coordinator(coordinator):
    coordinator.is_active = False

    assert not account_roles.is_coordinator(coordinator)


@pytest.mark.parametrize("persona", ["representative", "employee", "council_member", "outsider"])
def test_nobody_else_is_a_coordinator(request, persona):
    assert not account_roles.is_coordinator(request.getfixturevalue(persona))


@pytest.mark.parametrize("user", [None, AnonymousUser()])
def test_an_anonymous_visitor_has_no_role(user):
    assert not account_roles.is_coordinator(user)
    assert roles.person_of(user) is None
    assert roles.member_person_of(user) is None
    assert roles.represented_organisation(user) is None
    assert not roles.is_member_employee(user)
    assert not roles.is_council_member(user)
    assert not roles.is_council_chair(user)


# --- Representatives and employees --------------------------------------------------------------


def test_a_representative_represents_their_active_organisation(
    representative, represented_organisation
):
    assert roles.represented_organisation(representative) == represented_organisation
    assert roles.is_member_employee(representative)


def test_a_representative_of_a_suspended_member_represents_nothing(
    representative, represented_organisation
):
    _suspend(represented_organisation)
    representative = _fresh(representative)

    assert roles.represented_organisation(representative) is None
    assert roles.member_person_of(representative) is None
    assert roles.person_of(representative) is not None


def test_a_representative_of_an_applicant_represents_nothing(applicant):
    user = UserFactory()
    Person.objects.filter(pk=applicant.primary_representative_id).update(user=user)

    assert roles.represented_organisation(user) is None
    assert not roles.is_member_employee(user)


def test_a_second_representative_of_a_member_represents_it_too(represented_organisation):
    user = UserFactory()
    PersonFactory(organisation=represented_organisation, user=user, role=Person.Role.REPRESENTATIVE)

    assert roles.represented_organisation(user) == represented_organisation


def test_an_employee_works_for_a_member_but_does_not_represent_it(
    employee, represented_organisation
):
    assert roles.is_member_employee(employee)
    assert roles.member_person_of(employee).organisation == represented_organisation
    assert roles.represented_organisation(employee) is None


def test_an_employee_of_a_suspended_member_is_not_a_member_employee(
    employee, represented_organisation
):
    _suspend(represented_organisation)

    assert not roles.is_member_employee(_fresh(employee))


def test_an_outsider_has_no_person_and_no_organisation(outsider):
    assert roles.person_of(outsider) is None
    assert roles.represented_organisation(outsider) is None
    assert not roles.is_member_employee(outsider)


def test_a_coordinator_without_a_person_represents_nothing(coordinator):
    assert roles.represented_organisation(coordinator) is None
    assert not roles.is_member_employee(coordinator)


# --- Council ------------------------------------------------------------------------------------


def test_a_council_member_in_term_is_on_the_council_but_not_its_chair(council_member):
    assert roles.is_council_member(council_member)
    assert not roles.is_council_chair(council_member)
    assert roles.council_seat_of(council_member).person.user == council_member


def test_the_chair_is_on_the_council_and_chairs_it(chair):
    assert roles.is_council_member(chair)
    assert roles.is_council_chair(chair)


def test_a_term_that_ended_yesterday_no_longer_counts(former_council_member):
    assert not roles.is_council_member(former_council_member)
    assert roles.council_seat_of(former_council_member) is None


def test_a_former_member_was_on_the_council_during_the_term(former_council_member):
    assert roles.is_council_member(former_council_member, on=datetime.date(2022, 6, 1))


def test_a_term_that_starts_tomorrow_does_not_count_yet(future_council_member):
    assert not roles.is_council_member(future_council_member)
    assert roles.is_council_member(future_council_member, on=TOMORROW)


def test_a_term_counts_on_its_first_and_last_day():
    user = _council_user("term@example.com", term_start=TODAY, term_end=TODAY)

    assert roles.is_council_member(user)


def test_a_chair_out_of_term_does_not_chair():
    user = _council_user(
        "old-chair@example.com",
        term_start=datetime.date(2020, 1, 1),
        term_end=YESTERDAY,
        is_chair=True,
    )

    assert not roles.is_council_chair(user)


@pytest.mark.parametrize("persona", ["coordinator", "representative", "employee", "outsider"])
def test_people_without_a_seat_are_not_on_the_council(request, persona):
    user = request.getfixturevalue(persona)

    assert not roles.is_council_member(user)
    assert not roles.is_council_chair(user)

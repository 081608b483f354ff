import pytest

from events import services
from members.models import Person
from tests.factories import PersonFactory, UserFactory

from .factories import EventFactory


@pytest.fixture
def members_event(db):
    return EventFactory(capacity=2, audience="members")


@pytest.fixture
def public_event(db):
    return EventFactory(capacity=2, audience="public", title_en="Open seminar", slug="open")


@pytest.fixture
def colleagues(represented_organisation):
    """Three people of the representative's organisation, without accounts."""
    return [
        PersonFactory(organisation=represented_organisation, role=Person.Role.EMPLOYEE)
        for _ in range(3)
    ]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a block queues on commit (e-mails, tasks) as a committed transaction would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def register(committed):
    """Register a member's person through the service, sending its e-mail."""

    def register_person(event, person, actor=None, answers=None):
        with committed():
            return services.registration_create(
                event=event,
                actor=actor or person.user,
                person=person,
                language=person.language,
                answers=answers,
            )

    return register_person


@pytest.fixture
def member_with_account(represented_organisation):
    def make(email):
        user = UserFactory(email=email)
        PersonFactory(organisation=represented_organisation, user=user, email=email)
        return user

    return make

"""Governing bodies, council members and resolutions for the governance tests."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from members.models import Person
from resolutions import services
from resolutions.models import GoverningBody
from tests.factories import CouncilSeatFactory, PersonFactory, UserFactory, active_member


@pytest.fixture
def bodies(db):
    call_command("seed_governance", stdout=io.StringIO())
    return {body.slug: body for body in GoverningBody.objects.all()}


@pytest.fixture
def assembly(bodies):
    return bodies["member-assembly"]


@pytest.fixture
def council_body(bodies):
    return bodies["council"]


def council_person(email, *, is_chair=False, language="pl", totp=None):
    """A user with a seat on the council, working for an active member of their own.

    The chair gets the authenticator app the portal requires of them (totp=False: not).
    """
    user = UserFactory(email=email, language=language)
    organisation = active_member()
    person = PersonFactory(organisation=organisation, user=user, email=user.email)
    CouncilSeatFactory(person=person, is_chair=is_chair, totp=totp)
    return user


@pytest.fixture
def chair(db):
    return council_person("chair@example.com", is_chair=True)


@pytest.fixture
def councillors(db):
    return [council_person(f"councillor{n}@example.com") for n in range(1, 3)]


def member_representative(email, *, language="pl"):
    """A user who is the primary representative of a new active member."""
    user = UserFactory(email=email, language=language)
    active_member(user=user)
    return user


def draft(body, *, actor=None, **fields):
    data = {
        "body": body,
        "title_pl": "Uchwała w sprawie przyjęcia planu",
        "title_en": "Resolution on adopting the plan",
        "content_pl": "Przyjmuje się plan operacyjny.",
        "content_en": "The operational plan is adopted.",
        "legal_basis": "§ 12 ust. 3 Regulaminu Klastra",
        "is_public": False,
        "is_secret": False,
        "quorum_percent": body.quorum_percent,
        "majority": body.majority,
        "majority_base": body.majority_base,
        **fields,
    }
    return services.resolution_draft_save(actor=actor, data=data)


def opened(body, *, actor=None, closes_in=timedelta(days=3), **fields):
    return services.vote_open(
        resolution=draft(body, actor=actor, **fields),
        actor=actor,
        closes_at=timezone.now() + closes_in,
    )


def employee_of(organisation, email):
    user = UserFactory(email=email)
    PersonFactory(organisation=organisation, user=user, email=email, role=Person.Role.EMPLOYEE)
    return user


PERSONAS = ["anonymous", "outsider", "employee", "representative", "council_member", "coordinator"]


@pytest.fixture
def persona(request, outsider, employee, representative, council_member, coordinator):
    users = {
        "anonymous": None,
        "outsider": outsider,
        "employee": employee,
        "representative": representative,
        "council_member": council_member,
        "coordinator": coordinator,
    }
    return lambda name: users[name]

"""Governing bodies and a meeting for the meetings' tests."""

import io

import pytest
from django.core.management import call_command

from resolutions.models import GoverningBody

from .factories import AgendaItemFactory, MeetingFactory


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


@pytest.fixture
def assembly_meeting(assembly):
    meeting = MeetingFactory(body=assembly)
    AgendaItemFactory(meeting=meeting, order=1)
    return meeting


@pytest.fixture
def council_meeting(council_body):
    meeting = MeetingFactory(body=council_body)
    AgendaItemFactory(meeting=meeting, order=1)
    return meeting

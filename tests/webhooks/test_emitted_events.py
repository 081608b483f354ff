"""The services tell the webhooks what happened, in the transaction of the change."""

import datetime

import pytest
from django.utils import timezone

from agreements.models import Agreement
from core.domain_events import (
    AGREEMENT_IN_FORCE,
    MEMBER_JOINED,
    MEMBER_LEFT,
    REGISTRATION_CANCELLED,
    REGISTRATION_CREATED,
    RESOLUTION_ADOPTED,
)
from events import services as event_services
from members import services as member_services
from members.models import Organisation, Person
from resolutions import services as resolution_services
from tests.agreements.factories import make_agreement
from tests.events.factories import EventFactory
from tests.factories import OrganisationFactory, PersonFactory, active_member
from tests.resolutions.conftest import opened
from webhooks.models import Event

from .factories import EndpointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def listening(db):
    return EndpointFactory()


def recorded(kind):
    return [event.payload for event in Event.objects.filter(kind=kind)]


def test_a_member_joining_and_leaving():
    organisation = OrganisationFactory(status=Organisation.Status.APPLICANT)
    person = PersonFactory(organisation=organisation, role=Person.Role.REPRESENTATIVE)
    organisation.primary_representative = person
    organisation.save()

    member_services.membership_approve(organisation=organisation, actor=None)
    member_services.organisation_change_status(
        organisation=organisation, actor=None, status=Organisation.Status.SUSPENDED, reason="Fees."
    )
    member_services.organisation_change_status(
        organisation=organisation, actor=None, status=Organisation.Status.ACTIVE, reason=""
    )
    member_services.organisation_change_status(
        organisation=organisation, actor=None, status=Organisation.Status.WITHDRAWN, reason="Exit."
    )

    [joined] = recorded(MEMBER_JOINED)
    [left] = recorded(MEMBER_LEFT)
    assert joined["organisation"]["id"] == organisation.pk
    assert joined["organisation"]["status"] == "active"
    assert left["organisation"]["left_on"] == timezone.localdate().isoformat()


def test_a_registration_created_and_cancelled():
    event = EventFactory(starts_at=timezone.now() + datetime.timedelta(days=10))
    organisation = active_member()
    person = organisation.primary_representative

    registration = event_services.registration_create(
        event=event, actor=None, language="pl", person=person
    )
    event_services.registration_cancel(registration=registration, actor=None)

    [created] = recorded(REGISTRATION_CREATED)
    [cancelled] = recorded(REGISTRATION_CANCELLED)
    assert created["registration"]["id"] == registration.pk
    assert created["registration"]["organisation_id"] == organisation.pk
    assert created["event"]["slug"] == event.slug
    assert cancelled["registration"]["status"] == "cancelled"
    # Who registered is not in the payload: the API tells it to those allowed to read it.
    assert person.email not in str(created)


def test_a_resolution_adopted_and_one_rejected(council_body, chair, councillors):
    adopted = opened(council_body, actor=chair)
    for user in (chair, *councillors):
        resolution_services.ballot_cast(resolution=adopted, user=user, choice="for")
    resolution_services.vote_close(resolution=adopted, actor=chair)
    rejected = opened(council_body, actor=chair)
    for user in (chair, *councillors):
        resolution_services.ballot_cast(resolution=rejected, user=user, choice="against")
    resolution_services.vote_close(resolution=rejected, actor=chair)

    [payload] = recorded(RESOLUTION_ADOPTED)
    adopted.refresh_from_db()
    assert payload["resolution"]["id"] == adopted.pk
    assert payload["resolution"]["number"] == adopted.number_display
    assert payload["resolution"]["body"] == council_body.slug


def test_an_agreement_coming_into_force():
    agreement = make_agreement(status=Agreement.Status.IN_FORCE)

    [payload] = recorded(AGREEMENT_IN_FORCE)
    assert payload["agreement"]["id"] == agreement.pk
    assert payload["agreement"]["kind"] == agreement.kind

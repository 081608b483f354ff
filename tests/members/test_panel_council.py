"""The Cluster Council in the panel: seats, chairs and the end of a term."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry
from members.models import CouncilSeat
from tests.factories import CouncilSeatFactory, OrganisationFactory, PersonFactory, active_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


def test_the_list_separates_current_and_past_terms(coordinator_client):
    current = CouncilSeatFactory(person=active_member().primary_representative)
    past = CouncilSeatFactory(
        person=active_member().primary_representative,
        term_start=date(2019, 1, 1),
        term_end=date(2022, 12, 31),
    )
    response = coordinator_client.get(reverse("panel:council_list"))
    assert response.context["current_seats"] == [current]
    assert response.context["past_seats"] == [past]


def test_it_adds_a_seat(coordinator_client, coordinator):
    person = active_member().primary_representative
    response = coordinator_client.post(
        reverse("panel:council_seat_add"),
        {
            "person": person.pk,
            "term_start": "2025-01-01",
            "term_end": "2028-12-31",
            "is_chair": "on",
        },
    )
    assert response.status_code == 302
    seat = CouncilSeat.objects.get()
    assert (seat.person, seat.is_chair, seat.term_end) == (person, True, date(2028, 12, 31))
    assert AuditEntry.objects.filter(action="council_seat.added", actor=coordinator).exists()


def test_a_second_chair_in_the_same_period_is_refused(coordinator_client):
    CouncilSeatFactory(person=active_member().primary_representative, is_chair=True)
    person = active_member().primary_representative
    response = coordinator_client.post(
        reverse("panel:council_seat_add"),
        {"person": person.pk, "term_start": timezone.localdate().isoformat(), "is_chair": "on"},
    )
    assert response.context["form"].errors["is_chair"]
    assert CouncilSeat.objects.count() == 1


def test_a_term_cannot_end_before_it_starts(coordinator_client):
    person = active_member().primary_representative
    response = coordinator_client.post(
        reverse("panel:council_seat_add"),
        {"person": person.pk, "term_start": "2025-01-01", "term_end": "2024-01-01"},
    )
    assert response.context["form"].errors["term_end"]
    assert not CouncilSeat.objects.exists()


def test_only_people_of_active_members_are_offered(coordinator_client):
    outsider = PersonFactory(organisation=OrganisationFactory())
    response = coordinator_client.get(reverse("panel:council_seat_add"))
    assert outsider not in response.context["form"].fields["person"].queryset


def test_it_ends_a_term(coordinator_client, coordinator):
    seat = CouncilSeatFactory(person=active_member().primary_representative)
    end = timezone.localdate() + timedelta(days=1)
    response = coordinator_client.post(
        reverse("panel:council_seat_end", args=[seat.pk]), {"term_end": end.isoformat()}
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.term_end == end
    assert AuditEntry.objects.filter(action="council_seat.ended", actor=coordinator).exists()


def test_a_term_that_already_ended_cannot_end_again(coordinator_client):
    seat = CouncilSeatFactory(
        person=active_member().primary_representative,
        term_start=date(2019, 1, 1),
        term_end=date(2020, 1, 1),
    )
    response = coordinator_client.post(
        reverse("panel:council_seat_end", args=[seat.pk]), {"term_end": "2021-01-01"}
    )
    assert response.context["form"].non_field_errors()
    seat.refresh_from_db()
    assert seat.term_end == date(2020, 1, 1)

"""An organisation's audit trail: translated actions, before and after, constant queries."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from core.audit import audit_log
from members import services
from tests.factories import PersonFactory, active_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator_client(client_for, coordinator):
    return client_for(coordinator)


def test_it_shows_who_changed_what_with_before_and_after(coordinator_client, coordinator):
    organisation = active_member(name="Audytowana", city="Gdańsk")
    services.organisation_update(
        organisation=organisation, actor=coordinator, data={"city": "Gdynia"}
    )
    services.organisation_change_status(
        organisation=organisation, actor=coordinator, status="suspended", reason="Brak składek"
    )
    with translation.override("en"):
        url = reverse("panel:member_audit", args=[organisation.pk])
    response = coordinator_client.get(url)
    entries = list(response.context["page_obj"])
    assert [entry.action_label for entry in entries] == [
        "Membership status changed",
        "Organisation data changed",
    ]
    status_rows = {row["field"]: row for row in entries[0].change_rows}
    assert (
        status_rows["membership status"]["before"],
        status_rows["membership status"]["after"],
    ) == (
        "active",
        "suspended",
    )
    assert status_rows["reason"]["after"] == "Brak składek"
    city = entries[1].change_rows[0]
    assert (city["before"], city["after"], city["is_diff"]) == ("Gdańsk", "Gdynia", True)
    html = response.content.decode()
    assert "Gdynia" in html
    assert coordinator.get_full_name() in html


def test_it_includes_changes_to_the_organisations_people(coordinator_client, coordinator):
    organisation = active_member()
    person = PersonFactory(organisation=organisation)
    services.person_update(person=person, actor=coordinator, data={"position": "Prezes"})
    response = coordinator_client.get(reverse("panel:member_audit", args=[organisation.pk]))
    assert [entry.action for entry in response.context["page_obj"]] == ["person.updated"]


def test_an_unknown_action_is_shown_as_recorded(coordinator_client, coordinator):
    organisation = active_member()
    audit_log(actor=coordinator, action="future.thing", target=organisation)
    response = coordinator_client.get(reverse("panel:member_audit", args=[organisation.pk]))
    assert response.context["page_obj"][0].action_label == "future.thing"


def _changes(organisation, actor, count):
    for number in range(count):
        services.organisation_update(
            organisation=organisation, actor=actor, data={"phone": f"+48 500 000 {number:03}"}
        )


def test_it_runs_the_same_number_of_queries_for_10_and_200_entries(
    coordinator_client, coordinator, query_count
):
    organisation = active_member()
    url = reverse("panel:member_audit", args=[organisation.pk])
    _changes(organisation, coordinator, 10)
    with_ten = query_count(lambda: coordinator_client.get(url))
    _changes(organisation, coordinator, 190)
    response = coordinator_client.get(url)
    assert len(response.context["page_obj"]) == 25
    assert query_count(lambda: coordinator_client.get(url)) == with_ten


def test_a_council_seat_on_the_trail_shows_its_person_without_extra_queries(
    coordinator_client, coordinator, query_count
):
    organisation = active_member()
    url = reverse("panel:member_audit", args=[organisation.pk])
    services.person_update(
        person=organisation.primary_representative, actor=coordinator, data={"position": "CEO"}
    )
    before = query_count(lambda: coordinator_client.get(url))
    for number in range(5):
        person = PersonFactory(organisation=organisation)
        services.council_seat_add(
            actor=coordinator, person=person, term_start=date(2020 + number, 1, 1)
        )
    response = coordinator_client.get(url)
    rows = response.context["page_obj"][0].change_rows
    assert {row["field"] for row in rows} >= {"person", "term from"}
    assert query_count(lambda: coordinator_client.get(url)) == before

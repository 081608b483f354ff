"""The public event pages with each persona: the list, an event, its calendar and the feed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event
from tests.factories import ActionGroupFactory

from .factories import EventFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["outsider", "employee", "representative", "council_member", "coordinator"]


def _titles(response):
    return [event.title for event in response.context["page_obj"]]


@pytest.fixture
def events(represented_organisation):
    group = ActionGroupFactory(name="Smart City", name_pl="Smart City")
    group.organisations.add(represented_organisation)
    other_group = ActionGroupFactory(name="Przemysł 4.0", name_pl="Przemysł 4.0")
    return {
        "public": EventFactory(audience="public", title="Publiczne", slug="publiczne"),
        "members": EventFactory(audience="members", title="Dla członków", slug="dla-czlonkow"),
        "group": EventFactory(
            audience="action_group", action_group=group, title="Grupa", slug="grupa"
        ),
        "other_group": EventFactory(
            audience="action_group", action_group=other_group, title="Inna grupa", slug="inna"
        ),
        "draft": EventFactory(audience="public", status="draft", title="Szkic", slug="szkic"),
    }


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        (None, {"Publiczne"}),
        ("outsider", {"Publiczne"}),
        ("employee", {"Publiczne", "Dla członków", "Grupa"}),
        ("representative", {"Publiczne", "Dla członków", "Grupa"}),
        ("council_member", {"Publiczne", "Dla członków"}),
        ("coordinator", {"Publiczne", "Dla członków", "Grupa", "Inna grupa"}),
    ],
)
def test_the_list_shows_each_persona_the_events_meant_for_them(
    request, client_for, events, persona, visible
):
    user = request.getfixturevalue(persona) if persona else None
    response = client_for(user).get("/pl/events/")
    assert response.status_code == 200
    assert set(_titles(response)) == visible


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        (None, 404),
        ("outsider", 404),
        ("employee", 200),
        ("council_member", 200),
        ("coordinator", 200),
    ],
)
def test_a_members_event_page_is_hidden_from_non_members(
    request, client_for, events, persona, status
):
    user = request.getfixturevalue(persona) if persona else None
    assert client_for(user).get("/en/events/dla-czlonkow/").status_code == status


@pytest.mark.parametrize("persona", [None, *PERSONAS])
def test_a_public_event_page_is_open_to_everyone(request, client_for, events, persona):
    user = request.getfixturevalue(persona) if persona else None
    response = client_for(user).get("/en/events/publiczne/")
    assert response.status_code == 200
    assert "No limit on seats." in response.content.decode()


def test_a_draft_is_not_found_even_by_its_slug(client, events):
    assert client.get("/en/events/szkic/").status_code == 404


def test_the_list_separates_upcoming_and_past_and_filters_by_type(client):
    EventFactory(audience="public", title="Przyszłe", kind=Event.Kind.WORKSHOP)
    EventFactory(audience="public", title="Webinar", kind=Event.Kind.WEBINAR)
    past_start = timezone.now() - timedelta(days=30)
    EventFactory(
        audience="public",
        title="Minione",
        starts_at=past_start,
        ends_at=past_start + timedelta(hours=2),
    )
    assert set(_titles(client.get("/pl/events/"))) == {"Przyszłe", "Webinar"}
    assert _titles(client.get("/pl/events/", {"when": "past"})) == ["Minione"]
    assert _titles(client.get("/pl/events/", {"kind": "webinar"})) == ["Webinar"]
    assert set(_titles(client.get("/pl/events/", {"kind": "bogus"}))) == {"Przyszłe", "Webinar"}


def test_the_event_page_shows_the_seats_left_in_warsaw_time_and_the_visitors_format(client):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    start = datetime(2031, 3, 4, 9, 30, tzinfo=ZoneInfo("Europe/Warsaw"))
    EventFactory(
        audience="public",
        slug="czas",
        capacity=40,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
    )
    english = client.get("/en/events/czas/").content.decode()
    polish = client.get("/pl/events/czas/").content.decode()
    assert "40 seats left" in english
    # European day-month order and 24-hour time in English; a same-day range gives the date once.
    assert "4 March 2031, 09:30–11:30" in english
    assert "4 marca 2031, 09:30–11:30" in polish
    assert "a.m." not in english


def test_the_list_runs_the_same_number_of_queries_for_10_and_200_events(client, query_count):
    EventFactory.create_batch(10, audience="public", capacity=20)
    ten = query_count(lambda: client.get("/en/events/"))
    EventFactory.create_batch(190, audience="public", capacity=20)
    two_hundred = query_count(lambda: client.get("/en/events/"))
    assert ten == two_hundred


def test_the_feed_is_public(client, events):
    response = client.get("/pl/events/calendar.ics")
    assert response.status_code == 200
    assert b"Publiczne" in response.content
    assert b"Dla cz" not in response.content


def test_the_seats_left_change_on_the_event_page_once_a_registration_commits(
    client, representative, colleagues, register, settings
):
    settings.PAGE_CACHE_QUIET_SECONDS = 0  # the event is kept between requests at once
    event = EventFactory(capacity=5, audience="members")
    client.force_login(representative)
    before = client.get(f"/en/events/{event.slug}/").content.decode()
    kept = client.get(f"/en/events/{event.slug}/").content.decode()
    register(event, colleagues[0])
    after = client.get(f"/en/events/{event.slug}/").content.decode()

    assert "5 seats left" in before and "5 seats left" in kept
    assert "4 seats left" in after


def test_an_event_kept_for_members_is_not_found_by_a_visitor(client, representative, settings):
    settings.PAGE_CACHE_QUIET_SECONDS = 0
    event = EventFactory(audience="members")
    client.force_login(representative)
    as_member = client.get(f"/en/events/{event.slug}/")
    client.logout()
    client.get("/en/accounts/login/")  # a visitor with a session, as after any form
    as_visitor = client.get(f"/en/events/{event.slug}/")

    assert (as_member.status_code, as_visitor.status_code) == (200, 404)

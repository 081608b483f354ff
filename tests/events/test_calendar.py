"""The .ics of an event and the feed of public events parse and carry what calendars need."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from events.models import Event

from .factories import EventFactory

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture
def event(settings):
    settings.SITE_URL = "https://klaster.example"
    return EventFactory(
        audience=Event.Audience.PUBLIC,
        slug="nis2",
        title_pl="Seminarium NIS2",
        title_en="NIS2 seminar",
        description_en="What the NIS2 directive asks of SMEs.",
        starts_at=datetime(2026, 7, 14, 10, 0, tzinfo=WARSAW),
        ends_at=datetime(2026, 7, 14, 13, 30, tzinfo=WARSAW),
    )


def _only_event(content):
    calendar = Calendar.from_ical(content)
    (entry,) = calendar.walk("VEVENT")
    return calendar, entry


def test_the_event_ics_carries_uid_time_zone_description_and_url(client, event):
    response = client.get(reverse("events:ics", kwargs={"slug": "nis2"}).replace("/pl/", "/en/"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar, entry = _only_event(response.content)
    assert str(entry["UID"]) == f"event-{event.pk}@klaster.example"
    start = entry.decoded("DTSTART")
    assert start == datetime(2026, 7, 14, 10, 0, tzinfo=WARSAW)
    assert entry["DTSTART"].params["TZID"] == "Europe/Warsaw"
    assert entry["DTEND"].params["TZID"] == "Europe/Warsaw"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Warsaw"]
    assert str(entry["SUMMARY"]) == "NIS2 seminar"
    assert "What the NIS2 directive asks of SMEs." in str(entry["DESCRIPTION"])
    assert str(entry["URL"]) == "https://klaster.example/en/events/nis2/"
    assert b"TZID=Europe/Warsaw:20260714T100000" in response.content


def test_the_ics_is_in_the_language_of_the_page(client, event):
    response = client.get("/pl/events/nis2/event.ics")
    _calendar, entry = _only_event(response.content)
    assert str(entry["SUMMARY"]) == "Seminarium NIS2"
    assert str(entry["URL"]) == "https://klaster.example/pl/events/nis2/"


def test_a_cancelled_event_says_so_in_its_ics(client, event):
    event.status = Event.Status.CANCELLED
    event.save()
    _calendar, entry = _only_event(client.get("/en/events/nis2/event.ics").content)
    assert str(entry["STATUS"]) == "CANCELLED"


def test_the_feed_lists_public_events_only(client, event):
    EventFactory(audience=Event.Audience.MEMBERS, title_en="Members only")
    EventFactory(audience=Event.Audience.PUBLIC, status=Event.Status.DRAFT, title_en="Draft")
    response = client.get("/en/events/calendar.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    assert [str(entry["SUMMARY"]) for entry in calendar.walk("VEVENT")] == ["NIS2 seminar"]
    assert all("UID" in entry and "URL" in entry for entry in calendar.walk("VEVENT"))


def test_a_members_event_ics_is_not_found_for_anonymous_visitors(client):
    EventFactory(audience=Event.Audience.MEMBERS, slug="internal")
    assert client.get("/en/events/internal/event.ics").status_code == 404


def test_the_confirmation_attachment_is_in_the_registrants_language(
    members_event, colleagues, register
):
    from django.core import mail

    colleagues[0].language = "en"
    colleagues[0].save()
    register(members_event, colleagues[0])
    _filename, content, _mimetype = mail.outbox[0].attachments[0]
    _calendar, entry = _only_event(content)
    assert str(entry["SUMMARY"]) == members_event.title_en
    assert str(entry["URL"]).endswith(f"/en/events/{members_event.slug}/")

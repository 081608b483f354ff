"""iCalendar files of events: one event for a download or an e-mail, all public ones for a feed."""

from datetime import datetime
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from core.links import absolute_url

WARSAW = ZoneInfo("Europe/Warsaw")


def calendar_uid(kind, pk):
    """A UID that stays the same for a `kind` of thing ("event", "meeting") whatever it becomes."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"{kind}-{pk}@{host}"


def event_uid(event):
    """A UID that stays the same for the event whatever its title or time becomes."""
    return calendar_uid("event", event.pk)


def _location(event):
    parts = [event.venue]
    if event.host_organisation_id:
        parts.insert(0, event.host_organisation.name)
    if event.online_url:
        parts.append(event.online_url)
    return ", ".join(part for part in parts if part)


def calendar_entry(
    *, uid, summary, starts_at, ends_at, description, page_url, location, cancelled, last_modified
):
    """Return one VEVENT: an event's, a meeting's; `ends_at` may be None (a start only)."""
    entry = CalendarEvent()
    entry.add("uid", uid)
    entry.add("dtstamp", timezone.now())
    # Times go out in Europe/Warsaw with a TZID, so calendars show them right abroad and across
    # the change to and from summer time.
    entry.add("dtstart", starts_at.astimezone(WARSAW))
    if ends_at is not None:
        entry.add("dtend", ends_at.astimezone(WARSAW))
    entry.add("summary", summary)
    entry.add("description", "\n\n".join(part for part in (description, page_url) if part))
    entry.add("url", page_url)
    if location:
        entry.add("location", location)
    entry.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    entry.add("last-modified", last_modified)
    return entry


def _calendar_event(event):
    return calendar_entry(
        uid=event_uid(event),
        summary=event.title,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        description=event.description,
        page_url=absolute_url(event.get_absolute_url()),
        location=_location(event),
        cancelled=event.is_cancelled,
        last_modified=event.updated_at,
    )


def _calendar(name):
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.CLUSTER_NAME}//Cluster Portal//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Warsaw")
    return calendar


@cache
def _warsaw_timezone_ical():
    """The VTIMEZONE block of Europe/Warsaw as .ics bytes, built once per process.

    icalendar builds and serialises it from every transition between 1970 and 2038, which costs
    milliseconds on each call; the block never depends on the events, so every file shares it.
    """
    probe = Calendar()
    entry = CalendarEvent()
    entry.add("dtstart", datetime(2000, 1, 1, tzinfo=WARSAW))
    probe.add_component(entry)
    probe.add_missing_timezones()
    (timezone_block,) = probe.timezones
    return timezone_block.to_ical()


def _to_ical(calendar):
    """Serialise the calendar with the shared VTIMEZONE before its first event, as
    `add_missing_timezones` would put it; a calendar without events needs none."""
    body = calendar.to_ical()
    # Text values cannot hold a line break (it is escaped), so this is the first event's line.
    first_event = body.find(b"\r\nBEGIN:VEVENT\r\n")
    if first_event < 0:
        return body
    first_event += 2
    return body[:first_event] + _warsaw_timezone_ical() + body[first_event:]


def event_ics(event, *, language=None):
    """Return the .ics bytes of one event, its texts in `language` (the current one by default)."""
    with translation.override(language or translation.get_language()):
        calendar = _calendar(event.title)
        calendar.add_component(_calendar_event(event))
    return _to_ical(calendar)


def entry_ics(*, name, entry_of, language=None):
    """Return the .ics bytes of one entry built by `entry_of()` in `language` (the current one)."""
    with translation.override(language or translation.get_language()):
        calendar = _calendar(name)
        calendar.add_component(entry_of())
    return _to_ical(calendar)


def events_feed_ics(events, *, name):
    """Return the .ics bytes of a feed of events in the current language."""
    calendar = _calendar(name)
    for event in events:
        calendar.add_component(_calendar_event(event))
    return _to_ical(calendar)

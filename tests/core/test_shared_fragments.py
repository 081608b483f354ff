"""`{% shared_fragment %}`: one rendering per content version, language and kind of visitor.

A fragment is reused only by visitors who would see the same; any change of content, another
language or another kind of visitor renders it anew, and nothing with a CSRF token is stored.
"""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from core.page_cache import content_changed
from events.models import Event
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db

TEMPLATE = Template(
    '{% load fragments %}{% shared_fragment "probe" kind %}{{ value }}{% endshared_fragment %}'
)


@pytest.fixture(autouse=True)
def _settled_at_once(settings):
    """Store fragments right after a change: the quiet period guards commits, not these tests."""
    settings.PAGE_CACHE_QUIET_SECONDS = 0


def _render(value, kind="public"):
    request = RequestFactory().get("/pl/")
    return TEMPLATE.render(Context({"request": request, "value": value, "kind": kind}))


def test_a_fragment_is_rendered_once_and_reused_until_the_content_changes():
    first = _render("one")
    reused = _render("two")
    content_changed()
    after_a_change = _render("three")

    assert (first, reused, after_a_change) == ("one", "one", "three")


def test_each_language_and_each_kind_of_visitor_gets_its_own_fragment():
    with translation.override("pl"):
        polish = _render("polski")
    with translation.override("de"):
        german = _render("deutsch")
    other_kind = _render("members", kind="organisation-7")

    assert (polish, german, other_kind) == ("polski", "deutsch", "members")


def test_a_fragment_with_a_csrf_token_is_never_stored():
    template = Template(
        '{% load fragments %}{% shared_fragment "form" %}'
        '<input name="csrfmiddlewaretoken" value="{{ value }}">{% endshared_fragment %}'
    )

    def render(value):
        request = RequestFactory().get("/pl/")
        return template.render(Context({"request": request, "value": value}))

    assert 'value="first"' in render("first")
    assert 'value="second"' in render("second")


def test_a_members_only_event_seen_by_a_member_never_reaches_a_visitor_through_the_list(
    client, representative
):
    EventFactory(title_pl="Spotkanie tylko dla członków", audience=Event.Audience.MEMBERS)
    EventFactory(title_pl="Seminarium otwarte", audience=Event.Audience.PUBLIC)
    client.force_login(representative)
    as_member = client.get("/pl/events/").content.decode()
    client.logout()
    client.get("/pl/accounts/login/")  # a visitor with a session, as after any form
    as_visitor = client.get("/pl/events/").content.decode()

    assert "Spotkanie tylko dla członków" in as_member
    assert "Seminarium otwarte" in as_visitor
    assert "Spotkanie tylko dla członków" not in as_visitor


def test_the_event_page_shows_the_online_link_only_to_those_registered_whoever_came_first(
    client, representative, employee
):
    from events import services

    event = EventFactory(
        title_pl="Warsztaty online",
        venue="",
        online_url="https://meet.example.com/warsztaty",
        registration_opens_at=None,
    )
    client.force_login(employee)
    before = client.get(f"/pl/events/{event.slug}/").content.decode()
    services.registration_create(
        event=event,
        actor=representative,
        person=representative.person,
        language="pl",
    )
    client.force_login(representative)
    registered = client.get(f"/pl/events/{event.slug}/").content.decode()
    client.force_login(employee)
    after = client.get(f"/pl/events/{event.slug}/").content.decode()

    assert "https://meet.example.com/warsztaty" in registered
    assert "https://meet.example.com/warsztaty" not in before
    assert "https://meet.example.com/warsztaty" not in after
    assert "Warsztaty online" in after


def test_a_change_to_an_event_shows_at_once_on_its_page_for_a_visitor_with_a_session(
    client, employee
):
    event = EventFactory(title_pl="Stary tytuł")
    client.force_login(employee)
    first = client.get(f"/pl/events/{event.slug}/").content.decode()
    event.title_pl = "Nowy tytuł"
    event.save()
    second = client.get(f"/pl/events/{event.slug}/").content.decode()

    assert "Stary tytuł" in first
    assert "Nowy tytuł" in second
    assert "Stary tytuł" not in second


def test_a_fragment_is_read_from_the_shared_cache_once_then_from_the_process_memory(
    cache_asked,
):
    from django.core.cache import caches

    from core.templatetags import fragments

    _render("stored")
    caches["local"].clear()  # as in another process of the portal
    from_the_shared_cache = _render("not rendered again")
    asked = cache_asked(fragments)
    from_memory = _render("not rendered either")

    assert (from_the_shared_cache, from_memory) == ("stored", "stored")
    assert asked == ["get"]  # the content version only

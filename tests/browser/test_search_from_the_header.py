"""A visitor searches from the header box of the home page, with the keyboard only: the public
seminar is found with the word marked, the members' one is not; logged in as a member's employee,
the same search finds both."""

import pytest

from events.models import Event
from members.models import Person
from search import services
from tests.events.factories import EventFactory
from tests.factories import PersonFactory, UserFactory, active_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_and_then_a_member_search_from_the_header(page, log_in):
    EventFactory(
        slug="wodor-otwarte",
        audience=Event.Audience.PUBLIC,
        title_en="Hydrogen open seminar",
        title_pl="Wodór: seminarium otwarte",
    )
    EventFactory(
        slug="wodor-czlonkowie",
        audience=Event.Audience.MEMBERS,
        title_en="Hydrogen for members",
        title_pl="Wodór dla członków",
    )
    user = UserFactory(email="pracownik@example.com", verified_email=True)
    PersonFactory(
        organisation=active_member(), user=user, email=user.email, role=Person.Role.EMPLOYEE
    )
    services.search_index_rebuild()

    page.goto("/en/")
    box = page.locator("header form.site-search").get_by_label("Search the portal")
    box.fill("hydrogen")
    box.press("Enter")

    page.wait_for_url("**/en/search/?q=hydrogen")
    results = page.locator(".search-result")
    assert results.count() == 1
    assert results.first.get_by_role("link").inner_text() == "Hydrogen open seminar"
    assert results.first.locator("mark").inner_text() == "Hydrogen"

    log_in("pracownik@example.com")
    page.goto("/en/")
    box = page.locator("header form.site-search").get_by_label("Search the portal")
    box.fill("hydrogen")
    box.press("Enter")

    page.wait_for_url("**/en/search/?q=hydrogen")
    titles = page.locator(".search-result h3 a").all_inner_texts()
    assert sorted(titles) == ["Hydrogen for members", "Hydrogen open seminar"]

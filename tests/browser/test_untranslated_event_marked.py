"""A German reader opens a seminar with a German title over a Polish description: the Polish text
carries lang="pl" and a visible German marker, and the page advertises only its real languages."""

import pytest
from django.utils import translation

from core.i18n import fallback_marker
from tests.events.factories import EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_german_reader_sees_the_polish_description_marked(page):
    EventFactory(
        slug="seminar-wasserstoff",
        audience="public",
        title_de="Seminar über Wasserstoff",
        description_pl="Seminarium o wodorze w przemyśle regionu.",
        description_en="",
    )
    with translation.override("de"):
        marker = fallback_marker()
    with translation.override("en"):
        english = fallback_marker()

    page.goto("/de/events/seminar-wasserstoff/")

    assert page.get_by_role("heading", level=1).inner_text() == "Seminar über Wasserstoff"
    note = page.locator(".fallback-note")
    assert note.is_visible()
    assert note.inner_text() == marker
    assert note.get_attribute("lang") == "de"
    assert marker != english  # German, not the English source
    polish = page.get_by_text("Seminarium o wodorze w przemyśle regionu.")
    assert polish.is_visible()
    assert polish.locator("xpath=ancestor-or-self::*[@lang][1]").get_attribute("lang") == "pl"
    alternates = page.locator('link[rel="alternate"][hreflang]')
    assert sorted(alternates.evaluate_all("links => links.map(l => l.hreflang)")) == [
        "pl",
        "x-default",
    ]

"""The portal's template helpers: query strings for paging and untranslated content left empty."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from tests.factories import ActionGroupFactory


def _render(source, **context):
    return Template("{% load portal %}" + source).render(Context(context))


def test_query_replace_changes_one_parameter_and_keeps_the_others():
    request = RequestFactory().get(
        "/pl/panel/members/", {"q": "Gdańsk", "status": "active", "page": 2}
    )

    rendered = _render("{% query_replace page=3 %}", request=request)

    assert rendered == "q=Gda%C5%84sk&amp;status=active&amp;page=3"


def test_query_replace_adds_a_parameter_that_was_not_there():
    request = RequestFactory().get("/pl/members/", {"q": "robotyka"})

    assert _render('{% query_replace sort="-name" %}', request=request) == (
        "q=robotyka&amp;sort=-name"
    )


@pytest.mark.django_db
def test_translated_shows_the_current_languages_text_without_falling_back_to_polish():
    group = ActionGroupFactory(description_pl="Opis po polsku", description_en="In English")

    with translation.override("en"):
        english = _render("{{ group|translated:'description' }}", group=group)
    with translation.override("de"):
        german = _render("{{ group|translated:'description' }}", group=group)

    assert english == "In English"
    assert german == ""

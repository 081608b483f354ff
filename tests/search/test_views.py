"""The search page and the box in every page's header."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tests.news.conftest import ArticleFactory
from tests.search.conftest import reindex

pytestmark = pytest.mark.django_db


def test_the_acceptance_url_answers(client, db):
    response = client.get("/pl/search/?q=klaster")

    assert response.status_code == 200
    assert response.context["search"].query == "klaster"


def test_the_page_without_words_shows_the_box_only(client, db):
    response = client.get("/en/search/")

    assert response.status_code == 200
    assert response.context["search"].results == []
    assert 'role="search"' in response.content.decode()


def test_every_page_has_an_accessible_search_box_that_works_without_javascript(client, db):
    content = client.get("/en/").content.decode()

    assert '<form class="site-search" role="search" method="get" action="/en/search/">' in content
    assert '<label for="site-search-q" class="visually-hidden">Search the portal</label>' in content
    assert 'id="site-search-q" name="q"' in content


def test_results_link_to_their_pages_with_kinds_to_switch_to(client, sources_world):
    response = client.get("/en/search/", {"q": "klaster"})

    content = response.content.decode()
    assert sources_world["event"].get_absolute_url() in content
    assert sources_world["organisation"].get_absolute_url() in content
    assert "?q=klaster&amp;kind=event" in content
    assert "<mark>" in content


def test_a_post_is_refused(client, db):
    assert client.post("/en/search/", {"q": "klaster"}).status_code == 405


@pytest.mark.parametrize(
    "params",
    [
        {"q": "klaster\x00"},
        {"q": "x" * 5000},
        {"q": "klaster", "kind": "<script>"},
        {"q": "klaster", "page": "-1"},
        {"q": "klaster", "page": "ę"},
        {"q": "' OR 1=1 --"},
        {"q": "a:* & !b | (c"},
        {"q": ["one", "two"]},
    ],
)
def test_hostile_query_strings_answer_200(client, sources_world, params):
    response = client.get("/en/search/", params)

    assert response.status_code == 200


def test_the_page_is_never_served_from_the_anonymous_page_cache(client, db, settings):
    settings.PAGE_CACHE_SECONDS = 300
    client.get("/pl/search/", {"q": "frezarka"})
    ArticleFactory(title_pl="Frezarka", slug="frezarka")
    reindex()

    response = client.get("/pl/search/", {"q": "frezarka"})

    assert response.context is not None
    assert response.context["search"].total == 1


def _statements(client, path, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    kinds_shown = {result.source.kind for result in response.context["search"].results}
    return len(queries), len(kinds_shown)


def test_query_counts_do_not_grow_with_the_results(client_for, coordinator, sources_world):
    """A fixed number of statements, plus one per kind shown on the page: none per result."""
    from tests.cooperation.factories import PostFactory
    from tests.events.factories import EventFactory
    from tests.projects.factories import ProjectFactory

    client = client_for(coordinator)
    path = "/en/search/"
    few, few_kinds = _statements(client, path, {"q": "klaster"})
    one_kind, _one = _statements(client, path, {"q": "klaster", "kind": "article"})
    for n in range(12):
        ArticleFactory(title_pl=f"Klaster {n}", slug=f"klaster-{n}")
        EventFactory(title=f"Klaster {n}", title_pl=f"Klaster {n}", slug=f"klaster-e-{n}")
        PostFactory(title=f"Klaster {n}", title_pl=f"Klaster {n}")
        ProjectFactory(title=f"Klaster {n}", title_pl=f"Klaster {n}")
    reindex()

    many, many_kinds = _statements(client, path, {"q": "klaster"})
    second_page, second_kinds = _statements(client, path, {"q": "klaster", "page": 2})
    many_of_one_kind, _one = _statements(client, path, {"q": "klaster", "kind": "article"})

    assert few_kinds == 8
    assert many - many_kinds == few - few_kinds == second_page - second_kinds
    assert many_of_one_kind == one_kind


def test_the_url_name_reverses_in_each_language():
    for language in ("pl", "en", "de", "fr", "ru"):
        with translation.override(language):
            assert reverse("search:results") == f"/{language}/search/"

"""The search speaks the page's language and falls back to Polish, marking the fallback."""

import pytest

from tests.news.conftest import ArticleFactory
from tests.search.conftest import find, found, reindex

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(db):
    translated = ArticleFactory(
        title_pl="Targi obrabiarek",
        title_en="Machine tool fair",
        lead_pl="Zapraszamy na targi.",
        lead_en="Join us at the fair.",
        body_pl="<p>Hala A.</p>",
        body_en="<p>Hall A.</p>",
        slug="targi",
    )
    polish_only = ArticleFactory(
        title_pl="Konferencja o obrabiarkach", lead_pl="Tylko po polsku.", slug="konferencja"
    )
    reindex()
    return {"translated": translated, "polish_only": polish_only}


def test_an_english_reader_finds_english_words(articles):
    assert found(None, "fair", language="en") == [("article", articles["translated"].pk)]


def test_an_english_reader_also_finds_polish_words(articles):
    results = found(None, "obrabiarek", language="en")

    assert ("article", articles["translated"].pk) in results


def test_a_polish_reader_does_not_search_other_languages(articles):
    assert found(None, "fair", language="pl") == []


def test_a_german_reader_searches_german_and_polish_only(articles):
    assert found(None, "fair", language="de") == []
    assert found(None, "konferencja", language="de") == [("article", articles["polish_only"].pk)]


def test_a_result_in_the_readers_language_is_not_marked(articles):
    result = find(None, "fair", language="en").results[0]

    assert result.fallback_language == ""
    assert str(result.title) == "Machine tool <mark>fair</mark>"


def test_a_result_shown_in_polish_is_marked_as_the_fallback(articles):
    result = find(None, "konferencja", language="en").results[0]

    assert result.fallback_language == "pl"
    assert "Konferencja" in str(result.title)


def test_the_page_marks_the_fallback_with_the_house_marker(client, articles):
    response = client.get("/en/search/", {"q": "konferencja"})

    content = response.content.decode()
    assert response.status_code == 200
    assert 'lang="pl"' in content
    assert "badge--fallback" in content
    assert "in Polish" in content

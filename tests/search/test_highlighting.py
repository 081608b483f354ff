"""Snippets and titles are escaped first and marked after: no markup of a user or an object
reaches the page, only the <mark> around the words found."""

import pytest

from search import text
from tests.search.conftest import find, reindex

pytestmark = pytest.mark.django_db


def test_matching_words_are_marked_whatever_their_case_and_accents():
    marked = text.highlight(
        "Klaster w Gdańsku i KLASTRY", text.highlight_prefixes(["klaster", "gdansk"])
    )

    assert str(marked) == "<mark>Klaster</mark> w <mark>Gdańsku</mark> i <mark>KLASTRY</mark>"


def test_markup_in_the_text_is_escaped_and_only_the_match_is_marked():
    hostile = '<script>alert("klaster")</script><img src=x onerror=alert(1)> klaster & co'

    marked = str(text.highlight(hostile, text.highlight_prefixes(["klaster"])))

    assert "<script>" not in marked and "<img" not in marked
    assert marked == (
        "&lt;script&gt;alert(&quot;<mark>klaster</mark>&quot;)&lt;/script&gt;"
        "&lt;img src=x onerror=alert(1)&gt; <mark>klaster</mark> &amp; co"
    )


def test_a_snippet_starts_near_the_first_match_and_says_what_it_left_out():
    body = " ".join(["słowo"] * 60) + " frezarka " + " ".join(["koniec"] * 60)

    snippet = str(text.snippet(body, text.highlight_prefixes(["frezarka"])))

    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "<mark>frezarka</mark>" in snippet
    assert len(snippet) < len(body)


def test_query_terms_drop_every_operator_and_keep_words_and_numbers():
    assert text.query_terms("  Klaster & (maszyn) | !12/2026: 'x' <b> klaster ") == [
        "klaster",
        "maszyn",
        "12",
        "2026",
        "x",
        "b",
    ]
    assert text.query_terms("a" * 500) == ["a" * text.MAX_TERM_LENGTH]
    assert len(text.query_terms(" ".join(f"w{n}" for n in range(30)))) == text.MAX_TERMS


def test_a_hostile_object_and_a_hostile_query_are_escaped_on_the_page(client, db):
    from tests.news.conftest import ArticleFactory

    ArticleFactory(
        title_pl="<img src=x onerror=alert(1)>Frezarka",
        lead_pl="<b>frezarka</b> & <script>alert(2)</script>",
        slug="hostile",
    )
    reindex()

    response = client.get("/pl/search/", {"q": '"> frezarka <'})
    echoed = client.get("/pl/search/", {"q": "<script>alert(3)</script>"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert" not in content
    assert "<img src=x" not in content
    assert "&lt;img src=x onerror=alert(1)&gt;<mark>Frezarka</mark>" in content
    assert "&quot;&gt; frezarka &lt;" in content
    assert "<script>alert(3)" not in echoed.content.decode()
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in echoed.content.decode()


def test_html_of_an_article_body_is_shown_as_its_text(db):
    from tests.news.conftest import ArticleFactory

    ArticleFactory(
        title_pl="Nowość",
        lead_pl="",
        body_pl="<p>Nowa <strong>frezarka</strong> &amp; tokarka</p>",
        slug="html",
    )
    reindex()

    result = find(None, "frezarka").results[0]

    assert str(result.snippet) == "Nowa <mark>frezarka</mark> &amp; tokarka"

"""The Atom feed per language and /sitemap.xml with every public page in every language."""

import html
import xml.etree.ElementTree as ET

import feedparser
import pytest

from news.models import Article
from tests.factories import active_member

from .conftest import ArticleFactory, PageFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


@pytest.mark.parametrize("language", ["pl", "en", "de", "fr", "ru"])
def test_the_feed_parses_with_title_link_and_language(client, language):
    article = ArticleFactory(title_pl="Po polsku", title_de="Auf Deutsch", body_de="<p>De</p>")

    response = client.get(f"/{language}/news/feed/")
    feed = feedparser.parse(response.content)

    assert response.status_code == 200
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title
    assert feed.feed.link == f"http://testserver/{language}/news/"
    assert feed.feed.language == language
    [entry] = feed.entries
    assert entry.link == f"http://testserver/{language}/news/{article.slug}/"
    assert entry.title == ("Auf Deutsch" if language == "de" else "Po polsku")


def test_the_feed_leaves_out_drafts_and_future_articles(client):
    ArticleFactory(title_pl="Widoczny")
    ArticleFactory(title_pl="Szkic", status=Article.Status.DRAFT, published_at=None)

    feed = feedparser.parse(client.get("/en/news/feed/").content)

    assert [entry.title for entry in feed.entries] == ["Widoczny"]


def test_the_news_list_points_to_the_feed(client):
    content = client.get("/en/news/").content.decode()

    assert 'type="application/atom+xml"' in content
    assert 'href="/en/news/feed/"' in content


def _sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return ET.fromstring(response.content)


def _locations(root):
    return {url.find("s:loc", SITEMAP_NS).text for url in root.findall("s:url", SITEMAP_NS)}


def _alternates(root, location):
    url = next(
        url
        for url in root.findall("s:url", SITEMAP_NS)
        if url.find("s:loc", SITEMAP_NS).text == location
    )
    return {
        link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", SITEMAP_NS)
    }


def test_the_sitemap_lists_public_pages_in_every_language_they_exist_in(client):
    translated = {
        f"{field}_{code}": f"{field} {code}"
        for field in ("title", "body")
        for code in ("en", "de", "fr", "ru")
    }
    article = ArticleFactory(**translated)
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None, **translated)
    page = PageFactory(slug="about", **translated)
    member = active_member(name="Widoczna Sp. z o.o.", slug="widoczna")

    root = _sitemap(client)
    locations = _locations(root)

    for code in ("pl", "en", "de", "fr", "ru"):
        assert f"http://testserver/{code}/" in locations
        assert f"http://testserver/{code}/news/" in locations
        assert f"http://testserver/{code}/news/{article.slug}/" in locations
        assert f"http://testserver/{code}/pages/{page.slug}/" in locations
        assert f"http://testserver/{code}/members/" in locations
        # Without a description there is nothing to translate: the profile is in every language.
        assert f"http://testserver/{code}/members/{member.slug}/" in locations
        assert f"http://testserver/{code}/newsletter/" in locations
        assert f"http://testserver/{code}/events/" in locations
        assert f"http://testserver/{code}/partnerships/" in locations
        assert f"http://testserver/{code}/resolutions/" in locations
    assert not any(draft.slug in location for location in locations)
    alternates = _alternates(root, f"http://testserver/de/news/{article.slug}/")
    assert set(alternates) == {"pl", "en", "de", "fr", "ru", "x-default"}
    assert alternates["en"] == f"http://testserver/en/news/{article.slug}/"
    assert alternates["x-default"] == f"http://testserver/news/{article.slug}/"


def test_the_sitemap_lists_an_article_only_in_the_languages_it_is_translated_into(client):
    article = ArticleFactory(title_en="In English", body_en="<p>English.</p>", title_de="Nur Titel")

    root = _sitemap(client)
    listed = {loc for loc in _locations(root) if f"/news/{article.slug}/" in loc}

    # German has a title but no body: a half translation is shown in Polish, so it is not listed.
    assert listed == {
        f"http://testserver/pl/news/{article.slug}/",
        f"http://testserver/en/news/{article.slug}/",
    }
    for location in listed:
        assert _alternates(root, location) == {
            "pl": f"http://testserver/pl/news/{article.slug}/",
            "en": f"http://testserver/en/news/{article.slug}/",
            "x-default": f"http://testserver/news/{article.slug}/",
        }


def test_the_sitemap_lists_polish_only_content_in_polish_only(client):
    from events.models import Event
    from tests.events.factories import EventFactory

    article = ArticleFactory()
    page = PageFactory(slug="tylko-po-polsku")
    member = active_member(name="Opisana Sp. z o.o.", slug="opisana", description_pl="Opis.")
    event = EventFactory(audience=Event.Audience.PUBLIC, title_en="", description_en="")

    root = _sitemap(client)
    locations = _locations(root)

    for path in (
        f"/news/{article.slug}/",
        f"/pages/{page.slug}/",
        f"/members/{member.slug}/",
        f"/events/{event.slug}/",
    ):
        assert {loc for loc in locations if loc.endswith(path)} == {f"http://testserver/pl{path}"}
        assert set(_alternates(root, f"http://testserver/pl{path}")) == {"pl", "x-default"}


def test_the_sitemap_runs_the_same_queries_for_10_and_200_items(client, query_count):
    ArticleFactory.create_batch(10)
    few = query_count(lambda: client.get("/sitemap.xml"))
    ArticleFactory.create_batch(190)
    many = query_count(lambda: client.get("/sitemap.xml"))

    assert few == many


def test_the_sitemap_lists_public_events_but_not_members_only_ones(client):
    from events.models import Event
    from tests.events.factories import EventFactory

    public = EventFactory(audience=Event.Audience.PUBLIC)
    members_only = EventFactory(audience=Event.Audience.MEMBERS)

    content = client.get("/sitemap.xml").content.decode()

    assert f"http://testserver/en/events/{public.slug}/" in content
    assert members_only.slug not in content


def test_a_lead_with_markup_reaches_the_feed_as_text_never_as_html(client):
    lead = (
        'R&D <script>alert("feed")</script><img src=x onerror="alert(1)">'
        '<a href="javascript:alert(2)" onclick="alert(3)">link</a>'
    )
    ArticleFactory(title_pl="Ostrożnie", lead_pl=lead)

    response = client.get("/en/news/feed/")
    root = ET.fromstring(response.content)
    [summary] = root.findall(".//{http://www.w3.org/2005/Atom}summary")

    # What a reader renders as HTML holds no element at all, only the lead's text.
    assert summary.get("type") == "html"
    assert "<" not in summary.text
    assert html.unescape(summary.text) == lead

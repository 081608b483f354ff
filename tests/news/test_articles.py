"""The public news list, article pages, language fallback, OpenGraph and hreflang."""

import re

import pytest
from django.utils import timezone

from news import selectors, services
from news.models import Article
from news.tasks import articles_publish_due

from .conftest import ArticleFactory

pytestmark = pytest.mark.django_db

PERSONAS = [None, "outsider", "employee", "representative", "council_member", "coordinator"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_may_read_the_news_list_and_an_article(request, client_for, persona):
    user = request.getfixturevalue(persona) if persona else None
    article = ArticleFactory(
        title_pl="Wspólny projekt", title_en="A joint project", body_en="<p>EN</p>"
    )
    client = client_for(user)

    listing = client.get("/en/news/")
    page = client.get(f"/en/news/{article.slug}/")

    assert listing.status_code == 200
    assert "A joint project" in listing.content.decode()
    assert page.status_code == 200


@pytest.mark.parametrize("persona", [None, "outsider", "representative", "council_member"])
def test_drafts_and_future_articles_do_not_exist_for_the_public(request, client_for, persona):
    user = request.getfixturevalue(persona) if persona else None
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)
    future = ArticleFactory(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + timezone.timedelta(days=1)
    )
    client = client_for(user)

    assert client.get(f"/en/news/{draft.slug}/").status_code == 404
    assert client.get(f"/en/news/{future.slug}/").status_code == 404
    listing = client.get("/en/news/").content.decode()
    assert draft.title_pl not in listing
    assert future.title_pl not in listing


def test_a_coordinator_previews_a_draft_with_a_note(client_for, coordinator):
    draft = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, title_en="Draft news", body_en="<p>EN</p>"
    )

    response = client_for(coordinator).get(f"/en/news/{draft.slug}/")

    assert response.status_code == 200
    assert "Preview for coordinators" in response.content.decode()


def test_a_scheduled_article_appears_when_its_time_comes_and_the_task_publishes_it(client):
    article = ArticleFactory(
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() - timezone.timedelta(minutes=1),
    )

    assert client.get(f"/en/news/{article.slug}/").status_code == 200
    articles_publish_due.delay()

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_the_list_filters_by_category(client):
    ArticleFactory(title_en="About an event", body_en="<p>EN</p>", category=Article.Category.EVENTS)
    ArticleFactory(
        title_en="About a project", body_en="<p>EN</p>", category=Article.Category.PROJECTS
    )

    content = client.get("/en/news/category/events/").content.decode()

    assert "About an event" in content
    assert "About a project" not in content
    assert client.get("/en/news/category/no-such-category/").status_code == 404


def test_the_list_is_paginated_newest_first(client):
    now = timezone.now()
    for day in range(12):
        ArticleFactory(
            title_pl=f"Wiadomość dnia {day:02d}", published_at=now - timezone.timedelta(days=day)
        )

    first = client.get("/en/news/").content.decode()
    second = client.get("/en/news/?page=2").content.decode()

    assert first.index("Wiadomość dnia 00") < first.index("Wiadomość dnia 09")
    assert "Wiadomość dnia 10" not in first
    assert "Wiadomość dnia 11" in second


@pytest.mark.parametrize("url", ["/en/news/", "/en/news/category/cluster/"])
def test_the_list_runs_the_same_queries_for_10_and_200_articles(client, query_count, url):
    ArticleFactory.create_batch(10)
    few = query_count(lambda: client.get(url))
    ArticleFactory.create_batch(190)
    many = query_count(lambda: client.get(url))

    assert few == many


def test_an_untranslated_article_is_shown_in_polish_with_a_note(client):
    article = ArticleFactory(title_pl="Tylko po polsku", body_pl="<p>Treść polska.</p>")

    content = client.get(f"/en/news/{article.slug}/").content.decode()

    assert "Tylko po polsku" in content
    assert "Treść polska." in content
    assert "has not been translated into your language yet, so it is shown in Polish" in content
    assert '<article class="news-article" lang="pl">' in content


def test_a_translated_article_is_shown_in_the_visitors_language_without_a_note(client):
    article = ArticleFactory(
        title_pl="Po polsku", body_pl="<p>Polski.</p>", title_en="In English", body_en="<p>En.</p>"
    )

    content = client.get(f"/en/news/{article.slug}/").content.decode()

    assert "In English" in content
    assert "Po polsku" not in content
    assert "shown in Polish" not in content


def test_a_half_translated_article_is_shown_wholly_in_polish(client):
    """A German title above a Polish body would be worse than the whole text in Polish."""
    article = ArticleFactory(title_pl="Tytuł", body_pl="<p>Treść.</p>", title_de="Titel")

    content = client.get(f"/de/news/{article.slug}/").content.decode()

    assert "Tytuł" in content
    assert "Titel" not in content


def test_the_article_page_has_opengraph_and_hreflang_alternates(client, settings):
    article = ArticleFactory(title_en="Open graph", lead_en="The lead.", body_en="<p>Body</p>")

    content = client.get(f"/en/news/{article.slug}/").content.decode()

    assert '<meta property="og:title" content="Open graph">' in content
    assert '<meta property="og:description" content="The lead.">' in content
    assert '<meta property="og:type" content="article">' in content
    assert (
        f'<meta property="og:url" content="http://testserver/en/news/{article.slug}/">' in content
    )
    # Only the languages the article is written in: Polish and English.
    for code in ("pl", "en"):
        assert (
            f'<link rel="alternate" hreflang="{code}" '
            f'href="http://testserver/{code}/news/{article.slug}/">'
        ) in content
    for code in ("de", "fr", "ru"):
        assert f'hreflang="{code}"' not in content
    assert re.search(r'hreflang="x-default" href="http://testserver/pl/news/', content)


def test_a_polish_only_article_advertises_no_other_language(client):
    article = ArticleFactory()

    content = client.get(f"/en/news/{article.slug}/").content.decode()

    assert f'hreflang="pl" href="http://testserver/pl/news/{article.slug}/"' in content
    assert 'hreflang="x-default"' in content
    for code in ("en", "de", "fr", "ru"):
        assert f'hreflang="{code}"' not in content


def test_the_body_is_stored_and_shown_sanitised(client, coordinator):
    hostile = (
        '<p onclick="alert(1)">Safe text</p><script>alert("xss")</script>'
        '<a href="javascript:alert(2)">bad link</a><img src="/x.png" onerror="alert(3)">'
        '<a href="https://example.com/">good link</a>'
    )
    article = services.article_save(
        actor=coordinator,
        data={
            "title_pl": "Tytuł",
            "slug": "xss",
            "body_pl": hostile,
            "body_en": hostile,
            "title_en": "Title",
            "status": Article.Status.PUBLISHED,
        },
    )
    # Rich text written straight into the database is sanitised again when shown.
    Article.objects.filter(pk=article.pk).update(body_en=hostile)

    stored = Article.objects.get(pk=article.pk).body_pl
    shown = client.get("/en/news/xss/").content.decode()

    for html in (stored, shown):
        assert "<script" not in html
        assert "onclick" not in html
        assert "onerror" not in html
        assert "javascript:" not in html
        assert "Safe text" in html
        assert 'href="https://example.com/"' in html


def test_articles_latest_gives_the_newest_public_articles_for_the_home_page():
    now = timezone.now()
    older = ArticleFactory(published_at=now - timezone.timedelta(days=2))
    newer = ArticleFactory(published_at=now - timezone.timedelta(days=1))
    ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    assert selectors.articles_latest(2) == [newer, older]
    assert selectors.articles_latest(1) == [newer]


def test_a_scheduled_article_needs_a_time(coordinator):
    with pytest.raises(services.ValidationError) as error:
        services.article_save(
            actor=coordinator,
            data={"title_pl": "T", "slug": "t", "status": Article.Status.SCHEDULED},
        )
    assert "published_at" in error.value.message_dict


def test_saving_writes_an_audit_entry(coordinator):
    from core.audit import audit_trail_for

    article = services.article_save(
        actor=coordinator, data={"title_pl": "Audyt", "slug": "audyt"}, tag_names=["a", "b"]
    )

    [entry] = audit_trail_for(article)
    assert entry.action == "article.created"
    assert entry.actor == coordinator
    assert sorted(article.tags.values_list("slug", flat=True)) == ["a", "b"]


def test_the_home_page_partial_shows_the_latest_news_and_the_newsletter_form(rf):
    from django.template.loader import render_to_string
    from django.utils import translation

    ArticleFactory(title_pl="Najnowsza", title_en="Newest", body_en="<p>EN</p>")
    with translation.override("en"):
        html = render_to_string(
            "news/_home_news.html",
            {"latest_articles": selectors.articles_latest(3)},
            request=rf.get("/en/"),
        )

    assert "Newest" in html
    assert 'action="/en/newsletter/"' in html
    assert 'name="email"' in html


def test_the_newsletter_form_takes_the_address_from_the_home_page(client):
    content = client.get("/en/newsletter/?email=anna@example.com").content.decode()

    assert 'value="anna@example.com"' in content


def test_an_edited_article_shows_at_once_to_a_reader_with_a_session(client, employee, settings):
    settings.PAGE_CACHE_QUIET_SECONDS = 0
    article = ArticleFactory(title_pl="Pierwsza wersja", body_pl="<p>Stara treść.</p>")
    client.force_login(employee)
    first = client.get(f"/pl/news/{article.slug}/").content.decode()
    reused = client.get(f"/pl/news/{article.slug}/").content.decode()
    services.article_save(
        actor=None,
        article=article,
        data={"title_pl": "Druga wersja", "body_pl": "<p>Nowa treść.</p>"},
    )
    edited = client.get(f"/pl/news/{article.slug}/").content.decode()

    assert "Stara treść." in first
    assert "Stara treść." in reused
    assert "Nowa treść." in edited
    assert "Druga wersja" in edited
    assert "Stara treść." not in edited


def test_a_draft_a_coordinator_previewed_stays_out_of_the_readers_reach(
    client_for, coordinator, employee, settings
):
    settings.PAGE_CACHE_QUIET_SECONDS = 0
    draft = ArticleFactory(status=Article.Status.DRAFT, published_at=None)

    preview = client_for(coordinator).get(f"/pl/news/{draft.slug}/")
    as_reader = client_for(employee).get(f"/pl/news/{draft.slug}/")

    assert (preview.status_code, as_reader.status_code) == (200, 404)

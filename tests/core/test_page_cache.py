"""The anonymous page cache: hits without queries, invalidation at once, nothing personal stored."""

import re
import warnings

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.test import Client

from core.page_cache import VERSION_KEY, page_key
from events import services as event_services
from events.models import Event
from members import services as member_services
from news import services as news_services
from tests.events.factories import EventFactory
from tests.factories import active_member
from tests.news.conftest import ArticleFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@pytest.fixture(autouse=True)
def _store_right_after_changes(settings):
    # The factories write just before each request; the quiet period has its own test.
    settings.PAGE_CACHE_QUIET_SECONDS = 0


def _entry(path, host="testserver"):
    return cache.get(page_key(f"http://{host}{path}"))


def _stored(path, host="testserver"):
    return _entry(path, host) is not None


def test_a_second_anonymous_visit_is_served_from_the_cache_without_queries(client, query_count):
    article = ArticleFactory(title_pl="Cached news", slug="cached")
    url = f"/en/news/{article.slug}/"
    first = client.get(url)
    assert first.status_code == 200
    assert _stored(url)

    queries = query_count(lambda: client.get(url))

    assert queries == 0
    second = client.get(url)
    assert second.status_code == 200
    assert "Cached news" in second.content.decode()


def test_editing_an_article_through_its_service_changes_its_page_at_once(client, coordinator):
    article = ArticleFactory(title_pl="Old headline", slug="headline")
    url = "/en/news/headline/"
    assert "Old headline" in client.get(url).content.decode()

    news_services.article_save(
        actor=coordinator, data={"title_pl": "New headline"}, article=article
    )

    page = client.get(url).content.decode()
    assert "New headline" in page
    assert "Old headline" not in page


def test_editing_an_organisation_through_its_service_changes_the_directory_at_once(
    client, coordinator
):
    organisation = active_member(name="Stara Nazwa Sp. z o.o.", slug="stara-nazwa")
    assert "Stara Nazwa" in client.get("/en/members/").content.decode()

    member_services.organisation_update(
        organisation=organisation, actor=coordinator, data={"name": "Nowa Nazwa Sp. z o.o."}
    )

    page = client.get("/en/members/").content.decode()
    assert "Nowa Nazwa" in page
    assert "Stara Nazwa" not in page


def test_editing_an_event_through_its_service_changes_its_page_at_once(client, coordinator):
    event = EventFactory(audience=Event.Audience.PUBLIC, venue="Sala A, Gdańsk", slug="venue")
    assert "Sala A" in client.get("/en/events/venue/").content.decode()

    event_services.event_update(event=event, actor=coordinator, data={"venue": "Sala B, Gdynia"})

    page = client.get("/en/events/venue/").content.decode()
    assert "Sala B" in page
    assert "Sala A" not in page


def test_a_write_without_a_signal_still_changes_the_page_through_the_audit_log_once_committed(
    client, django_capture_on_commit_callbacks
):
    from core.audit import audit_log

    article = ArticleFactory(title_pl="Before update", slug="update")
    client.get("/en/news/update/")
    version = cache.get(VERSION_KEY)

    with django_capture_on_commit_callbacks(execute=True):
        # A QuerySet.update() sends no signal; the service that makes it writes the audit log.
        type(article).objects.filter(pk=article.pk).update(title_pl="After update")
        audit_log(actor=None, action="article.updated", target=article)
        # Until the change commits the version stays: the write's locks are not held over it.
        assert cache.get(VERSION_KEY) == version

    assert cache.get(VERSION_KEY) != version
    assert "After update" in client.get("/en/news/update/").content.decode()


def test_logged_in_users_neither_get_nor_populate_cached_pages(client_for, coordinator):
    ArticleFactory(slug="shared")
    url = "/en/news/shared/"
    logged_in = client_for(coordinator)
    logged_in.get(url)
    assert not _stored(url)

    anonymous = Client()
    anonymous.get(url)
    assert _stored(url)
    page = logged_in.get(url).content.decode()

    assert "Log out" in page
    assert "Log out" not in anonymous.get(url).content.decode()


def test_a_page_served_from_the_cache_carries_a_csrf_token_that_a_post_accepts():
    ArticleFactory(slug="form")
    url = "/en/news/form/"
    Client().get(url)
    assert _stored(url)
    visitor = Client(enforce_csrf_checks=True)

    page = visitor.get(url)

    assert "\x00" not in page.content.decode()
    token = TOKEN.search(page.content.decode()).group(1)
    assert visitor.cookies.get("csrftoken")
    response = visitor.post("/i18n/setlang/", {"language": "de", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_two_visitors_of_a_cached_page_get_different_csrf_tokens():
    ArticleFactory(slug="tokens")
    url = "/en/news/tokens/"
    Client().get(url)

    first = TOKEN.search(Client().get(url).content.decode()).group(1)
    second = TOKEN.search(Client().get(url).content.decode()).group(1)

    assert first != second


def test_languages_and_query_strings_are_cached_apart(client):
    for number in range(15):
        ArticleFactory(title_pl=f"Polski {number}", slug=f"polski-{number}")

    def page(url):
        return TOKEN.sub("", client.get(url).content.decode())

    english, polish, second_page = page("/en/news/"), page("/pl/news/"), page("/en/news/?page=2")

    assert _stored("/en/news/") and _stored("/pl/news/") and _stored("/en/news/?page=2")
    assert (page("/en/news/"), page("/pl/news/"), page("/en/news/?page=2")) == (
        english,
        polish,
        second_page,
    )
    assert 'lang="en"' in english
    assert 'lang="pl"' in polish
    assert "Polski 14" in english
    assert "Polski 14" not in second_page


def test_a_flash_message_is_neither_stored_nor_shown_to_another_visitor(client):
    ArticleFactory(slug="flash")
    url = "/en/news/flash/"
    Client().get(url)
    storage = CookieStorage(HttpRequest())
    carrier = HttpResponse()
    storage._store([Message(constants.SUCCESS, "Only for you")], carrier)
    client.cookies[CookieStorage.cookie_name] = carrier.cookies[CookieStorage.cookie_name].value

    assert "Only for you" in client.get(url).content.decode()
    assert "Only for you" not in Client().get(url).content.decode()
    assert "Only for you" not in _entry(url)["body"]


@pytest.mark.parametrize("url", ["/en/accounts/login/", "/en/newsletter/", "/en/join/"])
def test_private_flows_and_never_cached_pages_are_not_stored(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert _stored(url) is (url == "/en/join/")


def test_the_panel_is_never_stored_even_when_it_answers_an_anonymous_visitor(client):
    client.get("/en/panel/members/")

    assert not _stored("/en/panel/members/")


def test_a_page_rendered_right_after_a_change_is_not_stored(client, settings):
    settings.PAGE_CACHE_QUIET_SECONDS = 60
    ArticleFactory(slug="fresh")

    client.get("/en/news/fresh/")

    assert not _stored("/en/news/fresh/")


def test_pages_are_rendered_when_the_cache_is_unreachable(client, settings):
    ArticleFactory(title_pl="Without cache", slug="no-cache")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }

    response = client.get("/en/news/no-cache/")

    assert response.status_code == 200
    assert "Without cache" in response.content.decode()


def test_a_view_marked_exempt_is_never_stored(rf):
    from core.page_cache import AnonymousPageCacheMiddleware, page_cache_exempt

    @page_cache_exempt
    def view(request):
        return HttpResponse("<p>fresh every time</p>")

    request = rf.get("/en/exempt/")
    middleware = AnonymousPageCacheMiddleware(
        lambda request: middleware.process_view(request, view, (), {}) or view(request)
    )

    assert middleware(request).status_code == 200
    assert not _stored("/en/exempt/")


def test_a_page_that_used_a_csp_nonce_is_not_stored(rf):
    from core.page_cache import AnonymousPageCacheMiddleware

    def view(request):
        request._csp_nonce = "rendered-into-an-inline-script"
        return HttpResponse("<script nonce='rendered-into-an-inline-script'></script>")

    AnonymousPageCacheMiddleware(view)(rf.get("/en/nonce/"))

    assert not _stored("/en/nonce/")


def test_a_query_string_of_any_length_makes_a_valid_key(client):
    url = "/en/news/?" + "q=" + "x" * 400
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert client.get(url).status_code == 200
        assert _stored(url)


def test_a_page_asked_for_under_one_host_is_not_served_to_visitors_of_another():
    ArticleFactory(slug="hosts")
    url = "/en/news/hosts/"
    Client(HTTP_HOST="portal.example.org").get(url)
    assert _stored(url, host="portal.example.org")

    page = Client(HTTP_HOST="klaster.example.com").get(url).content.decode()

    assert 'href="http://klaster.example.com/en/news/hosts/"' in page
    assert "portal.example.org" not in page
    assert _stored(url, host="klaster.example.com")


def test_a_request_with_a_host_not_allowed_is_refused_even_when_the_page_is_stored(settings):
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    ArticleFactory(slug="allowed")
    url = "/en/news/allowed/"
    Client(HTTP_HOST="portal.example.org").get(url)
    assert _stored(url, host="portal.example.org")

    response = Client(HTTP_HOST="attacker.example.net", raise_request_exception=False).get(url)

    assert response.status_code == 400


def test_head_is_answered_from_a_stored_page_without_queries(client, query_count):
    ArticleFactory(title_pl="Headed news", slug="headed")
    url = "/en/news/headed/"
    client.get(url)

    response = None

    def head():
        nonlocal response
        response = client.head(url)

    assert query_count(head) == 0
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.content == b""


def test_a_head_request_never_stores_the_page(client):
    ArticleFactory(slug="head-first")
    url = "/en/news/head-first/"

    client.head(url)

    assert not _stored(url)
    page = client.get(url)
    assert 'href="http://testserver/en/news/head-first/"' in page.content.decode()
    assert _stored(url)
    assert "head-first" in _entry(url)["body"]


def test_a_head_answered_with_an_empty_body_is_never_stored_as_the_page(rf):
    from core.page_cache import AnonymousPageCacheMiddleware

    def view(request):
        # What a layer that drops the body of a HEAD would hand back.
        return HttpResponse(b"" if request.method == "HEAD" else b"<p>page</p>")

    AnonymousPageCacheMiddleware(view)(rf.head("/en/empty/"))
    assert not _stored("/en/empty/")

    response = AnonymousPageCacheMiddleware(view)(rf.get("/en/empty/"))
    assert response.content == b"<p>page</p>"
    assert _stored("/en/empty/")


@pytest.mark.parametrize(
    ("method", "path", "cookie"),
    [
        ("post", "/en/news/", None),
        ("get", "/en/news/", "sessionid"),
        ("get", "/en/panel/members/", None),
        ("get", "/en/newsletter/", None),
    ],
)
def test_a_request_that_can_never_be_cached_does_not_touch_the_cache(
    client, cache_asked, method, path, cookie
):
    from core import page_cache

    touched = cache_asked(page_cache)
    if cookie:
        client.cookies[cookie] = "anything"

    getattr(client, method)(path)

    assert touched == []


def test_a_page_served_from_the_cache_keeps_its_security_headers():
    ArticleFactory(slug="headers")
    url = "/en/news/headers/"
    rendered = Client().get(url)

    served = Client().get(url)

    assert _stored(url)
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
        assert served[header] == rendered[header]
    assert "nonce-" not in served["Content-Security-Policy"]


def test_a_visitor_who_has_a_csrf_cookie_keeps_it_on_a_cached_page():
    ArticleFactory(slug="keep-cookie")
    url = "/en/news/keep-cookie/"
    Client().get(url)
    visitor = Client(enforce_csrf_checks=True)
    visitor.get(url)
    secret = visitor.cookies["csrftoken"].value

    page = visitor.get(url).content.decode()

    assert visitor.cookies["csrftoken"].value == secret
    token = TOKEN.search(page).group(1)
    response = visitor.post("/i18n/setlang/", {"language": "de", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_csrf_tokens_of_cached_pages_are_masked_and_drawn_from_the_whole_alphabet(rf):
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_TOKEN_LENGTH

    from core.page_cache import visitor_csrf_token

    request = rf.get("/en/")
    tokens = {visitor_csrf_token(request) for _ in range(200)}

    secret = request.META["CSRF_COOKIE"]
    assert len(tokens) == 200
    assert all(len(token) == CSRF_TOKEN_LENGTH for token in tokens)
    assert all(secret not in token for token in tokens)
    assert set("".join(tokens)) == set(CSRF_ALLOWED_CHARS)


def test_an_address_that_answered_with_no_html_is_not_looked_up_again(rf, cache_asked):
    from core import page_cache

    def view(request):
        return HttpResponse("ok", content_type="text/plain")

    middleware = page_cache.AnonymousPageCacheMiddleware(view)
    middleware(rf.get("/en/plain/"))
    touched = cache_asked(page_cache)

    assert middleware(rf.get("/en/plain/")).content == b"ok"
    assert touched == []
    assert middleware(rf.get("/en/plain/?other")).content == b"ok"
    assert touched

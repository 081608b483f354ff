"""axe-core in Chromium finds no serious or critical violation on the pages people use most.

axe is evaluated through the DevTools protocol, not added as a script tag, so the site's
Content-Security-Policy (no inline scripts) stays in force while it runs.
"""

import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from playwright.sync_api import sync_playwright

from accounts.models import User
from events.models import Event
from members.demo.plan import COORDINATOR_EMAIL
from members.models import Organisation
from news.models import Article
from tests.browser.conftest import CHROMIUM_ARGS
from tests.conftest import AXE_JS, CHROMIUM
from tests.factories import totp_activate

pytestmark = [
    pytest.mark.external,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

LANGUAGES = ("pl", "en")
BLOCKING_IMPACTS = {"serious", "critical"}


def _public_pages():
    member = Organisation.objects.filter(status=Organisation.Status.ACTIVE).order_by("name")[0]
    article = Article.objects.public().order_by("-published_at").first()
    event = (
        Event.objects.filter(
            status=Event.Status.PUBLISHED,
            audience=Event.Audience.PUBLIC,
            starts_at__gte=timezone.now(),
        )
        .order_by("starts_at")
        .first()
    )
    return [
        "",
        "news/",
        f"news/{article.slug}/",
        "members/",
        f"members/{member.slug}/",
        "events/",
        f"events/{event.slug}/",
        "partnerships/",
        "newsletter/",
        "join/",
        "accounts/login/",
    ]


def _coordinator_session_cookie(base_url, cookie_name):
    """Return the session cookie of a logged-in coordinator, so no login form is needed."""
    client = Client()
    client.force_login(
        totp_activate(User.objects.get(email=COORDINATOR_EMAIL)),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return {"name": cookie_name, "value": client.cookies[cookie_name].value, "url": base_url}


def _violations(page, url, axe_source):
    response = page.goto(url)
    assert response.ok, f"{url}: HTTP {response.status}"
    assert page.url.endswith(url), f"{url} went to {page.url}"
    page.evaluate(axe_source)
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    # A page where axe could not look at anything would otherwise pass unnoticed.
    assert results["passes"], f"{url}: axe checked nothing"
    return [
        f"{url}: {violation['id']} ({violation['impact']}): {violation['help']}\n"
        + "\n".join(f"    {' '.join(node['target'])}" for node in violation["nodes"])
        for violation in results["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def _audit(base_url, public_urls, panel_urls, session_cookie):
    """Run axe on the public pages as a visitor, then on the panel's pages as the coordinator."""
    axe_source = AXE_JS.read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            context = browser.new_context(base_url=base_url)
            context.set_default_timeout(15_000)
            page = context.new_page()
            found = [
                problem for url in public_urls for problem in _violations(page, url, axe_source)
            ]
            context.add_cookies([session_cookie])
            found += [
                problem for url in panel_urls for problem in _violations(page, url, axe_source)
            ]
        finally:
            browser.close()
    return found


def test_key_pages_have_no_serious_accessibility_violation(live_server, settings):
    call_command("seed_demo", stdout=io.StringIO())
    public_urls = [f"/{language}/{path}" for language in LANGUAGES for path in _public_pages()]
    panel_urls = [f"/{language}/panel/members/" for language in LANGUAGES]
    cookie = _coordinator_session_cookie(live_server.url, settings.SESSION_COOKIE_NAME)

    # The browser tests keep a sync Playwright open in the main thread for the whole session, and
    # a thread can hold only one: this one runs in a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as executor:
        found = executor.submit(_audit, live_server.url, public_urls, panel_urls, cookie).result()

    assert not found, f"{len(found)} serious or critical violations:\n" + "\n".join(found)

"""A real Chromium, driven by Playwright, against the live test server."""

import os

import pytest
from django.core.cache import cache

from tests.conftest import CHROMIUM, _missing
from tests.factories import totp_code

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make
# between browser steps are synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        _missing(f"needs Chromium at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, settings):
    settings.SITE_URL = live_server.url
    context = browser.new_context(base_url=live_server.url, locale="pl-PL")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def log_in(page):
    """Log a user in through the real login form."""

    def log_in_as(email, password="correct-horse-battery"):
        page.goto("/en/accounts/login/")
        form = page.locator("form.account-form")
        form.get_by_label("E-mail").fill(email)
        form.get_by_label("Password").fill(password)
        form.get_by_role("button", name="Log in").click()
        page.wait_for_load_state()
        if "/accounts/2fa/authenticate/" in page.url:
            # Coordinators have an authenticator app with the test secret. allauth takes each
            # code once; a person logging in twice within 30 seconds would wait, a test forgets.
            cache.clear()
            code_form = page.locator("form.mfa-form")
            code_form.get_by_label("Code").fill(totp_code())
            code_form.get_by_role("button", name="Log in").click()
            page.wait_for_load_state()

    return log_in_as

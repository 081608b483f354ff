import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_renders_in_chromium(page):
    page.goto("/")
    assert page.url.endswith("/pl/")
    assert page.locator("html").get_attribute("lang") == "pl"

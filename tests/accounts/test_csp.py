"""The Content-Security-Policy: on every page, and no page needs inline script or style."""

import re

import pytest

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/en/",
    "/en/members/",
    "/en/join/",
    "/en/events/",
    "/en/news/",
    "/en/partnerships/",
    "/en/accounts/login/",
    "/en/accounts/password/reset/",
]
COORDINATOR_PAGES = [
    "/en/panel/",
    "/en/panel/events/",
    "/en/panel/resolutions/",
    "/en/panel/agreements/",
    "/en/panel/news/",
    "/en/accounts/2fa/",
]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)


def _directives(response):
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


def _assert_clean(response, url):
    assert response.status_code == 200, url
    content = response.content.decode()
    assert not INLINE_SCRIPT.search(content), url
    assert not INLINE_STYLE.search(content), url


def test_the_policy_allows_only_the_portals_own_resources(client):
    directives = _directives(client.get("/en/"))

    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"][0] == "'self'"
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["base-uri"] == ["'self'"]
    assert "unsafe-inline" not in client.get("/en/")["Content-Security-Policy"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_carry_the_policy_and_need_no_inline_script_or_style(client, url):
    response = client.get(url)

    assert "Content-Security-Policy" in response
    # No page asked for a nonce: a page cached whole carries none that could go stale.
    assert "nonce-" not in response["Content-Security-Policy"]
    _assert_clean(response, url)


@pytest.mark.parametrize("url", COORDINATOR_PAGES)
def test_coordinator_pages_carry_the_policy_and_need_no_inline_script_or_style(
    client_for, coordinator, url
):
    response = client_for(coordinator).get(url)

    assert "Content-Security-Policy" in response
    _assert_clean(response, url)


def test_the_network_picture_keeps_its_colours_without_a_style_element(client):
    response = client.get("/en/partnerships/network.svg")

    assert "Content-Security-Policy" in response
    content = response.content.decode()
    assert "<style" not in content
    assert 'fill="#0b5cad"' in content


def test_the_admin_works_under_the_policy(client):
    admin = UserFactory(email="root@example.com", is_staff=True, is_superuser=True)
    client.force_login(admin)

    response = client.get("/en/admin/accounts/user/")

    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert not INLINE_SCRIPT.search(response.content.decode())


def test_redirects_and_errors_carry_the_policy_too(client):
    assert "Content-Security-Policy" in client.get("/en/panel/")
    assert "Content-Security-Policy" in client.get("/en/no-such-page/")

"""The English register reads dates day first in 24-hour time; every public page has hreflang."""

import re

import pytest

from resolutions import services

from .conftest import opened

pytestmark = pytest.mark.django_db

MONTH_FIRST = re.compile(r"\b(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])/\d{4}\b")


def test_the_english_register_has_no_am_pm_and_no_numeric_month_first_date(
    client, council_body, coordinator, council_member
):
    closed = opened(council_body, actor=coordinator, title_en="Closed", is_public=True)
    services.ballot_cast(resolution=closed, user=council_member, choice="for")
    services.vote_close(resolution=closed, actor=coordinator)
    opened(council_body, actor=coordinator, title_en="Open", is_public=True)

    content = client.get("/en/resolutions/").content.decode()

    assert "Closed" in content
    assert "a.m." not in content
    assert "p.m." not in content
    assert not MONTH_FIRST.search(content)


@pytest.mark.parametrize(
    "path", ["/en/", "/en/events/", "/en/members/", "/en/resolutions/", "/en/partnerships/"]
)
def test_every_public_list_links_its_alternates_and_x_default(client, path):
    content = client.get(path).content.decode()

    for code in ("pl", "en", "de", "fr", "ru"):
        assert f'<link rel="alternate" hreflang="{code}" href="http://testserver/{code}/' in content
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/pl/' in content


def test_a_polish_only_resolution_advertises_only_polish(
    client, council_body, coordinator, council_member
):
    resolution = opened(council_body, actor=coordinator, is_public=True)
    services.ballot_cast(resolution=resolution, user=council_member, choice="for")
    services.vote_close(resolution=resolution, actor=coordinator)
    resolution.refresh_from_db()

    content = client.get(f"/de/resolutions/{resolution.pk}/").content.decode()

    assert 'hreflang="pl"' in content
    assert 'hreflang="de"' not in content
    assert not resolution.title_de
    assert 'class="note fallback-note" lang="de"' in content
    assert f'<h1 lang="pl">{resolution.title_pl}</h1>' in content

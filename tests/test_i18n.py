"""The language is in the URL; / follows the browser; the switcher keeps the page."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("de-DE,de;q=0.9", "/de/"), ("fr", "/fr/"), ("ru", "/ru/"), ("en-GB", "/en/"), ("", "/pl/")],
)
def test_the_root_redirects_to_the_visitors_preferred_language(client, accept_language, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)

    assert response.status_code == 302
    assert response["Location"] == expected


def test_an_unsupported_preference_falls_back_to_polish(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ja")

    assert response["Location"] == "/pl/"


@pytest.mark.parametrize("code", ["pl", "en", "de", "fr", "ru"])
def test_each_language_serves_pages_marked_with_it(client, code):
    response = client.get(f"/{code}/")

    assert response.status_code == 200
    assert f'<html lang="{code}">' in response.content.decode()


def test_the_switcher_keeps_the_current_page(client):
    response = client.post("/i18n/setlang/", {"language": "de", "next": "/pl/members/?q=gdansk"})

    assert response.status_code == 302
    assert response["Location"] == "/de/members/?q=gdansk"


def test_every_page_offers_the_switcher_with_all_five_languages(client):
    content = client.get("/en/members/").content.decode()

    for code in ["pl", "en", "de", "fr", "ru"]:
        assert f'name="language" value="{code}"' in content
    assert 'name="next" value="/en/members/"' in content

"""Sessions end after a long idle break or a long day, and anonymous visits never write one."""

import time

import pytest
from django.contrib.auth import SESSION_KEY

from accounts.middleware import LAST_SEEN_KEY, STARTED_KEY

pytestmark = pytest.mark.django_db

PAGE = "/en/my-organisation/"


def _shift(client, **keys):
    session = client.session
    for key, seconds_ago in keys.items():
        session[key] = int(time.time()) - seconds_ago
    session.save()


def test_an_active_user_stays_logged_in(client_for, representative):
    client = client_for(representative)

    assert client.get(PAGE).status_code == 200
    _shift(client, **{LAST_SEEN_KEY: 60 * 60})

    assert client.get(PAGE).status_code == 200
    assert client.session[SESSION_KEY] == str(representative.pk)


def test_a_user_idle_longer_than_the_limit_is_logged_out(client_for, representative, settings):
    client = client_for(representative)
    client.get(PAGE)
    _shift(client, **{LAST_SEEN_KEY: settings.SESSION_IDLE_TIMEOUT + 60})

    response = client.get(PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")
    assert SESSION_KEY not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "Your session has ended. Please log in again to continue." in page


def test_a_session_ends_a_day_after_login_even_when_active(client_for, representative, settings):
    client = client_for(representative)
    client.get(PAGE)
    _shift(client, **{LAST_SEEN_KEY: 60, STARTED_KEY: settings.SESSION_COOKIE_AGE + 60})

    response = client.get(PAGE)

    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_the_last_seen_time_is_written_only_every_few_minutes(client_for, representative):
    client = client_for(representative)
    client.get(PAGE)
    _shift(client, **{LAST_SEEN_KEY: 10})
    shifted = client.session[LAST_SEEN_KEY]

    client.get(PAGE)

    assert client.session[LAST_SEEN_KEY] == shifted


def test_anonymous_visitors_get_no_session(client):
    response = client.get("/en/")

    assert response.status_code == 200
    assert "sessionid" not in response.cookies


def test_the_session_limits_are_set(settings):
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60
    assert settings.SESSION_IDLE_TIMEOUT == 2 * 60 * 60
